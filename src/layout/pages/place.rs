//! Placing a Document on pages: each element measured with the font book, broken into lines on
//! the 28-character grid, stacked as rows of the 22-line grid and paginated with keep rules,
//! repeated table headers, the 版记 at the foot of the last page and "— N —" page numbers.

use super::fonts::{Faces, Role};
use super::page::{Page, PlacedGlyph, PlacedImage, Stroke, TextRun, Turned, push_glyph};
use super::paginate::{Paged, ParagraphSpacing, Row, TurnedTable, paginate};
use crate::document::model::{Align, DocFormat, Document, Inline, Table};
use crate::document::wording::{CC_LABEL, SIGNER_LABEL};
use crate::layout::chars::is_western;
use crate::layout::columns::{TableGrid, row_cells};
use crate::layout::linebreak::{Item, Measure, break_lines, word_processor_spacing};
use crate::layout::plan;
use crate::layout::width::AUTOSPACE_EMS;
use crate::style::{FIRST_LINE_INDENT_CHARS, PT_PER_MM, Style, TWIPS_PER_PT};
use std::collections::{BTreeMap, BTreeSet};

/// A character with the role, weight and size it is set in.
#[derive(Debug, Clone, Copy)]
struct Styled {
    ch: char,
    role: Role,
    bold: bool,
    size: f64,
    /// Digits and Latin letters stay in the role's face instead of the latin role's.
    own_latin: bool,
}

/// Characters that no font of the book has, with the text they stand in.
#[derive(Debug, Default, Clone)]
pub struct MissingGlyphs {
    pub chars: BTreeSet<char>,
    pub contexts: Vec<String>,
}

/// Horizontal alignment of a line within its measure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LineAlign {
    Justify,
    Left,
    Center,
    Right,
}

/// A paragraph's measure and alignment.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Left edge of the measure from the page's left edge.
    left: f64,
    width: f64,
    first_indent: f64,
    align: LineAlign,
    /// Height of each line, and the row type: grid lines or table lines.
    line_height: f64,
}

/// Lays out one document.
pub struct Placer<'a> {
    style: &'a Style,
    faces: &'a Faces<'a>,
    pitch: f64,
    text_left: f64,
    text_width: f64,
    /// The descent of the body face as a fraction of the size (negative), for baselines.
    descent: f64,
    rows: Vec<Row>,
    missing: MissingGlyphs,
    tables: usize,
    page_break_pending: bool,
    /// The block (and list item) of the body paragraph about to be set, if it is one.
    body_paragraph: Option<(usize, usize)>,
    /// Record the spacing that makes a word processor break body lines as they are broken here.
    record_spacing: bool,
    spacing: BTreeMap<(usize, usize), Vec<ParagraphSpacing>>,
    /// The body rows of the current table set so far.
    table_body_rows: usize,
    /// The body rows, by table and row, that may split across pages.
    splittable_rows: BTreeSet<(usize, usize)>,
    /// The 版头's red texts and rules, drawn on page 1 off the grid.
    letterhead: Option<plan::Letterhead>,
    /// The seal picture, for the next row: its place relative to that row.
    pending_seal: Option<PlacedImage>,
    /// The tables set sideways so far, as paged in their frames.
    turned_tables: Vec<TurnedTable>,
}

impl<'a> Placer<'a> {
    pub fn new(style: &'a Style, faces: &'a Faces<'a>) -> Placer<'a> {
        let body = &faces.book.faces[faces.book.face_of(Role::Body)];
        Placer {
            style,
            faces,
            pitch: style.line_pitch_pt(),
            text_left: style.text_left_pt(),
            text_width: style.text_width_pt(),
            descent: body.descent / 1000.0,
            rows: Vec::new(),
            missing: MissingGlyphs::default(),
            tables: 0,
            page_break_pending: false,
            body_paragraph: None,
            record_spacing: false,
            spacing: BTreeMap::new(),
            table_body_rows: 0,
            splittable_rows: BTreeSet::new(),
            letterhead: None,
            pending_seal: None,
            turned_tables: Vec::new(),
        }
    }

    /// Also record, for the DOCX, the spacing that makes a word processor break each body line
    /// where this layout breaks it (see [`ParagraphSpacing`]).
    pub fn recording_word_processor_spacing(mut self) -> Self {
        self.record_spacing = true;
        self
    }

    fn body(&self) -> f64 {
        self.style.sizes.body_pt
    }

    /// Lay out `doc` as pages, or name the characters no font has.
    pub fn place(mut self, doc: &Document) -> Result<Paged, MissingGlyphs> {
        self.front(doc);
        self.blocks(doc);
        self.closing(doc);
        if !self.missing.chars.is_empty() {
            return Err(self.missing);
        }
        let mut paged = paginate(&self.rows, self.style);
        paged.facts.spacing = std::mem::take(&mut self.spacing);
        paged.facts.splittable_rows = std::mem::take(&mut self.splittable_rows);
        paged.facts.turned_tables = std::mem::take(&mut self.turned_tables);
        // A blank page before the 版记's page: neither is numbered (§7.5).
        let unnumbered = match paged.facts.foot_gap {
            Some(gap) if gap.blank_page_before => 2,
            _ => 0,
        };
        let numbered = paged.pages.len() - unnumbered;
        self.number_pages(&mut paged.pages[..numbered], doc.front.format);
        if let (Some(head), Some(first)) = (self.letterhead.take(), paged.pages.first_mut()) {
            self.draw_letterhead(&head, first);
        }
        if !self.missing.chars.is_empty() {
            return Err(self.missing);
        }
        Ok(paged)
    }

    /// The 版头's 发文机关标志 and rules on `page`, in red at the places the plan gives.
    fn draw_letterhead(&mut self, head: &plan::Letterhead, page: &mut Page) {
        let colour = Some(head.colour);
        for rule in &head.rules {
            page.strokes.push(Stroke {
                colour,
                ..Stroke::horizontal(
                    rule.left,
                    rule.left + rule.width,
                    rule.top + rule.thickness / 2.0,
                    rule.thickness,
                )
            });
        }
        let title = &self.faces.book.faces[self.faces.book.face_of(Role::Title)];
        let descent = title.descent / 1000.0;
        for text in &head.texts {
            let bold = self.role_bold(Role::Title);
            let styled = self
                .styled_in_face(&text.text, Role::Title, text.size)
                .into_iter()
                .map(|s| Styled { bold, ..s })
                .collect::<Vec<_>>();
            let measured = self.measure(&styled);
            let extent: f64 = measured.iter().map(|m| m.0.advance).sum();
            let (mut x, gap) = match (text.spread, measured.len()) {
                (true, n) if n > 1 => (text.left, (text.width - extent) / (n - 1) as f64),
                _ => (text.left + (text.width - extent) / 2.0, 0.0),
            };
            let style = TextRun {
                face: 0,
                size: text.size,
                bold,
                half_width: false,
                baseline: text.top + text.size * (1.0 + descent),
                colour,
                glyphs: Vec::new(),
            };
            for (item, face, gid) in measured {
                if gid != 0 {
                    let glyph = PlacedGlyph {
                        gid,
                        x,
                        ch: item.ch,
                    };
                    push_glyph(
                        &mut page.runs,
                        &TextRun {
                            face,
                            ..style.clone()
                        },
                        glyph,
                    );
                }
                x += item.advance + gap;
            }
        }
    }

    // ---- measuring and breaking -------------------------------------------------------------

    fn styled(&self, text: &str, role: Role, bold: bool, size: f64) -> Vec<Styled> {
        let own_latin = role.of(self.style).latin_in_face;
        text.chars()
            .map(|ch| Styled {
                ch,
                role,
                bold,
                size,
                own_latin,
            })
            .collect()
    }

    /// `text` wholly in `role`'s face, digits and Latin letters included.
    fn styled_in_face(&self, text: &str, role: Role, size: f64) -> Vec<Styled> {
        let mut styled = self.styled(text, role, false, size);
        for s in &mut styled {
            s.own_latin = true;
        }
        styled
    }

    fn inlines(&self, inlines: &[Inline], role: Role, bold: bool, size: f64) -> Vec<Styled> {
        let role_bold = self.role_bold(role);
        inlines
            .iter()
            .flat_map(|i| self.styled(&i.text, role, bold || i.bold || role_bold, size))
            .collect()
    }

    fn role_bold(&self, role: Role) -> bool {
        role.of(self.style).bold
    }

    /// How much each glyph of `size` is narrowed so that the grid's characters fit a line
    /// (0 for the title, whose size is over a cell).
    fn condense(&self, size: f64) -> f64 {
        if size <= self.body() {
            f64::from(self.style.condense_twips(size)) / 20.0
        } else {
            0.0
        }
    }

    /// The face and glyph of each character, and the items the breaker works on.
    fn measure(&mut self, text: &[Styled]) -> Vec<(Item, usize, u16)> {
        let mut out = Vec::with_capacity(text.len());
        let mut missing_here = false;
        for s in text {
            if s.ch == '\n' {
                out.push((
                    Item {
                        ch: '\n',
                        advance: 0.0,
                        glue: false,
                    },
                    self.faces.book.face_of(Role::Body),
                    0,
                ));
                continue;
            }
            let role = if !s.own_latin && is_western(s.ch) {
                Role::Latin
            } else {
                s.role
            };
            let (face, gid) = match self.faces.find(role, s.ch) {
                Some(found) => found,
                None if s.ch.is_whitespace() => (self.faces.book.face_of(role), 0),
                None => {
                    self.missing.chars.insert(s.ch);
                    missing_here = true;
                    (self.faces.book.face_of(role), 0)
                }
            };
            let advance = if s.ch == ' ' && gid == 0 {
                s.size * 0.25
            } else {
                self.faces.advance_ems(face, gid) * s.size + self.condense(s.size)
            };
            out.push((
                Item {
                    ch: s.ch,
                    advance,
                    glue: false,
                },
                face,
                gid,
            ));
        }
        if missing_here && self.missing.contexts.len() < 5 {
            let line: String = text.iter().map(|s| s.ch).take(40).collect();
            self.missing.contexts.push(line);
        }
        out
    }

    /// Break `text` in `frame` and make one row per line.
    fn paragraph(&mut self, text: &[Styled], frame: Frame, keep_with_next: bool) {
        // Body paragraphs keep numbers with their units and never end on one character; the
        // DOCX follows through the spacing recorded for it. Taken first, so that an empty
        // paragraph does not pass its key on to the next one.
        let body_paragraph = self.body_paragraph.take();
        let measured = self.measure(text);
        if measured.is_empty() {
            self.blank_lines(1, keep_with_next);
            return;
        }
        let items: Vec<Item> = measured.iter().map(|m| m.0).collect();
        let size = text.first().map_or(self.body(), |s| s.size);
        let measure = Measure {
            width: frame.width,
            first_indent: frame.first_indent,
            autospace: AUTOSPACE_EMS * size,
            justify: frame.align == LineAlign::Justify,
            squeeze: self.style.line_breaking.squeeze_punctuation,
            keeps: body_paragraph.is_some(),
        };
        let lines = break_lines(&items, &measure);
        if let Some(key) = body_paragraph
            && self.record_spacing
        {
            let spacing: Vec<ParagraphSpacing> = word_processor_spacing(&items, &measure, &lines)
                .into_iter()
                .filter_map(|fit| {
                    // Whole twips, most of the way from the least that pushes the rest off the
                    // line to the most that keeps the line's own characters on it: LibreOffice
                    // sets less space between Chinese and digits than this layout (about 3.3 pt
                    // against 4), so a line there holds a little more.
                    let pt = fit.min_pt + WORD_PROCESSOR_PUSH * (fit.max_pt - fit.min_pt);
                    let twips = (pt * TWIPS_PER_PT).floor() as i32;
                    let pt = f64::from(twips) / TWIPS_PER_PT;
                    (fit.min_pt >= 0.0 && pt > fit.min_pt && pt < fit.max_pt).then_some(
                        ParagraphSpacing {
                            chars: fit.range,
                            extra_twips: twips,
                        },
                    )
                })
                .collect();
            if !spacing.is_empty() {
                self.spacing.insert(key, spacing);
            }
        }
        for line in &lines {
            let extent = line
                .x
                .iter()
                .zip(&line.width)
                .zip(&items[line.range.clone()])
                .filter(|(_, item)| !item.ch.is_whitespace())
                .map(|((x, w), _)| x + w)
                .fold(0.0, f64::max);
            let shift = match frame.align {
                LineAlign::Justify | LineAlign::Left => 0.0,
                LineAlign::Center => (frame.width - extent) / 2.0,
                LineAlign::Right => frame.width - extent,
            };
            let mut row = Row {
                height: frame.line_height,
                on_grid: frame.line_height == self.pitch,
                keep_with_next,
                ..Row::default()
            };
            for ((i, x), &line_width) in line.range.clone().zip(&line.x).zip(&line.width) {
                let (item, face, gid) = measured[i];
                if item.ch == '\n' || (item.ch.is_whitespace() && gid == 0) {
                    continue;
                }
                let s = text[i];
                let glyph = PlacedGlyph {
                    gid,
                    x: frame.left + shift + x,
                    ch: item.ch,
                };
                let style = TextRun {
                    face,
                    size: s.size,
                    bold: s.bold,
                    half_width: line_width < item.advance * 0.75,
                    baseline: self.baseline_in(frame.line_height, s.size),
                    colour: None,
                    glyphs: Vec::new(),
                };
                push_glyph(&mut row.runs, &style, glyph);
            }
            self.push(row);
        }
    }

    /// The baseline of a glyph of `size` in a line of `height`: the glyph's em box centred in
    /// the line, as word processors set an exactly spaced line.
    fn baseline_in(&self, height: f64, size: f64) -> f64 {
        (height - size) / 2.0 + size * (1.0 + self.descent)
    }

    fn push(&mut self, mut row: Row) {
        if let Some(seal) = self.pending_seal.take() {
            row.images.push(seal);
        }
        if std::mem::take(&mut self.page_break_pending) {
            row.page_break_before = true;
        }
        self.rows.push(row);
    }

    fn blank_lines(&mut self, n: u32, keep_with_next: bool) {
        for _ in 0..n {
            self.push(Row {
                height: self.pitch,
                on_grid: true,
                keep_with_next,
                ..Row::default()
            });
        }
    }

    /// The measure of body text: the whole text block, first line indented 2 characters.
    fn body_frame(&self) -> Frame {
        Frame {
            left: self.text_left,
            width: self.text_width,
            first_indent: FIRST_LINE_INDENT_CHARS * self.body(),
            align: LineAlign::Justify,
            line_height: self.pitch,
        }
    }

    fn flush_frame(&self, align: LineAlign) -> Frame {
        Frame {
            first_indent: 0.0,
            align,
            ..self.body_frame()
        }
    }

    // ---- the elements, top to bottom -------------------------------------------------------

    fn front(&mut self, doc: &Document) {
        for element in plan::front(doc, self.style) {
            self.element(element);
        }
    }

    /// Set one element of the plan.
    fn element(&mut self, element: plan::Element) {
        let body = self.body();
        match element {
            plan::Element::Body {
                key,
                spans,
                keep_with_next,
                keep_with_closing,
                ..
            } => {
                let mut text = Vec::new();
                for span in &spans {
                    text.extend(self.inlines(&span.inlines, span.role, false, body));
                }
                self.body_paragraph = Some(key);
                if keep_with_closing {
                    self.paragraph_keeping_last(&text, true);
                } else {
                    self.paragraph(&text, self.body_frame(), keep_with_next);
                }
            }
            plan::Element::Table(table) => self.table(table),
            plan::Element::Turned {
                title,
                upright_title,
                table,
            } => self.turned(title, upright_title, table),
            plan::Element::PageBreak => self.page_break_pending = true,
            plan::Element::Blank {
                lines,
                keep_with_next,
            } => self.blank_lines(lines, keep_with_next),
            plan::Element::Line(line) => {
                let text = if line.latin_in_face {
                    self.styled_in_face(&line.text, line.role, body)
                } else {
                    self.styled(&line.text, line.role, false, body)
                };
                let left = line.left_chars * body;
                let frame = Frame {
                    left: self.text_left + left,
                    width: self.text_width - left - line.right_pt,
                    first_indent: line.first_chars * body,
                    align: line_align(line.align),
                    line_height: self.pitch,
                };
                self.paragraph(&text, frame, line.keep_with_next);
            }
            plan::Element::Pair(left, right) => {
                let styled =
                    |line: &plan::PlannedLine| self.styled_in_face(&line.text, line.role, body);
                let (l, r) = (styled(&left), styled(&right));
                let frame = self.flush_frame(LineAlign::Left);
                self.left_and_right(&l, &r, frame, left.keep_with_next);
            }
            plan::Element::Seal {
                centre_x,
                centre_y,
                width,
                height,
            } => {
                self.pending_seal = Some(PlacedImage {
                    x: self.text_left + centre_x - width / 2.0,
                    y: centre_y - height / 2.0,
                    width,
                    height,
                });
            }
            plan::Element::Letterhead { letterhead, drawn } => {
                if drawn {
                    self.letterhead = Some(letterhead);
                }
            }
            plan::Element::NumberAndSigner {
                number,
                signer,
                indent_chars,
            } => self.doc_number_line(&number, signer.as_ref(), indent_chars),
            plan::Element::Title(lines) => {
                let size = self.style.sizes.title_pt;
                for line in lines {
                    let text = self.styled(&line, Role::Title, self.role_bold(Role::Title), size);
                    self.paragraph(&text, self.flush_frame(LineAlign::Center), true);
                }
            }
            plan::Element::Imprint { cc, printed } => self.imprint(cc.as_deref(), printed.as_ref()),
        }
    }

    /// An upward document's 发文字号 `indent_chars` in from the left, and a 签发人 as far in
    /// from the right (further by the name's `right_chars`).
    fn doc_number_line(
        &mut self,
        number: &str,
        signer: Option<&plan::SignerName>,
        indent_chars: f64,
    ) {
        let body = self.body();
        let indent = indent_chars * body;
        let frame = Frame {
            left: self.text_left + indent,
            width: self.text_width - 2.0 * indent,
            ..self.flush_frame(LineAlign::Left)
        };
        let text = self.styled(number, Role::Body, false, body);
        match signer {
            Some(signer) => {
                let label = if signer.label { SIGNER_LABEL } else { "" };
                let mut right = self.styled(label, Role::Body, false, body);
                right.extend(self.styled(&signer.name, Role::Heading2, false, body));
                let right_frame = Frame {
                    width: frame.width - signer.right_chars * body,
                    ..frame
                };
                if number.is_empty() {
                    let right_frame = Frame {
                        align: LineAlign::Right,
                        ..right_frame
                    };
                    self.paragraph(&right, right_frame, true);
                } else {
                    self.left_and_right_in(&text, &right, frame, right_frame, true);
                }
            }
            None => self.paragraph(&text, frame, true),
        }
    }

    /// `left` flush left and `right` flush right in `frame`, `right` on the last line of `left`
    /// where it takes one line: the 发文字号 and 签发人, the 印发机关 and 印发日期.
    fn left_and_right(&mut self, left: &[Styled], right: &[Styled], frame: Frame, keep: bool) {
        self.left_and_right_in(left, right, frame, frame, keep);
    }

    /// [`Placer::left_and_right`] with a measure of its own for the right-hand text.
    fn left_and_right_in(
        &mut self,
        left: &[Styled],
        right: &[Styled],
        left_frame: Frame,
        right_frame: Frame,
        keep: bool,
    ) {
        self.paragraph(
            left,
            Frame {
                align: LineAlign::Left,
                ..left_frame
            },
            keep,
        );
        let before = self.rows.len();
        self.paragraph(
            right,
            Frame {
                align: LineAlign::Right,
                ..right_frame
            },
            keep,
        );
        if self.rows.len() == before + 1 {
            let right_row = self.rows.pop().expect("a row was just pushed");
            self.rows[before - 1].runs.extend(right_row.runs);
        }
    }

    fn blocks(&mut self, doc: &Document) {
        for element in plan::body(doc) {
            self.element(element);
        }
    }

    /// A body paragraph which, if `keep`, stays whole on the page of what follows (the 落款),
    /// as Word and LibreOffice keep a paragraph marked "keep with next"; if it cannot, at least
    /// its last line does.
    fn paragraph_keeping_last(&mut self, text: &[Styled], keep: bool) {
        let first = self.rows.len();
        self.paragraph(text, self.body_frame(), keep);
        if keep && self.rows.len() > first + 1 {
            let last = self.rows.len() - 1;
            for row in &mut self.rows[first..last] {
                row.soft_keep = true;
            }
        }
    }

    fn closing(&mut self, doc: &Document) {
        for element in plan::closing(doc, self.style) {
            self.element(element);
        }
    }

    /// The 版记 at the page foot, in 4号 indented a character each side, between rules (the
    /// outer ones 0.35 mm, the one between its lines 0.25 mm): the 抄送, whose wrapped lines
    /// align with the first name after "抄送：", then the 印发机关 (left) and 印发日期 (right).
    fn imprint(&mut self, cc: Option<&str>, printed: Option<&(String, String)>) {
        let size = self.style.sizes.imprint_pt;
        let indent = self.style.imprint.indent_chars * size;
        let first = self.rows.len();
        if let Some(text) = cc {
            let label = CC_LABEL.chars().count() as f64 * size;
            let styled = self.styled(text, Role::Body, false, size);
            let frame = Frame {
                left: self.text_left + indent + label,
                width: self.text_width - 2.0 * indent - label,
                first_indent: -label,
                align: LineAlign::Justify,
                line_height: self.pitch,
            };
            self.paragraph(&styled, frame, true);
        }
        let printed_row = self.rows.len();
        if let Some((by, on)) = printed {
            let frame = Frame {
                left: self.text_left + indent,
                width: self.text_width - 2.0 * indent,
                first_indent: 0.0,
                align: LineAlign::Left,
                line_height: self.pitch,
            };
            let by = self.styled(by, Role::Body, false, size);
            let on = self.styled(on, Role::Body, false, size);
            self.left_and_right(&by, &on, frame, true);
        }
        let last = self.rows.len() - 1;
        let outer = self.style.imprint.outer_rule_mm * PT_PER_MM;
        let inner = self.style.imprint.inner_rule_mm * PT_PER_MM;
        let (x0, x1) = (self.text_left, self.text_left + self.text_width);
        for (n, row) in self.rows[first..].iter_mut().enumerate() {
            row.foot = true;
            row.keep_with_next = n + first < last;
        }
        self.rows[first]
            .strokes
            .push(Stroke::horizontal(x0, x1, outer / 2.0, outer));
        if printed.is_some() && printed_row > first {
            self.rows[printed_row]
                .strokes
                .push(Stroke::horizontal(x0, x1, 0.0, inner));
        }
        let height = self.rows[last].height;
        self.rows[last]
            .strokes
            .push(Stroke::horizontal(x0, x1, height - outer / 2.0, outer));
    }

    // ---- tables --------------------------------------------------------------------------------

    fn table(&mut self, table: &Table) {
        let Some(grid) = TableGrid::of(table, self.style) else {
            return;
        };
        let columns = grid.aligns.len();
        let widths = grid.widths_pt();
        let aligns: Vec<LineAlign> = grid
            .aligns
            .iter()
            .map(|a| match a {
                Align::Center => LineAlign::Center,
                Align::Right => LineAlign::Right,
                _ => LineAlign::Left,
            })
            .collect();
        let id = self.tables;
        self.tables += 1;
        let page_break = std::mem::take(&mut self.page_break_pending);
        let header_at = self.rows.len();
        let header = row_cells(&table.header, columns);
        let centred = vec![LineAlign::Center; columns];
        self.table_row(&header, &widths, &centred, grid.size, (id, true));
        // A page break asked for before the table starts the page with its header row (the
        // header's cells are laid out as rows of their own first, which would take it).
        if page_break {
            self.rows[header_at].page_break_before = true;
        }
        self.table_body_rows = 0;
        for row in &table.rows {
            let cells = row_cells(row, columns);
            self.table_row(&cells, &widths, &aligns, grid.size, (id, false));
            self.table_body_rows += 1;
        }
        // A word processor's table is its rows plus its top rule, which it draws inside the
        // table: the space after the table counts it, so text after a table lands alike.
        if let Some(last) = self.rows.last_mut() {
            last.height += TABLE_RULE_PT;
            if let Some(piece) = last.pieces.last_mut() {
                piece.height += TABLE_RULE_PT;
            }
        }
    }

    /// A table set sideways with its title (§8 横排表格): laid out and paged in the turned
    /// frame as on a page of its own, then each frame page turned onto a page below the grid's
    /// top line (the 附件 label's, upright, on the first page; blank on the others).
    fn turned(&mut self, title: Vec<String>, upright_title: Vec<String>, table: &Table) {
        let style = self.style.turned_style();
        let frame = self.style.turned_frame();
        let mut inner = Placer::new(&style, self.faces);
        inner.element(plan::Element::Title(title));
        inner.blank_lines(1, true);
        let header_row = inner.rows.len();
        inner.table(table);
        // A row set sideways stays whole: a word processor cannot split a table's column. So
        // every row must fit a frame under the header, and the first under the title too; a
        // table with a row too deep stays upright, where its rows may split.
        for row in &mut inner.rows {
            row.pieces.clear();
        }
        let depth = |rows: &[Row]| rows.iter().map(|r| r.height).sum::<f64>();
        let header = depth(&inner.rows[header_row..=header_row]);
        let fits = |above: f64, row: &Row| above + header + row.height <= frame.height_pt + 1e-6;
        let body = &inner.rows[header_row + 1..];
        let upright = !body.iter().all(|row| fits(0.0, row))
            || body
                .first()
                .is_some_and(|row| !fits(depth(&inner.rows[..header_row]), row));
        if upright {
            self.turned_tables.push(TurnedTable {
                upright: true,
                ..TurnedTable::default()
            });
            for element in plan::upright_attachment(upright_title, table) {
                self.element(element);
            }
            return;
        }
        self.missing.chars.extend(inner.missing.chars);
        self.missing.contexts.extend(inner.missing.contexts);
        let paged = paginate(&inner.rows, &style);
        let first_body_row = header_row + 1;
        self.turned_tables.push(TurnedTable {
            upright: false,
            title_lines: header_row,
            pages: paged
                .page_rows
                .iter()
                .map(|rows| {
                    rows.iter()
                        .filter(|r| **r >= first_body_row)
                        .map(|r| r - first_body_row)
                        .collect()
                })
                .collect(),
            row_depths_pt: inner.rows[header_row..].iter().map(|r| r.height).collect(),
        });
        let top = f64::from(frame.top_lines) * self.pitch;
        let height = f64::from(self.style.grid.lines) * self.pitch - top;
        for (n, page) in paged.pages.into_iter().enumerate() {
            if n > 0 {
                self.page_break_pending = true;
                self.blank_lines(frame.top_lines, true);
            }
            self.push(Row {
                height,
                on_grid: true,
                turned: Some(Box::new(Turned {
                    runs: page.runs,
                    strokes: page.strokes,
                    corner: (self.text_left, frame.width_pt),
                })),
                ..Row::default()
            });
        }
    }

    fn table_row(
        &mut self,
        cells: &[&[Inline]],
        widths: &[f64],
        aligns: &[LineAlign],
        size: f64,
        table: (usize, bool),
    ) {
        let line = self.style.sizes.table_line_pt;
        let padding = CELL_PADDING_PT;
        let role = if table.1 { Role::Heading1 } else { Role::Body };
        // Lay out each cell as its own little paragraph, then merge them into one row.
        let mut cell_rows: Vec<Vec<Row>> = Vec::new();
        let mut x = self.text_left;
        for ((cell, width), align) in cells.iter().zip(widths).zip(aligns) {
            let text = self.inlines(cell, role, false, size);
            let before = self.rows.len();
            if !text.is_empty() {
                self.paragraph(
                    &text,
                    Frame {
                        left: x + padding,
                        width: (width - 2.0 * padding).max(size),
                        first_indent: 0.0,
                        align: *align,
                        line_height: line,
                    },
                    false,
                );
            }
            cell_rows.push(self.rows.drain(before..).collect());
            x += width;
        }
        let lines = cell_rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        // The whole row, its cells centred vertically, with its lines and bottom rule as word
        // processors size a table row.
        let mut row = Row {
            height: lines as f64 * line + TABLE_RULE_PT,
            on_grid: false,
            keep_with_next: table.1,
            table: Some(table),
            ..Row::default()
        };
        for cell in &cell_rows {
            let offset = (lines - cell.len()) as f64 * line / 2.0;
            for (n, line_row) in cell.iter().enumerate() {
                for run in &line_row.runs {
                    row.runs.push(TextRun {
                        baseline: run.baseline + offset + n as f64 * line,
                        ..run.clone()
                    });
                }
            }
        }
        self.rule_cells(&mut row, widths);
        // A body row of several lines may split across pages, as a word processor splits it:
        // its lines, top-aligned, one piece each, the first with the row's top rule and the last
        // with its bottom rule. A shorter row stays whole, so that no page holds one line of it.
        if !table.1 && lines >= SPLITTABLE_ROW_LINES {
            self.splittable_rows.insert((table.0, self.table_body_rows));
            for n in 0..lines {
                let last = n + 1 == lines;
                let mut piece = Row {
                    height: line + if last { TABLE_RULE_PT } else { 0.0 },
                    ..Row::default()
                };
                for cell in &cell_rows {
                    for run in cell.get(n).map_or(&[][..], |r| r.runs.as_slice()) {
                        piece.runs.push(run.clone());
                    }
                }
                self.rule_cell_sides(&mut piece, widths, n == 0, last);
                row.pieces.push(piece);
            }
        }
        self.push(row);
    }

    /// The rules round every cell of a table row.
    fn rule_cells(&self, row: &mut Row, widths: &[f64]) {
        self.rule_cell_sides(row, widths, true, true);
    }

    /// The rules between the cells of `row`, with the row's top and bottom rules if asked.
    fn rule_cell_sides(&self, row: &mut Row, widths: &[f64], top: bool, bottom: bool) {
        let (rule, height) = (TABLE_RULE_PT, row.height);
        let (left, right) = (self.text_left, self.text_left + widths.iter().sum::<f64>());
        if top {
            row.strokes.push(Stroke::horizontal(left, right, 0.0, rule));
        }
        if bottom {
            row.strokes
                .push(Stroke::horizontal(left, right, height, rule));
        }
        let mut x = left;
        row.strokes.push(Stroke::vertical(x, 0.0, height, rule));
        for w in widths {
            x += w;
            row.strokes.push(Stroke::vertical(x, 0.0, height, rule));
        }
    }

    // ---- pages ---------------------------------------------------------------------------------

    /// "— N —" in 4号 宋体 below the text block: odd pages right, even pages left, one
    /// character in; none on page 1 of a 信函 unless the style asks for it.
    fn number_pages(&mut self, pages: &mut [Page], format: DocFormat) {
        let style = self.style;
        let size = style.sizes.page_number_pt;
        let dash = &style.page_number.dash;
        // The em box's middle on the 一字线: its top half a size above, the baseline an ascent
        // below that (the page-number face's own descent, as readers measure the glyphs).
        let descent =
            self.faces.book.faces[self.faces.book.face_of(Role::PageNumber)].descent / 1000.0;
        let baseline = style.page_number_midline_pt() - size / 2.0 + size * (1.0 + descent);
        let indent = style.page_number.indent_chars * size;
        for (n, page) in pages.iter_mut().enumerate() {
            let number = n + 1;
            if number == 1 && format == DocFormat::Letter && !style.letter.number_on_first_page {
                continue;
            }
            let text = self.styled(
                &format!("{dash} {number} {dash}"),
                Role::PageNumber,
                false,
                size,
            );
            let measured = self.measure(&text);
            let width: f64 = measured.iter().map(|m| m.0.advance).sum();
            let mut x = if number % 2 == 1 {
                self.text_left + self.text_width - indent - width
            } else {
                self.text_left + indent
            };
            for (item, face, gid) in measured {
                if gid != 0 {
                    let style = TextRun {
                        face,
                        size,
                        bold: false,
                        half_width: false,
                        baseline,
                        colour: None,
                        glyphs: Vec::new(),
                    };
                    let glyph = PlacedGlyph {
                        gid,
                        x,
                        ch: item.ch,
                    };
                    push_glyph(&mut page.runs, &style, glyph);
                }
                x += item.advance;
            }
        }
    }
}

/// The page layout's alignment of a planned line.
fn line_align(align: plan::LineAlign) -> LineAlign {
    match align {
        plan::LineAlign::Left => LineAlign::Left,
        plan::LineAlign::Justify => LineAlign::Justify,
        plan::LineAlign::Right => LineAlign::Right,
        plan::LineAlign::Center => LineAlign::Center,
    }
}

/// How far into the window between its least and its most the spacing that makes a word
/// processor end a line early is set (see `paragraph`).
const WORD_PROCESSOR_PUSH: f64 = 0.8;

/// Table rows of fewer lines never split across pages, so that no page holds a single line
/// of one; longer rows split as word processors split them.
const SPLITTABLE_ROW_LINES: usize = 4;

/// The width of a table's rules (w:sz 4 in the DOCX).
const TABLE_RULE_PT: f64 = 0.5;
/// Padding of a table cell on each side, in points (57 twips, as the DOCX has it).
const CELL_PADDING_PT: f64 = 2.85;
