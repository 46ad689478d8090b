//! CFF subsets assembled from the font's own outlines: for a CID-keyed CFF font without
//! subroutines (the Fandol faces), every glyph's charstring stands alone, so a document's subset
//! is the font's dictionaries (built once per face) with its glyphs' charstrings copied in.

use std::ops::Range;

/// A CID-keyed CFF font without subroutines, read once: the part of every subset that does not
/// depend on its glyphs, and where each glyph's charstring and font dict are.
#[derive(Debug)]
pub struct Outlines {
    /// Header, Name INDEX, Top DICT INDEX, String INDEX, an empty Global Subr INDEX, the FDArray
    /// and the Private DICTs; the charset follows it.
    prefix: Vec<u8>,
    /// Where in `prefix` the Top DICT's FDSelect and CharStrings offsets are (5 bytes each).
    fd_select_at: usize,
    char_strings_at: usize,
    /// Each glyph's charstring in the CFF table.
    char_strings: Vec<Range<usize>>,
    /// Each glyph's font dict.
    fd_of: Vec<u8>,
}

/// Why a font is not assembled here (it goes through the general subsetter instead).
#[derive(Debug, PartialEq)]
pub enum NotAssembled {
    Malformed,
    NotCidKeyed,
    HasSubroutines,
}

impl Outlines {
    /// Read `cff` (a font's CFF table), or say why its subsets are not assembled here.
    pub fn read(cff: &[u8]) -> Result<Outlines, NotAssembled> {
        use NotAssembled::*;
        let header_size = usize::from(*cff.get(2).ok_or(Malformed)?);
        let names = index_at(cff, header_size)?;
        let top = index_at(cff, names.end)?;
        let strings = index_at(cff, top.end)?;
        let global_subrs = index_at(cff, strings.end)?;
        if global_subrs.count != 0 {
            return Err(HasSubroutines);
        }
        if top.count != 1 {
            return Err(Malformed);
        }
        let top_dict_bytes = &cff[top.item(cff, 0)?];
        let top_dict = dict(top_dict_bytes)?;
        if !top_dict.iter().any(|e| e.op == ROS) {
            return Err(NotCidKeyed);
        }
        let offset = |op: u16| -> Result<usize, NotAssembled> {
            let entry = top_dict.iter().find(|e| e.op == op).ok_or(Malformed)?;
            usize::try_from(*entry.ints.last().ok_or(Malformed)?).map_err(|_| Malformed)
        };
        let char_strings_index = index_at(cff, offset(CHAR_STRINGS)?)?;
        let glyphs = usize::from(char_strings_index.count);
        let char_strings = (0..glyphs)
            .map(|g| char_strings_index.item(cff, g))
            .collect::<Result<Vec<_>, _>>()?;
        let fd_of = fd_select(cff, offset(FD_SELECT)?, glyphs)?;
        let fd_array = index_at(cff, offset(FD_ARRAY)?)?;
        if fd_of
            .iter()
            .any(|fd| usize::from(*fd) >= usize::from(fd_array.count))
        {
            return Err(Malformed);
        }

        // The font dicts without their Private entries, and the Private DICTs they point to,
        // which must have no Subrs.
        let mut font_dicts = Vec::new();
        let mut privates = Vec::new();
        for k in 0..usize::from(fd_array.count) {
            let font_dict = &cff[fd_array.item(cff, k)?];
            let entries = dict(font_dict)?;
            let private = entries.iter().find(|e| e.op == PRIVATE).ok_or(Malformed)?;
            let [size, at] = private.ints[..] else {
                return Err(Malformed);
            };
            let (size, at) = (
                usize::try_from(size).map_err(|_| Malformed)?,
                usize::try_from(at).map_err(|_| Malformed)?,
            );
            let private_bytes = cff.get(at..at + size).ok_or(Malformed)?;
            if dict(private_bytes)?.iter().any(|e| e.op == SUBRS) {
                return Err(HasSubroutines);
            }
            privates.push(private_bytes.to_vec());
            font_dicts.push(kept_bytes(font_dict, &entries, &[PRIVATE]));
        }

        // The Top DICT keeps its entries (ROS first, as CID fonts need) but the offsets, which
        // it gets anew as 5-byte numbers: charset, FDSelect, FDArray, CharStrings.
        let mut top_bytes = kept_bytes(
            top_dict_bytes,
            &top_dict,
            &[
                CHARSET,
                ENCODING,
                CHAR_STRINGS,
                PRIVATE,
                FD_ARRAY,
                FD_SELECT,
            ],
        );
        let top_offsets_at = top_bytes.len();
        for op in [CHARSET, FD_SELECT, FD_ARRAY, CHAR_STRINGS] {
            push_int5(&mut top_bytes, 0);
            push_op(&mut top_bytes, op);
        }

        let mut prefix = vec![1, 0, 4, 4];
        prefix.extend_from_slice(&cff[names.start..names.end]);
        write_index(&mut prefix, &[&top_bytes]);
        let top_dict_start = prefix.len() - top_bytes.len();
        prefix.extend_from_slice(&cff[strings.start..strings.end]);
        prefix.extend_from_slice(&[0, 0]);
        // The FDArray, then the Private DICTs at offsets known once the FDArray's size is.
        let fd_array_at = prefix.len();
        let dict_sizes: Vec<usize> = font_dicts.iter().map(|d| d.len() + 11).collect();
        let fd_array_size = index_size(&dict_sizes);
        let mut private_at = fd_array_at + fd_array_size;
        let mut with_private = Vec::new();
        for (bytes, private) in font_dicts.iter().zip(&privates) {
            let mut d = bytes.clone();
            push_int5(&mut d, i32::try_from(private.len()).map_err(|_| Malformed)?);
            push_int5(&mut d, i32::try_from(private_at).map_err(|_| Malformed)?);
            push_op(&mut d, PRIVATE);
            private_at += private.len();
            with_private.push(d);
        }
        let refs: Vec<&[u8]> = with_private.iter().map(Vec::as_slice).collect();
        write_index(&mut prefix, &refs);
        debug_assert_eq!(prefix.len(), fd_array_at + fd_array_size);
        for private in &privates {
            prefix.extend_from_slice(private);
        }
        let charset_at = prefix.len();
        // The offsets' numbers, each followed by its operator: charset (one byte), FDSelect and
        // FDArray (two each), CharStrings.
        let charset_slot = top_dict_start + top_offsets_at;
        let fd_select_slot = charset_slot + 6;
        let fd_array_slot = fd_select_slot + 7;
        let char_strings_slot = fd_array_slot + 7;
        set_int5(&mut prefix, charset_slot, charset_at)?;
        set_int5(&mut prefix, fd_array_slot, fd_array_at)?;
        Ok(Outlines {
            prefix,
            fd_select_at: fd_select_slot,
            char_strings_at: char_strings_slot,
            char_strings,
            fd_of,
        })
    }

    /// The CFF of the subset holding `glyphs` (old glyph ids, in their new order, .notdef
    /// first), with CID n for new glyph n; `cff` is the table `read` read.
    pub fn subset(&self, cff: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
        let pieces: Vec<&[u8]> = glyphs
            .iter()
            .map(|&g| Some(&cff[self.char_strings.get(usize::from(g))?.clone()]))
            .collect::<Option<_>>()?;
        let size: usize = pieces.iter().map(|p| p.len()).sum();
        let mut out = Vec::with_capacity(self.prefix.len() + 16 + 3 * glyphs.len() + size);
        out.extend_from_slice(&self.prefix);
        // charset: CIDs 1 .. n-1 for glyphs 1 .. n-1, one range (format 2), or none.
        let count = u16::try_from(glyphs.len()).ok()?;
        if count >= 2 {
            out.push(2);
            out.extend_from_slice(&1u16.to_be_bytes());
            out.extend_from_slice(&(count - 2).to_be_bytes());
        } else {
            out.push(0);
        }
        // FDSelect, format 3: a range wherever the font dict changes.
        let fd_select_at = out.len();
        set_int5(&mut out, self.fd_select_at, fd_select_at).ok()?;
        let fds: Vec<u8> = glyphs.iter().map(|&g| self.fd_of[usize::from(g)]).collect();
        let starts: Vec<usize> = (0..fds.len())
            .filter(|&n| n == 0 || fds[n] != fds[n - 1])
            .collect();
        out.push(3);
        out.extend_from_slice(&u16::try_from(starts.len()).ok()?.to_be_bytes());
        for &n in &starts {
            out.extend_from_slice(&u16::try_from(n).ok()?.to_be_bytes());
            out.push(fds[n]);
        }
        out.extend_from_slice(&count.to_be_bytes());
        let char_strings_at = out.len();
        set_int5(&mut out, self.char_strings_at, char_strings_at).ok()?;
        write_index(&mut out, &pieces);
        Some(out)
    }
}

const CHARSET: u16 = 15;
const ENCODING: u16 = 16;
const CHAR_STRINGS: u16 = 17;
const PRIVATE: u16 = 18;
const SUBRS: u16 = 19;
const ROS: u16 = 0x0c00 | 30;
const FD_ARRAY: u16 = 0x0c00 | 36;
const FD_SELECT: u16 = 0x0c00 | 37;

/// An INDEX: where it starts and ends, its count, and where its offsets and data are.
struct Index {
    start: usize,
    end: usize,
    count: u16,
    off_size: usize,
    offsets_at: usize,
    data_at: usize,
}

impl Index {
    /// Item `n`'s bytes, as a range of the table.
    fn item(&self, cff: &[u8], n: usize) -> Result<Range<usize>, NotAssembled> {
        let offset =
            |k: usize| read_offset(cff, self.offsets_at + k * self.off_size, self.off_size);
        let (a, b) = (offset(n)?, offset(n + 1)?);
        if a == 0 || b < a || self.data_at + b - 1 > self.end {
            return Err(NotAssembled::Malformed);
        }
        Ok(self.data_at + a - 1..self.data_at + b - 1)
    }
}

fn read_offset(cff: &[u8], at: usize, size: usize) -> Result<usize, NotAssembled> {
    let bytes = cff.get(at..at + size).ok_or(NotAssembled::Malformed)?;
    Ok(bytes.iter().fold(0, |v, b| (v << 8) | usize::from(*b)))
}

/// The INDEX that starts at `at`.
fn index_at(cff: &[u8], at: usize) -> Result<Index, NotAssembled> {
    let count = u16::from_be_bytes(
        cff.get(at..at + 2)
            .ok_or(NotAssembled::Malformed)?
            .try_into()
            .map_err(|_| NotAssembled::Malformed)?,
    );
    if count == 0 {
        return Ok(Index {
            start: at,
            end: at + 2,
            count,
            off_size: 1,
            offsets_at: at + 2,
            data_at: at + 2,
        });
    }
    let off_size = usize::from(*cff.get(at + 2).ok_or(NotAssembled::Malformed)?);
    if !(1..=4).contains(&off_size) {
        return Err(NotAssembled::Malformed);
    }
    let offsets_at = at + 3;
    let data_at = offsets_at + (usize::from(count) + 1) * off_size;
    let last = read_offset(cff, offsets_at + usize::from(count) * off_size, off_size)?;
    let end = data_at + last.checked_sub(1).ok_or(NotAssembled::Malformed)?;
    if end > cff.len() {
        return Err(NotAssembled::Malformed);
    }
    Ok(Index {
        start: at,
        end,
        count,
        off_size,
        offsets_at,
        data_at,
    })
}

/// The size of an INDEX of items of these sizes, as `write_index` writes it.
fn index_size(sizes: &[usize]) -> usize {
    if sizes.is_empty() {
        return 2;
    }
    let data: usize = sizes.iter().sum();
    3 + (sizes.len() + 1) * off_size_for(data + 1) + data
}

fn off_size_for(largest: usize) -> usize {
    match largest {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xff_ffff => 3,
        _ => 4,
    }
}

/// Append an INDEX of `items`.
fn write_index(out: &mut Vec<u8>, items: &[&[u8]]) {
    out.extend_from_slice(&(items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let data: usize = items.iter().map(|i| i.len()).sum();
    let size = off_size_for(data + 1);
    out.push(size as u8);
    let mut offset = 1usize;
    out.extend_from_slice(&offset.to_be_bytes()[8 - size..]);
    for item in items {
        offset += item.len();
        out.extend_from_slice(&offset.to_be_bytes()[8 - size..]);
    }
    for item in items {
        out.extend_from_slice(item);
    }
}

/// One DICT entry: its operator, its integer operands (reals as 0), and its bytes.
struct Entry {
    op: u16,
    ints: Vec<i32>,
    bytes: Range<usize>,
}

/// The entries of a DICT.
fn dict(bytes: &[u8]) -> Result<Vec<Entry>, NotAssembled> {
    let mut entries = Vec::new();
    let (mut at, mut start) = (0, 0);
    let mut ints = Vec::new();
    while at < bytes.len() {
        let b0 = bytes[at];
        let need = |n: usize| bytes.get(at..at + n).ok_or(NotAssembled::Malformed);
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    at += 1;
                    0x0c00 | u16::from(*bytes.get(at).ok_or(NotAssembled::Malformed)?)
                } else {
                    u16::from(b0)
                };
                at += 1;
                entries.push(Entry {
                    op,
                    ints: std::mem::take(&mut ints),
                    bytes: start..at,
                });
                start = at;
            }
            28 => {
                let b = need(3)?;
                ints.push(i32::from(i16::from_be_bytes([b[1], b[2]])));
                at += 3;
            }
            29 => {
                let b = need(5)?;
                ints.push(i32::from_be_bytes([b[1], b[2], b[3], b[4]]));
                at += 5;
            }
            30 => {
                // A real: nibbles up to the one that ends it (0xf).
                at += 1;
                loop {
                    let b = *bytes.get(at).ok_or(NotAssembled::Malformed)?;
                    at += 1;
                    if b & 0x0f == 0x0f || b >> 4 == 0x0f {
                        break;
                    }
                }
                ints.push(0);
            }
            32..=246 => {
                ints.push(i32::from(b0) - 139);
                at += 1;
            }
            247..=250 => {
                let b = need(2)?;
                ints.push((i32::from(b0) - 247) * 256 + i32::from(b[1]) + 108);
                at += 2;
            }
            251..=254 => {
                let b = need(2)?;
                ints.push(-(i32::from(b0) - 251) * 256 - i32::from(b[1]) - 108);
                at += 2;
            }
            _ => return Err(NotAssembled::Malformed),
        }
    }
    if !ints.is_empty() {
        return Err(NotAssembled::Malformed);
    }
    Ok(entries)
}

/// The bytes of the DICT `bytes` but its entries with the operators `drop`.
fn kept_bytes(bytes: &[u8], entries: &[Entry], drop: &[u16]) -> Vec<u8> {
    entries
        .iter()
        .filter(|e| !drop.contains(&e.op))
        .flat_map(|e| &bytes[e.bytes.clone()])
        .copied()
        .collect()
}

fn push_int5(out: &mut Vec<u8>, value: i32) {
    out.push(29);
    out.extend_from_slice(&value.to_be_bytes());
}

fn push_op(out: &mut Vec<u8>, op: u16) {
    if op >> 8 == 0x0c {
        out.extend_from_slice(&[12, op as u8]);
    } else {
        out.push(op as u8);
    }
}

/// Overwrite the 5-byte number at `at` (its 29 prefix included) with `value`.
fn set_int5(out: &mut [u8], at: usize, value: usize) -> Result<(), NotAssembled> {
    let value = i32::try_from(value).map_err(|_| NotAssembled::Malformed)?;
    let slot = out.get_mut(at..at + 5).ok_or(NotAssembled::Malformed)?;
    slot[0] = 29;
    slot[1..].copy_from_slice(&value.to_be_bytes());
    Ok(())
}

/// Each glyph's font dict from the FDSelect at `at` (format 0 or 3).
fn fd_select(cff: &[u8], at: usize, glyphs: usize) -> Result<Vec<u8>, NotAssembled> {
    let malformed = || NotAssembled::Malformed;
    match cff.get(at).ok_or_else(malformed)? {
        0 => Ok(cff
            .get(at + 1..at + 1 + glyphs)
            .ok_or_else(malformed)?
            .to_vec()),
        3 => {
            let u16_at = |k: usize| -> Result<usize, NotAssembled> {
                let b = cff.get(k..k + 2).ok_or_else(malformed)?;
                Ok(usize::from(u16::from_be_bytes([b[0], b[1]])))
            };
            let ranges = u16_at(at + 1)?;
            let mut fds = vec![0u8; glyphs];
            for r in 0..ranges {
                let first = u16_at(at + 3 + 3 * r)?;
                let fd = *cff.get(at + 5 + 3 * r).ok_or_else(malformed)?;
                let next = u16_at(at + 6 + 3 * r)?;
                if first > next || next > glyphs {
                    return Err(malformed());
                }
                fds[first..next].fill(fd);
            }
            Ok(fds)
        }
        _ => Err(malformed()),
    }
}

/// Each face's outlines, read the first time a document uses the face and kept for the run.
#[derive(Debug, Default)]
pub struct OutlineCache {
    faces: Vec<std::sync::OnceLock<Option<Outlines>>>,
}

impl OutlineCache {
    /// A cache for `faces` faces.
    pub fn new(faces: usize) -> OutlineCache {
        OutlineCache {
            faces: (0..faces).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// The subset CFF of `glyphs` (old glyph ids, new order) of face `face`, whose CFF table is
    /// `cff`; `None` when the face is not one whose subsets are assembled here.
    pub fn subset(&self, face: usize, cff: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
        self.faces
            .get(face)?
            .get_or_init(|| Outlines::read(cff).ok())
            .as_ref()?
            .subset(cff, glyphs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::pages::fonts::FontBook;
    use crate::style::Style;

    /// Records a glyph's outline as text, to compare two fonts' glyphs.
    #[derive(Default)]
    struct Path(String);

    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x} {y} ");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x} {y} ");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1} {y1} {x} {y} ");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y} ");
        }
        fn close(&mut self) {
            self.0 += "Z ";
        }
    }

    fn outline(table: &ttf_parser::cff::Table, gid: u16) -> String {
        let mut path = Path::default();
        let _ = table.outline(ttf_parser::GlyphId(gid), &mut path);
        path.0
    }

    #[test]
    fn an_index_written_reads_back() {
        let items: [&[u8]; 3] = [b"ab", b"", &[7; 300]];
        let mut out = vec![9, 9];
        write_index(&mut out, &items);
        assert_eq!(out.len(), 2 + index_size(&[2, 0, 300]));
        let index = index_at(&out, 2).unwrap();
        assert_eq!(index.count, 3);
        assert_eq!(index.end, out.len());
        for (n, item) in items.iter().enumerate() {
            assert_eq!(&out[index.item(&out, n).unwrap()], *item);
        }
        let mut empty = Vec::new();
        write_index(&mut empty, &[]);
        assert_eq!(empty, [0, 0]);
    }

    #[test]
    fn dict_numbers_and_operators() {
        // 100 (one byte), 1000 (two), -1000 (two), 10000 (28), 100000 (29), a real, then
        // operator 12 30 (ROS) and 17 (CharStrings).
        let bytes = [
            239, 250, 124, 254, 124, 28, 0x27, 0x10, 29, 0, 1, 0x86, 0xa0, 30, 0x1a, 0x2f, 12, 30,
            139, 17,
        ];
        let entries = dict(&bytes).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].op, ROS);
        assert_eq!(entries[0].ints, [100, 1000, -1000, 10000, 100000, 0]);
        assert_eq!(
            (entries[1].op, &entries[1].ints[..]),
            (CHAR_STRINGS, &[0][..])
        );
        assert_eq!(kept_bytes(&bytes, &entries, &[ROS]), [139, 17]);
        assert_eq!(dict(&[139]).err(), Some(NotAssembled::Malformed));
    }

    /// A bare CFF table: header, a name, a Top DICT of `top`, no strings, `global_subrs`.
    fn bare_cff(top: &[u8], global_subrs: &[&[u8]]) -> Vec<u8> {
        let mut cff = vec![1, 0, 4, 1];
        write_index(&mut cff, &[b"A"]);
        write_index(&mut cff, &[top]);
        write_index(&mut cff, &[]);
        write_index(&mut cff, global_subrs);
        cff
    }

    #[test]
    fn fonts_it_cannot_assemble_are_named_and_left_to_the_subsetter() {
        // A global subroutine (11 is return).
        let with_subrs = bare_cff(&[139, 17], &[&[11]]);
        assert_eq!(
            Outlines::read(&with_subrs).err(),
            Some(NotAssembled::HasSubroutines)
        );
        // Name-keyed: no ROS in the Top DICT.
        let name_keyed = bare_cff(&[139, 17], &[]);
        assert_eq!(
            Outlines::read(&name_keyed).err(),
            Some(NotAssembled::NotCidKeyed)
        );
        // Cut short anywhere, the table is malformed, never a panic.
        let cid = bare_cff(
            &[139, 139, 139, 12, 30, 200, 17, 200, 12, 37, 200, 12, 36],
            &[],
        );
        for end in 0..cid.len() {
            assert!(Outlines::read(&cid[..end]).is_err(), "cut at {end}");
        }
        assert_eq!(Outlines::read(&cid).err(), Some(NotAssembled::Malformed));
    }

    /// The assembled subset of every CFF face gongwen uses that has no subroutines (the Fandol
    /// faces) holds the same glyphs as the general subsetter's: outline for outline, CID n for
    /// glyph n. A face with subroutines (Noto CJK, where installed) is left to the subsetter.
    #[test]
    fn assembled_subsets_draw_what_the_subsetter_draws() {
        let Ok(book) = FontBook::load(&Style::default()) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the fonts are missing in CI: .ci/run must install them"
            );
            eprintln!("SKIPPED: no fonts (bash scripts/install-fonts.sh)");
            return;
        };
        let text = "关于加快科技成果转化的建议，。（）、“”《》1234567890abcdefXYZ〔〕—：；国";
        let mut checked = 0;
        for face in book.faces.iter().filter(|f| f.is_cff) {
            let raw = ttf_parser::RawFace::parse(&face.data, face.index).unwrap();
            let cff = raw.table(ttf_parser::Tag::from_bytes(b"CFF ")).unwrap();
            let outlines = match Outlines::read(cff) {
                Ok(outlines) => outlines,
                Err(NotAssembled::HasSubroutines) => continue,
                Err(e) => panic!("{}: not assembled: {e:?}", face.postscript_name),
            };
            let parsed = ttf_parser::Face::parse(&face.data, face.index).unwrap();
            let mut remapper = subsetter::GlyphRemapper::new();
            // In the text's order, as a document uses them, not sorted.
            for ch in text.chars().rev() {
                if let Some(g) = parsed.glyph_index(ch) {
                    remapper.remap(g.0);
                }
            }
            let gids: Vec<u16> = remapper.remapped_gids().collect();
            assert!(gids.len() > 20, "{}", face.postscript_name);
            let assembled = outlines.subset(cff, &gids).unwrap();
            let general = subsetter::subset(&face.data, face.index, &remapper).unwrap();
            let general = ttf_parser::RawFace::parse(&general, 0).unwrap();
            let general = general.table(ttf_parser::Tag::from_bytes(b"CFF ")).unwrap();
            let (a, b) = (
                ttf_parser::cff::Table::parse(&assembled).unwrap(),
                ttf_parser::cff::Table::parse(general).unwrap(),
            );
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            for new in 0..gids.len() as u16 {
                assert_eq!(a.glyph_cid(ttf_parser::GlyphId(new)), Some(new));
                let (ours, theirs) = (outline(&a, new), outline(&b, new));
                assert_eq!(ours, theirs, "{} glyph {new}", face.postscript_name);
                assert!(
                    new == 0 || !ours.is_empty(),
                    "{} glyph {new}",
                    face.postscript_name
                );
            }
            checked += 1;
        }
        assert!(checked >= 3, "the Fandol faces are CFF: {checked} checked");
    }
}
