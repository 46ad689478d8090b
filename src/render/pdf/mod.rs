//! PDF output: the laid-out pages written with pdf-writer, fonts subset and embedded. No word
//! processor, TeX or browser involved; the layout itself is `crate::layout::pages`.

mod cff;
mod write;

pub use write::PdfWriteError;

use super::{Format, RenderContext, RenderError, Renderer};
use crate::document::Document;
use crate::layout::pages::fonts::Faces;
use crate::layout::pages::page::Page;
use crate::layout::pages::{LaidOut, PageLayout};
use crate::style::PT_PER_MM;
use std::sync::Arc;

/// Renders a Document to PDF with the page layout's fonts.
pub struct PdfRenderer {
    layout: Arc<PageLayout>,
    /// Each face's outlines, read once and shared by every document's subset.
    outlines: cff::OutlineCache,
}

impl PdfRenderer {
    /// Find the fonts of every role once; the renderer then serves any number of documents.
    pub fn new(style: &crate::style::Style) -> Result<PdfRenderer, RenderError> {
        let layout = PageLayout::new(style)?;
        Ok(PdfRenderer::with_layout(Arc::new(layout)))
    }

    /// A renderer writing the pages of `layout`.
    pub fn with_layout(layout: Arc<PageLayout>) -> PdfRenderer {
        let outlines = cff::OutlineCache::new(layout.book().faces.len());
        PdfRenderer { layout, outlines }
    }

    /// The laid-out pages of `document`, before they are written.
    pub fn pages(&self, document: &Document) -> Result<Vec<Page>, RenderError> {
        Ok(self.lay_out(document)?.pages)
    }

    fn lay_out(&self, document: &Document) -> Result<LaidOut, RenderError> {
        self.layout
            .lay_out(document)
            .map_err(RenderError::MissingGlyphs)
    }
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, context: &RenderContext) -> Result<Vec<u8>, RenderError> {
        let document = context.document;
        let own;
        let pages = match context.laid_out {
            Some(laid_out) => &laid_out.pages,
            None => {
                own = self.lay_out(document)?;
                &own.pages
            }
        };
        let style = self.layout.style();
        let size = (
            style.page.width_mm * PT_PER_MM,
            style.page.height_mm * PT_PER_MM,
        );
        let info = write::DocInfo {
            title: &document.front.title,
            author: document.front.signature.as_deref(),
            seal_image: document.seal_image.as_ref(),
        };
        let faces = Faces::new(self.layout.book());
        Ok(write::write_pdf(
            pages,
            size,
            &faces,
            self.layout.book(),
            &self.outlines,
            &info,
        )?)
    }
}
