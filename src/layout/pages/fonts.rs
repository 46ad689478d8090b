//! The font book: each role of the Style (title, body, 黑体, 楷体, page numbers, Latin) mapped to
//! an installed face found through fontdb, with a fallback chain for glyphs a face lacks.

use crate::style::{FontRole, Fonts, Style};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// A role of text in a 公文, each with its own font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Title,
    Body,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    PageNumber,
    Latin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Title,
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::Heading3,
        Role::Heading4,
        Role::PageNumber,
        Role::Latin,
    ];

    /// The role of a heading level (1 一、 … 4 （1）).
    pub fn heading(level: u8) -> Role {
        match level {
            1 => Role::Heading1,
            2 => Role::Heading2,
            3 => Role::Heading3,
            _ => Role::Heading4,
        }
    }

    /// The name a user writes in `--font ROLE=…` and in the config file.
    pub fn key(self) -> &'static str {
        Fonts::ROLE_KEYS[self as usize]
    }

    /// The role's entry in the Style.
    pub fn of(self, style: &Style) -> &FontRole {
        let f = &style.fonts;
        match self {
            Role::Title => &f.title,
            Role::Body => &f.body,
            Role::Heading1 => &f.heading1,
            Role::Heading2 => &f.heading2,
            Role::Heading3 => &f.heading3,
            Role::Heading4 => &f.heading4,
            Role::PageNumber => &f.page_number,
            Role::Latin => &f.latin,
        }
    }
}

/// Faces tried, in order, for a character no role font has: common free CJK faces.
const LAST_RESORT: &[&str] = &[
    "FandolSong",
    "FandolHei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
    "DejaVu Sans",
];

/// A font file's bytes: mapped from disk, so that only the tables and glyphs a run reads are
/// ever in memory (a CJK face is 5–25 MB, and the fallback faces are seldom read at all).
#[derive(Debug)]
pub enum FontData {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for FontData {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontData::Mapped(map) => map,
            FontData::Owned(bytes) => bytes,
        }
    }
}

impl FontData {
    /// Map the font file at `path`, or read it where it cannot be mapped.
    fn open(path: &Path) -> std::io::Result<FontData> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the map is read only. Should another program shrink the file while gongwen
        // runs, reading past its new end would stop the process (SIGBUS); font files are not
        // rewritten in place, and fontdb and Typst map them the same way.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Ok(FontData::Mapped(map)),
            Err(_) => std::fs::read(path).map(FontData::Owned),
        }
    }
}

/// One loaded face: its bytes (shared by the faces of a .ttc) and what the PDF needs of it.
#[derive(Debug)]
pub struct LoadedFace {
    pub data: Arc<FontData>,
    pub index: u32,
    /// The PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// The family name, for messages.
    pub family: String,
    pub units_per_em: f64,
    /// Ascent and descent in units of 1/1000 em, as the PDF font descriptor gives them.
    pub ascent: f64,
    pub descent: f64,
    pub cap_height: f64,
    pub bbox: [f64; 4],
    pub is_cff: bool,
}

/// Why the fonts could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "no font found for the {role} role (tried {tried}). Run `bash scripts/install-fonts.sh` to install the free Fandol faces, install one of these fonts, or name an installed font with `--font {role}=NAME` or a font file with `--font {role}=PATH`"
    )]
    RoleMissing { role: &'static str, tried: String },
    #[error(
        "the font `{face}` asked for the {role} role is not installed, or the file does not exist. `fc-list : family` lists installed families; give a family name from it or the path of a .ttf/.otf/.ttc file"
    )]
    FaceNotFound { role: &'static str, face: String },
    #[error("cannot read the font file {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
}

/// The faces of every role, loaded once per run and shared by every document of it.
#[derive(Debug)]
pub struct FontBook {
    pub faces: Vec<LoadedFace>,
    /// The face of each role, as an index into `faces`.
    role_face: HashMap<Role, usize>,
    /// Faces tried after a role's own face, in order, for characters it lacks.
    fallback: Vec<usize>,
    /// What the lookups found, kept for the run (every document of a batch asks again).
    found: FoundGlyphs,
}

/// The glyph each role's chain gives each character of the Basic Multilingual Plane, and each
/// glyph's advance, filled in as they are first looked up and shared by every thread: a
/// batch's documents use the same few thousand characters. Each entry is 0 until looked up.
struct FoundGlyphs {
    /// Per role, per character: `(face + 1) << 16 | glyph`, or `NONE`.
    glyphs: Vec<Box<[AtomicU32]>>,
    /// Per face, per glyph: its advance in font units, plus 1.
    advances: Vec<Box<[AtomicU32]>>,
}

impl std::fmt::Debug for FoundGlyphs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FoundGlyphs { .. }")
    }
}

/// A character that no face along the role's chain has.
const NONE: u32 = u32::MAX;

impl FoundGlyphs {
    fn new(faces: usize) -> FoundGlyphs {
        let table = || (0..=u16::MAX).map(|_| AtomicU32::new(0)).collect();
        FoundGlyphs {
            glyphs: Role::ALL.iter().map(|_| table()).collect(),
            advances: (0..faces).map(|_| table()).collect(),
        }
    }
}

impl FontBook {
    /// Find the faces of every role of `style` among the installed fonts (and the folders
    /// scripts/install-fonts.sh uses), or say which role has none and what to install.
    pub fn load(style: &Style) -> Result<FontBook, FontError> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        for dir in extra_font_dirs() {
            db.load_fonts_dir(dir);
        }
        let mut loader = Loader {
            db: &mut db,
            files: HashMap::new(),
            faces: Vec::new(),
            by_id: HashMap::new(),
        };
        let mut role_face = HashMap::new();
        for role in Role::ALL {
            let entry = role.of(style);
            if let Some(wanted) = &entry.pdf_face {
                let face = loader
                    .face_named(wanted)?
                    .ok_or_else(|| FontError::FaceNotFound {
                        role: role.key(),
                        face: wanted.clone(),
                    })?;
                role_face.insert(role, face);
                continue;
            }
            let names: Vec<&str> = std::iter::once(entry.name.as_str())
                .chain(entry.also.iter().map(String::as_str))
                .chain(entry.substitutes.iter().map(String::as_str))
                .collect();
            let mut found = None;
            for name in &names {
                if let Some(face) = loader.face_named(name)? {
                    found = Some(face);
                    break;
                }
            }
            let face = found.ok_or_else(|| FontError::RoleMissing {
                role: role.key(),
                tried: names.join(", "),
            })?;
            role_face.insert(role, face);
        }
        let mut fallback: Vec<usize> = [
            Role::Body,
            Role::Title,
            Role::Heading1,
            Role::Heading2,
            Role::PageNumber,
            Role::Latin,
        ]
        .iter()
        .map(|r| role_face[r])
        .collect();
        for name in LAST_RESORT {
            // A damaged fallback face is passed over; a role's own face is not (above).
            if let Ok(Some(face)) = loader.face_named(name) {
                fallback.push(face);
            }
        }
        let mut seen = Vec::new();
        fallback.retain(|f| {
            let fresh = !seen.contains(f);
            seen.push(*f);
            fresh
        });
        let found = FoundGlyphs::new(loader.faces.len());
        Ok(FontBook {
            faces: loader.faces,
            role_face,
            fallback,
            found,
        })
    }

    /// The face of a role.
    pub fn face_of(&self, role: Role) -> usize {
        self.role_face[&role]
    }

    /// Faces to try for a character in `role`: the role's own face, then the fallback chain.
    pub fn chain(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        let own = self.face_of(role);
        std::iter::once(own).chain(self.fallback.iter().copied().filter(move |f| *f != own))
    }

    /// A one-line summary of which face serves each role, for `gongwen fonts` and messages.
    pub fn describe(&self) -> Vec<(Role, String)> {
        Role::ALL
            .iter()
            .map(|r| {
                let face = &self.faces[self.face_of(*r)];
                (*r, format!("{} ({})", face.family, face.postscript_name))
            })
            .collect()
    }
}

/// Folders searched besides the system's: where scripts/install-fonts.sh puts the Fandol faces,
/// and `GONGWEN_FONT_DIR` if set.
fn extra_font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("GONGWEN_FONT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts/gongwen"));
    }
    dirs
}

/// Loads faces from the database, reading each file once.
struct Loader<'a> {
    db: &'a mut fontdb::Database,
    files: HashMap<PathBuf, Arc<FontData>>,
    faces: Vec<LoadedFace>,
    by_id: HashMap<fontdb::ID, usize>,
}

impl Loader<'_> {
    /// The face for `name`: a font file path, a family name, or a family name followed by a
    /// weight (`FandolSong Bold`). `None` if nothing installed matches.
    fn face_named(&mut self, name: &str) -> Result<Option<usize>, FontError> {
        let name = name.trim();
        if looks_like_path(name) {
            let path = PathBuf::from(name);
            if !path.exists() {
                return Ok(None);
            }
            let ids = self.db.load_font_source(fontdb::Source::File(path.clone()));
            return match ids.first() {
                Some(id) => self.load(*id).map(Some),
                None => Err(FontError::Unreadable {
                    path,
                    reason: "it is not a TrueType or OpenType font, or the file is damaged".into(),
                }),
            };
        }
        let (family, weight) = split_weight(name);
        let wanted = weight.unwrap_or(fontdb::Weight::NORMAL);
        // Some faces declare a bold weight only in their name (FandolSong-Bold says 400).
        let bold_by_name = (wanted.0 >= 600)
            .then(|| {
                self.db
                    .faces()
                    .find(|f| {
                        f.families.iter().any(|(n, _)| n == family)
                            && f.style == fontdb::Style::Normal
                            && f.post_script_name.contains("Bold")
                    })
                    .map(|f| f.id)
            })
            .flatten();
        // Otherwise the upright face of the family closest to the weight, as CSS matches.
        let id = bold_by_name.or_else(|| {
            self.db.query(&fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                weight: wanted,
                style: fontdb::Style::Normal,
                ..Default::default()
            })
        });
        match id {
            Some(id) => self.load(id).map(Some),
            None => Ok(None),
        }
    }

    fn load(&mut self, id: fontdb::ID) -> Result<usize, FontError> {
        if let Some(face) = self.by_id.get(&id) {
            return Ok(*face);
        }
        let info = self
            .db
            .face(id)
            .expect("an id from this database names a face");
        let family = info
            .families
            .first()
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let postscript_name = sanitize_ps_name(&info.post_script_name);
        let index = info.index;
        let data = match &info.source {
            fontdb::Source::File(path) => {
                if let Some(data) = self.files.get(path) {
                    data.clone()
                } else {
                    let data = FontData::open(path).map_err(|e| FontError::Unreadable {
                        path: path.clone(),
                        reason: e.to_string(),
                    })?;
                    let data = Arc::new(data);
                    self.files.insert(path.clone(), data.clone());
                    data
                }
            }
            fontdb::Source::Binary(bytes) | fontdb::Source::SharedFile(_, bytes) => {
                Arc::new(FontData::Owned(bytes.as_ref().as_ref().to_vec()))
            }
        };
        let file_name = match &info.source {
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
            fontdb::Source::Binary(_) => PathBuf::from(&family),
        };
        let damaged = |reason: String| FontError::Unreadable {
            path: file_name.clone(),
            reason,
        };
        let face = ttf_parser::Face::parse(&data, index).map_err(|e| damaged(e.to_string()))?;
        check_whole(&data, index).map_err(damaged)?;
        let upem = f64::from(face.units_per_em());
        let per_mille = |v: i16| f64::from(v) * 1000.0 / upem;
        let bbox = face.global_bounding_box();
        let loaded = LoadedFace {
            index,
            postscript_name,
            family,
            units_per_em: upem,
            ascent: per_mille(face.ascender()),
            // Below the baseline whatever the sign: FandolSong Regular's tables give +200, and
            // PDF readers take a positive Descent as negative.
            descent: -per_mille(face.descender()).abs(),
            cap_height: per_mille(face.capital_height().unwrap_or(face.ascender())),
            bbox: [
                per_mille(bbox.x_min),
                per_mille(bbox.y_min),
                per_mille(bbox.x_max),
                per_mille(bbox.y_max),
            ],
            is_cff: face.tables().cff.is_some(),
            data: data.clone(),
        };
        self.faces.push(loaded);
        let at = self.faces.len() - 1;
        self.by_id.insert(id, at);
        Ok(at)
    }
}

/// Whether the face's file is whole: every table inside the file, and outlines to embed. A
/// truncated file parses (its table directory is at the start) and fails only when a PDF
/// embeds it, so it is refused when it is loaded.
fn check_whole(data: &[u8], index: u32) -> Result<(), String> {
    let raw = ttf_parser::RawFace::parse(data, index).map_err(|e| e.to_string())?;
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > data.len() as u64 {
            return Err(format!(
                "the file is damaged or incomplete: its `{}` table runs to byte {end}, past the file's end at {}; copy or download the font again",
                String::from_utf8_lossy(&record.tag.to_bytes()).trim(),
                data.len()
            ));
        }
    }
    let face = ttf_parser::Face::parse(data, index).map_err(|e| e.to_string())?;
    let tables = face.tables();
    if tables.cff.is_none() && tables.glyf.is_none() {
        return Err(
            "it has no glyph outlines gongwen can embed (CFF or TrueType); choose another font"
                .into(),
        );
    }
    Ok(())
}

fn looks_like_path(name: &str) -> bool {
    name.contains('/')
        || name.contains('\\')
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// `FandolSong Bold` → (`FandolSong`, Some(bold)); a plain family name keeps no weight.
fn split_weight(name: &str) -> (&str, Option<fontdb::Weight>) {
    for (suffix, weight) in [
        (" Bold", fontdb::Weight::BOLD),
        (" Heavy", fontdb::Weight::BLACK),
        (" Black", fontdb::Weight::BLACK),
        (" Regular", fontdb::Weight::NORMAL),
    ] {
        if let Some(family) = name.strip_suffix(suffix) {
            return (family, Some(weight));
        }
    }
    (name, None)
}

/// A PostScript name fit for a PDF name: printable ASCII without delimiters.
fn sanitize_ps_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if clean.is_empty() {
        "Font".into()
    } else {
        clean
    }
}

/// Parsed faces of a book, for one render: glyph lookups and advances.
pub struct Faces<'a> {
    pub book: &'a FontBook,
    parsed: Vec<ttf_parser::Face<'a>>,
}

impl<'a> Faces<'a> {
    pub fn new(book: &'a FontBook) -> Faces<'a> {
        let parsed = book
            .faces
            .iter()
            .map(|f| {
                ttf_parser::Face::parse(&f.data, f.index)
                    .expect("the face parsed when the book was loaded")
            })
            .collect();
        Faces { book, parsed }
    }

    /// The glyph of `c` in `face`, if it has one.
    pub fn glyph(&self, face: usize, c: char) -> Option<u16> {
        self.parsed[face].glyph_index(c).map(|g| g.0)
    }

    /// The advance of a glyph in ems.
    pub fn advance_ems(&self, face: usize, glyph: u16) -> f64 {
        let f = &self.parsed[face];
        let known = &self.book.found.advances[face][usize::from(glyph)];
        let units = match known.load(Ordering::Relaxed) {
            0 => {
                let units = f.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0);
                known.store(u32::from(units) + 1, Ordering::Relaxed);
                units
            }
            stored => (stored - 1) as u16,
        };
        f64::from(units) / f64::from(f.units_per_em())
    }

    /// The first face along the chain of `role` that has a glyph for `c`.
    pub fn find(&self, role: Role, c: char) -> Option<(usize, u16)> {
        let look_up = || {
            self.book
                .chain(role)
                .find_map(|face| self.glyph(face, c).map(|g| (face, g)))
        };
        let Ok(index) = u16::try_from(u32::from(c)) else {
            return look_up();
        };
        let role_index = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
        let known = &self.book.found.glyphs[role_index][usize::from(index)];
        match known.load(Ordering::Relaxed) {
            0 => {
                let found = look_up();
                let stored = found.map_or(NONE, |(face, glyph)| {
                    ((face as u32 + 1) << 16) | u32::from(glyph)
                });
                known.store(stored, Ordering::Relaxed);
                found
            }
            NONE => None,
            stored => Some((((stored >> 16) - 1) as usize, stored as u16)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glyphs and advances a run keeps are those the faces give, for every document.
    #[test]
    fn kept_lookups_give_what_the_faces_give() {
        let Ok(book) = FontBook::load(&Style::default()) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the fonts are missing in CI: .ci/run must install them"
            );
            return;
        };
        let fresh = |role: Role, c: char, faces: &Faces| {
            book.chain(role)
                .find_map(|face| faces.glyph(face, c).map(|g| (face, g)))
        };
        let text = "关于加快科技成果转化的建议，。A1 〔〕—😀𠀀";
        for round in 0..2 {
            // A new Faces each round, as each document makes its own: the second reads the
            // kept answers.
            let faces = Faces::new(&book);
            for role in Role::ALL {
                for c in text.chars() {
                    let found = faces.find(role, c);
                    assert_eq!(found, fresh(role, c, &faces), "round {round}, {role:?} {c}");
                    if let Some((face, glyph)) = found {
                        let f = &faces.parsed[face];
                        let units = f.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0);
                        let want = f64::from(units) / f64::from(f.units_per_em());
                        assert_eq!(faces.advance_ems(face, glyph), want);
                    }
                }
            }
        }
    }

    #[test]
    fn role_keys_name_the_roles_style_entries() {
        let mut style = Style::default();
        for key in Fonts::ROLE_KEYS {
            style.fonts.role_mut(key).unwrap().name = key.to_string();
        }
        for role in Role::ALL {
            assert_eq!(role.of(&style).name, role.key());
        }
    }

    #[test]
    fn weights_and_paths_in_names() {
        assert_eq!(split_weight("FandolSong Bold").0, "FandolSong");
        assert_eq!(split_weight("仿宋_GB2312"), ("仿宋_GB2312", None));
        assert!(looks_like_path("/usr/share/fonts/x.ttc"));
        assert!(looks_like_path("fonts/FandolFang-Regular.otf"));
        assert!(!looks_like_path("Noto Serif CJK SC"));
        assert_eq!(sanitize_ps_name("Fandol Fang(R)"), "FandolFangR");
    }
}
