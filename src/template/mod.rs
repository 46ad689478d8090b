//! The template stage: data → Markdown through Tera templates and gongwen's filters.

pub mod engine;
pub mod escape;
pub mod filters;
pub mod numerals;
pub mod worker;

pub use engine::{TemplateSource, Templates};
