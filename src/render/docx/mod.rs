//! DOCX output: WordprocessingML written part by part from the Document and the Style, zipped
//! with fixed timestamps so the same input gives the same bytes.

mod body;
mod drawing;
mod parts;
mod styles;
mod xml;

use super::{Format, RenderContext, RenderError, Renderer};
use crate::layout::pages::PageLayout;
use crate::layout::pages::paginate::PageFacts;
use crate::style::{Style, TWIPS_PER_PT};
use std::io::Write;
use std::sync::Arc;
use zip::write::SimpleFileOptions;

pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Points to whole twips.
pub(crate) fn twips_value(pt: f64) -> i64 {
    (pt * TWIPS_PER_PT).round() as i64
}

/// Points to whole twips, as attribute text.
pub(crate) fn twips(pt: f64) -> String {
    twips_value(pt).to_string()
}

/// Points to half-points (w:sz), as text.
pub(crate) fn half_points(pt: f64) -> String {
    ((pt * 2.0).round() as i64).to_string()
}

/// Renders a Document to a .docx package.
pub struct DocxRenderer {
    pub style: Style,
    /// The page layout, where fonts are installed, for the page facts the DOCX copies when the
    /// context brings no laid-out pages (see `page_facts`).
    pub page_layout: Option<Arc<PageLayout>>,
}

impl DocxRenderer {
    /// The page facts the DOCX copies: those of the laid-out pages when lines break there as
    /// in a word processor (no squeezing), else those of a word processor's layout.
    fn page_facts(&self, context: &RenderContext) -> Option<PageFacts> {
        let squeezed = self.style.line_breaking.squeeze_punctuation;
        if context.layout_failed {
            return None;
        }
        match context.laid_out {
            Some(laid_out) if !squeezed => Some(laid_out.facts.clone()),
            _ => self
                .page_layout
                .as_ref()?
                .word_processor_facts(context.document)
                .ok(),
        }
    }

    /// The package's parts, by name, in the order they are zipped.
    pub fn parts(&self, context: &RenderContext) -> Vec<(&'static str, String)> {
        let (style, document) = (&self.style, context.document);
        vec![
            ("[Content_Types].xml", parts::CONTENT_TYPES.to_string()),
            ("_rels/.rels", parts::PACKAGE_RELS.to_string()),
            ("docProps/core.xml", parts::core_properties(document)),
            ("docProps/app.xml", parts::APP_PROPERTIES.to_string()),
            (
                "word/document.xml",
                body::document_xml(document, style, self.page_facts(context)),
            ),
            (
                "word/_rels/document.xml.rels",
                parts::document_rels(document.seal_image.is_some()),
            ),
            ("word/styles.xml", styles::styles(style)),
            ("word/settings.xml", parts::settings(style)),
            ("word/fontTable.xml", parts::font_table(style)),
            ("word/theme/theme1.xml", parts::theme(style)),
            (
                "word/footer1.xml",
                parts::page_number_footer(style, parts::Side::Right),
            ),
            (
                "word/footer2.xml",
                parts::page_number_footer(style, parts::Side::Left),
            ),
            ("word/footer3.xml", parts::empty_footer()),
        ]
    }
}

impl Renderer for DocxRenderer {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn render(&self, context: &RenderContext) -> Result<Vec<u8>, RenderError> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // A fixed date (1980-01-01, the zip epoch) on every entry keeps the bytes reproducible.
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, content) in self.parts(context) {
            zip.start_file(name, options)?;
            zip.write_all(content.as_bytes())
                .map_err(zip::result::ZipError::Io)?;
        }
        if let Some(seal) = &context.document.seal_image {
            // Stored, not deflated again: a PNG is compressed already.
            let stored = options.compression_method(zip::CompressionMethod::Stored);
            zip.start_file("word/media/seal.png", stored)?;
            zip.write_all(&seal.png)
                .map_err(zip::result::ZipError::Io)?;
        }
        Ok(zip.finish()?.into_inner())
    }
}
