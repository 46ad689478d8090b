//! gongwen (公文): YAML data → Tera templates → Markdown → Document → Markdown, DOCX and PDF
//! laid out per GB/T 9704-2012.
//!
//! Each stage is a plain function from one value to the next:
//! [`data::load_file`] → [`pipeline::markdown_drafts`] → [`document::parse_document`] → [`render::Renderer`].
//! [`app`] holds the commands the `gongwen` binary runs.

// A Diagnostic is large (file, position, field, hint, source line), but errors are the cold path
// and boxing them would only add noise at every `?`.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod check;
pub mod data;
pub mod diagnostic;
pub mod document;
pub mod layout;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod style;
pub mod suggest;
pub mod template;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use pipeline::{Draft, draft_file};
