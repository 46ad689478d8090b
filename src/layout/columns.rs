//! Table column widths from their content, fitted to the text block's width.

use super::width::text_ems;
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
    /// The table's layout, or `None` for a table without columns.
    pub fn of(table: &Table, style: &Style) -> Option<TableGrid> {
        let columns = table.columns();
        if columns == 0 {
            return None;
        }
        let texts: Vec<Vec<String>> = (0..columns)
            .map(|c| {
                std::iter::once(table.header.get(c))
                    .chain(table.rows.iter().map(|r| r.get(c)))
                    .map(|cell| cell.map(|i| plain_text(i)).unwrap_or_default())
                    .collect()
            })
            .collect();
        let cells: Vec<Vec<&str>> = texts
            .iter()
            .map(|col| col.iter().map(String::as_str).collect())
            .collect();
        let size = table_size(style, &cells);
        let ems = column_widths(&cells, style.text_width_pt() / size, CELL_PADDING_EMS);
        let total = (style.text_width_pt() * TWIPS_PER_PT).round() as i64;
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

/// The cells of `row`, one per column, empty where the row is short.
pub fn row_cells(row: &[Vec<Inline>], columns: usize) -> Vec<&[Inline]> {
    (0..columns)
        .map(|c| row.get(c).map_or(&[][..], Vec::as_slice))
        .collect()
}

/// Padding of a table cell, in ems of the table's type size (both sides together).
const CELL_PADDING_EMS: f64 = 0.5;

/// The type size of a table: 4号 when its columns fit the text block, else 小四.
fn table_size(style: &Style, cells: &[Vec<&str>]) -> f64 {
    let fits = |size: f64| minimum_ems(cells, CELL_PADDING_EMS) <= style.text_width_pt() / size;
    if fits(style.sizes.table_pt) {
        style.sizes.table_pt
    } else {
        style.sizes.table_small_pt
    }
}

/// True for a table cell holding a figure: 1293, -3.5, 94.1%, 12,875 (223.52亿元 is not).
fn is_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '+' | '—' | '－'))
}

/// Cells up to this wide (in ems) are kept on one line: 2.36亿元, 增长110.7%, 马丽.
const SHORT_CELL_EMS: f64 = 6.0;

/// The smallest width in ems that the columns need without breaking a short cell or a number.
fn minimum_ems(columns: &[Vec<&str>], padding_ems: f64) -> f64 {
    minimum_widths(columns, padding_ems).iter().sum()
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

/// The widths of a table's columns in ems of the table's type size, summing to `total_ems`.
/// Each column wants its widest cell; where that does not fit, columns keep at least their
/// widest unbreakable piece (a number, or 4 characters of Chinese) and the rest is shared in
/// proportion to what each still wants. `padding_ems` is added to every column.
pub fn column_widths(columns: &[Vec<&str>], total_ems: f64, padding_ems: f64) -> Vec<f64> {
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

    #[test]
    fn widths_fill_the_block_and_follow_content() {
        let cols = vec![
            vec!["指标", "高新技术企业数量"],
            vec!["2022年", "1293"],
            vec!["单位", "家"],
        ];
        let w = column_widths(&cols, 31.6, 0.4);
        assert!((w.iter().sum::<f64>() - 31.6).abs() < 1e-9);
        assert!(w[0] > w[1] && w[1] > w[2], "{w:?}");
    }

    #[test]
    fn too_wide_content_shrinks_but_keeps_numbers() {
        let long = "这是一段很长很长的说明文字".repeat(5);
        let cols = vec![vec![long.as_str()], vec!["123456789.25"]];
        let w = column_widths(&cols, 31.6, 0.4);
        assert!((w.iter().sum::<f64>() - 31.6).abs() < 1e-9);
        assert!(w[1] >= text_ems("123456789.25"), "{w:?}");
    }
}
