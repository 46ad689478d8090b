//! PDF output by gongwen's own layout: measure with the font book, break lines on the grid,
//! place them on pages, then write the PDF. No word processor, TeX or browser involved.

pub mod fonts;
pub mod page;
pub mod paginate;
pub mod place;
pub mod write;

use super::{Format, RenderError, Renderer};
use crate::document::Document;
use crate::style::{PT_PER_MM, Style};
use fonts::{Faces, FontBook};
use page::Page;
use paginate::{PageFacts, Paged};

/// Renders a Document to PDF with the faces of its font book.
pub struct PdfRenderer {
    style: Style,
    book: FontBook,
}

impl PdfRenderer {
    /// Find the fonts of every role once; the renderer then serves any number of documents.
    pub fn new(style: &Style) -> Result<PdfRenderer, RenderError> {
        let book = FontBook::load(style).map_err(|e| RenderError::Failed(e.to_string()))?;
        Ok(PdfRenderer {
            style: style.clone(),
            book,
        })
    }

    pub fn book(&self) -> &FontBook {
        &self.book
    }

    /// The laid-out pages of `document`, before they are written.
    pub fn pages(&self, document: &Document) -> Result<Vec<Page>, RenderError> {
        let faces = Faces::new(&self.book);
        Ok(self.layout(&self.style, document, &faces)?.pages)
    }

    /// The page facts of `document` when lines break as Word and LibreOffice break them (no
    /// squeezing): where the 版记 falls, and the space after each table. The DOCX copies them,
    /// so that its 版记 sits at the page foot and its text returns to the grid after a table.
    pub fn word_processor_page_facts(&self, document: &Document) -> Option<PageFacts> {
        let mut style = self.style.clone();
        style.line_breaking.squeeze_punctuation = false;
        let faces = Faces::new(&self.book);
        Some(self.layout(&style, document, &faces).ok()?.facts)
    }

    fn layout(
        &self,
        style: &Style,
        document: &Document,
        faces: &Faces,
    ) -> Result<Paged, RenderError> {
        place::Placer::new(style, faces)
            .place(document)
            .map_err(|missing| {
                let chars: String = missing.chars.iter().collect();
                RenderError::Failed(format!(
                    "no installed font has the character(s) 「{chars}」, found in: {}. Install a font that has them (e.g. `apt-get install fonts-noto-cjk`) and name it with --font, or replace the characters",
                    missing
                        .contexts
                        .iter()
                        .map(|c| format!("“{c}…”"))
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })
    }
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, RenderError> {
        let faces = Faces::new(&self.book);
        let pages = self.layout(&self.style, document, &faces)?.pages;
        let size = (
            self.style.page.width_mm * PT_PER_MM,
            self.style.page.height_mm * PT_PER_MM,
        );
        let info = write::DocInfo {
            title: &document.front.title,
            author: document.front.signature.as_deref(),
        };
        write::write_pdf(&pages, size, &faces, &self.book, &info).map_err(RenderError::Failed)
    }
}
