//! Table column widths: every column holds its widest word, and the rest goes where it saves lines.

use super::chars::{is_han, is_latin};
use super::kinsoku::may_break_between;
use super::linebreak::{Item, Measure, break_lines};
use super::width::{AUTOSPACE_EMS, em_width, text_ems};
use super::words::word_boundaries;
use crate::document::model::{Align, Inline, Table, plain_text};
use crate::style::{Style, TWIPS_PER_PT};

/// What the DOCX and the PDF both need to draw a table: its size, columns and alignments.
#[derive(Debug, Clone, PartialEq)]
pub struct TableGrid {
    /// The type size: 4号, or 小四 when the columns do not fit.
    pub size: f64,
    /// Column widths in whole twips, summing to the text block's width.
    pub widths_twips: Vec<i64>,
    /// Each column's alignment in body rows: figures right, the rest as the Markdown says.
    pub aligns: Vec<Align>,
}

impl TableGrid {
    /// The table's layout across the text block, or `None` for a table without columns.
    pub fn of(table: &Table, style: &Style) -> Option<TableGrid> {
        TableGrid::of_width(table, style, style.text_width_pt())
    }

    /// True when the table's columns fit `width_pt` at the larger table size with every short
    /// cell whole (序号, 等级, a date): otherwise it is too wide for that measure.
    pub fn fits_whole(table: &Table, style: &Style, width_pt: f64) -> bool {
        let texts = column_texts(table);
        let cells: Vec<Vec<&str>> = texts
            .iter()
            .map(|col| col.iter().map(String::as_str).collect())
            .collect();
        let columns: Vec<Column> = cells.iter().map(|c| Column::of(c)).collect();
        let size = style.sizes.table_pt;
        let room = width_pt / size - padding_ems(size) * cells.len() as f64;
        allocate(
            &columns,
            room,
            false,
            style.line_breaking.squeeze_punctuation,
        )
        .is_some()
    }

    /// The table's layout in a measure `width_pt` wide (the text block's width, or its height
    /// for a table set sideways), or `None` for a table without columns.
    pub fn of_width(table: &Table, style: &Style, width_pt: f64) -> Option<TableGrid> {
        let columns = table.columns();
        if columns == 0 {
            return None;
        }
        let texts = column_texts(table);
        let cells: Vec<Vec<&str>> = texts
            .iter()
            .map(|col| col.iter().map(String::as_str).collect())
            .collect();
        let sizes = [style.sizes.table_pt, style.sizes.table_small_pt];
        let squeeze = style.line_breaking.squeeze_punctuation;
        let (size, ems) = fit(&cells, width_pt, sizes, squeeze);
        let total = (width_pt * TWIPS_PER_PT).round() as i64;
        let mut widths_twips: Vec<i64> = ems
            .iter()
            .map(|w| (w * size * TWIPS_PER_PT).floor() as i64)
            .collect();
        let used: i64 = widths_twips.iter().sum();
        if let Some(last) = widths_twips.last_mut() {
            *last += total - used;
        }
        let aligns = (0..columns)
            .map(
                |c| match table.align.get(c).copied().unwrap_or(Align::Default) {
                    Align::Default
                        if texts[c].len() > 1 && texts[c][1..].iter().all(|t| is_number(t)) =>
                    {
                        Align::Right
                    }
                    Align::Default => Align::Left,
                    other => other,
                },
            )
            .collect();
        Some(TableGrid {
            size,
            widths_twips,
            aligns,
        })
    }

    /// Column widths in points.
    pub fn widths_pt(&self) -> Vec<f64> {
        self.widths_twips
            .iter()
            .map(|w| *w as f64 / TWIPS_PER_PT)
            .collect()
    }
}

/// Each column's cell texts, header first, empty where a row is short.
fn column_texts(table: &Table) -> Vec<Vec<String>> {
    (0..table.columns())
        .map(|c| {
            std::iter::once(table.header.get(c))
                .chain(table.rows.iter().map(|r| r.get(c)))
                .map(|cell| cell.map(|i| plain_text(i)).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// Why `table` cannot be printed in the text block as it is, if it cannot: a column narrower
/// than one character (its glyphs would overlap), or a figure wider than its column (1443 would
/// print as 144 over 3). The message names the table by its first heading cells.
pub fn unprintable(table: &Table, style: &Style) -> Option<String> {
    let grid = TableGrid::of(table, style)?;
    let texts = column_texts(table);
    let padding = padding_ems(grid.size);
    let head: Vec<String> = texts.iter().take(3).map(|c| c[0].clone()).collect();
    let name = format!(
        "the table headed 「{}{}」 ({} columns)",
        head.join(" | "),
        if texts.len() > 3 { " | …" } else { "" },
        texts.len()
    );
    let hint = "split it into tables of fewer columns, or make it an attachment (附件) of its own, which is set sideways when it is wide";
    for (column, width_pt) in texts.iter().zip(grid.widths_pt()) {
        let room = width_pt / grid.size - padding;
        if room < 1.0 {
            return Some(format!(
                "{name} is too wide for the {:.0} mm text block: a column would be narrower than one character, and its text would overlap; {hint}",
                style.text_width_pt() / 72.0 * 25.4
            ));
        }
        if let Some(figure) = column
            .iter()
            .filter(|t| is_number(t))
            .find(|t| text_ems(t.trim()) > room + 1e-6)
        {
            return Some(format!(
                "{name} is too wide for the {:.0} mm text block: the figure {} would be split across lines; {hint}",
                style.text_width_pt() / 72.0 * 25.4,
                figure.trim()
            ));
        }
    }
    None
}

/// The cells of `row`, one per column, empty where the row is short.
pub fn row_cells(row: &[Vec<Inline>], columns: usize) -> Vec<&[Inline]> {
    (0..columns)
        .map(|c| row.get(c).map_or(&[][..], Vec::as_slice))
        .collect()
}

/// A cell's padding on each side in points: the PDF placer's, and the 57-twip cell margins of
/// the DOCX's table style.
const CELL_PADDING_PT: f64 = 2.85;

/// Room kept in every column beyond its text and padding, in points, so that text measured to
/// fit still fits once the width is cut to whole twips.
const CELL_SLACK_PT: f64 = 0.15;

/// What a column takes beyond its text at `size`, in ems of that size.
fn padding_ems(size: f64) -> f64 {
    (2.0 * CELL_PADDING_PT + CELL_SLACK_PT) / size
}

/// True for a table cell holding a figure: 1293, -3.5, 94.1%, 12,875 (223.52亿元 is not).
fn is_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '+' | '—' | '－'))
}

/// Cells up to this wide (in ems) are kept on one line where the table affords it: a header
/// like 序号 or 完成时限, a name, a status, a figure with its unit (2.36亿元, 增长110.7%).
const SHORT_CELL_EMS: f64 = 6.0;

/// The type size and the column widths (in ems of that size, summing to the block) of a table
/// whose columns hold `cells` (header first), in a text block `block_pt` wide.
///
/// At the first of `sizes` if its block holds every column's short cells whole, else at the
/// second if its block holds every column's widest unbreakable piece (short cells given up where
/// that costs the fewest lines), each column gets that minimum and the rest of the width goes
/// where it takes the most lines off the table. Where neither fits, [`proportional_widths`]
/// shares the width at the second size.
fn fit(cells: &[Vec<&str>], block_pt: f64, sizes: [f64; 2], squeeze: bool) -> (f64, Vec<f64>) {
    let columns: Vec<Column> = cells.iter().map(|c| Column::of(c)).collect();
    let at = |size: f64, relax: bool| {
        let padding = padding_ems(size);
        let room = block_pt / size - padding * cells.len() as f64;
        allocate(&columns, room, relax, squeeze).map(|widths| {
            let cuts = cuts(&columns, &widths, squeeze);
            (
                size,
                widths.iter().map(|w| w + padding).collect::<Vec<f64>>(),
                cuts,
            )
        })
    };
    // The larger size, unless it breaks a word that the smaller keeps whole (争取上级科技专项资|金
    // beside figure columns that have no room to give).
    let large = at(sizes[0], false);
    let small = match &large {
        Some((_, _, 0)) => None,
        _ => at(sizes[1], true),
    };
    let best = match (large, small) {
        (Some(l), Some(s)) if s.2 < l.2 => Some(s),
        (Some(l), _) => Some(l),
        (None, s) => s,
    };
    if let Some((size, widths, _)) = best {
        return (size, widths);
    }
    let size = sizes[1];
    (
        size,
        proportional_widths(cells, block_pt / size, padding_ems(size)),
    )
}

/// How many lines of the table's cells start inside a word at these text widths.
fn cuts(columns: &[Column], widths: &[f64], squeeze: bool) -> u32 {
    columns
        .iter()
        .zip(widths)
        .flat_map(|(column, &width)| {
            column
                .cells
                .iter()
                .map(move |c| c.lines(width, squeeze).cuts)
        })
        .sum()
}

/// One cell, measured.
struct Cell {
    /// The items the line breaker takes, advances in ems.
    items: Vec<Item>,
    /// The width of the whole text on one line, in ems.
    width: f64,
    /// The width of its widest unbreakable piece, in ems.
    piece: f64,
    /// Whether a piece starts at each character: a line starting elsewhere cuts a word.
    starts: Vec<bool>,
}

impl Cell {
    fn of(text: &str) -> Cell {
        let chars: Vec<char> = text.chars().collect();
        let items = chars
            .iter()
            .map(|&ch| Item {
                ch,
                advance: advance_ems(ch),
                glue: false,
            })
            .collect();
        let width = width_ems(&chars);
        let mut starts = vec![false; chars.len()];
        let mut piece: f64 = 0.0;
        for p in pieces(&chars) {
            starts[p.start] = true;
            piece = piece.max(width_ems(&chars[p]));
        }
        Cell {
            items,
            width,
            piece,
            starts,
        }
    }

    /// The lines the cell takes in a text measure of `width` ems (none when empty), as the line
    /// breaker breaks it, and how many of them start inside a piece (2020年12 | 月31日).
    fn lines(&self, width: f64, squeeze: bool) -> Lines {
        if self.items.is_empty() {
            return Lines::default();
        }
        if self.width <= width {
            return Lines { lines: 1, cuts: 0 };
        }
        let measure = Measure {
            width,
            first_indent: 0.0,
            autospace: AUTOSPACE_EMS,
            justify: false,
            squeeze,
            keeps: false,
        };
        let lines = break_lines(&self.items, &measure);
        Lines {
            lines: lines.len() as u32,
            cuts: lines
                .iter()
                .filter(|l| !self.starts.get(l.range.start).copied().unwrap_or(true))
                .count() as u32,
        }
    }
}

/// A cell's lines at some width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Lines {
    lines: u32,
    /// Lines that start inside a piece.
    cuts: u32,
}

impl Lines {
    /// What the cell costs when the table's height is not at stake: a line, or a cut piece.
    fn cost(self) -> i64 {
        i64::from(self.lines + self.cuts)
    }
}

/// One column's cells, header first.
struct Column {
    cells: Vec<Cell>,
}

impl Column {
    fn of(texts: &[&str]) -> Column {
        Column {
            cells: texts.iter().map(|t| Cell::of(t)).collect(),
        }
    }

    /// The text width that puts every cell on one line (at least one character).
    fn natural(&self) -> f64 {
        self.cells.iter().map(|c| c.width).fold(1.0, f64::max)
    }

    /// The text widths the column may be given, widest first: from the one that keeps every
    /// short cell whole, one short cell width after another, down to its widest unbreakable
    /// piece (at least one character).
    fn floors(&self) -> Vec<f64> {
        let hard = self.cells.iter().map(|c| c.piece).fold(1.0, f64::max);
        let mut floors: Vec<f64> = self
            .cells
            .iter()
            .map(|c| c.width)
            .filter(|w| *w <= SHORT_CELL_EMS && *w > hard)
            .collect();
        floors.sort_by(|a, b| b.total_cmp(a));
        floors.dedup();
        floors.push(hard);
        floors
    }
}

/// The advance of `c` in ems: ASCII in Times New Roman's widths (which the tables' Latin face
/// and its stand-in Liberation Serif share), everything else as the grid counts it.
fn advance_ems(c: char) -> f64 {
    match c {
        ' '..='~' => f64::from(TIMES_ASCII[c as usize - 0x20]) / 1000.0,
        _ => em_width(c),
    }
}

/// Times New Roman's advances of ' ' to '~', in thousandths of an em.
#[rustfmt::skip]
const TIMES_ASCII: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // ' '../
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // 0..?
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // @..O
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // P.._
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // `..o
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,      // p..~
];

/// The width of `chars` on one line in ems, with autospace where Chinese meets Latin.
fn width_ems(chars: &[char]) -> f64 {
    let mut width = 0.0;
    for (k, &c) in chars.iter().enumerate() {
        width += advance_ems(c);
        if let Some(&p) = k.checked_sub(1).and_then(|k| chars.get(k))
            && ((is_han(p) && is_latin(c)) || (is_latin(p) && is_han(c)))
        {
            width += AUTOSPACE_EMS;
        }
    }
    width
}

/// Words of 公文 tables that jieba cuts in two (责任|单位, 高新技术|企业), kept whole here.
/// `super::words` has no such list of its own for tables, as titles share it.
const TABLE_WORDS: &[&str] = &[
    "高新技术企业",
    "责任单位",
    "责任部门",
    "牵头单位",
    "完成时限",
    "风险隐患",
    "应对措施",
    "自查项目",
    "扣分说明",
    "自评分",
    "上年同期",
    "全社会",
];

/// The ranges of `chars` that a line should not break: the words of [`word_boundaries`]
/// (jieba's, with the joins of 公文) and of [`TABLE_WORDS`], each number with its unit
/// (2.36亿元, 105.2%; a date 2021年6月30日 as 2021年, 6月 and 30日), Latin words, and marks kept
/// with their neighbours by the rules of line starts and ends (“卡脖子”).
fn pieces(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let text: String = chars.iter().collect();
    let mut words = word_boundaries(&text);
    words.push(true);
    for word in TABLE_WORDS {
        let word: Vec<char> = word.chars().collect();
        for at in 0..chars.len().saturating_sub(word.len() - 1) {
            let end = at + word.len();
            if chars[at..end] == word[..] && words[at] && words[end] {
                words[at + 1..end].fill(false);
            }
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (before, after) = (chars[i - 1], chars[i]);
        let boundary = words[i] || (is_han(before) && after.is_ascii_digit());
        if boundary && !joined(before, after) {
            out.push(start..i);
            start = i;
        }
    }
    if start < chars.len() {
        out.push(start..chars.len());
    }
    out
}

/// True if no break should fall between `before` and `after`: the rules of line starts and
/// ends, a run of ASCII (1.18, 94.1%, R&D), a figure and its unit (42家, 2021年), 第0982号.
fn joined(before: char, after: char) -> bool {
    !may_break_between(before, after)
        || (before.is_ascii_graphic() && after.is_ascii_graphic())
        || (before.is_ascii_digit() && is_han(after))
        || (matches!(before, '第' | '〕') && after.is_ascii_digit())
}

/// The width every step of [`share`] adds to a column, in ems: a quarter em, the finest step of
/// the grid's widths (autospace), unless the slack holds more than [`MAX_STEPS`] of them.
const STEP_EMS: f64 = 0.25;

/// The most steps [`share`] hands out, which bounds its work.
const MAX_STEPS: usize = 256;

/// Text widths of `columns` (in ems, padding left out) summing to `room`, or `None` if they do
/// not fit with every short cell whole or, if `relax`, with every unbreakable piece whole. Each
/// column starts from its first floor, its short cells whole. Where the floors are too wide (and
/// `relax`), columns step down to their next floor one at a time, each time the one whose step
/// adds the fewest lines and cut pieces to its cells per em it saves (ties: the bigger saving,
/// then the leftmost column), until the floors fit. The rest is then shared by [`share`].
fn allocate(columns: &[Column], room: f64, relax: bool, squeeze: bool) -> Option<Vec<f64>> {
    const EPS: f64 = 1e-9;
    let floors: Vec<Vec<f64>> = columns.iter().map(Column::floors).collect();
    let least = |f: &Vec<f64>| if relax { f.last() } else { f.first() }.copied();
    let floor: f64 = floors.iter().filter_map(least).sum();
    if floor > room + EPS || !room.is_finite() {
        return None;
    }
    let cost = |c: usize, width: f64| -> i64 {
        columns[c]
            .cells
            .iter()
            .map(|cell| cell.lines(width, squeeze).cost())
            .sum()
    };
    let mut level = vec![0usize; columns.len()];
    let width = |level: &[usize]| -> f64 { floors.iter().zip(level).map(|(f, &l)| f[l]).sum() };
    while width(&level) > room + EPS {
        // (damage, saving, column) of each column's next step; the last floors fit, so there
        // is one.
        let steps: Vec<(f64, f64, usize)> = (0..columns.len())
            .filter(|&c| level[c] + 1 < floors[c].len())
            .map(|c| {
                let (now, next) = (floors[c][level[c]], floors[c][level[c] + 1]);
                ((cost(c, next) - cost(c, now)) as f64, now - next, c)
            })
            .collect();
        let (_, _, next) = steps.into_iter().min_by(|a, b| {
            (a.0 * b.1)
                .total_cmp(&(b.0 * a.1))
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
        })?;
        level[next] += 1;
    }
    let minimum: Vec<f64> = floors.iter().zip(&level).map(|(f, &l)| f[l]).collect();
    Some(share(columns, &minimum, room, squeeze))
}

/// Widens `minimum` to sum to `room`, to make the table shortest: step by step, the width goes
/// to the column (by as many steps as it takes) that takes the most lines off the table per
/// step, the table's height being the sum of its rows' tallest cells; when no widening shortens
/// the table, to the one that takes the most lines and cut pieces off its own cells. What is
/// left when neither saves anything is shared in proportion to the widths. Deterministic: ties
/// go to the leftmost column and the smaller widening. At most [`MAX_STEPS`] rounds, each
/// looking at every row of every column's next widenings.
fn share(columns: &[Column], minimum: &[f64], room: f64, squeeze: bool) -> Vec<f64> {
    let slack = (room - minimum.iter().sum::<f64>()).max(0.0);
    let step = STEP_EMS.max(slack / MAX_STEPS as f64);
    let mut left = ((slack / step) + 1e-9).floor() as usize;
    // lines[c][k][r]: the lines of row r's cell in column c widened by k steps, as far as the
    // slack or the column's one-line width goes.
    let lines: Vec<Vec<Vec<Lines>>> = columns
        .iter()
        .zip(minimum)
        .map(|(column, &min)| {
            let steps = (((column.natural() - min) / step).ceil().max(0.0) as usize).min(left);
            (0..=steps)
                .map(|k| {
                    let width = min + k as f64 * step;
                    column
                        .cells
                        .iter()
                        .map(|c| c.lines(width, squeeze))
                        .collect()
                })
                .collect()
        })
        .collect();
    // The widenings worth looking at: those where some cell of the column loses a line.
    let changes: Vec<Vec<usize>> = lines
        .iter()
        .map(|col| (1..col.len()).filter(|&k| col[k] != col[k - 1]).collect())
        .collect();
    let rows = columns.first().map_or(0, |c| c.cells.len());
    let mut at = vec![0usize; columns.len()];
    while left > 0 {
        // Each row's tallest and second tallest cell (a row is a line even when empty), and
        // which column holds the tallest.
        let mut top = vec![(1u32, usize::MAX, 1u32); rows];
        for (c, col) in lines.iter().enumerate() {
            for (r, l) in col[at[c]].iter().enumerate() {
                let l = l.lines;
                let (first, who, second) = &mut top[r];
                if l > *first {
                    *second = *first;
                    *first = l;
                    *who = c;
                } else if l > *second {
                    *second = l;
                }
            }
        }
        let mut best: Option<Gain> = None;
        for (c, col) in lines.iter().enumerate() {
            let now = &col[at[c]];
            for &k in changes[c]
                .iter()
                .filter(|&&k| k > at[c] && k - at[c] <= left)
            {
                let then = &col[k];
                let mut gain = Gain {
                    column: c,
                    steps: k - at[c],
                    height: 0,
                    cells: 0,
                };
                for r in 0..rows {
                    let (first, who, second) = top[r];
                    let others = if who == c { second } else { first };
                    gain.height += i64::from(first) - i64::from(others.max(then[r].lines));
                    gain.cells += now[r].cost() - then[r].cost();
                }
                if gain.worth() && best.as_ref().is_none_or(|b| gain.beats(b)) {
                    best = Some(gain);
                }
            }
        }
        let Some(best) = best else { break };
        at[best.column] += best.steps;
        left -= best.steps;
    }
    let widths: Vec<f64> = minimum
        .iter()
        .zip(&at)
        .map(|(m, &k)| m + k as f64 * step)
        .collect();
    let used: f64 = widths.iter().sum();
    let rest = room - used;
    if used > 0.0 && rest > 0.0 {
        widths.iter().map(|w| w + rest * w / used).collect()
    } else {
        widths
    }
}

/// What widening one column by some steps saves.
struct Gain {
    column: usize,
    steps: usize,
    /// Lines taken off the table's height.
    height: i64,
    /// Lines and cut pieces taken off the column's cells.
    cells: i64,
}

impl Gain {
    /// True if the widening saves a line at all.
    fn worth(&self) -> bool {
        self.height > 0 || (self.height == 0 && self.cells > 0)
    }

    /// True if this widening is better than `other`: any that shortens the table beats any that
    /// does not; then more lines per step, of the table, then of the cells.
    fn beats(&self, other: &Gain) -> bool {
        let per_step = |a: i64, b: i64| (a * other.steps as i64).cmp(&(b * self.steps as i64));
        (self.height > 0)
            .cmp(&(other.height > 0))
            .then(per_step(self.height, other.height))
            .then(per_step(self.cells, other.cells))
            .is_gt()
    }
}

/// Today's fallback for tables whose unbreakable pieces do not fit even at the smaller size:
/// the widths of the columns in ems, summing to `total_ems`. Each column wants its widest cell;
/// where that does not fit, columns keep at least their widest number or 4 characters of
/// Chinese and the rest is shared in proportion to what each still wants; where not even that
/// fits, those minimums are scaled down. `padding_ems` is added to every column.
fn proportional_widths(columns: &[Vec<&str>], total_ems: f64, padding_ems: f64) -> Vec<f64> {
    if columns.is_empty() {
        return Vec::new();
    }
    let natural = natural_widths(columns, padding_ems);
    let minimum = minimum_widths(columns, padding_ems);
    let want: f64 = natural.iter().sum();
    if want <= total_ems {
        let spare = total_ems - want;
        return natural.iter().map(|n| n + spare * n / want).collect();
    }
    let floor: f64 = minimum.iter().sum();
    if floor >= total_ems {
        return minimum.iter().map(|m| m * total_ems / floor).collect();
    }
    let stretch: f64 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
    let spare = total_ems - floor;
    natural
        .iter()
        .zip(&minimum)
        .map(|(n, m)| m + spare * (n - m) / stretch)
        .collect()
}

fn natural_widths(columns: &[Vec<&str>], padding_ems: f64) -> Vec<f64> {
    columns
        .iter()
        .map(|cells| cells.iter().map(|c| text_ems(c)).fold(1.0, f64::max) + padding_ems)
        .collect()
}

fn minimum_widths(columns: &[Vec<&str>], padding_ems: f64) -> Vec<f64> {
    let natural = natural_widths(columns, padding_ems);
    columns
        .iter()
        .zip(&natural)
        .map(|(cells, nat)| {
            // Short cells (a figure with its unit, a name) never wrap; long text keeps at least
            // four characters a line and its longest number or word.
            let piece = cells
                .iter()
                .map(|c| {
                    let width = text_ems(c);
                    if width <= SHORT_CELL_EMS {
                        width
                    } else {
                        unbreakable_pieces(c).into_iter().fold(4.0, f64::max)
                    }
                })
                .fold(1.0, f64::max);
            (piece + padding_ems).min(*nat)
        })
        .collect()
}

/// Widths of the runs that must stay on one line: numbers and Latin words.
fn unbreakable_pieces(text: &str) -> Vec<f64> {
    let mut pieces = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | ',' | '-' | '+') {
            run.push(c);
        } else {
            if !run.is_empty() {
                pieces.push(text_ems(&run));
                run.clear();
            }
            pieces.push(1.0);
        }
    }
    if !run.is_empty() {
        pieces.push(text_ems(&run));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::Block;
    use crate::document::parse::parse_blocks;
    use proptest::prelude::*;

    /// The 风险隐患台账 of data/risk-report.yaml.
    const LEDGER: &str = "\
| 序号 | 风险隐患 | 领域 | 等级 | 具体表现 | 应对措施 | 责任单位 | 完成时限 | 状态 |
|:---:|:---|:---|:---:|:---|:---|:---|:---|:---:|
| 1 | 关键核心技术“卡脖子”风险 | 产业技术 | 较大 | 部分产业发展关键核心技术受制于人 | 梳理“卡脖子”技术清单，推进市级科技创新重大专项 | 高新技术科 | 2020年12月31日 | 整改中 |
| 2 | 科技项目资金风险 | 科技项目 | 一般 | 虚假项目、不实项目套取财政资金 | 立项前现场考察，一票否决 | 计划科 |  | 持续监测 |
| 3 | 科贷通偿还风险 | 科技金融 | 较大 | 原政企银融资平台贷款存在偿还风险 | 终止原业务，逐年收回贷款，降低政府风险承担比例 | 科技金融科 | 2021年6月30日 | 整改中 |
";

    /// The ledger of data/rural-risk-report.yaml, which does not fit with every short cell whole.
    const RURAL_LEDGER: &str = "\
| 序号 | 风险隐患 | 领域 | 等级 | 具体表现 | 应对措施 | 责任单位 | 完成时限 | 状态 |
|:---:|:---|:---|:---:|:---|:---|:---|:---|:---:|
| 1 | 科研诚信失信风险 | 科研管理 | 一般 | 个别单位项目申报材料存在弄虚作假 | 实行诚信承诺和失信记录制度 | 县科技局综合股 |  | 持续监测 |
| 2 | 实验室危险化学品安全风险 | 实验室安全 | 重大 | 部分企业实验室危化品存储不规范 | 开展专项检查，建立隐患整改台账，逐项销号 | 县科技局、县应急管理局 | 2025年9月30日 | 整改中 |
| 3 | 财政科技资金挪用风险 | 科技项目 | 较大 | 项目承担单位挪用专项资金 | 资金拨付实行专账管理，项目验收前开展财务审计 | 县科技局项目股 | 2025年12月31日 | 整改中 |
| 4 | 科技伦理审查缺位风险 | 科技伦理 | 低 | 医疗机构临床研究项目伦理审查流于形式 | 督促设立伦理委员会并备案 | 县卫生健康委 |  | 已化解 |
";

    /// The indicator table of data/annual-summary.yaml.
    const INDICATORS: &str = "\
| 指标 | 本期 | 上年 | 增减 | 目标 | 完成率 |
|:---|---:|---:|---:|---:|---:|
| 争取上级科技专项资金 | 2.36亿元 | 1.12亿元 | 增长110.7% | 2亿元 | 118.0% |
| 全社会R&D经费支出 | 45.6亿元 | 40.2亿元 | 增长13.4% |  |  |
| 全社会R&D投入强度 | 2.21% | 1.96% | 提高0.25个百分点 | 2.1% | 105.2% |
| 新增高新技术企业 | 42家 | 35家 | 增长20.0% | 40家 | 105.0% |
| 有效发明专利 | 3215件 | 2790件 | 增长15.2% |  |  |
| 万人有效发明专利拥有量 | 11.25件 | 9.87件 | 增长14.0% | 11件 | 102.3% |
";

    fn table(markdown: &str) -> Table {
        parse_blocks(markdown)
            .into_iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    /// The cells of column `c`, header first.
    fn column(table: &Table, c: usize) -> Vec<String> {
        std::iter::once(table.header.get(c))
            .chain(table.rows.iter().map(|r| r.get(c)))
            .map(|cell| cell.map(|i| plain_text(i)).unwrap_or_default())
            .collect()
    }

    fn ems(text: &str) -> f64 {
        width_ems(&text.chars().collect::<Vec<_>>())
    }

    /// The grid of `table`, checked to fill the text block with positive whole-twip columns.
    fn grid(table: &Table) -> TableGrid {
        let style = Style::default();
        let grid = TableGrid::of(table, &style).expect("columns");
        assert_eq!(grid.widths_twips.len(), table.columns());
        assert_eq!(grid.aligns.len(), table.columns());
        assert!(grid.widths_twips.iter().all(|w| *w > 0), "{grid:?}");
        let total = (style.text_width_pt() * TWIPS_PER_PT).round() as i64;
        assert_eq!(grid.widths_twips.iter().sum::<i64>(), total, "{grid:?}");
        grid
    }

    /// Each column's text width in ems of the table's size: its width less the padding.
    fn text_widths(grid: &TableGrid) -> Vec<f64> {
        grid.widths_pt()
            .iter()
            .map(|w| (w - 2.0 * CELL_PADDING_PT) / grid.size)
            .collect()
    }

    /// The lines of each row (its tallest cell), header first, as the line breaker sets them.
    fn row_lines(table: &Table, grid: &TableGrid) -> Vec<u32> {
        let widths = text_widths(grid);
        std::iter::once(&table.header)
            .chain(&table.rows)
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(cell, w)| Cell::of(&plain_text(cell)).lines(*w, false).lines)
                    .fold(1, u32::max)
            })
            .collect()
    }

    #[test]
    fn ledger_keeps_its_short_columns_whole() {
        let t = table(LEDGER);
        let g = grid(&t);
        let widths = text_widths(&g);
        for c in [0, 3, 8] {
            let cells = column(&t, c);
            assert!(widths[c] >= 2.0, "{} {:.2} ems", cells[0], widths[c]);
            let short = cells
                .iter()
                .map(|s| ems(s))
                .filter(|w| *w <= SHORT_CELL_EMS)
                .fold(0.0, f64::max);
            assert!(
                widths[c] >= short,
                "{} {:.2} < {short}",
                cells[0],
                widths[c]
            );
        }
        // Rows of 4 or 5 lines where the old proportional widths made 9 and 10.
        let lines = row_lines(&t, &g);
        assert!(lines.iter().all(|l| *l <= 5), "{lines:?}");
    }

    #[test]
    fn a_ledger_that_does_not_fit_keeps_its_words() {
        let t = table(RURAL_LEDGER);
        let g = grid(&t);
        assert_eq!(g.size, Style::default().sizes.table_small_pt);
        let widths = text_widths(&g);
        for (c, width) in widths.iter().enumerate() {
            for cell in column(&t, c) {
                let chars: Vec<char> = cell.chars().collect();
                for piece in pieces(&chars) {
                    let piece = width_ems(&chars[piece]);
                    assert!(*width >= piece, "column {c}: {cell} {width:.2} < {piece}");
                }
            }
        }
        // The headers stay on one line.
        assert_eq!(row_lines(&t, &g)[0], 1);
    }

    #[test]
    fn indicator_names_get_the_slack_of_the_figures() {
        let t = table(INDICATORS);
        let g = grid(&t);
        // At 4号 the figure columns have no room to give, and 争取上级科技专项资金 would break
        // inside a word: 小四 keeps every word whole.
        assert_eq!(g.size, Style::default().sizes.table_small_pt);
        assert!(row_lines(&t, &g).iter().all(|l| *l == 1), "{g:?}");
        let widths = text_widths(&g);
        // Figures and their units never wrap.
        for (c, width) in widths.iter().enumerate().skip(1) {
            for cell in column(&t, c).iter().filter(|s| ems(s) <= SHORT_CELL_EMS) {
                assert!(*width >= ems(cell), "{cell}: {width:.2}");
            }
        }
        // 争取上级科技专项资金 is on one line unless the figure columns have no room to give it.
        let name = ems("争取上级科技专项资金");
        let slack: f64 = (1..widths.len())
            .map(|c| {
                let widest = column(&t, c).iter().map(|s| ems(s)).fold(0.0, f64::max);
                (widths[c] - widest).max(0.0)
            })
            .sum();
        assert!(
            widths[0] >= name || slack < name - widths[0],
            "指标 {:.2} ems, figures' slack {slack:.2}",
            widths[0]
        );
        // The names that fit do: 全社会R&D经费支出, 新增高新技术企业.
        assert!(widths[0] >= ems("全社会R&D经费支出"), "{widths:?}");
        // With one figure column fewer there is room, and it is used.
        let narrower = table(
            &INDICATORS
                .lines()
                .map(|l| {
                    let mut cells: Vec<&str> = l.split('|').collect();
                    cells.remove(4);
                    cells.join("|") + "\n"
                })
                .collect::<String>(),
        );
        let g = grid(&narrower);
        assert_eq!(g.size, Style::default().sizes.table_pt);
        assert!(text_widths(&g)[0] >= name, "{g:?}");
        assert!(row_lines(&narrower, &g).iter().all(|l| *l == 1));
    }

    #[test]
    fn words_numbers_and_dates_are_pieces() {
        let cut = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            pieces(&chars)
                .into_iter()
                .map(|p| chars[p].iter().collect())
                .collect()
        };
        assert_eq!(cut("新增高新技术企业"), ["新增", "高新技术企业"]);
        assert_eq!(cut("责任单位"), ["责任单位"]);
        assert_eq!(cut("2.36亿元"), ["2.36亿元"]);
        assert_eq!(cut("2021年6月30日"), ["2021年", "6月", "30日"]);
        assert_eq!(cut("提高0.25个百分点"), ["提高", "0.25个", "百分点"]);
        assert!(cut("关键核心技术“卡脖子”风险").contains(&"“卡脖子”".to_string()));
        assert!(cut("全社会R&D经费支出").contains(&"R&D".to_string()));
        assert!(cut("").is_empty());
    }

    #[test]
    fn many_columns_of_figures_still_get_a_width() {
        for columns in [20, 50] {
            let header: Vec<String> = (1..=columns).map(|c| format!("第{c}列")).collect();
            let mut markdown = format!("| {} |\n", header.join(" | "));
            markdown += &format!("|{}\n", "---:|".repeat(columns));
            for row in 0..5 {
                let cells: Vec<String> = (0..columns)
                    .map(|c| format!("{}.{row}", c * 1000))
                    .collect();
                markdown += &format!("| {} |\n", cells.join(" | "));
            }
            let g = grid(&table(&markdown));
            assert_eq!(g.size, Style::default().sizes.table_small_pt);
        }
    }

    #[test]
    fn big_tables_are_quick() {
        let long = "部分产业发展关键核心技术受制于人，推进市级科技创新重大专项".repeat(3);
        let row = format!("| 1 | {long} | 2021年6月30日 | {long} | 持续监测 | 2.36亿元 |\n");
        let markdown = format!(
            "| 序号 | 甲 | 乙 | 丙 | 丁 | 戊 |\n|---|---|---|---|---|---|\n{}",
            row.repeat(200)
        );
        let start = std::time::Instant::now();
        grid(&table(&markdown));
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    fn odd_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("序号".to_string()),
            Just("1".to_string()),
            Just("2.36亿元".to_string()),
            Just("2021年6月30日".to_string()),
            Just("争取上级科技专项资金".to_string()),
            Just("“卡脖子”".to_string()),
            Just("https://example.com/a/very/long/path/that/does/not/fit".to_string()),
            Just("这是一段很长很长的说明文字，".repeat(12)),
            "[a-z0-9 ]{0,30}",
            "[国，。、“”（）0-9]{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn odd_tables_fill_the_block(
            header in prop::collection::vec(odd_cell(), 0..10),
            rows in prop::collection::vec(prop::collection::vec(odd_cell(), 0..12), 0..5),
        ) {
            let cells = |row: &Vec<String>| row.iter().map(|t| vec![Inline::plain(t.clone())]).collect();
            let t = Table {
                align: Vec::new(),
                header: cells(&header),
                rows: rows.iter().map(cells).collect(),
            };
            if t.columns() == 0 {
                prop_assert!(TableGrid::of(&t, &Style::default()).is_none());
            } else {
                let g = grid(&t);
                prop_assert_eq!(Some(g), TableGrid::of(&t, &Style::default()));
            }
        }
    }

    #[test]
    fn proportional_widths_fill_the_block_and_follow_content() {
        let cols = vec![
            vec!["指标", "高新技术企业数量"],
            vec!["2022年", "1293"],
            vec!["单位", "家"],
        ];
        let w = proportional_widths(&cols, 31.6, 0.4);
        assert!((w.iter().sum::<f64>() - 31.6).abs() < 1e-9);
        assert!(w[0] > w[1] && w[1] > w[2], "{w:?}");
    }

    #[test]
    fn proportional_widths_shrink_but_keep_numbers() {
        let long = "这是一段很长很长的说明文字".repeat(5);
        let cols = vec![vec![long.as_str()], vec!["123456789.25"]];
        let w = proportional_widths(&cols, 31.6, 0.4);
        assert!((w.iter().sum::<f64>() - 31.6).abs() < 1e-9);
        assert!(w[1] >= text_ems("123456789.25"), "{w:?}");
    }
}
