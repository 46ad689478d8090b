//! Laid-out pages: glyphs and rules at their final places (points, measured from the page's
//! top-left corner), the hand-off from layout to the PDF writer.

/// One glyph at its place on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// Left edge from the page's left edge.
    pub x: f64,
    /// The character it shows, for the PDF's text layer.
    pub ch: char,
}

/// Glyphs of one face, size and weight on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: usize,
    pub size: f64,
    pub bold: bool,
    /// Baseline from the page's top edge.
    pub baseline: f64,
    pub glyphs: Vec<PlacedGlyph>,
}

/// A straight rule (table borders, the 版记's lines).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub width: f64,
}

/// One page's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub runs: Vec<TextRun>,
    pub strokes: Vec<Stroke>,
}

impl Page {
    /// The page's text, line by line, as the glyphs read (for tests and page comparisons).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut last_baseline = None;
        for run in &self.runs {
            if last_baseline.is_some_and(|b: f64| (b - run.baseline).abs() > 0.5) {
                out.push('\n');
            }
            last_baseline = Some(run.baseline);
            out.extend(run.glyphs.iter().map(|g| g.ch));
        }
        out
    }
}
