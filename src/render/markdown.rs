//! Markdown output: the canonical intermediate itself, readable and hand-editable.

use super::{Format, RenderContext, RenderError, Renderer};

/// Writes the document's Markdown unchanged.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn render(&self, context: &RenderContext) -> Result<Vec<u8>, RenderError> {
        Ok(context.document.markdown.clone().into_bytes())
    }
}
