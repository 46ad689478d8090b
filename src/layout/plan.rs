//! The element plan of a 公文 — the front (密级, class mark, 发文字号 and 签发人, title, 主送机关),
//! the body (headings, paragraphs, list items, tables) and the closing (附件说明, 落款, 附注,
//! 版记) — in order, each with its wording, faces, alignment, indents and keeps: decided once,
//! read by the page layout and by the DOCX writer alike.

use crate::document::model::{Block, DocFormat, Document, Inline, LetterheadMode, SealMode, Table};
use crate::document::wording::list_marker;
use crate::layout::columns::TableGrid;
use crate::layout::pages::fonts::Role;
use crate::layout::title::balanced_lines;
use crate::layout::width::text_ems;
use crate::style::{
    FIRST_LINE_INDENT_CHARS, PT_PER_MM, ResultClassPlace, Style, TWIPS_PER_PT,
    attachment_indent_chars,
};
use std::borrow::Cow;

/// What a planned line is, for the DOCX's paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Classification,
    ResultClass,
    DocNumber,
    Addressee,
    Attachment,
    /// "附件1" at the head of an attachment's page.
    AttachmentLabel,
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
    /// Centred in the measure.
    Center,
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

/// A text at a fixed place on page 1, off the grid: a line of the 发文机关标志, in the title's
/// face and the letterhead's red.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedText {
    pub text: String,
    pub size: f64,
    /// The box it is set in, from the page's top-left corner: the text is centred in it, or
    /// spread over its width.
    pub left: f64,
    pub width: f64,
    /// The top of the em box.
    pub top: f64,
    /// Spread the characters from the box's left edge to its right (the names of a 联合行文,
    /// each as wide as the longest).
    pub spread: bool,
}

/// A red rule at a fixed place on page 1, from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedRule {
    pub left: f64,
    pub width: f64,
    /// The rule's top edge.
    pub top: f64,
    pub thickness: f64,
}

/// The 版头's 发文机关标志 and red rules, at fixed places on page 1; the grid lines they take
/// are blank lines of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Letterhead {
    pub texts: Vec<FixedText>,
    pub rules: Vec<FixedRule>,
    pub colour: [u8; 3],
}

/// A 签发人 at the right end of a line: the label before the first name only; names further in
/// by `right_chars` so that every name starts where the longest does.
#[derive(Debug, Clone, PartialEq)]
pub struct SignerName {
    pub label: bool,
    pub name: String,
    pub right_chars: f64,
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
    /// Two texts on one grid line, the first flush left and the second flush right (a 信函's
    /// 份号 or 密级 beside its 发文字号 under the red rule).
    Pair(PlannedLine, PlannedLine),
    /// The red 发文机关标志 and rules of the 版头 (drawn: printed; preprinted: not printed, its
    /// place kept blank).
    Letterhead {
        letterhead: Letterhead,
        drawn: bool,
    },
    /// An upward document's 发文字号, `indent_chars` in from the left, with a 签发人 as far in
    /// from the right on the same line (the label in 仿宋, the names in 楷体); several 签发人
    /// take a line each, the 发文字号 on the last.
    NumberAndSigner {
        number: String,
        signer: Option<SignerName>,
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
    /// An attachment's table too wide for the text block, set sideways with its title in the
    /// turned frame (`Style::turned_frame`, §8 横排表格) on pages of its own, under the
    /// attachment's upright label: `title` in lines for the frame, and `upright_title` for the
    /// text block, should a row prove too deep for the frame and the table stay upright.
    Turned {
        title: Vec<String>,
        upright_title: Vec<String>,
        table: &'a Table,
    },
    /// The next element starts a page.
    PageBreak,
    /// The seal's picture, under the text of the line that follows: its middle `centre_x` from
    /// the text block's left edge and `centre_y` below that line's top.
    Seal {
        centre_x: f64,
        centre_y: f64,
        width: f64,
        height: f64,
    },
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
    blocks(&doc.blocks, 0, doc.has_closing())
}

/// The elements of `blocks`, their keys counted from `first_key`; with `keep_last`, the last
/// paragraph keeps with what follows (the 落款).
fn blocks(blocks: &[Block], first_key: usize, keep_last: bool) -> Vec<Element<'_>> {
    let last = blocks.len().saturating_sub(1);
    let mut plan = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        let i = first_key + n;
        let keep = keep_last && n == last;
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
    let mode = front.letterhead_mode(style);
    let drawn = mode == LetterheadMode::Drawn;
    if mode != LetterheadMode::None {
        match front.format {
            DocFormat::Report => file_letterhead(doc, style, drawn, &mut plan),
            DocFormat::Letter => letter_letterhead(doc, style, drawn, &mut plan),
        }
    } else {
        for text in front.top_left_lines() {
            plan.push(Element::Line(top_left_line(text)));
        }
        match front.format {
            DocFormat::Letter => {
                if let Some(class) = front
                    .result_class
                    .as_ref()
                    .filter(|_| style.letter.result_class != ResultClassPlace::None)
                {
                    let mut line = result_class_line(class);
                    if style.letter.result_class == ResultClassPlace::TopLeft {
                        line.align = LineAlign::Left;
                    }
                    plan.push(Element::Line(line));
                }
                if let Some(number) = &front.doc_number {
                    plan.push(Element::Line(line(
                        LineKind::DocNumber,
                        number.clone(),
                        LineAlign::Right,
                    )));
                }
            }
            DocFormat::Report => number_line(doc, &mut plan),
        }
        let after_number = front.blank_lines_after_number();
        if after_number > 0 {
            plan.push(Element::Blank {
                lines: after_number,
                keep_with_next: true,
            });
        }
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

/// A line at the top left of page 1 (份号, 密级, 紧急程度, 公开属性): 3号黑体, its digits too.
fn top_left_line(text: String) -> PlannedLine {
    PlannedLine {
        role: Role::Heading1,
        latin_in_face: true,
        keep_with_next: true,
        ..line(LineKind::Classification, text, LineAlign::Left)
    }
}

/// A reply's 办理结果 class, at the top right.
fn result_class_line(class: &str) -> PlannedLine {
    PlannedLine {
        role: Role::Heading1,
        latin_in_face: true,
        keep_with_next: true,
        ..line(LineKind::ResultClass, class.to_string(), LineAlign::Right)
    }
}

/// The 发文字号 of a 文件格式 document: with its 签发人 (one line each, the 字号 on the last)
/// when it goes upward, else centred. Nothing when it has neither.
fn number_line(doc: &Document, plan: &mut Vec<Element<'static>>) {
    let front = &doc.front;
    let number = front.doc_number.clone().unwrap_or_default();
    if front.is_upward() && !front.signer.is_empty() {
        let longest = front.signer.iter().map(|n| text_ems(n)).fold(0.0, f64::max);
        let last = front.signer.len() - 1;
        for (i, name) in front.signer.iter().enumerate() {
            plan.push(Element::NumberAndSigner {
                number: if i == last {
                    number.clone()
                } else {
                    String::new()
                },
                signer: Some(SignerName {
                    label: i == 0,
                    name: name.clone(),
                    right_chars: longest - text_ems(name),
                }),
                indent_chars: 1.0,
            });
        }
    } else if front.is_upward() && front.doc_number.is_some() {
        plan.push(Element::NumberAndSigner {
            number,
            signer: None,
            indent_chars: 1.0,
        });
    } else if front.doc_number.is_some() {
        plan.push(Element::Line(line(
            LineKind::DocNumber,
            number,
            LineAlign::Center,
        )));
    }
}

/// The 发文机关标志's lines in a box of `width` from `left`, its top at `top`, in the title's
/// face at `max_size` or smaller to fit: one centred line, or the names of a 联合行文 stacked
/// (at most `max_height` high) and spread to the longest, with `suffix` (文件) beside them,
/// centred on their height.
/// Returns the texts and the 标志's bottom.
fn mark_texts(
    names: &[String],
    suffix: Option<&str>,
    max_size: f64,
    max_height: f64,
    left: f64,
    width: f64,
    top: f64,
) -> (Vec<FixedText>, f64) {
    const NAME_GAP_EMS: f64 = 0.2;
    const SUFFIX_GAP_EMS: f64 = 0.5;
    if let [name] = names {
        let size = half_points_down(max_size.min(width / text_ems(name).max(1.0)));
        let text = FixedText {
            text: name.clone(),
            size,
            left,
            width,
            top,
            spread: false,
        };
        return (vec![text], top + size);
    }
    let longest = names.iter().map(|n| text_ems(n)).fold(1.0, f64::max);
    let suffix_ems = suffix.map_or(0.0, |s| SUFFIX_GAP_EMS + text_ems(s));
    // Within the text block's width, and the stack within `max_height`.
    let stack_ems = names.len() as f64 * (1.0 + NAME_GAP_EMS) - NAME_GAP_EMS;
    let size = half_points_down(
        max_size
            .min(width / (longest + suffix_ems))
            .min(max_height / stack_ems),
    );
    let block = (longest + suffix_ems) * size;
    let names_left = left + (width - block) / 2.0;
    let step = size * (1.0 + NAME_GAP_EMS);
    let mut texts: Vec<FixedText> = names
        .iter()
        .enumerate()
        .map(|(i, name)| FixedText {
            text: name.clone(),
            size,
            left: names_left,
            width: longest * size,
            top: top + i as f64 * step,
            spread: text_ems(name) < longest,
        })
        .collect();
    let height = names.len() as f64 * step - NAME_GAP_EMS * size;
    if let Some(suffix) = suffix {
        let suffix_width = text_ems(suffix) * size;
        texts.push(FixedText {
            text: suffix.to_string(),
            size,
            left: names_left + block - suffix_width,
            width: suffix_width,
            top: top + (height - size) / 2.0,
            spread: false,
        });
    }
    (texts, top + height)
}

/// `size` down to a whole half point, as a DOCX can hold it.
fn half_points_down(size: f64) -> f64 {
    (size * 2.0).floor() / 2.0
}

/// The 文件格式's 版头 (§7.2): 份号, 密级 and 紧急程度 on the top left lines; the red
/// 发文机关标志 centred, its top `mark_top_mm` below the text block's top; two blank lines;
/// the 发文字号 (with its 签发人 if upward); the red rule `rule_gap_mm` below it; two blank
/// lines before the title.
fn file_letterhead(doc: &Document, style: &Style, drawn: bool, plan: &mut Vec<Element<'static>>) {
    let front = &doc.front;
    let head = &style.letterhead;
    let pitch = style.line_pitch_pt();
    let block_top = style.grid_top_pt();
    let left = style.text_left_pt();
    let width = style.text_width_pt();
    let stack = front.top_left_lines();
    // Below the top-left lines if they reach down that far.
    let mark_top = (head.mark_top_mm * PT_PER_MM).max(stack.len() as f64 * pitch);
    let suffix = (front.org_mark.len() > 1).then_some("文件");
    let (texts, mark_bottom) = mark_texts(
        &front.org_mark,
        suffix,
        head.mark_pt,
        head.joint_height_mm * PT_PER_MM,
        left,
        width,
        block_top + mark_top,
    );
    // The grid line (from 0) that holds the 标志's foot; two blank lines below it.
    let mark_row = ((mark_bottom - block_top - 0.01) / pitch).floor() as usize;
    let extra_signers = if front.is_upward() {
        front.signer.len().saturating_sub(1)
    } else {
        0
    };
    let number_row = mark_row + 3 + extra_signers;
    let number_bottom = number_row as f64 * pitch + (pitch + style.sizes.body_pt) / 2.0;
    let rule = FixedRule {
        left,
        width,
        top: block_top + number_bottom + head.rule_gap_mm * PT_PER_MM,
        thickness: head.rule_pt,
    };
    plan.push(Element::Letterhead {
        letterhead: Letterhead {
            texts,
            rules: vec![rule],
            colour: head.rgb(),
        },
        drawn,
    });
    for text in stack.iter().cloned() {
        plan.push(Element::Line(top_left_line(text)));
    }
    let first_number_row = mark_row + 3;
    plan.push(Element::Blank {
        lines: (first_number_row - stack.len()) as u32,
        keep_with_next: true,
    });
    let before = plan.len();
    number_line(doc, plan);
    if plan.len() == before {
        // No 发文字号: its line stays blank, so that the rule keeps its place.
        plan.push(Element::Blank {
            lines: 1,
            keep_with_next: true,
        });
    }
    // The rule lies in the next line; it and one more stay blank above the title.
    plan.push(Element::Blank {
        lines: 2,
        keep_with_next: true,
    });
}

/// The 信函格式's 版头 (§10.1): the red 发文机关标志 `letter_mark_top_mm` from the paper's top;
/// a double rule (thick over thin) `rule_gap_mm` below it and one (thin over thick)
/// `letter_foot_rule_mm` above the paper's foot; under the rule the 份号, 密级 and 紧急程度
/// at the left and the 办理结果 class and 发文字号 at the right; the title two lines below
/// the last of them (§10.1 相距二行: one blank line between, where the 文件格式's title is
/// 空二行, two blank lines, under its rule).
fn letter_letterhead(doc: &Document, style: &Style, drawn: bool, plan: &mut Vec<Element<'static>>) {
    let front = &doc.front;
    let head = &style.letterhead;
    let pitch = style.line_pitch_pt();
    let block_top = style.grid_top_pt();
    let left = style.text_left_pt();
    let width = style.text_width_pt();
    let (texts, mark_bottom) = mark_texts(
        &front.org_mark,
        None,
        head.letter_mark_pt,
        head.joint_height_mm * PT_PER_MM,
        left,
        width,
        head.letter_mark_top_mm * PT_PER_MM,
    );
    let rule_width = head.letter_rule_mm * PT_PER_MM;
    let rule_left = left + (width - rule_width) / 2.0;
    let rule = |top: f64, thickness: f64| FixedRule {
        left: rule_left,
        width: rule_width,
        top,
        thickness,
    };
    let (thick, thin, space) = (
        head.letter_thick_pt,
        head.letter_thin_pt,
        head.letter_rule_space_pt,
    );
    let upper = mark_bottom + head.rule_gap_mm * PT_PER_MM;
    let foot = (style.page.height_mm - head.letter_foot_rule_mm) * PT_PER_MM;
    let rules = vec![
        rule(upper, thick),
        rule(upper + thick + space, thin),
        rule(foot - thick - space - thin, thin),
        rule(foot - thick, thick),
    ];
    let rules_bottom = upper + thick + space + thin;
    plan.push(Element::Letterhead {
        letterhead: Letterhead {
            texts,
            rules,
            colour: head.rgb(),
        },
        drawn,
    });
    // The first grid line whose glyphs clear the rule by a millimetre.
    let glyph_offset = (pitch - style.sizes.body_pt) / 2.0;
    let first_row = ((rules_bottom + PT_PER_MM - block_top - glyph_offset) / pitch)
        .ceil()
        .max(0.0) as u32;
    plan.push(Element::Blank {
        lines: first_row,
        keep_with_next: true,
    });
    let mut lefts: Vec<PlannedLine> = front
        .top_left_lines()
        .into_iter()
        .map(top_left_line)
        .collect();
    let mut rights = Vec::new();
    if let Some(class) = &front.result_class {
        match style.letter.result_class {
            ResultClassPlace::TopRight => rights.push(result_class_line(class)),
            ResultClassPlace::TopLeft => lefts.push(PlannedLine {
                align: LineAlign::Left,
                ..result_class_line(class)
            }),
            ResultClassPlace::None => {}
        }
    }
    if let Some(number) = &front.doc_number {
        rights.push(PlannedLine {
            keep_with_next: true,
            ..line(LineKind::DocNumber, number.clone(), LineAlign::Right)
        });
    }
    let rows = lefts.len().max(rights.len());
    let (mut lefts, mut rights) = (lefts.into_iter(), rights.into_iter());
    for _ in 0..rows {
        plan.push(match (lefts.next(), rights.next()) {
            (Some(l), Some(r)) => Element::Pair(l, r),
            (Some(one), None) | (None, Some(one)) => Element::Line(one),
            (None, None) => unreachable!("rows counts the longer list"),
        });
    }
    plan.push(Element::Blank {
        lines: 1,
        keep_with_next: true,
    });
}

/// The attachments with pages of their own (§7.3.7): each on a new page, "附件N" in 3号黑体
/// flush left on line 1, its title centred on line 3, a blank line, then its content.
fn attachment_pages<'d>(doc: &'d Document, style: &Style) -> Vec<Element<'d>> {
    let max_ems = style.text_width_pt() / style.sizes.title_pt;
    // Their blocks' keys follow the body's, so that each paragraph has its own.
    let mut first_key = doc.blocks.len();
    let mut plan = Vec::new();
    for page in &doc.attachments {
        let title = doc.front.attachments[page.number - 1].trim();
        plan.push(Element::PageBreak);
        plan.push(Element::Line(PlannedLine {
            role: Role::Heading1,
            latin_in_face: true,
            keep_with_next: true,
            ..line(
                LineKind::AttachmentLabel,
                doc.front.attachment_label(page.number),
                LineAlign::Left,
            )
        }));
        let key = first_key;
        first_key += page.blocks.len();
        if let Some(table) = turned_table(&page.blocks, style) {
            let frame = style.turned_frame();
            plan.push(Element::Turned {
                title: balanced_lines(title, frame.width_pt / style.sizes.title_pt),
                upright_title: balanced_lines(title, max_ems),
                table,
            });
            continue;
        }
        plan.extend(attachment_title(balanced_lines(title, max_ems)));
        plan.extend(blocks(&page.blocks, key, false));
    }
    plan
}

/// An upright attachment's title under its label: a blank line, the title (line 3), a blank
/// line.
fn attachment_title(title: Vec<String>) -> [Element<'static>; 3] {
    let blank = || Element::Blank {
        lines: 1,
        keep_with_next: true,
    };
    [blank(), Element::Title(title), blank()]
}

/// A sideways attachment set upright after all (a row too deep for the turned frame): its
/// title as on any upright attachment page, then its table.
pub fn upright_attachment(title: Vec<String>, table: &Table) -> Vec<Element<'_>> {
    let mut elements = attachment_title(title).to_vec();
    elements.push(Element::Table(table));
    elements
}

/// The table of an attachment that is one table too wide for the text block (its short cells
/// would break at 4号), which the turned frame's length holds better: set sideways.
fn turned_table<'d>(blocks: &'d [Block], style: &Style) -> Option<&'d Table> {
    let [Block::Table(table)] = blocks else {
        return None;
    };
    let portrait = style.text_width_pt();
    let turned = style.turned_frame().width_pt;
    (turned > portrait && !TableGrid::fits_whole(table, style, portrait)).then_some(table)
}

/// The closing elements of `doc`, after its body, in order.
pub fn closing<'d>(doc: &'d Document, style: &Style) -> Vec<Element<'d>> {
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
    // A signature seal needs its 签发人; without one the 落款 is the 机关's, stamped.
    let seal = match front.seal.unwrap_or_default() {
        SealMode::Signature if front.signer.is_empty() => SealMode::Stamped,
        seal => seal,
    };
    if doc.has_closing() {
        plan.push(Element::Blank {
            lines: match seal {
                SealMode::Stamped => style.signature.blank_lines_before,
                SealMode::Unstamped => style.signature.unstamped_blank_lines,
                SealMode::Signature => style.signature.signature_blank_lines,
            },
            keep_with_next: true,
        });
    }
    let body = style.sizes.body_pt;
    // The width a character takes on the grid (its size less the condensing).
    let glyph = body + f64::from(style.condense_twips(body)) / TWIPS_PER_PT;
    let (signature_right, date_right) = match seal {
        // §7.3.5.1: the date 4 characters in from the right, the 署名 centred over it.
        SealMode::Stamped => {
            let date_right = style.signature.date_right_chars * body;
            let signature_right = match (&date, &front.signature) {
                (Some(date), Some(signature)) => {
                    date_right + (text_ems(date) - text_ems(signature)) / 2.0 * glyph
                }
                _ => date_right,
            };
            (signature_right.max(0.0), date_right)
        }
        // §7.3.5.2: the 署名 2 characters in from the right, the date on the next line starting
        // 2 characters right of it; a date longer than the 署名 ends 2 characters in, and the
        // 署名 moves in by whole characters (the grid's columns) to start about 2 before it.
        SealMode::Unstamped => {
            let edge = style.signature.unstamped_right_chars;
            let shift = 2.0;
            match (&date, &front.signature) {
                (Some(date), Some(signature)) => {
                    let (d, s) = (text_ems(date), text_ems(signature));
                    if d > s {
                        let signature_chars = edge + shift + (d - s).round();
                        (signature_chars * body, edge * body)
                    } else {
                        // The 署名 starts `edge + s` in from the right, the date `shift` after it.
                        (edge * body, (edge - shift) * body + (s - d) * glyph)
                    }
                }
                _ => (edge * body, edge * body),
            }
        }
        // §7.3.5.3: the signer's seal 4 characters in from the right, the 职务 2 characters left
        // of it; the date 4 characters in, a blank line below.
        SealMode::Signature => {
            let right = style.signature.date_right_chars * body;
            (right, right)
        }
    };
    // The seal's picture over the 署名 and date (§7.3.5.1: the seal's middle just above them),
    // or over the signature seal's place.
    let seal_picture = |width_mm: f64, centre_x: f64, centre_y: f64| {
        doc.seal_image.as_ref().map(|image| {
            let width = width_mm * PT_PER_MM;
            Element::Seal {
                centre_x,
                centre_y,
                width,
                height: width * f64::from(image.height_px) / f64::from(image.width_px),
            }
        })
    };
    let text_width = style.text_width_pt();
    if seal == SealMode::Signature {
        if let Some(name) = front.signer.first() {
            let centre = text_width - signature_right - text_ems(name) * glyph / 2.0;
            let pitch = style.line_pitch_pt();
            plan.extend(seal_picture(
                style.signature.signature_seal_mm,
                centre,
                pitch / 2.0,
            ));
            let text = match &front.signer_title {
                Some(title) => format!("{title}\u{3000}\u{3000}{name}"),
                None => name.clone(),
            };
            plan.push(Element::Line(PlannedLine {
                right_pt: signature_right,
                keep_with_next: true,
                ..line(LineKind::Signature, text, LineAlign::Right)
            }));
            plan.push(Element::Blank {
                lines: 1,
                keep_with_next: true,
            });
        }
    } else if seal == SealMode::Stamped {
        let over = date.as_ref().map_or_else(
            || {
                (
                    signature_right,
                    front.signature.as_deref().map_or(0.0, text_ems),
                )
            },
            |date| (date_right, text_ems(date)),
        );
        let centre = text_width - over.0 - over.1 * glyph / 2.0;
        plan.extend(seal_picture(style.signature.seal_mm, centre, 0.0));
    }
    if seal != SealMode::Signature
        && let Some(signature) = &front.signature
    {
        plan.push(Element::Line(PlannedLine {
            right_pt: signature_right,
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
    plan.extend(attachment_pages(doc, style));
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
        plan_with_body(front, "正文。\n")
    }

    /// The closing of a document of `front` matter and `body`, kept for the test's length.
    fn plan_with_body(front: &str, body: &str) -> Vec<Element<'static>> {
        let text = format!("---\n{front}\n---\n\n{body}");
        let doc = Box::leak(Box::new(parse_document(Path::new("t.md"), &text).unwrap()));
        closing(doc, &Style::default())
    }

    #[test]
    fn attachment_pages_follow_the_closing_and_precede_the_imprint() {
        let elements = plan_with_body(
            "title: t\ndate: 2024-01-02\nattachments: [甲表, 乙说明]\ncc: [市政府]",
            "正文。\n\n::: 附件2\n\n说明的正文。\n\n:::\n",
        );
        // 附件说明 lists both; only 附件2 has a page: a page break, "附件2" in 黑体 flush left,
        // a blank line, its title, a blank line, its paragraph; the 版记 last.
        let at = elements
            .iter()
            .position(|e| matches!(e, Element::PageBreak))
            .expect("a page break before the attachment");
        assert!(matches!(&elements[at + 1], Element::Line(l)
            if l.text == "附件2" && l.role == Role::Heading1 && l.align == LineAlign::Left));
        assert!(matches!(elements[at + 2], Element::Blank { lines: 1, .. }));
        assert!(matches!(&elements[at + 3], Element::Title(t) if t == &["乙说明"]));
        assert!(matches!(
            &elements[at + 5],
            Element::Body { key: (1, 0), .. }
        ));
        assert!(matches!(elements.last(), Some(Element::Imprint { .. })));
        let names: Vec<&str> = elements
            .iter()
            .filter_map(|e| match e {
                Element::Line(l) if l.kind == LineKind::Attachment => Some(l.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["附件：1. 甲表", "2. 乙说明"]);
    }

    /// A table of nine columns as a 风险台账 has them, its cells as long as `cell`.
    fn ledger(cell: &str) -> String {
        let header =
            "| 序号 | 风险隐患 | 领域 | 等级 | 具体表现 | 应对措施 | 责任单位 | 完成时限 | 状态 |";
        let rule = "|---".repeat(9) + "|";
        let row = format!(
            "| 1 | {cell} | 产业技术 | 较大 | {cell} | {cell} | 高新技术科 | 2020年12月31日 | 整改中 |"
        );
        format!("{header}\n{rule}\n{row}\n")
    }

    fn turned(elements: &[Element]) -> Vec<(Vec<String>, usize)> {
        elements
            .iter()
            .filter_map(|e| match e {
                Element::Turned { title, table, .. } => Some((title.clone(), table.rows.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_attachment_table_too_wide_for_the_block_is_set_sideways_under_its_label() {
        let body = format!(
            "正文。\n\n::: 附件\n\n{}\n:::\n",
            ledger("关键核心技术风险")
        );
        let elements = plan_with_body("title: t\nattachments: [风险隐患台账]", &body);
        assert_eq!(turned(&elements), [(vec!["风险隐患台账".to_string()], 1)]);
        // The page break and the upright label come first; the title goes into the frame.
        let at = elements
            .iter()
            .position(|e| matches!(e, Element::Turned { .. }))
            .unwrap();
        assert!(matches!(&elements[at - 1], Element::Line(l) if l.text == "附件"));
        assert!(matches!(elements[at - 2], Element::PageBreak));
        assert!(!elements.iter().any(|e| matches!(e, Element::Title(_))));
    }

    #[test]
    fn a_table_that_fits_the_block_or_shares_its_page_stays_upright() {
        // Three columns fit at 4号.
        let narrow = "| 指标 | 本期 | 上期 |\n|---|---|---|\n| 研发投入 | 1.85% | 1.62% |\n";
        let body = format!("正文。\n\n::: 附件\n\n{narrow}\n:::\n");
        let elements = plan_with_body("title: t\nattachments: [表]", &body);
        assert!(turned(&elements).is_empty());
        assert!(elements.iter().any(|e| matches!(e, Element::Table(_))));
        // A wide table after a paragraph of the attachment's: the page is not the table's.
        let body = format!("正文。\n\n::: 附件\n\n说明。\n\n{}\n:::\n", ledger("风险"));
        let elements = plan_with_body("title: t\nattachments: [表]", &body);
        assert!(turned(&elements).is_empty());
    }

    #[test]
    fn a_lone_attachment_is_labelled_without_a_number() {
        let elements = plan_with_body(
            "title: t\nattachments: [台账]",
            "正文。\n\n::: 附件\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(
            elements
                .iter()
                .any(|e| matches!(e, Element::Line(l) if l.text == "附件"))
        );
        assert!(matches!(elements.last(), Some(Element::Table(_))));
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
            matches!(&plan[0], Element::NumberAndSigner { signer: Some(s), indent_chars, .. } if s.name == "雷虹" && s.label && *indent_chars == 1.0)
        );
    }

    fn front_of(front_matter: &str) -> Vec<Element<'static>> {
        let doc = parse_document(
            Path::new("t.md"),
            &format!("---\ntitle: 工作总结\n{front_matter}\n---\n\n正文。\n"),
        )
        .unwrap();
        front(&doc, &Style::default())
    }

    /// The grid lines the front takes before the title, with what each element is.
    fn rows_before_title(plan: &[Element]) -> Vec<String> {
        let mut rows = Vec::new();
        for element in plan {
            match element {
                Element::Blank { lines, .. } => {
                    rows.extend((0..*lines).map(|_| String::new()));
                }
                Element::Line(line) => rows.push(line.text.clone()),
                Element::Pair(l, r) => rows.push(format!("{}|{}", l.text, r.text)),
                Element::NumberAndSigner { number, signer, .. } => rows.push(format!(
                    "{number}|{}",
                    signer.as_ref().map_or("", |s| s.name.as_str())
                )),
                Element::Title(_) => break,
                _ => {}
            }
        }
        rows
    }

    #[test]
    fn the_file_letterhead_puts_the_mark_35_mm_down_and_the_rule_4_mm_under_the_number() {
        let style = Style::default();
        let plan = front_of(
            "org_mark: 某市科学技术局文件\ncopy_number: '000123'\nsecrecy: 秘密\nsecrecy_term: 1年\nurgency: 特急\ndoc_number: 某科发〔2024〕12号\nsigner: [雷虹, 张明远]",
        );
        let Element::Letterhead { letterhead, drawn } = &plan[0] else {
            panic!("{plan:?}")
        };
        assert!(drawn);
        let block_top = 37.0 * PT_PER_MM;
        let mark = &letterhead.texts[0];
        assert_eq!(
            (mark.text.as_str(), mark.size),
            ("某市科学技术局文件", 42.0)
        );
        assert!((mark.top - block_top - 35.0 * PT_PER_MM).abs() < 1e-9);
        // Centred: the box is the text block.
        assert_eq!(
            (mark.left, mark.width),
            (28.0 * PT_PER_MM, style.text_width_pt())
        );
        let rows = rows_before_title(&plan);
        // 份号, 密级★期限, 紧急程度 on lines 1-3; the 标志's foot (49.8 mm down) in line 5;
        // lines 6-7 blank; the first 签发人 on line 8, the 字号 with the second on line 9;
        // the rule in line 10, which stays blank with line 11; the title on line 12.
        assert_eq!(
            rows,
            [
                "000123",
                "秘密★1年",
                "特急",
                "",
                "",
                "",
                "",
                "|雷虹",
                "某科发〔2024〕12号|张明远",
                "",
                ""
            ]
        );
        let pitch = style.line_pitch_pt();
        let number_bottom = block_top + 8.0 * pitch + (pitch + 16.0) / 2.0;
        let rule = letterhead.rules[0];
        assert!((rule.top - number_bottom - 4.0 * PT_PER_MM).abs() < 1e-9);
        assert_eq!((rule.width, rule.thickness), (style.text_width_pt(), 1.0));
        // The names start together: 雷虹 a character further in than 张明远.
        let signers: Vec<(bool, f64)> = plan
            .iter()
            .filter_map(|e| match e {
                Element::NumberAndSigner {
                    signer: Some(s), ..
                } => Some((s.label, s.right_chars)),
                _ => None,
            })
            .collect();
        assert_eq!(signers, [(true, 1.0), (false, 0.0)]);
    }

    #[test]
    fn a_downward_file_centres_its_number_and_a_joint_mark_stacks_its_names() {
        let plan = front_of(
            "org_mark: [某市科学技术局, 某市财政局]\ndirection: 下行\ndoc_number: 某科发〔2024〕13号\nsigner: 雷虹",
        );
        let Element::Letterhead { letterhead, .. } = &plan[0] else {
            panic!("{plan:?}")
        };
        let texts: Vec<(&str, bool)> = letterhead
            .texts
            .iter()
            .map(|t| (t.text.as_str(), t.spread))
            .collect();
        assert_eq!(
            texts,
            [
                ("某市科学技术局", false),
                ("某市财政局", true),
                ("文件", false)
            ]
        );
        // 文件 centred on the two names' height.
        let [a, b, suffix] = &letterhead.texts[..] else {
            unreachable!()
        };
        assert!(((a.top + b.top + b.size) / 2.0 - (suffix.top + suffix.size / 2.0)).abs() < 1e-9);
        // No 签发人 on a 下行文: the 字号 is centred on its own.
        assert!(plan.iter().any(|e| matches!(e, Element::Line(l)
            if l.kind == LineKind::DocNumber && l.align == LineAlign::Center)));
        assert!(
            !plan
                .iter()
                .any(|e| matches!(e, Element::NumberAndSigner { .. }))
        );
    }

    #[test]
    fn the_letter_letterhead_has_double_rules_and_its_lines_under_the_upper_one() {
        let plan = front_of(
            "format: letter\norg_mark: 重庆市科学技术局\nresult_class: A\ncopy_number: '000045'\ndoc_number: 渝科局函〔2022〕301号",
        );
        let Element::Letterhead { letterhead, .. } = &plan[0] else {
            panic!("{plan:?}")
        };
        let mark = &letterhead.texts[0];
        assert_eq!((mark.top, mark.size), (30.0 * PT_PER_MM, 36.0));
        let tops: Vec<f64> = letterhead.rules.iter().map(|r| r.top / PT_PER_MM).collect();
        let thick: Vec<f64> = letterhead.rules.iter().map(|r| r.thickness).collect();
        assert_eq!(thick, [1.5, 0.5, 0.5, 1.5]);
        assert!((tops[0] - (30.0 + 36.0 / PT_PER_MM + 4.0)).abs() < 1e-9);
        // The lower pair ends 20 mm above the paper's foot.
        assert!((tops[3] + 1.5 / PT_PER_MM - 277.0).abs() < 1e-9);
        assert!(
            letterhead
                .rules
                .iter()
                .all(|r| (r.width / PT_PER_MM - 170.0).abs() < 1e-9)
        );
        // Line 1 lies across the rule; 份号 and the class share line 2, the 字号 line 3.
        assert_eq!(
            rows_before_title(&plan),
            ["", "000045|A", "渝科局函〔2022〕301号", ""]
        );
    }

    #[test]
    fn the_result_class_goes_where_the_style_says() {
        let doc = parse_document(
            Path::new("t.md"),
            "---\ntitle: 复函\nformat: letter\norg_mark: 某局\nresult_class: B\ncopy_number: '000001'\ndoc_number: 某函〔2025〕1号\n---\n\n正文。\n",
        )
        .unwrap();
        let mut style = Style::default();
        let rows = |style: &Style| rows_before_title(&front(&doc, style));
        assert_eq!(rows(&style), ["", "000001|B", "某函〔2025〕1号", ""]);
        style.letter.result_class = ResultClassPlace::TopLeft;
        assert_eq!(rows(&style), ["", "000001|某函〔2025〕1号", "B", ""]);
        style.letter.result_class = ResultClassPlace::None;
        assert_eq!(rows(&style), ["", "000001|某函〔2025〕1号", ""]);
    }

    #[test]
    fn a_long_joint_mark_is_set_smaller_to_stay_within_its_height() {
        let names: Vec<String> = (0..16).map(|n| format!("某市第{n}局")).collect();
        let plan = front_of(&format!(
            "org_mark: [{}]\ndirection: 下行",
            names.join(", ")
        ));
        let Element::Letterhead { letterhead, .. } = &plan[0] else {
            panic!("{plan:?}")
        };
        let top = letterhead.texts[0].top;
        let bottom = letterhead.texts[..16]
            .iter()
            .map(|t| t.top + t.size)
            .fold(0.0, f64::max);
        assert!(bottom - top <= 40.0 * PT_PER_MM + 1e-9, "{}", bottom - top);
        // The title still starts on page 1, well above its foot.
        assert!(rows_before_title(&plan).len() < 16);
    }

    #[test]
    fn a_signature_seal_without_its_signer_is_the_organs_stamped_closing() {
        let elements = plan("title: t\nsignature: 某局\nseal: signature\ndate: 2025-07-08");
        assert!(elements.iter().any(|e| matches!(e, Element::Line(l)
            if l.kind == LineKind::Signature && l.text == "某局")));
    }

    #[test]
    fn preprinted_keeps_the_place_and_none_is_the_plain_front() {
        let preprinted =
            front_of("org_mark: 某局文件\nletterhead: preprinted\ndoc_number: 某发〔2024〕1号");
        assert!(matches!(
            &preprinted[0],
            Element::Letterhead { drawn: false, .. }
        ));
        let drawn = front_of("org_mark: 某局文件\ndoc_number: 某发〔2024〕1号");
        assert_eq!(rows_before_title(&preprinted), rows_before_title(&drawn));
        let none = front_of("org_mark: 某局文件\nletterhead: none\ndoc_number: 某发〔2024〕1号");
        assert_eq!(rows_before_title(&none), ["某发〔2024〕1号|", ""]);
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
