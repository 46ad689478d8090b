//! Layout decisions that the DOCX and PDF renderers share, so both break titles, size table
//! columns and place the 落款 the same way: character classes, grid widths, balanced lines.

pub mod chars;
pub mod columns;
pub mod kinsoku;
pub mod linebreak;
pub mod pages;
pub mod plan;
pub mod title;
pub mod width;
pub mod words;
