//! Pages, decided once for every format: each element measured with the font book, broken into
//! lines on the 28-character grid, placed as rows of the 22-line grid and paginated; with the
//! facts a word processor needs to set the DOCX's pages alike.

pub(crate) mod fonts;
pub mod page;
pub(crate) mod paginate;
pub(crate) mod place;

pub use fonts::{FontError, Role};
pub use paginate::{FootGap, PageFacts, ParagraphSpacing, TurnedTable};
pub use place::MissingGlyphs;

use crate::document::Document;
use crate::style::Style;
use fonts::{Faces, FontBook};
use page::Page;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The page layout of any number of documents: the style and the fonts found for it.
pub struct PageLayout {
    style: Style,
    book: FontBook,
    /// How many times a document has been laid out, for the test that each is laid out once.
    layouts: AtomicUsize,
}

/// A document laid out: its pages, and the facts the DOCX copies.
pub struct LaidOut {
    pub pages: Vec<Page>,
    pub facts: PageFacts,
}

impl PageLayout {
    /// Find the fonts of every role once; the layout then serves any number of documents.
    pub fn new(style: &Style) -> Result<PageLayout, FontError> {
        Ok(PageLayout {
            style: style.clone(),
            book: FontBook::load(style)?,
            layouts: AtomicUsize::new(0),
        })
    }

    /// How many documents this layout has laid out so far (each call counts).
    pub fn layouts_done(&self) -> usize {
        self.layouts.load(Ordering::Relaxed)
    }

    pub fn style(&self) -> &Style {
        &self.style
    }

    pub fn book(&self) -> &FontBook {
        &self.book
    }

    /// Lay `document` out as pages, or name the characters that no font has.
    pub fn lay_out(&self, document: &Document) -> Result<LaidOut, MissingGlyphs> {
        self.layouts.fetch_add(1, Ordering::Relaxed);
        let faces = Faces::new(&self.book);
        let paged = place::Placer::new(&self.style, &faces)
            .recording_word_processor_spacing()
            .place(document)?;
        Ok(LaidOut {
            pages: paged.pages,
            facts: paged.facts,
        })
    }

    /// The page facts of `document` when lines break as Word and LibreOffice break them (no
    /// squeezing): where the 版记 falls, the space after each table, the rows that may split,
    /// and the spacing of the lines ended early. With the default style these are the facts of
    /// [`PageLayout::lay_out`]; a style that squeezes punctuation lays the document out again.
    pub fn word_processor_facts(&self, document: &Document) -> Result<PageFacts, MissingGlyphs> {
        self.layouts.fetch_add(1, Ordering::Relaxed);
        let mut style = self.style.clone();
        style.line_breaking.squeeze_punctuation = false;
        let faces = Faces::new(&self.book);
        Ok(place::Placer::new(&style, &faces)
            .recording_word_processor_spacing()
            .place(document)?
            .facts)
    }
}
