//! Markdown escaping of data values, so text like `5*3=15`, `# `, `<script>` or `1. ` comes out literally.

/// Escape `text` so Markdown shows it exactly as written. Line starts that would begin a
/// heading, list, quote or code block are neutralised; inline markup characters are
/// backslash-escaped; leading spaces (ASCII and 全角) on each line are dropped, since the
/// renderer indents paragraphs itself.
pub fn escape_markdown(text: &str) -> String {
    escape_with(text, false)
}

/// Like [`escape_markdown`], but `**strong**` pairs stay Markdown, so data may bold a phrase.
pub fn escape_markdown_keep_strong(text: &str) -> String {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_strong: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line
            .trim_start_matches([' ', '\t', '\u{3000}'])
            .trim_end_matches('\r');
        escape_line_start(line, &mut out);
        escape_inline(&line[line_start_len(line)..], keep_strong, &mut out);
    }
    out
}

/// The byte length of the line-start construct that would make Markdown read `line` as a
/// heading, quote, list item or setext underline; 0 when the line starts as plain text.
fn line_start_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let ends_marker = |at: usize| matches!(bytes.get(at), None | Some(b' ' | b'\t'));
    match bytes.first() {
        Some(b'>') => 1,
        // gongwen's own attachment fence (`::: 附件2`, `:::`).
        Some(b':') if line.starts_with(":::") => 1,
        Some(b'#') => {
            let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
            if ends_marker(hashes) { 1 } else { 0 }
        }
        Some(b'+' | b'-' | b'*') if ends_marker(1) => 1,
        Some(&c @ (b'-' | b'=')) if bytes.iter().all(|&b| b == c || b == b' ') => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 && ends_marker(digits + 1) => digits + 1,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Write the escaped form of the line-start construct measured by `line_start_len`.
fn escape_line_start(line: &str, out: &mut String) {
    let len = line_start_len(line);
    if len > 0 {
        out.push_str(&line[..len - 1]);
        out.push('\\');
        out.push_str(&line[len - 1..len]);
    }
}

fn escape_inline(text: &str, keep_strong: bool, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_strong
            && rest.starts_with("**")
            && let Some(end) = strong_end(&rest[2..])
        {
            out.push_str("**");
            escape_inline(&rest[2..2 + end], false, out);
            out.push_str("**");
            rest = &rest[2 + end + 2..];
            continue;
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&rest[1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Where a `**strong**` span that starts here ends: non-empty, no surrounding spaces, no newline.
fn strong_end(text: &str) -> Option<usize> {
    let end = text.find("**")?;
    let inner = &text[..end];
    let ok = !inner.is_empty()
        && !inner.starts_with(char::is_whitespace)
        && !inner.ends_with(char::is_whitespace)
        && !inner.contains('*');
    ok.then_some(end)
}

fn looks_like_entity(after_ampersand: &str) -> bool {
    let name: String = after_ampersand
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && after_ampersand[name.len()..].starts_with(';')
}

/// Text for one table cell: line breaks become spaces, `|` is escaped.
pub fn escape_table_cell(text: &str) -> String {
    let flat: String = text
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    escape_markdown(flat.trim())
}

/// A YAML scalar for front matter: plain when that reads back unchanged, double-quoted otherwise.
pub fn yaml_scalar(text: &str) -> String {
    let iso_date = text.len() == 10
        && crate::data::date::Date::parse(text).is_ok_and(|d| d.to_string() == text);
    let plain_ok = iso_date
        || !text.is_empty()
            && !text.starts_with(|c: char| {
                c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`~0123456789.+".contains(c)
            })
            && !text.ends_with(char::is_whitespace)
            && !text.contains(": ")
            && !text.contains(" #")
            && !text.contains('\n')
            && !text.ends_with(':')
            && !matches!(
                text.to_lowercase().as_str(),
                "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "y" | "n"
            );
    if plain_ok {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    /// Rendering the escaped text as Markdown must give back the original characters.
    fn round_trip(text: &str) -> String {
        let escaped = escape_markdown(text);
        Parser::new(&escaped)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak => Some("\n".into()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn special_text_comes_out_literally() {
        for text in [
            "5*3=15",
            "# 不是标题",
            "<script>alert(1)</script>",
            "1. 不是列表",
            "- 不是列表",
            "a_b_c",
            "[链接](x)",
            "R&D",
            "&amp;",
            "`code`",
            "> 引用",
            "2) 第二",
            "| a | b |",
            "~~删~~",
            "\\",
            "===",
        ] {
            assert_eq!(round_trip(text), text, "escaped: {}", escape_markdown(text));
        }
    }

    #[test]
    fn plain_chinese_is_untouched() {
        let t = "全社会R&D经费支出45.6亿元，比上年增长13.4%。";
        assert_eq!(escape_markdown(t), t);
    }

    #[test]
    fn strong_can_be_kept() {
        assert_eq!(
            escape_markdown_keep_strong("**加粗**与5*3"),
            "**加粗**与5\\*3"
        );
        assert_eq!(
            escape_markdown_keep_strong("** 不是 **"),
            "\\*\\* 不是 \\*\\*"
        );
    }

    #[test]
    fn leading_spaces_are_dropped() {
        assert_eq!(
            escape_markdown("\u{3000}\u{3000}正文\n    第二行"),
            "正文\n第二行"
        );
    }

    #[test]
    fn yaml_scalars_read_back() {
        for text in [
            "2022-07-12",
            "阳江市科学技术局",
            "0982",
            "a: b",
            "- x",
            "true",
            "渝科局函〔2022〕301号",
            "\"q\"",
            "",
        ] {
            let line = format!("k: {}\n", yaml_scalar(text));
            let map: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&line).unwrap_or_default();
            assert_eq!(
                map.get("k").map(String::as_str).unwrap_or(""),
                text,
                "{line}"
            );
        }
    }
}

#[cfg(test)]
mod fence_tests {
    use super::*;

    #[test]
    fn an_attachment_fence_in_data_is_text() {
        assert_eq!(
            escape_markdown("说明\n::: 附件九\n:::"),
            "说明\n\\::: 附件九\n\\:::"
        );
    }
}
