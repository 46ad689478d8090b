//! The element plan of a 公文's closing — 附件说明, 落款 (署名 and 成文日期), 附注 and 版记 — in
//! order, each line with its wording, alignment, indents and keeps: decided once, read by the
//! page layout and by the DOCX writer alike.

use crate::document::model::Document;
use crate::layout::width::text_ems;
use crate::style::{FIRST_LINE_INDENT_CHARS, Style, TWIPS_PER_PT, attachment_indent_chars};

/// What a planned line is, for the DOCX's paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Attachment,
    Signature,
    Date,
    Contact,
}

/// How a planned line sits in its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAlign {
    /// Justified, the last line flush left.
    Justify,
    /// Flush right against the right indent.
    Right,
}

/// One paragraph of the plan, in the body role (3号仿宋).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLine {
    pub kind: LineKind,
    pub text: String,
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

/// An element of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// Blank grid lines.
    Blank {
        lines: u32,
        keep_with_next: bool,
    },
    Line(PlannedLine),
    /// The 版记's 抄送 line, set at the foot of the last page between its rules.
    Imprint(String),
}

/// The closing elements of `doc`, after its body, in order.
pub fn closing(doc: &Document, style: &Style) -> Vec<Element> {
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
                kind: LineKind::Attachment,
                text,
                align: LineAlign::Justify,
                left_chars,
                right_pt: 0.0,
                first_chars,
                keep_with_next: true,
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
            kind: LineKind::Signature,
            text: signature.clone(),
            align: LineAlign::Right,
            left_chars: 0.0,
            right_pt: right_pt.max(0.0),
            first_chars: 0.0,
            keep_with_next: true,
        }));
    }
    if let Some(date) = date {
        plan.push(Element::Line(PlannedLine {
            kind: LineKind::Date,
            text: date,
            align: LineAlign::Right,
            left_chars: 0.0,
            right_pt: date_right,
            first_chars: 0.0,
            keep_with_next: front.contact.is_some(),
        }));
    }
    if let Some(text) = front.contact_line() {
        plan.push(Element::Line(PlannedLine {
            kind: LineKind::Contact,
            text,
            align: LineAlign::Justify,
            left_chars: 0.0,
            right_pt: 0.0,
            first_chars: FIRST_LINE_INDENT_CHARS,
            keep_with_next: false,
        }));
    }
    if let Some(text) = front.cc_line() {
        plan.push(Element::Imprint(text));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_document;
    use std::path::Path;

    fn plan(front: &str) -> Vec<Element> {
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
        assert!(matches!(elements.last(), Some(Element::Imprint(t)) if t == "抄送：市政协。"));
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
    fn no_closing_no_blank_lines() {
        assert!(plan("title: t").is_empty());
    }
}
