//! Markdown (with YAML front matter) → Document, through pulldown-cmark's event stream.

use super::model::*;
use crate::data::date::Date;
use crate::diagnostic::{Diagnostic, Position};
use crate::layout::chars::is_cjk;
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::Path;

/// The class that marks a run-in heading: `## （一）标题。 {.run-in}`.
pub const RUN_IN_CLASS: &str = "run-in";

/// Split `---` front matter from the body. Returns (front matter text, its first line number, body).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((&rest[..offset], 2, &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Parse a Markdown document. `file` names it in errors.
pub fn parse_document(file: &Path, markdown: &str) -> Result<Document, Diagnostic> {
    let Some((front_text, first_line, body)) = split_front_matter(markdown) else {
        return Err(Diagnostic::error(file, "the Markdown has no front matter (the `---` block with title, date …)")
            .at(Some(Position { line: 1, column: 1 }))
            .hint("start the file with:\n---\ntitle: 关于……的报告\nsignature: 发文机关\ndate: 2024-06-30\n---"));
    };
    let front: FrontMatter = serde_saphyr::from_str(front_text)
        .map_err(|e| front_matter_error(file, markdown, first_line, &e))?;
    let parse_date = |key: &str, text: &Option<String>| -> Result<Option<Date>, Diagnostic> {
        let Some(text) = text else { return Ok(None) };
        Date::parse(text).map(Some).map_err(|problem| {
            // At the value, after "key: ".
            let at = key_line(markdown, key).map(|line| Position {
                line,
                column: key.chars().count() as u32 + 3,
            });
            Diagnostic::error(file, format!("`{text}` is not a valid date: {problem}"))
                .at(at)
                .field(key)
                .hint(format!(
                    "write the date as YYYY-MM-DD, e.g. `{key}: 2022-07-12`"
                ))
                .with_source(markdown)
        })
    };
    if let Err((key, message, hint)) = front.check() {
        let at = key_line(markdown, key).map(|line| Position { line, column: 1 });
        return Err(Diagnostic::error(file, message)
            .at(at)
            .field(key)
            .hint(hint)
            .with_source(markdown));
    }
    let date = parse_date("date", &front.date)?;
    let printed_on = parse_date("printed_on", &front.printed_on)?;
    if front.title.trim().is_empty() {
        return Err(
            Diagnostic::error(file, "the front matter's `title` is empty")
                .field("title")
                .hint("write the document's title, e.g. `title: 关于……的报告`"),
        );
    }
    let body_line = markdown[..markdown.len() - body.len()].lines().count() as u32 + 1;
    let at_line = |line: u32, message: String, hint: &str| {
        Diagnostic::error(file, message)
            .at(Some(Position {
                line: body_line + line,
                column: 1,
            }))
            .field("attachments")
            .hint(hint)
            .with_source(markdown)
    };
    if let Some((line, label)) = first_footnote(body) {
        return Err(Diagnostic::error(
            file,
            format!("a footnote ({label}): a 公文 has no footnotes, and it would be lost"),
        )
        .at(Some(Position {
            line: body_line + line,
            column: 1,
        }))
        .hint("write the note into the text, in brackets (（注：……）), or in an attachment")
        .with_source(markdown));
    }
    let (main, pages) = split_attachments(body).map_err(|stray| match stray {
        Stray::Text(line) => at_line(
            line,
            "text after an attachment's closing `:::` belongs to no attachment".into(),
            "move it above the first `::: 附件` line, or into an attachment's block",
        ),
        Stray::Label(line, label) => at_line(
            line,
            format!("`::: {label}` does not number its attachment"),
            "write the number in digits, as in `::: 附件2`",
        ),
    })?;
    let mut attachments = Vec::new();
    for page in pages {
        let names = front.attachments.len();
        if page.number == 0 || page.number > names {
            let listed = if names == 0 {
                "the front matter lists no attachments".to_string()
            } else {
                format!("the front matter lists {names} attachment(s)")
            };
            return Err(at_line(
                page.line,
                format!("`::: 附件{}` names no attachment: {listed}", page.number),
                "number the block by the attachment's place in `attachments:`, from 1 (`::: 附件1`)",
            ));
        }
        if attachments
            .iter()
            .any(|a: &AttachmentPage| a.number == page.number)
        {
            return Err(at_line(
                page.line,
                format!("a second `::: 附件{}` block", page.number),
                "give each attachment one block",
            ));
        }
        attachments.push(AttachmentPage {
            number: page.number,
            blocks: parse_blocks(page.text),
        });
    }
    Ok(Document {
        front,
        date,
        printed_on,
        blocks: parse_blocks(main),
        attachments,
        seal_image: None,
        markdown: markdown.to_string(),
    })
}

/// An attachment block of the body: `::: 附件N` on a line of its own, then Markdown up to a
/// line `:::`, the next `::: 附件N` or the end.
struct AttachmentBlock<'a> {
    number: usize,
    /// Its opening line, counted from the body's first line (0).
    line: u32,
    text: &'a str,
}

/// What an attachment block's lines may not hold: text outside any block after the first one,
/// or an opening line without a number in digits (the line, from the body's first, 0).
enum Stray {
    Text(u32),
    Label(u32, String),
}

/// The body before the first attachment block, and the blocks.
fn split_attachments(body: &str) -> Result<(&str, Vec<AttachmentBlock<'_>>), Stray> {
    let mut main_end = body.len();
    let mut blocks: Vec<AttachmentBlock> = Vec::new();
    let mut open: Option<(usize, u32, usize)> = None;
    let mut seen_block = false;
    let mut offset = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let n = n as u32;
        let trimmed = line.trim();
        let label = trimmed
            .strip_prefix(":::")
            .map(str::trim)
            .filter(|rest| rest.starts_with("附件"));
        let opening = match label {
            Some(label) => match label["附件".len()..].trim() {
                // `::: 附件` alone: the first (where there is one, the only) attachment.
                "" => Some(1),
                digits => match digits.parse::<usize>() {
                    Ok(number) => Some(number),
                    Err(_) => return Err(Stray::Label(n, label.to_string())),
                },
            },
            None => None,
        };
        let closing = trimmed == ":::";
        if opening.is_some() || closing {
            if let Some((number, at, start)) = open.take() {
                blocks.push(AttachmentBlock {
                    number,
                    line: at,
                    text: &body[start..offset],
                });
            }
            if let Some(number) = opening {
                main_end = main_end.min(offset);
                open = Some((number, n, offset + line.len()));
                seen_block = true;
            }
        } else if seen_block && open.is_none() && !trimmed.is_empty() {
            return Err(Stray::Text(n));
        }
        offset += line.len();
    }
    if let Some((number, line, start)) = open {
        blocks.push(AttachmentBlock {
            number,
            line,
            text: &body[start..],
        });
    }
    Ok((&body[..main_end], blocks))
}

/// The line (from 1) where the front matter in `markdown` gives `key`.
fn key_line(markdown: &str, key: &str) -> Option<u32> {
    let prefix = format!("{key}:");
    markdown
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i as u32 + 1)
}

fn front_matter_error(
    file: &Path,
    markdown: &str,
    first_line: usize,
    e: &serde_saphyr::Error,
) -> Diagnostic {
    let mut d = crate::data::yaml::typed_error(file, markdown, first_line, e);
    d.message = format!("front matter: {}", d.message);
    if d.message.contains("missing field") {
        d = d.hint("the front matter needs at least `title:`");
    }
    d
}

#[derive(Default)]
struct InlineCollector {
    inlines: Vec<Inline>,
    bold: usize,
    italic: usize,
}

impl InlineCollector {
    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.inlines.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
            _ => self.inlines.push(Inline {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }

    /// A soft line break: nothing between CJK characters, a space otherwise.
    fn soft_break(&mut self, next: Option<char>) {
        let prev = self.inlines.last().and_then(|i| i.text.chars().last());
        match (prev, next) {
            (Some(p), Some(n)) if is_cjk(p) || is_cjk(n) => {}
            (Some(_), _) => self.push(" "),
            _ => {}
        }
    }

    fn take(&mut self) -> Vec<Inline> {
        std::mem::take(&mut self.inlines)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        _ => 4,
    }
}

/// The first footnote of `body` (a `[^1]` reference or its definition): the line it is on
/// (from 0) and how it is written.
fn first_footnote(body: &str) -> Option<(u32, String)> {
    if !body.contains("[^") {
        return None;
    }
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
    parser.into_offset_iter().find_map(|(event, range)| {
        let label = match event {
            Event::FootnoteReference(label) => format!("[^{label}]"),
            Event::Start(Tag::FootnoteDefinition(label)) => format!("[^{label}]:"),
            _ => return None,
        };
        Some((body[..range.start].matches('\n').count() as u32, label))
    })
}

/// Turn the Markdown body into blocks.
pub fn parse_blocks(body: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(body, options).collect();
    let mut blocks = Vec::new();
    let mut text = InlineCollector::default();
    let mut pending_run_in: Option<RunIn> = None;
    let mut heading: Option<(u8, bool)> = None;
    // Per open list: ordered, the number of its next item to go out, its items not yet out, and
    // whether the open item holds a list.
    let mut list_stack: Vec<(bool, u64, Vec<Vec<Inline>>, bool)> = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Vec<Vec<Inline>> = Vec::new();
    let mut in_head = false;
    let mut i = 0;
    while i < events.len() {
        let next_char = || {
            events[i + 1..].iter().find_map(|e| match e {
                Event::Text(t) | Event::Code(t) => t.chars().next(),
                _ => None,
            })
        };
        match &events[i] {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                flush_paragraph(&mut text, &mut pending_run_in, &mut blocks);
                heading = Some((
                    heading_level(*level),
                    classes.iter().any(|c| c.as_ref() == RUN_IN_CLASS),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let content = trim_inlines(text.take());
                if let Some((level, run_in)) = heading.take() {
                    if run_in {
                        pending_run_in = Some(RunIn { level, content });
                    } else {
                        blocks.push(Block::Heading { level, content });
                    }
                }
            }
            Event::Start(Tag::Paragraph) => {}
            // Inside a list item, paragraphs keep collecting into the item.
            Event::End(TagEnd::Paragraph) if list_stack.is_empty() => {
                let content = trim_inlines(text.take());
                blocks.push(Block::Paragraph {
                    run_in: pending_run_in.take(),
                    content,
                });
            }
            // A list inside an item becomes a list of its own, between the parent's items
            // before and after it, and every item keeps the number its author gave it: the
            // parent's items so far go out as one list, the nested list as the next, any text
            // of the item after the nested list as a paragraph, and the parent's later items
            // as a list that numbers on from where the first stopped.
            Event::Start(Tag::List(start)) => {
                match list_stack.last_mut() {
                    Some((ordered, next, items, nested)) => {
                        let content = trim_inlines(text.take());
                        if !content.is_empty() {
                            items.push(content);
                        }
                        if !items.is_empty() {
                            let items = std::mem::take(items);
                            let start = *next;
                            *next += items.len() as u64;
                            blocks.push(Block::List {
                                ordered: *ordered,
                                start,
                                items,
                            });
                        }
                        *nested = true;
                    }
                    None => flush_paragraph(&mut text, &mut pending_run_in, &mut blocks),
                }
                list_stack.push((start.is_some(), start.unwrap_or(1), Vec::new(), false));
            }
            Event::Start(Tag::Item) => {
                if let Some((_, _, _, nested)) = list_stack.last_mut() {
                    *nested = false;
                }
            }
            Event::End(TagEnd::Item) => {
                let content = trim_inlines(text.take());
                match list_stack.last_mut() {
                    // The item's text after its nested list.
                    Some((_, _, _, true)) if !content.is_empty() => {
                        blocks.push(Block::Paragraph {
                            run_in: None,
                            content,
                        });
                    }
                    Some((_, _, _, true)) => {}
                    Some((_, _, items, false)) => items.push(content),
                    None => {}
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, start, items, _)) = list_stack.pop()
                    && !items.is_empty()
                {
                    blocks.push(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            Event::Start(Tag::Table(align)) => {
                flush_paragraph(&mut text, &mut pending_run_in, &mut blocks);
                let align = align
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::Default,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                table = Some(Table {
                    align,
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let Some(t) = table.as_mut() {
                    t.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableCell) => row.push(trim_inlines(text.take())),
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), false) = (table.as_mut(), in_head) {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    blocks.push(Block::Table(t));
                }
            }
            Event::Start(Tag::Strong) => text.bold += 1,
            Event::End(TagEnd::Strong) => text.bold = text.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => text.italic += 1,
            Event::End(TagEnd::Emphasis) => text.italic = text.italic.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push(t),
            Event::SoftBreak => text.soft_break(next_char()),
            Event::HardBreak => text.push("\n"),
            Event::Rule => {
                flush_paragraph(&mut text, &mut pending_run_in, &mut blocks);
                blocks.push(Block::PageBreak);
            }
            Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::HtmlBlock)
            | Event::End(TagEnd::BlockQuote(_)) => {
                flush_paragraph(&mut text, &mut pending_run_in, &mut blocks);
            }
            _ => {}
        }
        i += 1;
    }
    flush_paragraph(&mut text, &mut pending_run_in, &mut blocks);
    blocks
}

/// Emit text collected outside a paragraph (code blocks, raw HTML) as a paragraph of its own,
/// and a run-in heading that no paragraph followed as a heading of its own.
fn flush_paragraph(
    text: &mut InlineCollector,
    pending_run_in: &mut Option<RunIn>,
    blocks: &mut Vec<Block>,
) {
    let content = trim_inlines(text.take());
    if !content.is_empty() {
        blocks.push(Block::Paragraph {
            run_in: pending_run_in.take(),
            content,
        });
    } else if let Some(run_in) = pending_run_in.take() {
        blocks.push(Block::Heading {
            level: run_in.level,
            content: run_in.content,
        });
    }
}

/// Drop leading and trailing white space (and the line breaks of code blocks) from a run.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(first) = inlines.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = inlines.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    inlines.retain(|i| !i.text.is_empty());
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        parse_document(Path::new("t.md"), md).unwrap()
    }

    #[test]
    fn front_matter_and_blocks() {
        let d = doc(
            "---\ntitle: 关于……的报告\nsignature: 阳江市科学技术局\ndate: 2019-06-27\ncc: [市委办]\n---\n\n# 一、工作情况\n\n## （一）政策完善。 {.run-in}\n\n市委高度\n重视。**重点**工作\n\n| 指标 | 数值 |\n|---|---:|\n| 企业 | 71家 |\n",
        );
        assert_eq!(d.front.title, "关于……的报告");
        assert_eq!(
            d.date,
            Some(Date {
                year: 2019,
                month: 6,
                day: 27
            })
        );
        assert_eq!(
            d.blocks[0],
            Block::Heading {
                level: 1,
                content: vec![Inline::plain("一、工作情况")]
            }
        );
        let Block::Paragraph {
            run_in: Some(run_in),
            content,
        } = &d.blocks[1]
        else {
            panic!("{:?}", d.blocks[1])
        };
        assert_eq!(plain_text(&run_in.content), "（一）政策完善。");
        assert_eq!(plain_text(content), "市委高度重视。重点工作");
        assert!(content[1].bold);
        let Block::Table(t) = &d.blocks[2] else {
            panic!()
        };
        assert_eq!(t.align[1], Align::Right);
        assert_eq!(plain_text(&t.rows[0][1]), "71家");
    }

    #[test]
    fn escaped_text_is_literal() {
        let d = doc("---\ntitle: t\n---\n5\\*3=15 \\<script\\> \\# x\n\n1\\. 不是列表\n");
        assert_eq!(
            plain_text(match &d.blocks[0] {
                Block::Paragraph { content, .. } => content,
                _ => panic!(),
            }),
            "5*3=15 <script> # x"
        );
        assert!(
            matches!(&d.blocks[1], Block::Paragraph { content, .. } if plain_text(content) == "1. 不是列表")
        );
    }

    #[test]
    fn front_matter_errors_name_the_field() {
        let e =
            parse_document(Path::new("t.md"), "---\ntitle: t\nsignatur: 局\n---\n").unwrap_err();
        assert!(e.message.contains("signatur"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.line), Some(3));
        assert!(e.hint.unwrap().contains("signature"));
        let e = parse_document(Path::new("t.md"), "---\ntitle: t\ndate: 2022-02-30\n---\n")
            .unwrap_err();
        assert!(e.message.contains("not a valid date"));
        assert!(parse_document(Path::new("t.md"), "# 无前言\n").is_err());
    }

    #[test]
    fn run_in_without_paragraph_stays_a_heading() {
        let d = doc("---\ntitle: t\n---\n## （一）甲。 {.run-in}\n\n## （二）乙\n\n正文\n");
        assert_eq!(
            d.blocks[0],
            Block::Heading {
                level: 2,
                content: vec![Inline::plain("（一）甲。")]
            }
        );
        assert_eq!(
            d.blocks[1],
            Block::Heading {
                level: 2,
                content: vec![Inline::plain("（二）乙")]
            }
        );
        assert!(matches!(
            &d.blocks[2],
            Block::Paragraph { run_in: None, .. }
        ));
    }

    #[test]
    fn lists_keep_items() {
        let d = doc("---\ntitle: t\n---\n1. 甲\n2. 乙\n");
        assert_eq!(
            d.blocks,
            vec![Block::List {
                ordered: true,
                start: 1,
                items: vec![vec![Inline::plain("甲")], vec![Inline::plain("乙")]]
            }]
        );
    }

    #[test]
    fn attachment_blocks_become_pages_and_a_stray_number_is_an_error() {
        let d = doc(
            "---\ntitle: t\nattachments: [甲, 乙]\n---\n\n正文。\n\n::: 附件2\n\n乙的正文。\n\n:::\n\n::: 附件1\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(d.blocks.len(), 1);
        let numbers: Vec<usize> = d.attachments.iter().map(|a| a.number).collect();
        assert_eq!(numbers, [2, 1]);
        assert!(matches!(&d.attachments[1].blocks[..], [Block::Table(_)]));
        let bad = parse_document(
            Path::new("x.md"),
            "---\ntitle: t\nattachments: [甲]\n---\n\n正文。\n\n::: 附件3\n\n文。\n",
        )
        .unwrap_err();
        assert_eq!(bad.position.map(|p| p.line), Some(8));
        assert!(bad.message.contains("附件3"), "{}", bad.message);
        assert!(bad.message.contains("1 attachment"), "{}", bad.message);
    }

    #[test]
    fn text_after_a_closing_fence_or_a_label_without_digits_is_an_error() {
        let stray = parse_document(
            Path::new("x.md"),
            "---\ntitle: t\nattachments: [甲, 乙]\n---\n\n正文。\n\n::: 附件1\n\n甲。\n\n:::\n\n这段属于谁？\n\n::: 附件2\n\n乙。\n",
        )
        .unwrap_err();
        assert_eq!(stray.position.map(|p| p.line), Some(14));
        assert!(
            stray.message.contains("belongs to no attachment"),
            "{}",
            stray.message
        );
        let label = parse_document(
            Path::new("x.md"),
            "---\ntitle: t\nattachments: [甲]\n---\n\n正文。\n\n::: 附件九\n\n甲。\n",
        )
        .unwrap_err();
        assert!(label.message.contains("`::: 附件九`"), "{}", label.message);
        assert_eq!(label.position.map(|p| p.line), Some(8));
    }

    #[test]
    fn front_matter_values_are_checked_as_data_files_are() {
        for (line, field) in [
            ("secrecy: 秘蜜", "secrecy"),
            ("urgency: 很急", "urgency"),
            ("copy_number: '12345678'", "copy_number"),
            ("org_mark: ['', 某局]", "org_mark"),
            ("secrecy_term: 1年", "secrecy_term"),
        ] {
            let e = parse_document(
                Path::new("x.md"),
                &format!("---\ntitle: t\n{line}\n---\n\n正文。\n"),
            )
            .unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{line}: {}", e.message);
            assert_eq!(e.position.map(|p| p.line), Some(3), "{line}");
        }
    }
}
