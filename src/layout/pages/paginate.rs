//! Pagination: rows of the flow stacked on pages of the grid's lines, with keeps, page breaks,
//! repeated table headers and the 版记 at the foot of the last page.

use super::page::{Page, PlacedImage, Stroke, TextRun, Turned};
use crate::style::Style;
use std::collections::BTreeMap;

/// One row of the flow: a grid line of text, or a table row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub height: f64,
    /// Starts on a grid line (text lines do; table rows follow one another).
    pub on_grid: bool,
    /// Runs with baselines measured from the row's top; x from the page's left edge.
    pub runs: Vec<TextRun>,
    /// Strokes with y measured from the row's top.
    pub strokes: Vec<Stroke>,
    /// Pictures with y measured from the row's top (the seal over the 署名).
    pub images: Vec<PlacedImage>,
    /// A table set sideways, its frame's corner measured from the row's top.
    pub turned: Option<Box<Turned>>,
    /// No page break between this row and the next.
    pub keep_with_next: bool,
    /// A keep that gives way when honouring it would move a whole page: the inner lines of the
    /// paragraph kept with the 落款 (its last line keeps firmly).
    pub soft_keep: bool,
    pub page_break_before: bool,
    /// The table this row belongs to, and whether it is a header row.
    pub table: Option<(usize, bool)>,
    /// Set at the foot of the page (the 版记).
    pub foot: bool,
    /// The row's lines as rows of their own, where it may split across pages (a table row of
    /// several lines): the first carries the row's top rule, the last its bottom rule.
    pub pieces: Vec<Row>,
}

/// A row, or one piece of a split row, at its height on a page.
#[derive(Debug, Clone, Copy)]
struct Placed {
    row: usize,
    piece: Option<usize>,
    at: f64,
}

impl Placed {
    /// The row or piece placed.
    fn of<'r>(&self, rows: &'r [Row]) -> &'r Row {
        match self.piece {
            Some(k) => &rows[self.row].pieces[k],
            None => &rows[self.row],
        }
    }
}

/// Where the rows set at the foot (the 版记) went: how many blank grid lines stand between
/// them and the row before, and whether they begin a page of their own. The DOCX copies this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FootGap {
    pub blank_lines: u32,
    pub new_page: bool,
    /// A blank page stands before the 版记's page, so that the 版记 falls on an even page;
    /// neither page is numbered (§7.5).
    pub blank_page_before: bool,
    /// The grid lines the foot rows take.
    pub lines: u32,
}

/// What a word processor needs from the page layout to set the DOCX's pages alike: where the
/// 版记 goes, the space that brings the text after each table back onto the grid, the table
/// rows that may split across pages, and the extra spacing of body lines ended early.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFacts {
    pub foot_gap: Option<FootGap>,
    /// For each table, in order: the space in points between its last row and the grid line
    /// where the next row starts (0 when the next row starts a page or is not a grid line).
    pub space_after_tables: Vec<f64>,
    /// Body paragraphs, by block and list item, whose lines end before a word processor would
    /// end them (a number kept with its unit, a last line given two characters): the spacing
    /// that makes it end them there too.
    pub spacing: BTreeMap<(usize, usize), Vec<ParagraphSpacing>>,
    /// The body rows, by table and row, that may split across pages (the others stay whole).
    pub splittable_rows: std::collections::BTreeSet<(usize, usize)>,
    /// The tables set sideways, in order, as the layout paged them.
    pub turned_tables: Vec<TurnedTable>,
}

/// A table set sideways (§8 横排表格), as the layout paged it in its turned frame: what a word
/// processor needs to set it alike, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TurnedTable {
    /// Set upright after all, with its title above it: a row, with the header, is deeper than
    /// the frame (a row set sideways cannot split), or the first one does not fit under the
    /// title and header.
    pub upright: bool,
    /// The grid lines the title takes across the frame, and the blank line after it.
    pub title_lines: usize,
    /// The body rows on each page, in order; the header row opens every page.
    pub pages: Vec<Vec<usize>>,
    /// Each row's depth across the frame in points (its lines and a rule), header first.
    pub row_depths_pt: Vec<f64>,
}

/// Extra spacing on a run of a paragraph's characters, so that a word processor ends the line
/// they make where the layout does.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphSpacing {
    /// The characters, counted from the paragraph's start (the DOCX writes the same text).
    pub chars: std::ops::Range<usize>,
    /// Twips added to each character's spacing.
    pub extra_twips: i32,
}

/// Laid-out pages, and the page facts the DOCX copies.
pub struct Paged {
    pub pages: Vec<Page>,
    pub facts: PageFacts,
    /// The rows of the flow that each page holds (a split row on each of its pages, repeated
    /// table headers on theirs), in order.
    pub page_rows: Vec<Vec<usize>>,
}

/// Stack the rows on pages of the grid's lines, honouring keeps, page breaks, repeated
/// table headers and the 版记 at the foot.
pub fn paginate(rows: &[Row], style: &Style) -> Paged {
    let pitch = style.line_pitch_pt();
    let capacity = f64::from(style.grid.lines) * pitch;
    let grid_top = style.grid_top_pt();
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    // The index of the first row placed on the current page (header copies aside).
    let mut page_first = 0;
    let mut y = 0.0;
    let mut i = 0;
    // The first piece of row `i` still to place, once the row has begun to split.
    let mut resume = 0;
    // No row of the flow is on the current page yet (repeated table headers aside): the next
    // row goes on it whatever its height, so every page makes progress.
    let mut fresh = true;
    let snap = |y: f64| (y / pitch - 1e-6).ceil() * pitch;
    let mut foot_gap = None;
    let mut blank_page_before = false;
    let mut even_page_decided = false;
    while i < rows.len() {
        let row = &rows[i];
        if row.page_break_before && !fresh && resume == 0 {
            pages.push(Vec::new());
            y = 0.0;
            page_first = i;
            fresh = true;
            continue;
        }
        let mut at = if row.on_grid { snap(y) } else { y };
        let first_foot_row = row.foot && (i == 0 || !rows[i - 1].foot);
        if first_foot_row {
            let foot_height: f64 = rows[i..]
                .iter()
                .take_while(|r| r.foot)
                .map(|r| r.height)
                .sum();
            // The 版记 goes on the last even page (the back of the last sheet): on the next page
            // when this one is odd, with a blank page between when the next one is odd.
            let fits = at + foot_height <= capacity + 1e-6;
            let page = pages.len() + usize::from(!fits);
            // Decided once; a 版记 taller than a page goes where it falls.
            let movable = foot_height <= capacity + 1e-6 && !even_page_decided;
            even_page_decided = true;
            if style.imprint.even_page && movable && page % 2 == 1 && i > 0 {
                if !fits || fresh {
                    // Page `page` stays blank.
                    if !fits {
                        pages.push(Vec::new());
                    }
                    blank_page_before = true;
                }
                pages.push(Vec::new());
                y = 0.0;
                page_first = i;
                fresh = true;
                continue;
            }
            let next_line = at;
            at = at.max(capacity - foot_height);
            foot_gap = Some(FootGap {
                blank_lines: ((at - next_line) / pitch).round().max(0.0) as u32,
                new_page: fresh && i > 0,
                blank_page_before,
                lines: (foot_height / pitch).round() as u32,
            });
        }
        let current = pages.last_mut().expect("there is always a page");
        let remaining: f64 = if resume > 0 {
            row.pieces[resume..].iter().map(|p| p.height).sum()
        } else {
            row.height
        };
        if at + remaining <= capacity + 1e-6 || (fresh && row.pieces.is_empty()) {
            if resume > 0 {
                y = place_pieces(current, rows, i, resume..row.pieces.len(), at);
            } else {
                current.push(Placed {
                    row: i,
                    piece: None,
                    at,
                });
                y = at + row.height;
            }
            i += 1;
            resume = 0;
            fresh = false;
            continue;
        }
        // A row that may split sets the lines that fit (at least one on a fresh page) and goes
        // on after the page break, as word processors split a row.
        let mut fitting = resume;
        let mut bottom = at;
        while fitting < row.pieces.len()
            && (bottom + row.pieces[fitting].height <= capacity + 1e-6
                || (fresh && fitting == resume))
        {
            bottom += row.pieces[fitting].height;
            fitting += 1;
        }
        if fitting > resume {
            place_pieces(current, rows, i, resume..fitting, at);
            resume = fitting;
        } else {
            // The row does not fit: break before the chain of rows kept with it, if that chain
            // does not reach back to the top of the page.
            let chain_start = |firm_only: bool| {
                let mut j = i;
                while j > page_first
                    && rows[j - 1].keep_with_next
                    && !(firm_only && rows[j - 1].soft_keep)
                {
                    j -= 1;
                }
                j
            };
            let mut j = chain_start(false);
            if j == page_first {
                j = chain_start(true);
            }
            if j > page_first && resume == 0 {
                current.retain(|p| p.row < j);
                i = j;
            }
        }
        pages.push(Vec::new());
        page_first = i;
        y = 0.0;
        fresh = true;
        // A table continuing on the new page repeats its header rows first.
        if let Some((table, false)) = rows[i].table {
            let headers: Vec<usize> = (0..i)
                .filter(|r| rows[*r].table == Some((table, true)))
                .collect();
            let page = pages.last_mut().expect("just pushed");
            for h in headers {
                page.push(Placed {
                    row: h,
                    piece: None,
                    at: y,
                });
                y += rows[h].height;
            }
        }
    }
    let space_after_tables = space_after_tables(rows, &pages, pitch);
    let page_rows = pages
        .iter()
        .map(|placed| {
            let mut rows: Vec<usize> = placed.iter().map(|p| p.row).collect();
            rows.dedup();
            rows
        })
        .collect();
    let pages = pages
        .into_iter()
        .map(|placed| {
            let mut page = Page::default();
            let count = placed.len();
            for (n, p) in placed.into_iter().enumerate() {
                let row = p.of(rows);
                let top = grid_top + p.at;
                for run in &row.runs {
                    page.runs.push(TextRun {
                        baseline: run.baseline + top,
                        ..run.clone()
                    });
                }
                for s in &row.strokes {
                    page.strokes.push(Stroke {
                        y0: s.y0 + top,
                        y1: s.y1 + top,
                        ..*s
                    });
                }
                for image in &row.images {
                    page.images.push(PlacedImage {
                        y: image.y + top,
                        ..*image
                    });
                }
                if let Some(turned) = &row.turned {
                    let (x, y) = turned.corner;
                    page.turned = Some(Box::new(Turned {
                        corner: (x, y + top),
                        ..(**turned).clone()
                    }));
                }
                // A row split at the page's foot closes with its bottom rule there.
                let split_here = p
                    .piece
                    .is_some_and(|k| n + 1 == count && k + 1 < rows[p.row].pieces.len());
                if split_here && let Some(rule) = rows[p.row].strokes.iter().find(|s| s.y0 == s.y1)
                {
                    let y = top + row.height;
                    page.strokes
                        .push(Stroke::horizontal(rule.x0, rule.x1, y, rule.width));
                }
            }
            page
        })
        .collect();
    Paged {
        pages,
        page_rows,
        facts: PageFacts {
            foot_gap,
            space_after_tables,
            spacing: BTreeMap::new(),
            splittable_rows: Default::default(),
            turned_tables: Vec::new(),
        },
    }
}

/// Place pieces `pieces` of row `row` one below the other from `at`; returns where they end.
fn place_pieces(
    page: &mut Vec<Placed>,
    rows: &[Row],
    row: usize,
    pieces: std::ops::Range<usize>,
    mut at: f64,
) -> f64 {
    for k in pieces {
        page.push(Placed {
            row,
            piece: Some(k),
            at,
        });
        at += rows[row].pieces[k].height;
    }
    at
}

/// For each table, the space between its last row and the grid line after it, where the next
/// row follows on the same page. Only up to that grid line: the blank lines that lead on to a
/// 版记 at the foot are the foot gap's.
fn space_after_tables(rows: &[Row], pages: &[Vec<Placed>], pitch: f64) -> Vec<f64> {
    let tables = rows
        .iter()
        .filter_map(|r| r.table.map(|(id, _)| id + 1))
        .max()
        .unwrap_or(0);
    let mut space = vec![0.0; tables];
    for page in pages {
        for pair in page.windows(2) {
            let (this, next) = (pair[0], pair[1]);
            if let (Some((id, _)), None) = (rows[this.row].table, rows[next.row].table)
                && next.row == this.row + 1
                && rows[next.row].on_grid
            {
                let end = this.at + this.of(rows).height;
                let grid_line = (end / pitch - 1e-6).ceil() * pitch;
                space[id] = (grid_line - end).max(0.0);
            }
        }
    }
    space
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::pages::page::PlacedGlyph;

    /// A grid line showing `ch`.
    fn line(ch: char) -> Row {
        Row {
            height: Style::default().line_pitch_pt(),
            on_grid: true,
            runs: vec![TextRun {
                face: 0,
                size: 16.0,
                bold: false,
                half_width: false,
                baseline: 20.0,
                colour: None,
                glyphs: vec![PlacedGlyph {
                    gid: 1,
                    x: 80.0,
                    ch,
                }],
            }],
            ..Row::default()
        }
    }

    fn texts(pages: &[Page]) -> Vec<String> {
        pages.iter().map(|p| p.text().replace('\n', "")).collect()
    }

    #[test]
    fn a_page_holds_the_grids_lines() {
        let rows: Vec<Row> = (0..30).map(|_| line('国')).collect();
        let pages = paginate(&rows, &Style::default()).pages;
        assert_eq!(texts(&pages), ["国".repeat(22), "国".repeat(8)]);
    }

    #[test]
    fn kept_rows_move_together_and_a_page_break_starts_a_page() {
        let mut rows: Vec<Row> = (0..21).map(|_| line('a')).collect();
        rows.push(Row {
            keep_with_next: true,
            ..line('H')
        });
        rows.push(line('b'));
        rows.push(Row {
            page_break_before: true,
            ..line('c')
        });
        let pages = paginate(&rows, &Style::default()).pages;
        assert_eq!(texts(&pages), ["a".repeat(21), "Hb".into(), "c".into()]);
    }

    #[test]
    fn a_soft_keep_gives_way_when_the_chain_fills_the_page() {
        let mut rows: Vec<Row> = (0..22)
            .map(|_| Row {
                keep_with_next: true,
                soft_keep: true,
                ..line('a')
            })
            .collect();
        rows.push(Row {
            keep_with_next: true,
            ..line('z')
        });
        rows.push(line('D'));
        let pages = paginate(&rows, &Style::default()).pages;
        assert_eq!(texts(&pages), ["a".repeat(22), "zD".into()]);
    }

    #[test]
    fn a_table_row_taller_than_a_page_still_moves_on() {
        let table_row = |ch: char, header: bool, height: f64| Row {
            on_grid: false,
            height,
            table: Some((0, header)),
            keep_with_next: header,
            ..line(ch)
        };
        let rows = vec![
            line('a'),
            table_row('H', true, 30.0),
            table_row('T', false, 2000.0),
            table_row('r', false, 30.0),
        ];
        // The placer splits such rows; here the paginator only has to place every row once
        // and stop.
        let pages = paginate(&rows, &Style::default()).pages;
        let all: String = texts(&pages).concat().replace('H', "");
        assert_eq!(all, "aTr");
    }

    #[test]
    fn the_foot_rows_sit_on_the_last_lines() {
        let rows = vec![
            line('a'),
            Row {
                foot: true,
                ..line('F')
            },
        ];
        let paged = paginate(&rows, &one_sided());
        // One line of text, then 20 blank lines, then the 版记 on line 22.
        assert_eq!(
            paged.facts.foot_gap,
            Some(FootGap {
                blank_lines: 20,
                new_page: false,
                blank_page_before: false,
                lines: 1
            })
        );
        let pages = paged.pages;
        assert_eq!(pages.len(), 1);
        let foot = pages[0]
            .runs
            .iter()
            .find(|r| r.glyphs[0].ch == 'F')
            .unwrap();
        let first = pages[0]
            .runs
            .iter()
            .find(|r| r.glyphs[0].ch == 'a')
            .unwrap();
        let pitch = Style::default().line_pitch_pt();
        assert!((foot.baseline - first.baseline - 21.0 * pitch).abs() < 1e-6);
    }

    #[test]
    fn a_foot_that_does_not_fit_goes_to_the_foot_of_a_new_page() {
        let mut rows: Vec<Row> = (0..22).map(|_| line('a')).collect();
        rows.push(Row {
            foot: true,
            ..line('F')
        });
        let paged = paginate(&rows, &Style::default());
        assert_eq!(texts(&paged.pages), ["a".repeat(22), "F".into()]);
        assert_eq!(
            paged.facts.foot_gap,
            Some(FootGap {
                blank_lines: 21,
                new_page: true,
                blank_page_before: false,
                lines: 1
            })
        );
    }

    /// The style of one-sided printing: the 版记 at the foot of the last page, odd or even.
    fn one_sided() -> Style {
        let mut style = Style::default();
        style.imprint.even_page = false;
        style
    }

    #[test]
    fn a_foot_taller_than_a_page_still_ends() {
        let mut rows = vec![line('a')];
        rows.extend((0..30).map(|_| Row {
            foot: true,
            ..line('F')
        }));
        let paged = paginate(&rows, &Style::default());
        assert!(paged.pages.len() <= 4, "{} pages", paged.pages.len());
    }

    #[test]
    fn the_foot_goes_to_an_even_page_after_a_blank_page_where_it_must() {
        let foot = || Row {
            foot: true,
            ..line('F')
        };
        // Text on page 1 (odd): the 版记 goes to page 2, numbered, no blank page.
        let paged = paginate(&[line('a'), foot()], &Style::default());
        assert_eq!(texts(&paged.pages), ["a".to_string(), "F".into()]);
        let gap = paged.facts.foot_gap.unwrap();
        assert!(gap.new_page && !gap.blank_page_before);
        // Text filling page 2 (even): page 3 stays blank, the 版记 goes to page 4.
        let mut rows: Vec<Row> = (0..44).map(|_| line('a')).collect();
        rows.push(foot());
        let paged = paginate(&rows, &Style::default());
        assert_eq!(
            texts(&paged.pages),
            ["a".repeat(22), "a".repeat(22), String::new(), "F".into()]
        );
        let gap = paged.facts.foot_gap.unwrap();
        assert!(gap.new_page && gap.blank_page_before);
        // Text ending on page 2 with room left: the 版记 at its foot.
        let mut rows: Vec<Row> = (0..30).map(|_| line('a')).collect();
        rows.push(foot());
        let paged = paginate(&rows, &Style::default());
        assert_eq!(paged.pages.len(), 2);
        assert!(!paged.facts.foot_gap.unwrap().new_page);
        // One-sided: at the foot of page 1.
        assert_eq!(paginate(&[line('a'), foot()], &one_sided()).pages.len(), 1);
    }

    #[test]
    fn a_table_row_of_several_lines_splits_at_the_page_foot() {
        let style = Style::default();
        let piece = |ch: char| Row {
            height: 21.0,
            ..line(ch)
        };
        let header = Row {
            on_grid: false,
            height: 21.5,
            table: Some((0, true)),
            keep_with_next: true,
            ..line('H')
        };
        let body = Row {
            on_grid: false,
            height: 105.5,
            table: Some((0, false)),
            pieces: "12345".chars().map(piece).collect(),
            strokes: vec![Stroke::horizontal(80.0, 500.0, 0.0, 0.5)],
            ..line('R')
        };
        let mut rows: Vec<Row> = (0..20).map(|_| line('a')).collect();
        rows.extend([header, body, line('z')]);
        let paged = paginate(&rows, &style);
        // One line of the row fits under the header on page 1; the rest follows the repeated
        // header on page 2, then the text after the table, back on the grid.
        assert_eq!(
            texts(&paged.pages),
            [format!("{}H1", "a".repeat(20)), "H2345z".into()]
        );
        // The split row closes with a rule at the foot of page 1.
        let foot_rule = paged.pages[0]
            .strokes
            .iter()
            .map(|s| s.y0)
            .fold(0.0, f64::max);
        let pitch = style.line_pitch_pt();
        let expected = style.grid_top_pt() + 20.0 * pitch + 21.5 + 21.0;
        assert!(
            (foot_rule - expected).abs() < 1e-6,
            "{foot_rule} {expected}"
        );
        // The text after the table starts on the next grid line, and the DOCX is told how far.
        let after = 21.5 + 4.0 * 21.0;
        let space = (after / pitch).ceil() * pitch - after;
        assert!((paged.facts.space_after_tables[0] - space).abs() < 1e-6);
    }

    #[test]
    fn a_table_continued_on_a_new_page_repeats_its_header() {
        let style = Style::default();
        let table_row = |ch: char, header: bool| Row {
            on_grid: false,
            height: 60.0,
            table: Some((0, header)),
            keep_with_next: header,
            ..line(ch)
        };
        let mut rows = vec![table_row('H', true)];
        rows.extend((0..12).map(|_| table_row('r', false)));
        let pages = paginate(&rows, &style).pages;
        assert!(pages.len() >= 2);
        for page in &pages {
            assert!(page.text().starts_with('H'), "{}", page.text());
        }
        let body_rows: usize = texts(&pages).iter().map(|t| t.matches('r').count()).sum();
        assert_eq!(body_rows, 12);
    }
}
