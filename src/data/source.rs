//! Reading a data file's bytes as text: UTF-8 (with or without BOM), or GB18030/GBK decoded with a warning.

use crate::diagnostic::Diagnostic;
use std::io::{BufRead, Read};
use std::path::Path;

/// The largest data file read: a session's whole batch of replies (10,000 letters of 3,000
/// characters) is about 90 MB.
pub const MAX_FILE_BYTES: u64 = super::yaml::MAX_TEXT_BYTES as u64;

/// Whether the regular file at `path` is UTF-8 text, read a piece at a time: `Some(bom)` if it
/// is (`bom` when it starts with one), `None` if it is not or is not a regular file (it is then
/// read whole and decoded). A file larger than [`MAX_FILE_BYTES`] is an error.
pub fn utf8_file(path: &Path) -> Result<Option<bool>, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(path, format!("cannot read the file: {e}"))
            .hint("check the file name and that you may read it")
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Ok(None);
    }
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file.take(MAX_FILE_BYTES + 1));
    let mut carried: Vec<u8> = Vec::new();
    let mut total = 0u64;
    let mut bom = None;
    loop {
        let chunk = reader.fill_buf().map_err(unreadable)?;
        if chunk.is_empty() {
            break;
        }
        let length = chunk.len();
        total += length as u64;
        if total > MAX_FILE_BYTES {
            return Err(too_large(path));
        }
        // A character cut by the chunk's end is finished by the next chunk.
        carried.extend_from_slice(chunk);
        reader.consume(length);
        if bom.is_none() && carried.len() >= 3 {
            bom = Some(carried.starts_with(b"\xEF\xBB\xBF"));
        }
        match std::str::from_utf8(&carried) {
            Ok(_) => carried.clear(),
            Err(e) if e.error_len().is_none() => {
                carried.drain(..e.valid_up_to());
            }
            Err(_) => return Ok(None),
        }
    }
    Ok(carried.is_empty().then_some(bom.unwrap_or(false)))
}

/// The bytes of the file at `path`, or an error if there are more than [`MAX_FILE_BYTES`].
pub fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Diagnostic::error(path, format!("cannot read the file: {e}"))
                .hint("check the file name and that you may read it")
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "the file is larger than {} MB, more than gongwen reads",
            MAX_FILE_BYTES >> 20
        ),
    )
    .hint("split the batch into several files of fewer letters each")
}

/// Quote, in each diagnostic about the file at `path` that points at a line but does not quote
/// it yet, that line: read in one pass over the file, for a file never held whole.
pub fn quote_lines(path: &Path, diagnostics: &mut [Diagnostic]) {
    let mut wanted: Vec<u32> = diagnostics
        .iter()
        .filter(|d| d.file == path && d.source_line.is_none())
        .filter_map(|d| d.position.map(|p| p.line))
        .collect();
    if wanted.is_empty() {
        return;
    }
    wanted.sort_unstable();
    wanted.dedup();
    let Ok(file) = std::fs::File::open(path) else {
        return;
    };
    let mut lines = std::collections::HashMap::new();
    let mut reader = std::io::BufReader::new(file.take(MAX_FILE_BYTES));
    let mut line = Vec::new();
    let mut number = 0u32;
    for want in wanted {
        while number < want {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => number += 1,
            }
        }
        if number == want {
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_start_matches('\u{feff}').trim_end();
            lines.insert(want, text.to_string());
        }
    }
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.file == path && d.source_line.is_none())
    {
        if let Some(p) = d.position {
            d.source_line = lines.get(&p.line).cloned();
        }
    }
}

/// Text decoded from a user's file, with any warning the decoding produced.
#[derive(Debug)]
pub struct DecodedText {
    pub text: String,
    pub warning: Option<Diagnostic>,
}

/// Decode `bytes` read from `file`. Accepts UTF-8 with or without a BOM; decodes GB18030 (a
/// superset of GBK and GB2312, what Windows Notepad and WPS call "ANSI") with a warning; rejects
/// anything else with an error that says how to convert.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<DecodedText, Diagnostic> {
    decode_owned(file, bytes.to_vec())
}

/// [`decode`], taking the bytes: UTF-8 text becomes the String in place, so a large file is
/// never held twice.
pub fn decode_owned(file: &Path, mut bytes: Vec<u8>) -> Result<DecodedText, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error(file, "the file is UTF-16 text, which gongwen does not read")
            .hint("save it as UTF-8: in Notepad choose 另存为 → 编码 UTF-8; or run `iconv -f UTF-16 -t UTF-8 IN > OUT`"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(DecodedText {
            text,
            warning: None,
        }),
        Err(not_utf8) => {
            let utf8_error = not_utf8.utf8_error();
            let bytes = not_utf8.as_bytes();
            if let Some(error) = mostly_utf8(file, bytes) {
                return Err(error);
            }
            let (text, had_errors) = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| (t.into_owned(), false))
                .unwrap_or_else(|| (String::new(), true));
            if !had_errors && looks_like_chinese(&text) {
                let name = file.display();
                Ok(DecodedText {
                    text,
                    warning: Some(
                        Diagnostic::warning(file, "the file is GBK/GB18030 text, not UTF-8; it was decoded as GB18030")
                            .hint(format!("convert it once to UTF-8 so other tools read it too: `iconv -f GB18030 -t UTF-8 {name} > {name}.utf8 && mv {name}.utf8 {name}` (or 另存为 UTF-8 in Notepad/WPS)")),
                    ),
                })
            } else {
                let offset = utf8_error.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(Diagnostic::error(
                    file,
                    format!("the file is not UTF-8 text (invalid byte at line {line}, byte offset {offset}) and not GBK either"),
                )
                .hint("save it as UTF-8 text; a Word or Excel file must be exported as text first"))
            }
        }
    }
}

/// An error naming the lines of a file that is UTF-8 but for a few bytes (a line pasted from
/// a GBK file, say), or `None` when the evidence says the whole file is in another encoding.
/// Evidence: the characters of two or more bytes that read as UTF-8 against the stretches that
/// do not. GBK text makes few valid UTF-8 sequences by chance (about one in fifty characters);
/// a UTF-8 file with one GBK line has thousands against a handful.
fn mostly_utf8(file: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let mut utf8_characters = 0usize;
    let mut bad_lines: Vec<(u32, u32)> = Vec::new();
    let mut bad_stretches = 0usize;
    let mut offset = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        utf8_characters += valid.chars().filter(|c| c.len_utf8() > 1).count();
        for (at, _) in valid.match_indices('\n') {
            line += 1;
            line_start = offset + at + 1;
        }
        offset += valid.len();
        if !chunk.invalid().is_empty() {
            bad_stretches += 1;
            let column = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count() as u32
                + 1;
            if bad_lines.last().is_none_or(|(l, _)| *l != line) {
                bad_lines.push((line, column));
            }
            offset += chunk.invalid().len();
        }
    }
    if utf8_characters < 2 * bad_stretches.max(1) {
        return None;
    }
    let (first_line, first_column) = bad_lines[0];
    let mut lines: Vec<String> = bad_lines
        .iter()
        .take(5)
        .map(|(l, _)| l.to_string())
        .collect();
    if bad_lines.len() > 5 {
        lines.push(format!("and {} more", bad_lines.len() - 5));
    }
    let text = String::from_utf8_lossy(bytes);
    Some(
        Diagnostic::error(
            file,
            format!(
                "the file is UTF-8 text except on line {} (bytes in another encoding, such as a line pasted from a GBK file)",
                lines.join(", ")
            ),
        )
        .at(Some(crate::diagnostic::Position {
            line: first_line,
            column: first_column,
        }))
        .hint("retype the text of those lines, or fix them in an editor that shows the encoding (Notepad, WPS, VS Code) and save the file as UTF-8")
        .with_source(&text),
    )
}

/// True when at least one character is a CJK ideograph or full-width punctuation.
fn looks_like_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom() {
        let d = decode(Path::new("a.yaml"), b"\xEF\xBB\xBFkind: x").unwrap();
        assert_eq!(d.text, "kind: x");
        assert!(d.warning.is_none());
    }

    #[test]
    fn decodes_gbk_with_warning() {
        let (bytes, _, _) = encoding_rs::GBK.encode("标题: 科技局工作总结\n");
        let d = decode(Path::new("a.yaml"), &bytes).unwrap();
        assert_eq!(d.text, "标题: 科技局工作总结\n");
        let w = d.warning.unwrap().to_string();
        assert!(w.contains("GBK/GB18030"), "{w}");
        assert!(w.contains("iconv -f GB18030 -t UTF-8"), "{w}");
    }

    #[test]
    fn rejects_binary() {
        let e = decode(Path::new("a.docx"), b"PK\x03\x04\xff\xff\x00\x80").unwrap_err();
        assert!(e.message.contains("not UTF-8"));
    }

    #[test]
    fn rejects_utf16() {
        let e = decode(Path::new("a.yaml"), b"\xFF\xFEk\0").unwrap_err();
        assert!(e.message.contains("UTF-16"));
    }
}
