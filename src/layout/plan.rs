//! The element plan of a 公文 — the front (密级, class mark, 发文字号 and 签发人, title, 主送机关),
//! the body (headings, paragraphs, list items, tables) and the closing (附件说明, 落款, 附注,
//! 版记) — in order, each with its wording, faces, alignment, indents and keeps: decided once,
//! read by the page layout and by the DOCX writer alike.

use crate::document::model::{Block, DocFormat, Document, Inline, Table};
use crate::document::wording::list_marker;
use crate::layout::pages::fonts::Role;
use crate::layout::title::balanced_lines;
use crate::layout::width::text_ems;
use crate::style::{FIRST_LINE_INDENT_CHARS, Style, TWIPS_PER_PT, attachment_indent_chars};
use std::borrow::Cow;

/// What a planned line is, for the DOCX's paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Classification,
    ResultClass,
    DocNumber,
    Addressee,
    Attachment,
    Signature,
    Date,
    Contact,
}

/// How a planned line sits in its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAlign {
    /// Flush left.
    Left,
    /// Justified, the last line flush left.
    Justify,
    /// Flush right against the right indent.
    Right,
}

/// One paragraph of the plan, at the body size (3号).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLine {
    pub kind: LineKind,
    pub text: String,
    /// The face: 仿宋 (body) but for the 密级 and the class mark in 黑体.
    pub role: Role,
    /// Digits and Latin letters in the role's face too (the class mark A/B/C: a line of Latin
    /// metrics alone would sit off the grid in a word processor).
    pub latin_in_face: bool,
    pub align: LineAlign,
    /// Indent from the text block's left edge, in characters of the body size.
    pub left_chars: f64,
    /// Indent from the text block's right edge, in points.
    pub right_pt: f64,
    /// Further indent of the first line, in characters of the body size.
    pub first_chars: f64,
    /// No page break between this line and what follows.
    pub keep_with_next: bool,
}

/// What a body paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// A heading of level 1 (一、) to 4 (（1）).
    Heading(u8),
    /// A paragraph, perhaps opening with a run-in heading.
    Paragraph,
    /// An item of a list, opening with its marker.
    ListItem,
}

/// A run of a body paragraph in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span<'a> {
    pub role: Role,
    pub inlines: Cow<'a, [Inline]>,
}

/// An element of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Element<'a> {
    /// Blank grid lines.
    Blank {
        lines: u32,
        keep_with_next: bool,
    },
    Line(PlannedLine),
    /// An upward document's 发文字号, `indent_chars` in from the left, with the 签发人 as far in
    /// from the right on the same line (the label in 仿宋, the names in 楷体).
    NumberAndSigner {
        number: String,
        signer: Option<String>,
        indent_chars: f64,
    },
    /// The title, 2号小标宋 centred, in its balanced lines.
    Title(Vec<String>),
    /// The 版记 at the foot of the last page, between its rules: the 抄送 line and the line of
    /// the 印发机关 (left) and 印发日期 (right), either or both.
    Imprint {
        cc: Option<String>,
        printed: Option<(String, String)>,
    },
    /// A paragraph of the body: the text block's width, its first line indented 2 characters.
    Body {
        /// The block, and the item of a list, naming the paragraph in the page facts.
        key: (usize, usize),
        kind: BodyKind,
        spans: Vec<Span<'a>>,
        /// No page break after it (a heading).
        keep_with_next: bool,
        /// Kept on the page of the 落款 after it: whole where it can be, else its last line.
        keep_with_closing: bool,
    },
    /// A table, its columns from `crate::layout::columns`.
    Table(&'a Table),
    /// The next element starts a page.
    PageBreak,
}

/// The face a body paragraph of `kind` is set in, which its paragraph style carries.
pub fn body_role(kind: BodyKind) -> Role {
    match kind {
        BodyKind::Heading(level) => Role::heading(level),
        BodyKind::Paragraph | BodyKind::ListItem => Role::Body,
    }
}

/// The body elements of `doc`, in order. The last paragraph keeps with the 落款 after it.
pub fn body(doc: &Document) -> Vec<Element<'_>> {
    let has_closing = doc.has_closing();
    let last = doc.blocks.len().saturating_sub(1);
    let mut plan = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let keep = has_closing && i == last;
        match block {
            Block::Heading { level, content } => plan.push(Element::Body {
                key: (i, 0),
                kind: BodyKind::Heading(*level),
                spans: vec![Span {
                    role: Role::heading(*level),
                    inlines: Cow::Borrowed(content),
                }],
                keep_with_next: true,
                keep_with_closing: false,
            }),
            Block::Paragraph { run_in, content } => {
                let mut spans = Vec::new();
                if let Some(head) = run_in {
                    spans.push(Span {
                        role: Role::heading(head.level),
                        inlines: Cow::Borrowed(&head.content),
                    });
                }
                spans.push(Span {
                    role: Role::Body,
                    inlines: Cow::Borrowed(content),
                });
                plan.push(Element::Body {
                    key: (i, 0),
                    kind: BodyKind::Paragraph,
                    spans,
                    keep_with_next: false,
                    keep_with_closing: keep,
                });
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = Inline::plain(list_marker(*ordered, *start, n));
                    plan.push(Element::Body {
                        key: (i, n),
                        kind: BodyKind::ListItem,
                        spans: vec![
                            Span {
                                role: Role::Body,
                                inlines: Cow::Owned(vec![marker]),
                            },
                            Span {
                                role: Role::Body,
                                inlines: Cow::Borrowed(item),
                            },
                        ],
                        keep_with_next: false,
                        keep_with_closing: keep && n + 1 == items.len(),
                    });
                }
            }
            Block::Table(table) => plan.push(Element::Table(table)),
            Block::PageBreak => plan.push(Element::PageBreak),
        }
    }
    plan
}

/// A flush line in the body face, kept with nothing.
fn line(kind: LineKind, text: String, align: LineAlign) -> PlannedLine {
    PlannedLine {
        kind,
        text,
        role: Role::Body,
        latin_in_face: false,
        align,
        left_chars: 0.0,
        right_pt: 0.0,
        first_chars: 0.0,
        keep_with_next: false,
    }
}

/// The front elements of `doc`, before its body, in order.
pub fn front(doc: &Document, style: &Style) -> Vec<Element<'static>> {
    let front = &doc.front;
    let mut plan = Vec::new();
    if let Some(class) = &front.classification {
        plan.push(Element::Line(PlannedLine {
            role: Role::Heading1,
            ..line(LineKind::Classification, class.clone(), LineAlign::Left)
        }));
    }
    match front.format {
        DocFormat::Letter => {
            if let Some(class) = &front.result_class {
                plan.push(Element::Line(PlannedLine {
                    role: Role::Heading1,
                    latin_in_face: true,
                    ..line(LineKind::ResultClass, class.clone(), LineAlign::Right)
                }));
            }
            if let Some(number) = &front.doc_number {
                plan.push(Element::Line(line(
                    LineKind::DocNumber,
                    number.clone(),
                    LineAlign::Right,
                )));
            }
        }
        DocFormat::Report => {
            if front.doc_number.is_some() || front.signer.is_some() {
                plan.push(Element::NumberAndSigner {
                    number: front.doc_number.clone().unwrap_or_default(),
                    signer: front.signer.clone(),
                    indent_chars: 1.0,
                });
            }
        }
    }
    let after_number = front.blank_lines_after_number();
    if after_number > 0 {
        plan.push(Element::Blank {
            lines: after_number,
            keep_with_next: true,
        });
    }
    let max_ems = style.text_width_pt() / style.sizes.title_pt;
    plan.push(Element::Title(balanced_lines(&front.title, max_ems)));
    plan.push(Element::Blank {
        lines: 1,
        keep_with_next: true,
    });
    if let Some(text) = front.addressee_line() {
        plan.push(Element::Line(line(
            LineKind::Addressee,
            text,
            LineAlign::Justify,
        )));
    }
    plan
}

/// The closing elements of `doc`, after its body, in order.
pub fn closing(doc: &Document, style: &Style) -> Vec<Element<'static>> {
    let front = &doc.front;
    let mut plan = Vec::new();
    if !front.attachments.is_empty() {
        // Kept with what follows, so that the 落款 never stands on a page without body text.
        plan.push(Element::Blank {
            lines: 1,
            keep_with_next: true,
        });
        for (n, text) in front.attachment_lines().into_iter().enumerate() {
            // Further names align under the first name after "附件：".
            let (left_chars, first_chars) = match n {
                0 => (0.0, FIRST_LINE_INDENT_CHARS),
                _ => (attachment_indent_chars(), 0.0),
            };
            plan.push(Element::Line(PlannedLine {
                left_chars,
                first_chars,
                keep_with_next: true,
                ..line(LineKind::Attachment, text, LineAlign::Justify)
            }));
        }
    }
    let date = doc.date.as_ref().map(|d| d.chinese());
    if doc.has_closing() {
        plan.push(Element::Blank {
            lines: style.signature.blank_lines_before,
            keep_with_next: true,
        });
    }
    let body = style.sizes.body_pt;
    let date_right = style.signature.date_right_chars * body;
    if let Some(signature) = &front.signature {
        // 署名 centred over the date: its right edge half the difference in width further in.
        let glyph = body + f64::from(style.condense_twips(body)) / TWIPS_PER_PT;
        let right_pt = match &date {
            Some(date) => date_right + (text_ems(date) - text_ems(signature)) / 2.0 * glyph,
            None => date_right,
        };
        plan.push(Element::Line(PlannedLine {
            right_pt: right_pt.max(0.0),
            keep_with_next: true,
            ..line(LineKind::Signature, signature.clone(), LineAlign::Right)
        }));
    }
    if let Some(date) = date {
        plan.push(Element::Line(PlannedLine {
            right_pt: date_right,
            keep_with_next: front.contact.is_some(),
            ..line(LineKind::Date, date, LineAlign::Right)
        }));
    }
    if let Some(text) = front.contact_line() {
        plan.push(Element::Line(PlannedLine {
            first_chars: FIRST_LINE_INDENT_CHARS,
            ..line(LineKind::Contact, text, LineAlign::Justify)
        }));
    }
    let (cc, printed) = (front.cc_line(), doc.printed_line());
    if cc.is_some() || printed.is_some() {
        plan.push(Element::Imprint { cc, printed });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_document;
    use std::path::Path;

    fn plan(front: &str) -> Vec<Element<'static>> {
        let doc =
            parse_document(Path::new("t.md"), &format!("---\n{front}\n---\n\n正文。\n")).unwrap();
        closing(&doc, &Style::default())
    }

    #[test]
    fn the_closing_in_order_with_the_signature_centred_over_the_date() {
        let elements = plan(
            "title: t\nsignature: 重庆市科学技术局\ndate: 2022-07-12\nattachments: [甲表, 乙表]\ncontact: {name: 张敏, phone: '023-63012345'}\ncc: [市政协]",
        );
        let lines: Vec<&PlannedLine> = elements
            .iter()
            .filter_map(|e| match e {
                Element::Line(line) => Some(line),
                _ => None,
            })
            .collect();
        let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
        use LineKind::*;
        assert_eq!(kinds, [Attachment, Attachment, Signature, Date, Contact]);
        assert_eq!(lines[0].text, "附件：1. 甲表");
        assert_eq!((lines[1].left_chars, lines[1].first_chars), (5.0, 0.0));
        assert!(
            matches!(elements.last(), Some(Element::Imprint { cc: Some(t), printed: None }) if t == "抄送：市政协。")
        );
        // The 署名's middle lies over the date's middle: 重庆市科学技术局 (8 ems) over
        // 2022年7月12日 (6.5 ems of text and 5 autospaces).
        let glyph = 16.0 - 0.25;
        let (sig, date) = (lines[2], lines[3]);
        let middle = |right: f64, ems: f64| right + ems * glyph / 2.0;
        assert!(
            (middle(sig.right_pt, 8.0) - middle(date.right_pt, text_ems("2022年7月12日"))).abs()
                < 1e-9
        );
        assert_eq!(date.right_pt, 4.0 * 16.0);
        // The 附注 keeps with nothing; the date keeps with the 附注.
        assert!(date.keep_with_next && !lines[4].keep_with_next);
    }

    #[test]
    fn the_front_of_a_letter_and_of_a_report() {
        let doc = parse_document(
            Path::new("t.md"),
            "---\ntitle: 关于市政协五届五次会议第0982号提案的复函\nformat: letter\nresult_class: A\ndoc_number: 渝科局函〔2022〕301号\naddressee: 王委员\n---\n\n正文。\n",
        )
        .unwrap();
        let plan = front(&doc, &Style::default());
        let Element::Line(class) = &plan[0] else {
            panic!("{plan:?}")
        };
        assert_eq!(
            (class.kind, class.role, class.latin_in_face),
            (LineKind::ResultClass, Role::Heading1, true)
        );
        assert!(
            matches!(&plan[1], Element::Line(l) if l.kind == LineKind::DocNumber && l.align == LineAlign::Right)
        );
        assert!(matches!(
            plan[2],
            Element::Blank {
                lines: 1,
                keep_with_next: true
            }
        ));
        assert!(
            matches!(&plan[3], Element::Title(lines) if lines == &["关于市政协五届五次会议", "第0982号提案的复函"])
        );
        assert!(matches!(&plan[5], Element::Line(l) if l.text == "王委员："));
        let doc = parse_document(
            Path::new("t.md"),
            "---\ntitle: 工作总结\ndoc_number: 银科发〔2020〕58号\nsigner: 雷虹\n---\n\n正文。\n",
        )
        .unwrap();
        let plan = front(&doc, &Style::default());
        assert!(
            matches!(&plan[0], Element::NumberAndSigner { signer: Some(s), indent_chars, .. } if s == "雷虹" && *indent_chars == 1.0)
        );
    }

    #[test]
    fn the_body_keeps_headings_with_what_follows_and_its_end_with_the_closing() {
        let doc = parse_document(
            Path::new("t.md"),
            "---\ntitle: t\ndate: 2024-01-02\n---\n\n# 一、标题\n\n正文。\n\n1. 甲\n2. 乙\n",
        )
        .unwrap();
        let plan = body(&doc);
        type Summary = (BodyKind, (usize, usize), bool, bool, String);
        let summary: Vec<Summary> = plan
            .iter()
            .map(|e| match e {
                Element::Body {
                    kind,
                    key,
                    spans,
                    keep_with_next,
                    keep_with_closing,
                } => (
                    *kind,
                    *key,
                    *keep_with_next,
                    *keep_with_closing,
                    spans
                        .iter()
                        .flat_map(|s| s.inlines.iter().map(|i| i.text.clone()))
                        .collect(),
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        use BodyKind::*;
        assert_eq!(
            summary,
            [
                (Heading(1), (0, 0), true, false, "一、标题".into()),
                (Paragraph, (1, 0), false, false, "正文。".into()),
                (ListItem, (2, 0), false, false, "1.甲".into()),
                (ListItem, (2, 1), false, true, "2.乙".into()),
            ]
        );
    }

    #[test]
    fn no_closing_no_blank_lines() {
        assert!(plan("title: t").is_empty());
    }
}
