//! Reading a data file's bytes as text: UTF-8 (with or without BOM), or GB18030/GBK decoded with a warning.

use crate::diagnostic::Diagnostic;
use std::path::Path;

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
