//! gongwen (公文): YAML data → Tera templates → Markdown → Document → Markdown, DOCX and PDF
//! laid out per GB/T 9704-2012.
//!
//! Each stage is a plain function from one value to the next:
//! [`data::load_bytes`] → [`pipeline::markdown_drafts`] → [`document::parse_document`] →
//! [`layout::pages::PageLayout`] → [`render::Renderer`]. [`app`] holds the commands the
//! `gongwen` binary runs.
//!
//! As a library, with data in memory and no files (`examples/render_reply.rs` is a whole
//! program):
//!
//! ```no_run
//! use gongwen::{Checks, Format, Renderers, Style, TemplateSource, Templates, draft_data};
//! use std::path::Path;
//!
//! let yaml = "kind: work-summary\nmeta: {org: 某局, title: 工作总结, date: 2024-06-30}\n";
//! let templates = Templates::load(&TemplateSource::default()).expect("built-in templates");
//! let outcome = draft_data(Path::new("summary.yaml"), yaml.as_bytes(), &templates, Checks::default());
//! for problem in outcome.diagnostics.iter() {
//!     eprintln!("{problem}"); // file, line, column, field and a hint
//! }
//! let (renderers, unavailable) = Renderers::for_formats(&[Format::Docx, Format::Pdf], &Style::default());
//! assert!(unavailable.is_empty(), "the PDF needs fonts: bash scripts/install-fonts.sh");
//! for draft in &outcome.drafts {
//!     for (format, bytes) in renderers.render(&draft.document) {
//!         std::fs::write(format!("{}.{}", draft.name, format.extension()), bytes.unwrap()).unwrap();
//!     }
//! }
//! ```

// A Diagnostic is large (file, position, field, hint, source line), but errors are the cold path
// and boxing them would only add noise at every `?`.
#![allow(clippy::result_large_err)]

/// The commands of the `gongwen` binary (it only parses arguments and calls these).
#[doc(hidden)]
pub mod app;
pub mod batch_index;
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
pub use pipeline::{Checks, Draft, MarkdownDraft, Outcome, draft_data, draft_file};
pub use render::{Format, RenderContext, RenderError, Renderer, Renderers};
pub use style::Style;
pub use template::{TemplateSource, Templates};
