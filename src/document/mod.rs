//! The document stage: Markdown with front matter, parsed into one `Document` that all renderers read.

pub mod model;
pub mod parse;
pub mod seal_image;
pub mod wording;

pub use model::{Block, DocFormat, Document, FrontMatter, Inline};
pub use parse::parse_document;
pub use seal_image::{SealImage, load_seal_image};
