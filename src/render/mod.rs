//! The render stage: one `Renderer` per output format, each reading the same `Document`.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::document::Document;
use crate::layout::pages::fonts::FontError;
use crate::layout::pages::place::MissingGlyphs;
use crate::layout::pages::{LaidOut, PageLayout};
use crate::style::Style;
use pdf::PdfWriteError;
use std::fmt;
use std::sync::Arc;

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

    /// True for the formats made from laid-out pages (the DOCX copies their page facts).
    pub fn reads_pages(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf)
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

/// Why a renderer could not produce its output. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No font for a role (the PDF, and the page layout the DOCX copies, need them).
    #[error(transparent)]
    Fonts(#[from] FontError),
    /// Characters that no installed font has, with the text they stand in.
    #[error(
        "no installed font has the character(s) 「{}」, found in: {}. Install a font that has them (e.g. `apt-get install fonts-noto-cjk`) and name it with --font, or replace the characters",
        .0.chars.iter().collect::<String>(),
        .0.contexts.iter().map(|c| format!("“{c}…”")).collect::<Vec<_>>().join("; ")
    )]
    MissingGlyphs(MissingGlyphs),
    /// A table the text block cannot hold without overlapping or splitting figures.
    #[error("{0}")]
    Unprintable(String),
    /// The DOCX's zip package could not be built.
    #[error("cannot build the DOCX package: {0}")]
    Packaging(#[from] zip::result::ZipError),
    /// The PDF could not be written.
    #[error(transparent)]
    PdfWriting(#[from] PdfWriteError),
}

/// What a renderer reads: the document and, where it has been laid out, its pages.
pub struct RenderContext<'a> {
    pub document: &'a Document,
    /// The document's pages and page facts, laid out once for every format that needs them.
    /// Without them a renderer that needs pages lays the document out itself.
    pub laid_out: Option<&'a LaidOut>,
    /// The layout was tried and failed (characters no font has): a renderer makes do without
    /// pages instead of trying again.
    pub layout_failed: bool,
}

impl<'a> RenderContext<'a> {
    /// A context with the document alone.
    pub fn new(document: &'a Document) -> Self {
        RenderContext {
            document,
            laid_out: None,
            layout_failed: false,
        }
    }
}

/// A backend that turns a Document into the bytes of one file format.
pub trait Renderer: Send + Sync {
    fn format(&self) -> Format;
    fn render(&self, context: &RenderContext) -> Result<Vec<u8>, RenderError>;
}

/// The renderers of one run, and the page layout they share: [`Renderers::render`] lays each
/// document out once, however many formats read its pages.
pub struct Renderers {
    renderers: Vec<Box<dyn Renderer>>,
    layout: Option<Arc<PageLayout>>,
    style: Style,
}

impl Renderers {
    /// The renderers for `formats`, in order, with the errors of those that cannot be made
    /// (the PDF without fonts). The fonts are loaded once, for the PDF and for the DOCX's page
    /// layout; where they are missing the DOCX does without.
    pub fn for_formats(
        formats: &[Format],
        style: &Style,
    ) -> (Renderers, Vec<(Format, RenderError)>) {
        let needs_layout = formats.iter().any(|f| f.reads_pages());
        let (usable, mut font_error) = match needs_layout.then(|| PageLayout::new(style)) {
            Some(Ok(layout)) => (Some(Arc::new(layout)), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        let mut renderers: Vec<Box<dyn Renderer>> = Vec::new();
        let mut errors = Vec::new();
        for format in formats {
            match format {
                Format::Markdown => renderers.push(Box::new(markdown::MarkdownRenderer)),
                Format::Docx => renderers.push(Box::new(docx::DocxRenderer {
                    style: style.clone(),
                    page_layout: usable.clone(),
                })),
                Format::Pdf => match (&usable, font_error.take()) {
                    (Some(layout), _) => {
                        renderers.push(Box::new(pdf::PdfRenderer::with_layout(layout.clone())))
                    }
                    (None, Some(e)) => errors.push((*format, RenderError::Fonts(e))),
                    // The PDF asked for twice: its fonts' error is reported once.
                    (None, None) => {}
                },
            }
        }
        (
            Renderers {
                renderers,
                layout: usable,
                style: style.clone(),
            },
            errors,
        )
    }

    /// The formats these renderers make, in order.
    pub fn formats(&self) -> Vec<Format> {
        self.renderers.iter().map(|r| r.format()).collect()
    }

    /// The page layout the renderers share, where the fonts were found.
    pub fn layout(&self) -> Option<&PageLayout> {
        self.layout.as_deref()
    }

    /// `document` in every format, in order: laid out once for all the formats that read
    /// pages. Characters that no font has fail the PDF; the DOCX is then made without pages.
    pub fn render(&self, document: &Document) -> Vec<(Format, Result<Vec<u8>, RenderError>)> {
        // Tables of the body that cannot be set: no format is made (the Markdown is).
        if let Some(problem) = document.blocks.iter().find_map(|block| match block {
            crate::document::Block::Table(table) => {
                crate::layout::columns::unprintable(table, &self.style)
            }
            _ => None,
        }) {
            return self
                .renderers
                .iter()
                .map(|r| {
                    let result = match r.format() {
                        Format::Markdown => r.render(&RenderContext::new(document)),
                        _ => Err(RenderError::Unprintable(problem.clone())),
                    };
                    (r.format(), result)
                })
                .collect();
        }
        let needs_pages = self.renderers.iter().any(|r| r.format().reads_pages());
        let laid_out = match (&self.layout, needs_pages) {
            (Some(layout), true) => Some(layout.lay_out(document)),
            _ => None,
        };
        self.renderers
            .iter()
            .map(|renderer| {
                let pages = match &laid_out {
                    Some(Ok(pages)) => Some(pages),
                    Some(Err(missing)) if renderer.format() == Format::Pdf => {
                        return (
                            renderer.format(),
                            Err(RenderError::MissingGlyphs(missing.clone())),
                        );
                    }
                    _ => None,
                };
                let context = RenderContext {
                    document,
                    laid_out: pages,
                    layout_failed: matches!(laid_out, Some(Err(_))),
                };
                (renderer.format(), renderer.render(&context))
            })
            .collect()
    }
}

/// The renderer for `format`, laying out by `style`, or an error if this build cannot produce it.
pub fn renderer_for(format: Format, style: &Style) -> Result<Box<dyn Renderer>, RenderError> {
    let (mut renderers, mut errors) = Renderers::for_formats(&[format], style);
    match errors.pop() {
        Some((_, e)) => Err(e),
        None => Ok(renderers.renderers.remove(0)),
    }
}
