//! `gongwen check`: warnings for unfilled placeholders of copied drafts (xx, ××, 某某, □ …) and for encoding damage.

use crate::diagnostic::{Diagnostic, Position};
use std::path::Path;

/// Placeholders that clerks leave in copied drafts, with what they usually stand for.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("××", "a name or number"),
    ("某某", "a name"),
    ("□", "a tick box or missing character"),
    ("〇〇", "a number"),
    ("ＸＸ", "a name or number"),
];

/// Scan `text` (a data file or Markdown) for placeholders and damage. Comment lines are skipped.
pub fn scan_placeholders(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start();
        if content.starts_with('#') && file.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let mut warn = |byte: usize, what: String, hint: &str| {
            let column = line[..byte].chars().count() as u32 + 1;
            found.push(
                Diagnostic::warning(file, what)
                    .at(Some(Position {
                        line: index as u32 + 1,
                        column,
                    }))
                    .hint(hint)
                    .with_source(text),
            );
        };
        for (pattern, meaning) in PLACEHOLDERS {
            if let Some(byte) = line.find(pattern) {
                warn(
                    byte,
                    format!("unfilled placeholder `{pattern}` (stands for {meaning})"),
                    "replace it with the real value before the document goes out",
                );
            }
        }
        if let Some((byte, run)) = find_x_run(line) {
            warn(
                byte,
                format!("unfilled placeholder `{run}`"),
                "replace it with the real figure or name, e.g. 2024年 for xxxx年",
            );
        }
        if let Some(byte) = find_star_count(line) {
            let end = line[byte..]
                .char_indices()
                .nth(2)
                .map_or(line.len(), |(i, _)| byte + i);
            warn(
                byte,
                format!("unfilled placeholder `{}`", &line[byte..end]),
                "replace * with the real number",
            );
        }
        if let Some(byte) = line.find('\u{FFFD}') {
            warn(
                byte,
                "the text holds U+FFFD (�), a character lost in an encoding conversion".into(),
                "retype the damaged characters from the original document",
            );
        }
        if let Some(byte) = find_question_run(line) {
            warn(
                byte,
                "a run of question marks, usually Chinese text damaged by a wrong encoding".into(),
                "retype the damaged characters from the original document",
            );
        }
    }
    found
}

/// `xx`, `XX`, `xxxx` standing alone or before a CJK unit (xxxx年, xx家), not inside a Latin word.
fn find_x_run(line: &str) -> Option<(usize, String)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if c == 'x' || c == 'X' {
            let mut j = i;
            while j < chars.len() && chars[j].1 == c {
                j += 1;
            }
            let before_ok = i == 0 || !chars[i - 1].1.is_ascii_alphanumeric();
            let after_ok = j == chars.len() || !chars[j].1.is_ascii_alphanumeric();
            if j - i >= 2 && before_ok && after_ok {
                let end = chars.get(j).map_or(line.len(), |(b, _)| *b);
                let unit = chars
                    .get(j)
                    .filter(|(_, c)| (*c as u32) >= 0x4E00)
                    .map(|(_, c)| c.to_string())
                    .unwrap_or_default();
                return Some((byte, format!("{}{unit}", &line[byte..end])));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// `*个`, `*家`, `*亿元`: an asterisk standing for a number before a CJK unit (not `5*3`).
fn find_star_count(line: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    chars.iter().enumerate().find_map(|(i, &(byte, c))| {
        let before_ok = i == 0
            || !chars[i - 1].1.is_ascii_alphanumeric()
                && chars[i - 1].1 != '*'
                && chars[i - 1].1 != '\\';
        let next = chars.get(i + 1).map(|(_, c)| *c);
        (c == '*' && before_ok && next.is_some_and(|n| (n as u32) >= 0x4E00 && n != '*'))
            .then_some(byte)
    })
}

fn find_question_run(line: &str) -> Option<usize> {
    ["???", "？？？", "??"]
        .iter()
        .filter_map(|p| line.find(p))
        .min()
        .filter(|&b| {
            // `??` only counts next to Chinese text, where it is almost always damage.
            let rest = &line[b..];
            let before = line[..b].chars().last();
            let after = rest.chars().nth(2);
            rest.starts_with("???")
                || rest.starts_with("？？？")
                || before.is_some_and(|c| !c.is_ascii())
                || after.is_some_and(|c| !c.is_ascii())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<String> {
        scan_placeholders(Path::new("a.yaml"), text)
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(scan("intro: xxxx年，市科技局\n").len(), 1);
        assert!(scan("intro: xxxx年，市科技局\n")[0].contains("xxxx年"));
        assert_eq!(scan("a: 共XX家\n").len(), 1);
        assert_eq!(scan("a: 新增*个平台\n").len(), 1);
        assert_eq!(scan("a: 某某同志\n").len(), 1);
        assert_eq!(scan("a: ××局\n").len(), 1);
        assert_eq!(scan("a: □是 □否\n").len(), 1);
        assert_eq!(scan("a: 专账、??顚S?\n").len(), 1);
        assert_eq!(scan("a: 损坏\u{FFFD}字\n").len(), 1);
    }

    #[test]
    fn leaves_real_text_alone() {
        assert!(scan("a: 5*3=15，Linux、Xbox、xml\nb: 2020年\n# xx in a comment\n").is_empty());
    }
}
