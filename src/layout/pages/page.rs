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
    /// Punctuation squeezed to half width: the PDF declares these glyphs half as wide, so
    /// that readers and checkers see the space they really take.
    pub half_width: bool,
    /// Baseline from the page's top edge.
    pub baseline: f64,
    /// A colour other than black (the 版头's red), as red, green and blue.
    pub colour: Option<[u8; 3]>,
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
    /// A colour other than black (the 版头's red rules).
    pub colour: Option<[u8; 3]>,
}

impl TextRun {
    /// True if `other` can be drawn as part of this run.
    fn same_style(&self, other: &TextRun) -> bool {
        self.face == other.face
            && self.size == other.size
            && self.bold == other.bold
            && self.half_width == other.half_width
            && self.baseline == other.baseline
            && self.colour == other.colour
    }
}

/// Add a glyph to `runs`, extending the last run when it has the same style as `style`.
pub fn push_glyph(runs: &mut Vec<TextRun>, style: &TextRun, glyph: PlacedGlyph) {
    match runs.last_mut() {
        Some(run) if run.same_style(style) => run.glyphs.push(glyph),
        _ => runs.push(TextRun {
            glyphs: vec![glyph],
            ..style.clone()
        }),
    }
}

impl Stroke {
    /// A horizontal rule from `x0` to `x1` at height `y`.
    pub fn horizontal(x0: f64, x1: f64, y: f64, width: f64) -> Stroke {
        Stroke {
            x0,
            y0: y,
            x1,
            y1: y,
            width,
            colour: None,
        }
    }

    /// A vertical rule at `x` from `y0` down to `y1`.
    pub fn vertical(x: f64, y0: f64, y1: f64, width: f64) -> Stroke {
        Stroke {
            x0: x,
            y0,
            x1: x,
            y1,
            width,
            colour: None,
        }
    }
}

/// The document's seal picture at its place, drawn under the text: its top-left corner from the
/// page's (a row's, before pagination), and its size, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Content set sideways (§8 横排表格): laid out in its frame's own coordinates (x along the
/// frame, y down across it, from its top-left corner), then turned a quarter to the left, so
/// that its top lies along the text block's left edge and its lines read up the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Turned {
    pub runs: Vec<TextRun>,
    pub strokes: Vec<Stroke>,
    /// Where the frame's top-left corner lands: x from the page's left edge, y from its top
    /// edge (a row's, before pagination). The frame runs up the page from there.
    pub corner: (f64, f64),
}

/// One page's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub runs: Vec<TextRun>,
    pub strokes: Vec<Stroke>,
    /// Where the seal picture goes (see `Document::seal_image`).
    pub images: Vec<PlacedImage>,
    /// A table set sideways on this page.
    pub turned: Option<Box<Turned>>,
}

impl Page {
    /// The page's text, line by line, as the glyphs read (for tests and page comparisons).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut last_baseline = None;
        let turned = self.turned.iter().flat_map(|t| &t.runs);
        for run in self.runs.iter().chain(turned) {
            if last_baseline.is_some_and(|b: f64| (b - run.baseline).abs() > 0.5) {
                out.push('\n');
            }
            last_baseline = Some(run.baseline);
            out.extend(run.glyphs.iter().map(|g| g.ch));
        }
        out
    }
}
