//! word/document.xml: the Document's elements in their GB/T 9704 places, then the section
//! (A4, margins, the 22-line grid, odd/even page-number footers).

use super::parts::{FOOTER_EVEN, FOOTER_FIRST, FOOTER_ODD};
use super::styles::{id, rule_eighths, write_rpr};
use super::xml::Xml;
use super::{NS_R, NS_W, twips, twips_value};
use crate::document::model::{Align, DocFormat, Document, Inline, Table};
use crate::document::wording::{CC_LABEL, SIGNER_LABEL};
use crate::layout::columns::{TableGrid, row_cells};
use crate::layout::pages::fonts::Role;
use crate::layout::pages::paginate::{FootGap, PageFacts, ParagraphSpacing, TurnedTable};
use crate::layout::plan;
use crate::style::{Style, TWIPS_PER_PT};
use std::collections::BTreeMap;

/// Direct paragraph formatting on top of a style.
#[derive(Default)]
struct Para<'a> {
    style: &'a str,
    keep_next: bool,
    page_break_before: bool,
    /// The 版记's rules: outer above and below, inner between its lines.
    imprint_rules: bool,
    /// An exact line height other than the style's, in twips.
    line_twips: Option<u32>,
    /// A right-aligned tab stop, in twips from the left margin.
    right_tab: Option<i64>,
    /// (left, right, first line) in twips, replacing the style's indents.
    indent: Option<(i64, i64, i64)>,
    jc: Option<&'a str>,
    /// Space before the paragraph in twips (the line after a table, back on the grid).
    space_before: Option<i64>,
}

/// A run: text with bold/italic and an optional East Asian font for run-in headings.
struct Run<'a> {
    text: &'a str,
    bold: bool,
    italic: bool,
    font: Option<&'a str>,
    /// A face for digits and Latin letters other than the style's.
    latin: Option<&'a str>,
    /// A size other than the style's (小四 in a wide table).
    size: Option<f64>,
    /// Character spacing other than the style's, in twips (a line the layout ends early).
    spacing: Option<i32>,
}

impl<'a> Run<'a> {
    fn plain(text: &'a str) -> Self {
        Run {
            text,
            bold: false,
            italic: false,
            font: None,
            latin: None,
            size: None,
            spacing: None,
        }
    }
    fn inline(inline: &'a Inline) -> Self {
        Run {
            text: &inline.text,
            bold: inline.bold,
            italic: inline.italic,
            font: None,
            latin: None,
            size: None,
            spacing: None,
        }
    }
}

struct BodyWriter<'a> {
    x: Xml,
    style: &'a Style,
    page_break_pending: bool,
    foot_gap: Option<FootGap>,
    /// The space after each table that brings the next line back onto the grid, in points.
    space_after_tables: Vec<f64>,
    tables: usize,
    /// Space before the next paragraph, in twips (after a table).
    space_before_pending: Option<i64>,
    /// Body paragraphs whose lines the layout ends early, and the spacing that makes a word
    /// processor end them there too.
    spacing: BTreeMap<(usize, usize), Vec<ParagraphSpacing>>,
    /// The body rows, by table and row, that the layout lets split across pages.
    splittable_rows: std::collections::BTreeSet<(usize, usize)>,
    /// The 版头's anchored shapes, for the next paragraph.
    pending_drawing: Option<String>,
    /// Where the last paragraph outside a table closes its properties, and whether a table came
    /// after it: where a section break can end the numbered pages.
    last_paragraph_end: Option<usize>,
    table_last: bool,
    in_table: bool,
    /// The tables set sideways, as the layout paged them, and how many are written.
    turned_tables: Vec<TurnedTable>,
    turned_written: usize,
}

impl<'a> BodyWriter<'a> {
    fn chars(&self, n: f64) -> i64 {
        twips_value(n * self.style.sizes.body_pt)
    }

    fn paragraph(&mut self, p: Para, runs: &[Run]) {
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", p.style)]);
        if p.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if p.page_break_before || std::mem::take(&mut self.page_break_pending) {
            x.empty("w:pageBreakBefore", &[]);
        }
        if p.imprint_rules {
            let outer = rule_eighths(self.style.imprint.outer_rule_mm).to_string();
            let inner = rule_eighths(self.style.imprint.inner_rule_mm).to_string();
            x.open("w:pBdr", &[]);
            for (side, size) in [
                ("w:top", &outer),
                ("w:bottom", &outer),
                ("w:between", &inner),
            ] {
                x.empty(
                    side,
                    &[
                        ("w:val", "single"),
                        ("w:sz", size),
                        ("w:space", "1"),
                        ("w:color", "000000"),
                    ],
                );
            }
            x.close("w:pBdr");
        }
        let space_before = p.space_before.or(self.space_before_pending.take());
        if let Some(before) = space_before.filter(|_| p.line_twips.is_none()) {
            x.empty(
                "w:spacing",
                &[("w:before", &before.to_string()), ("w:beforeLines", "0")],
            );
        }
        if let Some(pos) = p.right_tab {
            x.open("w:tabs", &[])
                .empty("w:tab", &[("w:val", "right"), ("w:pos", &pos.to_string())])
                .close("w:tabs");
        }
        if let Some(line) = p.line_twips {
            let line = line.to_string();
            x.empty(
                "w:spacing",
                &[
                    ("w:before", "0"),
                    ("w:after", "0"),
                    ("w:line", &line),
                    ("w:lineRule", "exact"),
                ],
            );
        }
        if let Some((left, right, first)) = p.indent {
            // A negative first-line indent is a hanging one.
            let (first_attr, chars_attr) = if first < 0 {
                ("w:hanging", "w:hangingChars")
            } else {
                ("w:firstLine", "w:firstLineChars")
            };
            x.empty(
                "w:ind",
                &[
                    ("w:left", &left.to_string()),
                    ("w:right", &right.to_string()),
                    (first_attr, &first.abs().to_string()),
                    (chars_attr, "0"),
                ],
            );
        }
        if let Some(jc) = p.jc {
            x.empty("w:jc", &[("w:val", jc)]);
        }
        if !self.in_table {
            self.last_paragraph_end = Some(x.len());
            self.table_last = false;
        }
        x.close("w:pPr");
        if let Some(drawing) = self.pending_drawing.take() {
            x.raw(&drawing);
        }
        for run in runs {
            write_run(x, run);
        }
        x.close("w:p");
    }

    fn blank_lines(&mut self, n: u32, keep_next: bool) {
        for _ in 0..n {
            self.paragraph(
                Para {
                    style: id::ADDRESSEE,
                    keep_next,
                    ..Default::default()
                },
                &[],
            );
        }
    }

    fn front_lines(&mut self, doc: &Document) {
        for element in plan::front(doc, self.style) {
            self.element(element);
        }
    }

    /// Write one element of the plan (the 版记 is written by `closing`, at the page foot).
    fn element(&mut self, element: plan::Element) {
        match element {
            plan::Element::Body {
                key,
                kind,
                spans,
                keep_with_next,
                keep_with_closing,
            } => {
                // The paragraph style carries the face of `kind`; a span in another face (a
                // run-in heading) names its own.
                let own = plan::body_role(kind);
                let mut runs = Vec::new();
                for span in &spans {
                    let face = span.role.of(self.style);
                    for inline in span.inlines.iter() {
                        runs.push(if span.role == own {
                            Run::inline(inline)
                        } else {
                            Run {
                                font: Some(&face.name),
                                bold: inline.bold || face.bold,
                                ..Run::inline(inline)
                            }
                        });
                    }
                }
                let runs = self.spaced(runs, key);
                let style = match kind {
                    plan::BodyKind::Heading(level) => id::heading(level),
                    plan::BodyKind::Paragraph | plan::BodyKind::ListItem => id::NORMAL,
                };
                self.paragraph(
                    Para {
                        style,
                        keep_next: keep_with_next || keep_with_closing,
                        ..Default::default()
                    },
                    &runs,
                );
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
                let style = match line.kind {
                    plan::LineKind::Classification | plan::LineKind::AttachmentLabel => {
                        id::CLASSIFICATION
                    }
                    plan::LineKind::ResultClass | plan::LineKind::DocNumber => id::DOC_NUMBER,
                    plan::LineKind::Addressee => id::ADDRESSEE,
                    plan::LineKind::Attachment => id::ATTACHMENT,
                    plan::LineKind::Signature => id::SIGNATURE,
                    plan::LineKind::Date => id::DATE,
                    plan::LineKind::Contact => id::NOTE,
                };
                let face =
                    (line.role != Role::Body).then(|| line.role.of(self.style).name.as_str());
                self.paragraph(
                    Para {
                        style,
                        keep_next: line.keep_with_next,
                        indent: Some((
                            self.chars(line.left_chars),
                            twips_value(line.right_pt),
                            self.chars(line.first_chars),
                        )),
                        jc: Some(jc(line.align)),
                        ..Default::default()
                    },
                    &[Run {
                        font: face,
                        latin: face.filter(|_| line.latin_in_face),
                        ..Run::plain(&line.text)
                    }],
                );
            }
            plan::Element::NumberAndSigner {
                number,
                signer,
                indent_chars,
            } => {
                // The 签发人 at the right end of the 发文字号's line, after a right tab.
                let names = self.style.fonts.heading2.name.as_str();
                let indent = self.chars(indent_chars);
                let width = twips_value(self.style.text_width_pt());
                let mut runs = vec![Run::plain(&number)];
                let mut right_tab = None;
                if let Some(signer) = &signer {
                    runs.push(Run::plain("\t"));
                    if signer.label {
                        runs.push(Run::plain(SIGNER_LABEL));
                    }
                    runs.push(Run {
                        font: Some(names),
                        ..Run::plain(&signer.name)
                    });
                    right_tab = Some(width - indent - self.chars(signer.right_chars));
                }
                self.paragraph(
                    Para {
                        style: id::DOC_NUMBER,
                        keep_next: true,
                        indent: Some((indent, indent, 0)),
                        jc: Some("left"),
                        right_tab,
                        ..Default::default()
                    },
                    &runs,
                );
            }
            plan::Element::Pair(left, right) => {
                let face = |line: &plan::PlannedLine| {
                    (line.role != Role::Body).then(|| line.role.of(self.style).name.clone())
                };
                let (left_face, right_face) = (face(&left), face(&right));
                fn run<'r>(text: &'r str, face: Option<&'r str>) -> Run<'r> {
                    Run {
                        font: face,
                        latin: face,
                        ..Run::plain(text)
                    }
                }
                let runs = [
                    run(&left.text, left_face.as_deref()),
                    Run::plain("\t"),
                    run(&right.text, right_face.as_deref()),
                ];
                self.paragraph(
                    Para {
                        style: id::DOC_NUMBER,
                        keep_next: true,
                        indent: Some((0, 0, 0)),
                        jc: Some("left"),
                        right_tab: Some(twips_value(self.style.text_width_pt())),
                        ..Default::default()
                    },
                    &runs,
                );
            }
            plan::Element::Seal {
                centre_x,
                centre_y,
                width,
                height,
            } => {
                // Behind the next paragraph's text (the 署名, or the signature seal's line).
                let seal = super::drawing::seal_run(
                    centre_x - width / 2.0,
                    centre_y - height / 2.0,
                    width,
                    height,
                );
                self.pending_drawing = Some(match self.pending_drawing.take() {
                    Some(other) => other + &seal,
                    None => seal,
                });
            }
            plan::Element::Letterhead { letterhead, drawn } => {
                if drawn {
                    self.pending_drawing =
                        Some(super::drawing::letterhead_runs(&letterhead, self.style));
                }
            }
            plan::Element::Title(lines) => {
                let mut runs = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        runs.push(Run::plain("\n"));
                    }
                    runs.push(Run::plain(line));
                }
                self.paragraph(
                    Para {
                        style: id::TITLE,
                        ..Default::default()
                    },
                    &runs,
                );
            }
            plan::Element::Imprint { .. } => {}
        }
    }

    fn blocks(&mut self, doc: &Document) {
        for element in plan::body(doc) {
            self.element(element);
        }
    }

    /// `runs` split where the layout asks for extra spacing on the characters of a line it
    /// ends before a word processor would, with that spacing (on top of the body's condensing).
    fn spaced<'r>(&self, runs: Vec<Run<'r>>, key: (usize, usize)) -> Vec<Run<'r>> {
        let Some(spacing) = self.spacing.get(&key) else {
            return runs;
        };
        let base = self.style.condense_twips(self.style.sizes.body_pt);
        let extra_at = |n: usize| {
            spacing
                .iter()
                .find(|s| s.chars.contains(&n))
                .map(|s| base + s.extra_twips)
        };
        let mut out = Vec::new();
        let mut offset = 0;
        for run in runs {
            let mut piece_start = 0;
            let mut current = extra_at(offset);
            for (byte, _) in run.text.char_indices() {
                let here = extra_at(offset);
                if here != current {
                    out.push(Run {
                        text: &run.text[piece_start..byte],
                        spacing: current,
                        ..run
                    });
                    piece_start = byte;
                    current = here;
                }
                offset += 1;
            }
            out.push(Run {
                text: &run.text[piece_start..],
                spacing: current,
                ..run
            });
        }
        out
    }

    fn table(&mut self, table: &Table) {
        let style = self.style;
        let Some(grid) = TableGrid::of(table, style) else {
            return;
        };
        let columns = grid.aligns.len();
        let total_twips: i64 = grid.widths_twips.iter().sum();
        let col_twips = &grid.widths_twips;
        let aligns = cell_jcs(&grid);
        let x = &mut self.x;
        x.open("w:tbl", &[]).open("w:tblPr", &[]);
        x.empty("w:tblStyle", &[("w:val", id::TABLE)]);
        x.empty(
            "w:tblW",
            &[("w:w", &total_twips.to_string()), ("w:type", "dxa")],
        );
        x.empty("w:jc", &[("w:val", "center")]);
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.empty(
            "w:tblLook",
            &[
                ("w:val", "04A0"),
                ("w:firstRow", "1"),
                ("w:lastRow", "0"),
                ("w:firstColumn", "0"),
                ("w:lastColumn", "0"),
                ("w:noHBand", "1"),
                ("w:noVBand", "1"),
            ],
        );
        x.close("w:tblPr").open("w:tblGrid", &[]);
        for w in col_twips {
            x.empty("w:gridCol", &[("w:w", &w.to_string())]);
        }
        x.close("w:tblGrid");
        let header_row = row_cells(&table.header, columns);
        let size = (grid.size != style.sizes.table_pt).then_some(grid.size);
        self.in_table = true;
        self.table_row(
            &header_row,
            col_twips,
            &vec!["center"; columns],
            (true, true),
            size,
        );
        for (n, row) in table.rows.iter().enumerate() {
            let cells = row_cells(row, columns);
            // A row splits across pages only where the layout lets it.
            let whole = !self.splittable_rows.contains(&(self.tables, n));
            self.table_row(&cells, col_twips, &aligns, (false, whole), size);
        }
        self.x.close("w:tbl");
        self.in_table = false;
        self.table_last = true;
        let space = self
            .space_after_tables
            .get(self.tables)
            .copied()
            .unwrap_or(0.0);
        self.tables += 1;
        self.space_before_pending = (space > 0.0).then(|| twips_value(space));
    }

    /// A table set sideways with its title (§8 横排表格), page by page as the layout paged it:
    /// on each page a table whose rows are the table's columns, the last on top, and whose
    /// cells turn their text a quarter to the left (btLr), so that the table head lies along
    /// the left edge; the first page's first column holds the title. Without the layout's
    /// pages (no fonts), the title and the table upright.
    fn turned(&mut self, title: Vec<String>, upright_title: Vec<String>, table: &Table) {
        let style = self.style;
        let frame_style = style.turned_style();
        let paged = self.turned_tables.get(self.turned_written).cloned();
        self.turned_written += 1;
        let paged = paged.filter(|paged| !paged.upright);
        let (Some(paged), Some(grid)) = (paged, TableGrid::of(table, &frame_style)) else {
            for element in plan::upright_attachment(upright_title, table) {
                self.element(element);
            }
            return;
        };
        let pitch = style.line_pitch_twips();
        let columns = grid.aligns.len();
        let aligns = cell_jcs(&grid);
        let size = (grid.size != style.sizes.table_pt).then_some(grid.size);
        let depth = |row: usize| twips_value(paged.row_depths_pt.get(row).copied().unwrap_or(0.0));
        let top_lines = style.turned_frame().top_lines;
        for (n, body_rows) in paged.pages.iter().enumerate() {
            if n > 0 {
                self.page_break_pending = true;
                self.blank_lines(top_lines, true);
            }
            // The title and a blank line take the first page's first lines across the frame.
            let title_twips = (n == 0).then(|| paged.title_lines as i64 * i64::from(pitch));
            let mut word_columns: Vec<i64> = title_twips.into_iter().collect();
            word_columns.push(depth(0));
            word_columns.extend(body_rows.iter().map(|r| depth(r + 1)));
            let x = &mut self.x;
            x.open("w:tbl", &[]).open("w:tblPr", &[]);
            x.empty("w:tblStyle", &[("w:val", id::TABLE)]);
            let total: i64 = word_columns.iter().sum();
            x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
            x.empty("w:tblLayout", &[("w:type", "fixed")]);
            // Across a turned cell, its lines fill the row's depth; along it, the padding of an
            // upright cell less the rule's width, which LibreOffice takes from a turned cell's
            // length (measured: at 57 twips its lines break early, at 40 to 50 where the
            // layout breaks them).
            let along = TURNED_CELL_MARGIN_TWIPS.to_string();
            let along = along.as_str();
            x.open("w:tblCellMar", &[]);
            for (side, w) in [
                ("w:top", along),
                ("w:left", "0"),
                ("w:bottom", along),
                ("w:right", "0"),
            ] {
                x.empty(side, &[("w:w", w), ("w:type", "dxa")]);
            }
            x.close("w:tblCellMar");
            x.close("w:tblPr").open("w:tblGrid", &[]);
            for w in &word_columns {
                x.empty("w:gridCol", &[("w:w", &w.to_string())]);
            }
            x.close("w:tblGrid");
            self.in_table = true;
            for column in (0..columns).rev() {
                let x = &mut self.x;
                x.open("w:tr", &[]).open("w:trPr", &[]);
                x.empty("w:cantSplit", &[]);
                let height = grid.widths_twips[column].to_string();
                x.empty("w:trHeight", &[("w:val", &height), ("w:hRule", "exact")]);
                x.close("w:trPr");
                if let Some(width) = title_twips {
                    self.turned_title_cell(&title, width, column + 1 == columns);
                }
                let header = table.header.get(column).map_or(&[][..], Vec::as_slice);
                self.table_cell(header, depth(0), "center", (true, true), size);
                for &r in body_rows {
                    let cell = table.rows[r].get(column).map_or(&[][..], Vec::as_slice);
                    self.table_cell(cell, depth(r + 1), aligns[column], (false, true), size);
                }
                self.x.close("w:tr");
            }
            self.x.close("w:tbl");
            self.in_table = false;
            // Word processors need a paragraph after a table; the frame leaves room for it.
            self.section_carrier("");
            self.table_last = true;
        }
    }

    /// The turned title's cell in one row of a turned table: merged down the rows, no rules
    /// but the one it shares with the table head, its lines centred along the frame.
    fn turned_title_cell(&mut self, title: &[String], width: i64, first_row: bool) {
        let x = &mut self.x;
        x.open("w:tc", &[]).open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        if first_row {
            x.empty("w:vMerge", &[("w:val", "restart")]);
        } else {
            x.empty("w:vMerge", &[]);
        }
        x.open("w:tcBorders", &[]);
        for side in ["w:top", "w:left", "w:bottom"] {
            x.empty(side, &[("w:val", "nil")]);
        }
        x.close("w:tcBorders");
        x.empty("w:textDirection", &[("w:val", "btLr")]);
        x.empty("w:vAlign", &[("w:val", "top")]);
        x.close("w:tcPr");
        if first_row {
            let pitch = self.style.line_pitch_twips();
            for line in title {
                self.paragraph(
                    Para {
                        style: id::TITLE,
                        line_twips: Some(pitch),
                        jc: Some("center"),
                        ..Default::default()
                    },
                    &[Run::plain(line)],
                );
            }
        } else {
            self.x.empty("w:p", &[]);
        }
        self.x.close("w:tc");
    }

    /// One table cell: its width, alignment and text (header or body style, `size` where the
    /// table is set smaller), turned a quarter to the left (btLr) in a table set sideways.
    fn table_cell(
        &mut self,
        cell: &[Inline],
        width: i64,
        align: &str,
        (header, turned): (bool, bool),
        size: Option<f64>,
    ) {
        let x = &mut self.x;
        x.open("w:tc", &[]).open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        if turned {
            x.empty("w:textDirection", &[("w:val", "btLr")]);
        }
        x.empty("w:vAlign", &[("w:val", "center")]);
        x.close("w:tcPr");
        let runs: Vec<Run> = cell
            .iter()
            .map(|i| Run {
                size,
                ..Run::inline(i)
            })
            .collect();
        let style = if header {
            id::TABLE_HEADER
        } else {
            id::TABLE_TEXT
        };
        self.paragraph(
            Para {
                style,
                jc: Some(align),
                ..Default::default()
            },
            &runs,
        );
        self.x.close("w:tc");
    }

    fn table_row(
        &mut self,
        cells: &[&[Inline]],
        widths: &[i64],
        aligns: &[&str],
        (header, whole): (bool, bool),
        size: Option<f64>,
    ) {
        // The header row stays whole and repeats on every page the table continues on; a body
        // row stays whole unless the layout lets it split.
        self.x.open("w:tr", &[]).open("w:trPr", &[]);
        if header || whole {
            self.x.empty("w:cantSplit", &[]);
        }
        if header {
            self.x.empty("w:tblHeader", &[]);
        }
        self.x.close("w:trPr");
        for ((cell, width), align) in cells.iter().zip(widths).zip(aligns) {
            self.table_cell(cell, *width, align, (header, false), size);
        }
        self.x.close("w:tr");
    }

    /// A paragraph a twip high that ends a section whose last block is a table (with
    /// `section`'s properties), or follows the 版记's table.
    fn section_carrier(&mut self, section: &str) {
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:snapToGrid", &[("w:val", "0")]);
        x.empty(
            "w:spacing",
            &[
                ("w:before", "0"),
                ("w:after", "0"),
                ("w:line", &CARRIER_TWIPS.to_string()),
                ("w:lineRule", "exact"),
            ],
        );
        x.raw(section);
        x.close("w:pPr").close("w:p");
    }

    fn closing(&mut self, doc: &Document) {
        let mut imprint = None;
        for element in plan::closing(doc, self.style) {
            match element {
                plan::Element::Imprint { cc, printed } => imprint = Some((cc, printed)),
                other => self.element(other),
            }
        }
        if let Some((cc, printed)) = imprint {
            // GB/T 9704 puts the 版记 at the foot of the last page. The page layout (breaking
            // lines as word processors do) says how many blank grid lines lead there; without
            // fonts to lay the pages out, it follows the 附注 after one blank line.
            // (A frame anchored at the foot made LibreOffice split the 落款 from its date.)
            match self.foot_gap {
                Some(gap) if gap.blank_page_before => {
                    // The numbered pages end here; a section without page numbers begins on a
                    // new page, which stays blank, and the 版记 begins the page after it.
                    let numbered = self.section_properties(doc, true);
                    match self.last_paragraph_end {
                        Some(at) if !self.table_last => self.x.insert(at, &numbered),
                        _ => self.section_carrier(&numbered),
                    }
                    self.blank_lines(1, false);
                    self.page_break_pending = true;
                    self.blank_lines(gap.blank_lines, false);
                }
                Some(gap) => {
                    self.page_break_pending = gap.new_page;
                    self.blank_lines(gap.blank_lines, false);
                }
                None => self.blank_lines(1, false),
            }
            let lines = self.foot_gap.map_or(1, |gap| gap.lines.max(1));
            self.imprint_table(cc.as_deref(), printed.as_ref(), lines);
        }
    }

    /// The 版记 as a one-column table as wide as the text block, so that its rules are too
    /// (§7.4: 与版心等宽; paragraph borders would stop at the text's 1-character indents): the
    /// outer rules its top and bottom borders, the inner rule between its rows; each row exactly
    /// its lines' pitches high, the cells' margins the 1-character indents. A paragraph a twip
    /// high follows, which word processors need after a table and which the last row leaves
    /// room for.
    fn imprint_table(&mut self, cc: Option<&str>, printed: Option<&(String, String)>, lines: u32) {
        let style = self.style;
        let width = twips_value(style.text_width_pt());
        let indent = twips_value(style.imprint.indent_chars * style.sizes.imprint_pt);
        let pitch = i64::from(style.line_pitch_twips());
        let outer = rule_eighths(style.imprint.outer_rule_mm).to_string();
        let inner = rule_eighths(style.imprint.inner_rule_mm).to_string();
        let cc_lines = i64::from(lines) - i64::from(printed.is_some());
        let mut rows: Vec<(i64, Vec<Run>, bool)> = Vec::new();
        if let Some(text) = cc {
            rows.push((cc_lines.max(1) * pitch, vec![Run::plain(text)], true));
        }
        if let Some((by, on)) = printed {
            rows.push((
                pitch,
                vec![Run::plain(by), Run::plain("\t"), Run::plain(on)],
                false,
            ));
        }
        // Room for the paragraph after the table, and for the borders a word processor draws
        // on top of exactly sized rows, taken evenly from every line.
        let n = i64::from(lines.max(1));
        let spare = (CARRIER_TWIPS + IMPRINT_TABLE_SLACK + n - 1) / n;
        for row in &mut rows {
            row.0 -= spare * (row.0 / pitch).max(1);
        }
        let x = &mut self.x;
        x.open("w:tbl", &[]).open("w:tblPr", &[]);
        x.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
        x.open("w:tblBorders", &[]);
        for (side, size) in [
            ("w:top", Some(&outer)),
            ("w:left", None),
            ("w:bottom", Some(&outer)),
            ("w:right", None),
            ("w:insideH", Some(&inner)),
            ("w:insideV", None),
        ] {
            match size {
                Some(size) => x.empty(
                    side,
                    &[
                        ("w:val", "single"),
                        ("w:sz", size),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                ),
                None => x.empty(side, &[("w:val", "nil")]),
            };
        }
        x.close("w:tblBorders");
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.open("w:tblCellMar", &[]);
        for (side, w) in [
            ("w:top", 0),
            ("w:left", indent),
            ("w:bottom", 0),
            ("w:right", indent),
        ] {
            x.empty(side, &[("w:w", &w.to_string()), ("w:type", "dxa")]);
        }
        x.close("w:tblCellMar");
        x.close("w:tblPr").open("w:tblGrid", &[]);
        x.empty("w:gridCol", &[("w:w", &width.to_string())]);
        x.close("w:tblGrid");
        let label =
            (CC_LABEL.chars().count() as f64 * style.sizes.imprint_pt * TWIPS_PER_PT) as i64;
        let inner_width = width - 2 * indent;
        for (height, runs, is_cc) in rows {
            self.x.open("w:tr", &[]).open("w:trPr", &[]);
            self.x.empty("w:cantSplit", &[]);
            self.x.empty(
                "w:trHeight",
                &[("w:val", &height.to_string()), ("w:hRule", "exact")],
            );
            self.x.close("w:trPr").open("w:tc", &[]).open("w:tcPr", &[]);
            self.x
                .empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
            self.x.close("w:tcPr");
            self.in_table = true;
            self.paragraph(
                Para {
                    style: id::IMPRINT,
                    keep_next: true,
                    // The 抄送's wrapped lines under the first name after "抄送：".
                    indent: Some(if is_cc { (label, 0, -label) } else { (0, 0, 0) }),
                    line_twips: Some((height / (height / (pitch - spare)).max(1)) as u32),
                    right_tab: (!is_cc).then_some(inner_width),
                    ..Default::default()
                },
                &runs,
            );
            self.in_table = false;
            self.x.close("w:tc").close("w:tr");
        }
        self.x.close("w:tbl");
        self.section_carrier("");
        self.table_last = false;
    }

    /// The section's properties: page, margins, grid and footers; with `numbered` false, empty
    /// footers and a new page to start on (the blank page and the 版记's page after it).
    fn section_properties(&self, doc: &Document, numbered: bool) -> String {
        let mut x = Xml::default();
        self.write_section(&mut x, doc, numbered);
        x.finish()
    }

    /// The last section (the document's), numbered or not.
    fn section(&mut self, doc: &Document, numbered: bool) {
        let mut x = std::mem::take(&mut self.x);
        self.write_section(&mut x, doc, numbered);
        self.x = x;
    }

    fn write_section(&self, x: &mut Xml, doc: &Document, numbered: bool) {
        let s = self.style;
        let mm = |v: f64| twips(v * crate::style::PT_PER_MM);
        let letter_first_blank =
            doc.front.format == DocFormat::Letter && !s.letter.number_on_first_page;
        // The footer's exactly spaced line is centred on the 一字线: its bottom edge half a line
        // below it.
        let footer_distance = s.page.height_mm * crate::style::PT_PER_MM
            - s.page_number_midline_pt()
            - s.page_number_line_pt() / 2.0;
        x.open("w:sectPr", &[]);
        let (even, odd) = if numbered {
            (FOOTER_EVEN, FOOTER_ODD)
        } else {
            (FOOTER_FIRST, FOOTER_FIRST)
        };
        x.empty("w:footerReference", &[("w:type", "even"), ("r:id", even)]);
        x.empty("w:footerReference", &[("w:type", "default"), ("r:id", odd)]);
        if !numbered {
            x.empty("w:type", &[("w:val", "nextPage")]);
        }
        if letter_first_blank && numbered {
            x.empty(
                "w:footerReference",
                &[("w:type", "first"), ("r:id", FOOTER_FIRST)],
            );
        }
        x.empty(
            "w:pgSz",
            &[
                ("w:w", &mm(s.page.width_mm)),
                ("w:h", &mm(s.page.height_mm)),
            ],
        );
        // The body area holds exactly the grid's lines from the 天头 down, so no spare space
        // moves the lines.
        let top_pt = s.grid_top_pt();
        let grid_pt = f64::from(s.grid.lines * s.line_pitch_twips()) / TWIPS_PER_PT;
        let bottom_pt = s.page.height_mm * crate::style::PT_PER_MM - top_pt - grid_pt;
        x.empty(
            "w:pgMar",
            &[
                ("w:top", &twips(top_pt)),
                ("w:right", &mm(s.page.right_mm)),
                ("w:bottom", &twips(bottom_pt)),
                ("w:left", &mm(s.page.left_mm)),
                ("w:header", &mm(15.0)),
                ("w:footer", &twips(footer_distance.max(0.0))),
                ("w:gutter", "0"),
            ],
        );
        x.empty("w:cols", &[("w:space", "425")]);
        if letter_first_blank && numbered {
            x.empty("w:titlePg", &[]);
        }
        x.empty(
            "w:docGrid",
            &[
                ("w:type", "lines"),
                ("w:linePitch", &s.line_pitch_twips().to_string()),
            ],
        );
        x.close("w:sectPr");
    }
}

/// A turned table cell's margin along its text, in twips: an upright cell's 57 less the
/// 10 of its rule.
const TURNED_CELL_MARGIN_TWIPS: i64 = 47;

/// The height of the paragraph a word processor needs after a table, in twips.
const CARRIER_TWIPS: i64 = 2;

/// Each column's body alignment as w:jc.
fn cell_jcs(grid: &TableGrid) -> Vec<&'static str> {
    grid.aligns
        .iter()
        .map(|a| match a {
            Align::Center => "center",
            Align::Right => "right",
            _ => "left",
        })
        .collect()
}

/// A planned line's alignment as w:jc.
fn jc(align: plan::LineAlign) -> &'static str {
    match align {
        plan::LineAlign::Left => "left",
        plan::LineAlign::Justify => "both",
        plan::LineAlign::Right => "right",
        plan::LineAlign::Center => "center",
    }
}

fn write_run(x: &mut Xml, run: &Run) {
    x.open("w:r", &[]);
    write_rpr(
        x,
        run.font,
        run.latin,
        run.bold,
        run.italic,
        run.spacing,
        run.size,
    );
    // Tabs and line breaks inside text become their own elements.
    for (i, line) in run.text.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[]);
            }
            if !piece.is_empty() {
                x.element("w:t", &[("xml:space", "preserve")], piece);
            }
        }
    }
    x.close("w:r");
}

/// The whole document.xml.
///
/// `facts` are the page layout's (see `PageFacts`): where the 版记 goes, the space after each
/// table, the rows that may split and the spacing of body lines ended early. Without them (no
/// fonts to lay the pages out) the 版记 follows the 附注 after one blank line, tables get no
/// extra space, every table row stays whole, and body lines break as the word processor breaks
/// them.
pub fn document_xml(doc: &Document, style: &Style, facts: Option<PageFacts>) -> String {
    let facts = facts.unwrap_or_default();
    let mut w = BodyWriter {
        x: Xml::new(),
        style,
        page_break_pending: false,
        foot_gap: facts.foot_gap,
        space_after_tables: facts.space_after_tables,
        tables: 0,
        space_before_pending: None,
        spacing: facts.spacing,
        splittable_rows: facts.splittable_rows,
        pending_drawing: None,
        last_paragraph_end: None,
        table_last: false,
        in_table: false,
        turned_tables: facts.turned_tables,
        turned_written: 0,
    };
    w.x.open("w:document", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)])
        .open("w:body", &[]);
    w.front_lines(doc);
    w.blocks(doc);
    w.closing(doc);
    w.section(doc, !w.foot_gap.is_some_and(|gap| gap.blank_page_before));
    w.x.close("w:body").close("w:document");
    w.x.finish()
}

/// What LibreOffice needs besides the rows' heights to keep the 版记's table on its page: its
/// outer borders (measured: 20 twips lets it stay, with the rules 156 mm wide).
const IMPRINT_TABLE_SLACK: i64 = 20;
