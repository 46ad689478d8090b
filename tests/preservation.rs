//! Text preservation: for random data, every character of it appears, in order, in the
//! Markdown, in the DOCX's text and in the PDF's text layer (`pdftotext -raw`).
//!
//! Exceptions, the only ones allowed (each is documented in the README's table of inputs):
//! - white space: line breaks and spaces are the layout's (a paragraph's lines end where the
//!   grid ends them; pdftotext adds and drops spaces);
//! - what gongwen adds (escapes in the Markdown, headings' numbers, the date, page numbers)
//!   is allowed between the data's characters;
//! - a paragraph's closing punctuation (。；，、：.!? and their ASCII forms) is the template's
//!   to set: the built-in templates end each item's text with 。 (the `end_with` filter).

mod common;

use common::{in_ci, tool_available};
use gongwen::{Checks, Format, Renderers, Style, TemplateSource, Templates, draft_data};
use proptest::prelude::*;
use std::io::Read;
use std::path::Path;

/// Characters a bureau's data holds: common 汉字, full-width and ASCII punctuation, digits,
/// Latin letters, and the characters Markdown gives a meaning to.
const ALPHABET: &str = "科技局创新企业发展项目资金政策服务人才平台建设推进完成目标增长提高年度重点工作落实\
，。、；：？！“”‘’（）《》【】……——·%0123456789ABCXYZabcxyz.-+/*_#[]`|\\<>&@!=~^$";

/// What a built-in template replaces at the end of a paragraph (with 。).
const CLOSING_MARKS: &[char] = &[
    '。', '；', ';', '，', ',', '、', '：', ':', '.', '！', '!', '？', '?', ' ', '\u{3000}',
];

fn text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), 1..120)
        .prop_map(|cs| cs.into_iter().collect())
}

/// A work summary whose achievements hold `texts`, as YAML (the texts as JSON strings, which
/// YAML reads as double-quoted scalars).
fn data_file(texts: &[String]) -> String {
    let mut yaml = String::from(
        "kind: work-summary\nmeta: {org: 某局, title: 工作总结, date: 2024-06-30}\nachievements:\n",
    );
    for (n, text) in texts.iter().enumerate() {
        yaml += &format!(
            "  - title: {}\n    text: {}\n",
            serde_json::to_string(&format!("第{n}项")).unwrap(),
            serde_json::to_string(text).unwrap()
        );
    }
    yaml
}

/// The characters of `text` but white space.
fn visible(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `wanted`'s characters appear in `found` in order (others may come between).
fn in_order(wanted: &[char], found: &[char]) -> Result<(), String> {
    let mut at = 0;
    for (n, c) in wanted.iter().enumerate() {
        match found[at..].iter().position(|f| f == c) {
            Some(p) => at += p + 1,
            None => {
                let before: String = wanted[n.saturating_sub(10)..n].iter().collect();
                return Err(format!("「{c}」 (after 「{before}」) is missing"));
            }
        }
    }
    Ok(())
}

/// The text of a DOCX's body: its runs' text in order.
fn docx_text(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start + 4..];
        // <w:t> or <w:t xml:space="preserve">, not <w:tab/>, <w:tbl> …
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let open_end = rest.find('>').unwrap();
        let close = rest.find("</w:t>").unwrap();
        text += &rest[open_end + 1..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        rest = &rest[close..];
    }
    text
}

fn renderers() -> Option<Renderers> {
    let (renderers, unavailable) = Renderers::for_formats(
        &[Format::Markdown, Format::Docx, Format::Pdf],
        &Style::default(),
    );
    if !unavailable.is_empty() || !tool_available("pdftotext", &["-v"]) {
        assert!(
            !in_ci(),
            "fonts or pdftotext missing in CI: .ci/run installs them"
        );
        eprintln!("SKIPPED: fonts or pdftotext are missing");
        return None;
    }
    Some(renderers)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_character_of_the_data_reaches_every_format(texts in proptest::collection::vec(text(), 1..4)) {
        let Some(renderers) = renderers() else { return Ok(()) };
        let templates = Templates::load(&TemplateSource::default()).unwrap();
        let outcome = draft_data(Path::new("data.yaml"), data_file(&texts).as_bytes(), &templates, Checks::default());
        prop_assert!(!outcome.diagnostics.has_errors(), "{:?}", outcome.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        let draft = &outcome.drafts[0];
        let wanted: Vec<char> = texts
            .iter()
            .flat_map(|t| visible(t.trim_end_matches(CLOSING_MARKS)))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        for (format, bytes) in renderers.render(&draft.document) {
            let bytes = bytes.unwrap();
            let found = match format {
                Format::Markdown => String::from_utf8(bytes).unwrap(),
                Format::Docx => docx_text(&bytes),
                Format::Pdf => {
                    let pdf = dir.path().join("x.pdf");
                    std::fs::write(&pdf, &bytes).unwrap();
                    // -raw: in the order the page draws its text, and without joining a line that
                    // ends with a hyphen to the next (pdftotext's default drops the hyphen).
                    let out = std::process::Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().unwrap();
                    String::from_utf8_lossy(&out.stdout).into_owned()
                }
            };
            if let Err(problem) = in_order(&wanted, &visible(&found)) {
                prop_assert!(false, "{format:?}: {problem}\ndata: {texts:?}\ntext: {found}");
            }
        }
    }
}
