//! The data stage: YAML files of the built-in kinds, validated, with derived figures.

pub mod date;
pub mod derive;
pub mod fields;
pub mod items;
pub mod kinds;
pub mod load;
pub mod model;
pub mod sheet;
pub mod skeleton;
pub mod source;
pub mod yaml;

pub use load::{Loaded, load_bytes, load_file, load_sheet};
pub use model::{DataFile, Kind};
