//! Markdown output: the canonical intermediate itself, readable and hand-editable.

use super::{Format, RenderError, Renderer};
use crate::document::Document;

/// Writes the document's Markdown unchanged.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn render(&self, document: &Document) -> Result<Vec<u8>, RenderError> {
        Ok(document.markdown.clone().into_bytes())
    }
}
