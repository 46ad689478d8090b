//! The render stage: one `Renderer` per output format, each reading the same `Document`.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::document::Document;
use crate::style::Style;
use std::fmt;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Docx,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "docx" | "word" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why a renderer could not produce its output.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0} output is not available in this version of gongwen yet")]
    Unsupported(Format),
    #[error("{0}")]
    Failed(String),
}

/// A backend that turns a Document into the bytes of one file format.
pub trait Renderer: Send + Sync {
    fn format(&self) -> Format;
    fn render(&self, document: &Document) -> Result<Vec<u8>, RenderError>;
}

/// The renderer for `format`, laying out by `style`, or an error if this build cannot produce it.
pub fn renderer_for(format: Format, style: &Style) -> Result<Box<dyn Renderer>, RenderError> {
    match format {
        Format::Markdown => Ok(Box::new(markdown::MarkdownRenderer)),
        Format::Docx => Ok(Box::new(docx::DocxRenderer {
            style: style.clone(),
        })),
        Format::Pdf => Ok(Box::new(pdf::PdfRenderer::new(style)?)),
    }
}
