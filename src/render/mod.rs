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
    renderers_for(&[format], style).remove(0)
}

/// The renderers for `formats`, in order. The fonts are loaded once, for the PDF and for the
/// DOCX's page layout; where they are missing the PDF is an error and the DOCX does without.
pub fn renderers_for(
    formats: &[Format],
    style: &Style,
) -> Vec<Result<Box<dyn Renderer>, RenderError>> {
    let loaded = std::cell::OnceCell::new();
    let layout = || {
        loaded.get_or_init(|| {
            crate::layout::pages::PageLayout::new(style)
                .map(std::sync::Arc::new)
                .map_err(|e| e.to_string())
        })
    };
    formats
        .iter()
        .map(|format| -> Result<Box<dyn Renderer>, RenderError> {
            match format {
                Format::Markdown => Ok(Box::new(markdown::MarkdownRenderer)),
                Format::Docx => Ok(Box::new(docx::DocxRenderer {
                    style: style.clone(),
                    page_layout: layout().as_ref().ok().cloned(),
                })),
                Format::Pdf => match layout() {
                    Ok(layout) => Ok(Box::new(pdf::PdfRenderer::with_layout(layout.clone()))),
                    Err(e) => Err(RenderError::Failed(e.clone())),
                },
            }
        })
        .collect()
}
