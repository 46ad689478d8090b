//! Breaking a paragraph into lines on the grid, with 避头尾, unsplittable runs, squeezing and
//! justification (GB/T 15834 §5 as docs/gbt9704.md gives it).
//! Greedy, linear: whole units fill a line, then squeeze, push, or (if wider than a line) cut.

use super::chars::{is_cjk, is_digit, is_han, is_latin, is_word_char};
use std::ops::Range;
use std::sync::OnceLock;

use super::kinsoku::{NO_LINE_END, NO_LINE_START, may_end_line, may_start_line};

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
    /// Squeeze punctuation to half width before pushing a character to the next line (the
    /// spec's order). Word and LibreOffice never squeeze in a grid document; without it the
    /// PDF breaks lines as they do.
    pub squeeze: bool,
    /// Keep what a reviewer would not see split, beyond the character rules: a number with the
    /// character after it (11月30日, 312家, 2024年), and at least two characters on a
    /// paragraph's last line (never 作。 alone). Word processors know neither rule; the DOCX
    /// follows them through [`word_processor_spacing`].
    pub keeps: bool,
}

/// A paragraph's last line holds at least this many characters (marks aside) where a character
/// can be pulled down from the line above.
const MIN_LAST_LINE_CHARS: usize = 2;

/// True if `before` and `after` are a number and the unit or date part after it (30日, 312家).
fn number_and_unit(before: char, after: char) -> bool {
    is_digit(before) && is_han(after)
}

/// True if position `p` of `items` lies inside a date, after its year or month and before the
/// next number (2020年|11月|30日): a date is one unit, never split across lines or pages.
fn inside_date(items: &[Item], p: usize) -> bool {
    p >= 2
        && matches!(items[p - 1].ch, '年' | '月')
        && is_digit(items[p - 2].ch)
        && is_digit(items[p].ch)
}

/// True for the characters that count on a paragraph's last line: not marks, not blanks.
fn counts_as_character(c: char) -> bool {
    is_han(c) || c.is_alphanumeric()
}

/// Extra spacing that makes a word processor end a line where gongwen does.
#[derive(Debug, Clone, PartialEq)]
pub struct WordProcessorSpacing {
    /// The items of the line, each to be set wider.
    pub range: Range<usize>,
    /// The least extra width per item, in points, that pushes the rest off the line; at most
    /// `max_pt`, which still lets the line's own items fit.
    pub min_pt: f64,
    pub max_pt: f64,
}

/// One line: which items it holds and where each one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub range: Range<usize>,
    /// The x offset of each item of `range` from the text block's left edge, in points: where its
    /// glyph is drawn. An opening mark squeezed by `s` is drawn `s` to the left of its slot, so
    /// that its blank left part overlaps what precedes it and its visible right part stays.
    pub x: Vec<f64>,
    /// The width each item takes on this line (less than its advance where it was squeezed;
    /// zero for spaces and line feeds at the line end).
    pub width: Vec<f64>,
}

/// Tolerance of every width comparison, in points.
const EPS: f64 = 1e-6;

/// Full-width marks whose glyph fills one half of the em and leaves the other half blank, so
/// that they can be set at half width. Which half is blank follows from the kinsoku sets:
/// closing marks (no line start) keep their left half, opening marks (no line end) their right.
const HALF_BLANK_MARKS: &str = "，。、；：！？）》」』】〕〗〉”’．（《「『【〔〖〈“‘";

/// Marks after which an over-wide Latin word or URL is preferably cut.
const URL_SEPARATORS: &str = "/-.?&=";

/// Which side of a mark stays visible when it is squeezed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A closing mark: keeps its left half.
    Closing,
    /// An opening mark: keeps its right half.
    Opening,
}

/// A set of characters of the Basic Multilingual Plane as one bit per code point.
struct BitSet(Vec<u64>);

impl BitSet {
    /// The set of the characters of `chars` (those beyond the BMP are left out).
    fn of(chars: &str) -> Self {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in chars.chars().filter(|&c| (c as u32) < 0x10000) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        BitSet(bits)
    }

    /// True if `c` is in the set.
    fn contains(&self, c: char) -> bool {
        let k = c as usize;
        k < 0x10000 && self.0[k / 64] & (1 << (k % 64)) != 0
    }
}

/// The kinsoku sets and the squeezable marks as bit sets, built once from `kinsoku`'s sets:
/// a lookup per character instead of a scan of the sets, which is slow in debug builds.
struct Tables {
    no_start: BitSet,
    no_end: BitSet,
    half_blank: BitSet,
}

/// The tables, built on first use.
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        no_start: BitSet::of(NO_LINE_START),
        no_end: BitSet::of(NO_LINE_END),
        half_blank: BitSet::of(HALF_BLANK_MARKS),
    })
}

/// What the breaker needs to know of a character.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Class {
    /// The character may not start a line.
    no_start: bool,
    /// The character may not end a line.
    no_end: bool,
    /// The side that stays when the character is squeezed, if it can be.
    side: Option<Side>,
}

impl Class {
    /// Looks `c` up in the kinsoku sets (a test checks that this agrees with `kinsoku`).
    fn of(c: char) -> Self {
        let tables = tables();
        let (no_start, no_end) = if (c as u32) < 0x10000 {
            (tables.no_start.contains(c), tables.no_end.contains(c))
        } else {
            (!may_start_line(c), !may_end_line(c))
        };
        let side = match (tables.half_blank.contains(c), no_start, no_end) {
            (true, true, _) => Some(Side::Closing),
            (true, false, true) => Some(Side::Opening),
            _ => None,
        };
        Class {
            no_start,
            no_end,
            side,
        }
    }
}

/// True for characters that take no width at a line end: the ASCII space and the line feed.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\n'
}

/// The autospace between two adjacent characters on one line.
fn autospace_between(before: char, after: char, autospace: f64) -> f64 {
    if (is_han(before) && is_latin(after)) || (is_latin(before) && is_han(after)) {
        autospace
    } else {
        0.0
    }
}

/// True if justification may widen the gap between `before` and `after`: at least one side is
/// CJK, and the gap is not inside —— or …….
fn justifiable(before: char, after: char) -> bool {
    (is_cjk(before) || is_cjk(after)) && !(before == after && matches!(before, '—' | '…'))
}

/// True if `kinsoku::may_break_between` forbids a break between `before` and `after` for a
/// reason other than its sets: inside a word or number, or inside —— or ……. (The sets are
/// checked through `Class`, which is much faster than asking `may_break_between` per pair; a
/// test checks that the two agree.)
fn joined(before: char, after: char) -> bool {
    (is_word_char(before) && is_word_char(after))
        || (before == after && matches!(before, '—' | '…'))
}

/// True if `before` and `after` belong together beyond what the kinsoku rules say, as word
/// processors also hold them: a run of ASCII non-space characters (words, numbers like 1.18,
/// 94.1% and 12,875, URLs), and a closing comma, stop or bracket before a digit (。1月, ，8个,
/// 〕301号: LibreOffice never breaks there, as Unicode's line-breaking rules have it for their
/// class CL, while it does break after ： and ；).
fn holds_together(before: char, after: char) -> bool {
    (before.is_ascii_graphic() && after.is_ascii_graphic())
        || (is_digit(after) && CLOSE_BEFORE_NUMBER.contains(before))
}

/// The closing marks (Unicode line-breaking class CL) that hold a number after them.
const CLOSE_BEFORE_NUMBER: &str = "，。、）》」』】〕〗〉．";

/// True if `before` and `after` belong to one 公文 unit that word processors would split:
/// 第 before digits, and a number before its unit or date part (第0982号, 11月30日, 312家).
/// Kept whole under [`Measure::keeps`].
fn unit_kept_whole(before: char, after: char) -> bool {
    (before == '第' && is_digit(after)) || number_and_unit(before, after)
}

/// The break opportunities of a paragraph and the prefix sums that make every width query O(1).
struct Paragraph<'a> {
    items: &'a [Item],
    measure: &'a Measure,
    /// `kinsoku_ok[p]`: a break before item `p` breaks no character rule (ignoring glue and
    /// unsplittable runs); what an over-wide unit is preferably cut at.
    kinsoku_ok: Vec<bool>,
    /// `allowed[p]`: the line may break before item `p`.
    allowed: Vec<bool>,
    /// `next_break[i]`: the first position after `i` where the line may break (or `len`).
    next_break: Vec<usize>,
    /// `forced[p]`: the line must break before `p` (after a line feed).
    forced: Vec<bool>,
    /// Sum of the advances of items `..i`.
    advance_sum: Vec<f64>,
    /// `autospace_sum[k]`: the autospace in the gaps before items `1..=k`.
    autospace_sum: Vec<f64>,
    /// Sum of the half advances of items `..i` squeezable by their neighbours alone.
    squeeze_sum: Vec<f64>,
    /// `content_end[b]`: the end of items `..b` without trailing blanks.
    content_end: Vec<usize>,
    /// The class of each item.
    class: Vec<Class>,
}

impl<'a> Paragraph<'a> {
    /// Analyse `items` once: classes, break opportunities and prefix sums.
    fn new(items: &'a [Item], measure: &'a Measure) -> Self {
        let n = items.len();
        let class: Vec<Class> = items.iter().map(|item| Class::of(item.ch)).collect();
        let (kinsoku_ok, allowed, forced) = Self::break_opportunities(items, &class, measure.keeps);

        let mut next_break = vec![n; n + 1];
        let allowed_at = allowed.clone();
        for i in (0..n.saturating_sub(1)).rev() {
            next_break[i] = if allowed[i + 1] {
                i + 1
            } else {
                next_break[i + 1]
            };
        }

        let mut advance_sum = Vec::with_capacity(n + 1);
        let mut autospace_sum = Vec::with_capacity(n + 1);
        let mut squeeze_sum = Vec::with_capacity(n + 1);
        let mut content_end = Vec::with_capacity(n + 1);
        let (mut advance, mut autospace, mut squeeze) = (0.0, 0.0, 0.0);
        advance_sum.push(0.0);
        squeeze_sum.push(0.0);
        content_end.push(0);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                autospace += autospace_between(items[i - 1].ch, item.ch, measure.autospace);
            }
            autospace_sum.push(autospace);
            advance += item.advance;
            advance_sum.push(advance);
            if Self::squeezable_inside(&class, i, 0, n) {
                squeeze += item.advance / 2.0;
            }
            squeeze_sum.push(squeeze);
            content_end.push(if is_blank(item.ch) {
                content_end[i]
            } else {
                i + 1
            });
        }

        Paragraph {
            items,
            measure,
            allowed: allowed_at,
            kinsoku_ok,
            next_break,
            forced,
            advance_sum,
            autospace_sum,
            squeeze_sum,
            content_end,
            class,
        }
    }

    /// For every position `p` in `0..=len` (a break before item `p`): whether the character
    /// rules allow it, whether the line may break there, and whether it must.
    fn break_opportunities(
        items: &[Item],
        class: &[Class],
        keeps: bool,
    ) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
        let n = items.len();
        let mut kinsoku_ok = vec![false; n + 1];
        let mut allowed = vec![false; n + 1];
        let mut forced = vec![false; n + 1];
        allowed[n] = true;
        // Whether the last character before `p` that is not blank may end a line: a line may
        // not end with an opening mark even when spaces follow it.
        let mut may_end = true;
        for p in 1..n {
            let (before, after) = (items[p - 1].ch, items[p].ch);
            if !is_blank(before) {
                may_end = !class[p - 1].no_end;
            }
            if before == '\n' {
                forced[p] = true;
                allowed[p] = true;
                continue;
            }
            let ok = !is_blank(after)
                && may_end
                && !class[p].no_start
                && (is_blank(before) || !joined(before, after));
            kinsoku_ok[p] = ok;
            allowed[p] = ok
                && !items[p].glue
                && !holds_together(before, after)
                && (!keeps || !(unit_kept_whole(before, after) || inside_date(items, p)));
        }
        (kinsoku_ok, allowed, forced)
    }

    /// True if item `i` of a line `start..end` can be squeezed because of its neighbours on the
    /// line: a closing mark followed by a squeezable mark, or an opening mark preceded by one.
    fn squeezable_inside(class: &[Class], i: usize, start: usize, end: usize) -> bool {
        match class[i].side {
            Some(Side::Closing) => i + 1 < end && class[i + 1].side.is_some(),
            Some(Side::Opening) => i > start && class[i - 1].side.is_some(),
            None => false,
        }
    }

    /// True if item `i` of a line `start..end` (end without trailing blanks) can be squeezed:
    /// as an adjacent pair of marks, or as a closing mark at the line end.
    fn squeezable(&self, i: usize, start: usize, end: usize) -> bool {
        (i + 1 == end && self.class[i].side == Some(Side::Closing))
            || Self::squeezable_inside(&self.class, i, start, end)
    }

    /// The end of a line `start..end` without its trailing blanks.
    fn content_end(&self, start: usize, end: usize) -> usize {
        self.content_end[end].max(start)
    }

    /// The natural width of items `start..end` on one line: advances plus autospace.
    fn natural(&self, start: usize, end: usize) -> f64 {
        if end <= start {
            return 0.0;
        }
        self.advance_sum[end] - self.advance_sum[start] + self.autospace_sum[end - 1]
            - self.autospace_sum[start]
    }

    /// The width available to the line that starts at item `start`.
    fn available(&self, start: usize) -> f64 {
        let indent = if start == 0 {
            self.measure.first_indent
        } else {
            0.0
        };
        self.measure.width - indent
    }

    /// True if items `start..end` fit on one line.
    fn fits(&self, start: usize, end: usize) -> bool {
        self.natural(start, self.content_end(start, end)) <= self.available(start) + EPS
    }

    /// How much squeezing can take off the line `start..end` (end without trailing blanks).
    fn squeeze_capacity(&self, start: usize, end: usize) -> f64 {
        if end <= start {
            return 0.0;
        }
        let mut capacity = self.squeeze_sum[end] - self.squeeze_sum[start];
        // The prefix sums judged the first and last items by neighbours off the line.
        let mut rejudge = |i: usize| {
            let on_line = self.squeezable(i, start, end);
            let summed = Self::squeezable_inside(&self.class, i, 0, self.items.len());
            match (on_line, summed) {
                (true, false) => capacity += self.items[i].advance / 2.0,
                (false, true) => capacity -= self.items[i].advance / 2.0,
                _ => {}
            }
        };
        rejudge(start);
        if end - 1 > start {
            rejudge(end - 1);
        }
        capacity
    }

    /// The items of the line `start..end` to set at half width so that it fits, or `None` if
    /// squeezing cannot make it fit. The line-end mark goes first, then pairs from the end.
    fn squeeze(&self, start: usize, end: usize) -> Option<Vec<usize>> {
        let content = self.content_end(start, end);
        let natural = self.natural(start, content);
        let needed = natural - self.available(start);
        let capacity = self.squeeze_capacity(start, content);
        let fits = natural - capacity <= self.available(start) + EPS;
        if capacity <= 0.0 || !fits {
            return None;
        }
        let mut chosen = Vec::new();
        let mut gained = 0.0;
        for i in (start..content).rev() {
            if gained >= needed - EPS {
                break;
            }
            if self.squeezable(i, start, content) {
                chosen.push(i);
                gained += self.items[i].advance / 2.0;
            }
        }
        Some(chosen)
    }

    /// Where to cut the line that starts at `start` and holds whole units up to `from`, when the
    /// next unit (up to `unit_end`) is wider than a whole line: as late as fits, preferring a
    /// cut after a URL separator, then one the character rules allow; where none fits, at
    /// `from`, leaving the unit to the next line, or anywhere if the line holds nothing else.
    /// Returns `from` if nothing more fits, but always takes at least one item.
    fn cut(&self, start: usize, from: usize, unit_end: usize) -> usize {
        let mut fit = from;
        while fit < unit_end && self.fits(start, fit + 1) {
            fit += 1;
        }
        if fit == from {
            return from.max(start + 1);
        }
        let rank = |p: usize| {
            let separator = URL_SEPARATORS.contains(self.items[p - 1].ch);
            // Inside a unit the keeps hold together (第|0982号), a cut is a last resort.
            let kept = self.measure.keeps
                && (unit_kept_whole(self.items[p - 1].ch, self.items[p].ch)
                    || inside_date(self.items, p));
            // A cut inside a word or a kept unit is better than one that ends a line with an
            // opening mark or a prefix (£) or starts one with a closing mark.
            let starts_and_ends = !self.class[p].no_start && !self.class[p - 1].no_end;
            match (self.kinsoku_ok[p] && !kept, separator, starts_and_ends) {
                (true, true, _) => 3,
                (true, false, _) => 2,
                (false, _, true) => 1,
                (false, _, false) => 0,
            }
        };
        let best = (from + 1..=fit)
            .max_by_key(|&p| (rank(p), p))
            .unwrap_or(fit);
        // Where every cut this line holds would end it on an opening mark or start the next on
        // a closing one, the line ends before the unit, which is cut on the next line instead
        // (found by the kinsoku property: a line ended with £).
        if rank(best) == 0 && from > start {
            return from;
        }
        best
    }

    /// The end of the line that starts at `start`, and the items squeezed on it.
    ///
    /// Whole units go on while they fit. A unit that does not fit is squeezed onto the line if
    /// that is enough, else pushed to the next line; only a unit that would not fit on a line of
    /// its own is cut, filling this line first.
    fn next_line(&self, start: usize) -> (usize, Vec<usize>) {
        let n = self.items.len();
        let mut end = start;
        while end < n && !(end > start && self.forced[end]) {
            let unit_end = self.next_break[end];
            if self.fits(start, unit_end) {
                end = unit_end;
                continue;
            }
            if self.measure.squeeze
                && let Some(squeezed) = self.squeeze(start, unit_end)
            {
                return (unit_end, squeezed);
            }
            if end > start && self.fits(end, unit_end) {
                break;
            }
            return (self.cut(start, end, unit_end), Vec::new());
        }
        (end, Vec::new())
    }

    /// Each line's end and the items squeezed on it.
    fn line_ends(&self) -> Vec<(usize, Vec<usize>)> {
        let mut ends = Vec::new();
        let mut start = 0;
        while start < self.items.len() {
            let (end, squeezed) = self.next_line(start);
            let end = end.max(start + 1);
            ends.push((end, squeezed));
            start = end;
        }
        ends
    }

    /// Give the last line at least [`MIN_LAST_LINE_CHARS`] characters by ending the line above
    /// at an earlier break, if one leaves that line at least two items and the new last line
    /// fits.
    fn pull_down_to_last_line(&self, ends: &mut [(usize, Vec<usize>)]) {
        let n = self.items.len();
        let [.., (before_end, _), (last_end, _)] = ends else {
            return;
        };
        let (last_start, last_end) = (*before_end, *last_end);
        if last_end != n || self.items[last_start - 1].ch == '\n' {
            return;
        }
        let characters = self.items[last_start..last_end]
            .iter()
            .filter(|item| counts_as_character(item.ch))
            .count();
        if characters >= MIN_LAST_LINE_CHARS {
            return;
        }
        let before_start = match ends.len() {
            2 => 0,
            k => ends[k - 3].0,
        };
        let Some(cut) = (before_start + 2..last_start)
            .rev()
            .find(|&p| self.allowed[p] && !self.forced[p])
        else {
            return;
        };
        if !self.fits(cut, n) {
            return;
        }
        let k = ends.len();
        ends[k - 2] = (cut, Vec::new());
        ends[k - 1] = (n, Vec::new());
    }

    /// Place the items of the line `start..end`: squeezed marks at half width, blanks at the
    /// end at zero width, autospace, and when `justify` the spare width spread over CJK gaps
    /// (else over spaces, else nowhere).
    fn place(&self, start: usize, end: usize, squeezed: &[usize], justify: bool) -> Line {
        let items = &self.items[start..end];
        let content = self.content_end(start, end) - start;
        let indent = if start == 0 {
            self.measure.first_indent
        } else {
            0.0
        };
        let mut width: Vec<f64> = items
            .iter()
            .enumerate()
            .map(|(k, item)| if k < content { item.advance } else { 0.0 })
            .collect();
        for &i in squeezed {
            width[i - start] = self.items[i].advance / 2.0;
        }
        let gap =
            |k: usize| autospace_between(items[k - 1].ch, items[k].ch, self.measure.autospace);

        let mut extra = 0.0;
        if justify {
            let natural = indent + width.iter().sum::<f64>() + (1..content).map(gap).sum::<f64>();
            let spare = self.measure.width - natural;
            if spare > 0.0 && spare.is_finite() {
                let gaps = (1..content)
                    .filter(|&k| justifiable(items[k - 1].ch, items[k].ch))
                    .count();
                let spaces: Vec<usize> = (0..content).filter(|&k| items[k].ch == ' ').collect();
                if gaps > 0 {
                    extra = spare / gaps as f64;
                } else if !spaces.is_empty() {
                    let each = spare / spaces.len() as f64;
                    for k in spaces {
                        width[k] += each;
                    }
                }
            }
        }

        let mut x = Vec::with_capacity(items.len());
        let mut pos = indent;
        for (k, item) in items.iter().enumerate() {
            if k > 0 && k < content {
                pos += gap(k);
                if justifiable(items[k - 1].ch, item.ch) {
                    pos += extra;
                }
            }
            let shift = match self.class[start + k].side {
                Some(Side::Opening) if k < content => item.advance - width[k],
                _ => 0.0,
            };
            x.push(pos - shift.max(0.0));
            pos += width[k];
        }
        Line {
            range: start..end,
            x,
            width,
        }
    }
}

/// Break `items` into lines of `measure`.
///
/// Lines never start with a closing mark nor end with an opening mark, and never split ——,
/// ……, Latin words, numbers, URLs, a number after a closing comma, stop or bracket
/// (〔2022〕301号), or items glued by the caller; with `measure.keeps`, neither 第0982号, a date
/// nor a number with its unit, and the last line holds at least two characters. An
/// overfull line is first squeezed (a line-end mark or adjacent marks at half width), else its
/// last unit goes to the next line. Only a unit wider than a whole line is cut. Every line but
/// the last (and those ended by '\n') is justified when `measure.justify`.
pub fn break_lines(items: &[Item], measure: &Measure) -> Vec<Line> {
    let paragraph = Paragraph::new(items, measure);
    let mut ends = paragraph.line_ends();
    if measure.keeps {
        paragraph.pull_down_to_last_line(&mut ends);
    }
    let mut start = 0;
    ends.into_iter()
        .map(|(end, squeezed)| {
            let last = end == items.len() || items[end - 1].ch == '\n';
            let line = paragraph.place(start, end, &squeezed, measure.justify && !last);
            start = end;
            line
        })
        .collect()
}

/// LibreOffice's space between Han and Latin text as a share of gongwen's quarter em: measured
/// at 3.57–3.62 pt beside 16 pt text (annual-summary's R&D line), where gongwen sets 4 pt. A
/// line the word processor would fill further is found with the narrower space, so that the
/// spacing recorded for it is enough.
const WORD_PROCESSOR_AUTOSPACE: f64 = 0.9;

/// For each of `lines` (broken from `items` with `measure`) that ends before a word processor
/// would end it, breaking by the character rules alone, the extra spacing per character that
/// makes it end there too. The last line and lines ended by a line feed need none.
pub fn word_processor_spacing(
    items: &[Item],
    measure: &Measure,
    lines: &[Line],
) -> Vec<WordProcessorSpacing> {
    let plain = Measure {
        keeps: false,
        squeeze: false,
        autospace: measure.autospace * WORD_PROCESSOR_AUTOSPACE,
        ..*measure
    };
    let processor = Paragraph::new(items, &plain);
    let mut out = Vec::new();
    for line in lines {
        let (start, end) = (line.range.start, line.range.end);
        if end >= items.len() || items[end - 1].ch == '\n' {
            continue;
        }
        let (processor_end, _) = processor.next_line(start);
        if processor_end <= end {
            continue;
        }
        // The processor's first break after ours must no longer fit; ours still must.
        let next = processor.next_break[end];
        let available = processor.available(start);
        let count = (end - start) as f64;
        let tight = processor.natural(start, processor.content_end(start, next));
        let own = processor.natural(start, processor.content_end(start, end));
        out.push(WordProcessorSpacing {
            range: start..end,
            min_pt: (available - tight) / count,
            max_pt: (available - own) / count,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::kinsoku::may_break_between;
    use proptest::prelude::*;

    const CJK: f64 = 15.75;
    const ASCII: f64 = 7.75;
    const BODY: f64 = 442.2;

    /// Items for `text`: ASCII at 7.75 pt, everything else at 15.75 pt, nothing glued.
    fn items(text: &str) -> Vec<Item> {
        text.chars()
            .map(|ch| Item {
                ch,
                advance: if ch.is_ascii() { ASCII } else { CJK },
                glue: false,
            })
            .collect()
    }

    fn measure(width: f64, justify: bool) -> Measure {
        Measure {
            width,
            first_indent: 0.0,
            autospace: 0.0,
            justify,
            squeeze: true,
            keeps: false,
        }
    }

    /// The text of each line.
    fn texts(items: &[Item], lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| items[line.range.clone()].iter().map(|i| i.ch).collect())
            .collect()
    }

    /// Where the last item of a line ends.
    fn extent(line: &Line) -> f64 {
        line.x.last().unwrap() + line.width.last().unwrap()
    }

    fn han(count: usize) -> String {
        "国".repeat(count)
    }

    /// Checks that hold for every output: ranges cover the items in order, one x and width
    /// per item, nothing wider than the measure.
    fn assert_sound(items: &[Item], measure: &Measure, lines: &[Line]) {
        let mut next = 0;
        for line in lines {
            assert_eq!(line.range.start, next);
            assert!(line.range.end > line.range.start);
            assert_eq!(line.x.len(), line.range.len());
            assert_eq!(line.width.len(), line.range.len());
            assert!(extent(line) <= measure.width + 1e-6, "{line:?}");
            next = line.range.end;
        }
        assert_eq!(next, items.len());
    }

    /// Asserts that `unit` never ends up split, wherever in a line it falls, with the keeps.
    fn assert_unsplit(unit: &str) {
        let measure = Measure {
            keeps: true,
            ..measure(BODY, true)
        };
        for before in 0..30 {
            let text = format!("{}{unit}{}", han(before), han(30));
            let items = items(&text);
            let lines = break_lines(&items, &measure);
            assert_sound(&items, &measure, &lines);
            let start = before;
            let end = before + unit.chars().count();
            assert!(
                lines
                    .iter()
                    .any(|l| l.range.start <= start && end <= l.range.end),
                "{unit} split: {:?}",
                texts(&items, &lines)
            );
        }
    }

    #[test]
    fn empty_paragraph_has_no_lines() {
        assert!(break_lines(&[], &measure(BODY, true)).is_empty());
    }

    #[test]
    fn short_paragraph_is_one_natural_line() {
        let items = items("重庆市科学技术局");
        let m = Measure {
            first_indent: 2.0 * CJK,
            ..measure(BODY, true)
        };
        let lines = break_lines(&items, &m);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].x[0], 2.0 * CJK);
        assert_eq!(lines[0].x[7], 9.0 * CJK);
        assert_eq!(lines[0].width, vec![CJK; 8]);
    }

    #[test]
    fn comma_that_does_not_fit_pushes_a_character() {
        // 28 Han fill 441 pt; the comma would start line 2, and squeezing it is not enough.
        let items = items(&format!("{}，{}", han(28), han(10)));
        let lines = break_lines(&items, &measure(BODY, true));
        assert_sound(&items, &measure(BODY, true), &lines);
        assert_eq!(lines[0].range, 0..27);
        assert_eq!(texts(&items, &lines)[1].chars().nth(1), Some('，'));
        assert!((extent(&lines[0]) - BODY).abs() < 1e-6);
    }

    #[test]
    fn comma_is_squeezed_onto_the_line_when_that_is_enough() {
        let width = 28.0 * CJK + CJK / 2.0;
        let items = items(&format!("{}，{}", han(28), han(10)));
        let lines = break_lines(&items, &measure(width, true));
        assert_eq!(lines[0].range, 0..29);
        assert_eq!(lines[0].width[28], CJK / 2.0);
        assert_eq!(lines[0].x[28], 28.0 * CJK);
        assert!((extent(&lines[0]) - width).abs() < 1e-6);
    }

    #[test]
    fn without_squeezing_a_character_is_pushed_instead() {
        let width = 28.0 * CJK + CJK / 2.0;
        let items = items(&format!("{}，{}", han(28), han(10)));
        let m = Measure {
            squeeze: false,
            ..measure(width, true)
        };
        let lines = break_lines(&items, &m);
        // The 28th character goes down with the comma; the line is justified without it.
        assert_eq!(lines[0].range, 0..27);
        assert!(lines[0].width.iter().all(|w| *w == CJK));
        assert!((extent(&lines[0]) - width).abs() < 1e-6);
    }

    #[test]
    fn pair_of_marks_is_squeezed_only_as_needed() {
        // 27 Han + 。” is 29 em; 449 pt needs one half em: the line-end ” only.
        let text = format!("{}。”{}", han(27), han(10));
        let items = items(&text);
        let lines = break_lines(&items, &measure(449.0, true));
        assert_eq!(lines[0].range, 0..29);
        assert_eq!(lines[0].width[27], CJK);
        assert_eq!(lines[0].width[28], CJK / 2.0);
        // 442.2 pt needs both halves.
        let lines = break_lines(&items, &measure(BODY, true));
        assert_eq!(lines[0].range, 0..29);
        assert_eq!(lines[0].width[27], CJK / 2.0);
        assert_eq!(lines[0].width[28], CJK / 2.0);
        assert!((extent(&lines[0]) - BODY).abs() < 1e-6);
    }

    #[test]
    fn squeezed_opening_mark_keeps_its_right_half() {
        // 25 Han + ，“好” is 29 em: ” at the end and “ after ， are squeezed.
        let items = items(&format!("{}，“好”{}", han(25), han(10)));
        let lines = break_lines(&items, &measure(BODY, false));
        assert_eq!(lines[0].range, 0..29);
        assert_eq!(lines[0].width[25], CJK);
        assert_eq!(lines[0].width[26], CJK / 2.0);
        assert_eq!(lines[0].x[26], 26.0 * CJK - CJK / 2.0);
        assert_eq!(lines[0].x[27], 26.0 * CJK + CJK / 2.0);
        assert_eq!(lines[0].width[28], CJK / 2.0);
    }

    #[test]
    fn no_line_starts_with_a_closing_or_ends_with_an_opening_mark() {
        for before in 20..30 {
            let text = format!("{}“重要”，《通知》。{}", han(before), han(40));
            let items = items(&text);
            let lines = break_lines(&items, &measure(BODY, true));
            assert_sound(&items, &measure(BODY, true), &lines);
            for line in &lines[1..] {
                assert!(may_start_line(items[line.range.start].ch));
            }
            for line in &lines[..lines.len() - 1] {
                assert!(may_end_line(items[line.range.end - 1].ch));
            }
        }
    }

    #[test]
    fn dashes_and_ellipses_are_not_split() {
        assert_unsplit("——");
        assert_unsplit("……");
    }

    #[test]
    fn document_numbers_dates_and_numbers_with_units_are_not_split() {
        assert_unsplit("〔2022〕301号");
        assert_unsplit("第0982号");
        assert_unsplit("30日");
        assert_unsplit("312家");
        assert_unsplit("2024年");
        assert_unsplit("2020年11月30日");
    }

    #[test]
    fn a_number_stays_after_a_comma_or_stop_as_in_libreoffice() {
        // Unicode's class CL (，。、 and closing brackets) holds a number after it; ： and ；
        // do not, and LibreOffice breaks after them.
        for mark in ['，', '。', '、', '）', '〕'] {
            assert!(holds_together(mark, '8'), "{mark}");
        }
        for mark in ['：', '；', '”'] {
            assert!(!holds_together(mark, '2'), "{mark}");
        }
    }

    #[test]
    fn an_over_wide_unit_is_not_cut_where_the_keeps_hold() {
        // 第 and 70 digits and 号: wider than a line, so it must be cut, but not after 第.
        let kept = Measure {
            keeps: true,
            ..measure(BODY, true)
        };
        let text = format!("国国第{}号", "1".repeat(70));
        let items = items(&text);
        let lines = break_lines(&items, &kept);
        assert_sound(&items, &kept, &lines);
        let first: String = texts(&items, &lines)[0].clone();
        assert!(!first.ends_with('第'), "{:?}", texts(&items, &lines));
    }

    #[test]
    fn a_paragraphs_last_line_holds_two_characters() {
        let kept = Measure {
            keeps: true,
            ..measure(BODY, true)
        };
        // 28 characters fill a line: 28 + 工作。 would leave 作。 alone.
        let text = format!("{}工作。", han(27));
        let items = items(&text);
        let lines = break_lines(&items, &kept);
        assert_sound(&items, &kept, &lines);
        assert_eq!(
            texts(&items, &lines),
            [han(27), "工作。".to_string()],
            "工 is pulled down to the last line"
        );
        // The earlier line is still justified to the full width.
        assert!((extent(&lines[0]) - BODY).abs() < 1e-6);
        // Without the keeps the breaker sets lines as a word processor does, and the spacing
        // that makes a word processor follow lies between pushing the rest off and keeping
        // the line's own characters on.
        let plain = break_lines(&items, &measure(BODY, true));
        assert_eq!(
            texts(&items, &plain),
            [format!("{}工", han(27)), "作。".into()]
        );
        let fits = word_processor_spacing(&items, &kept, &lines);
        assert_eq!(fits.len(), 1);
        let fit = &fits[0];
        assert_eq!(fit.range, 0..27);
        // Each of the 27 characters set wider by d: 工 no longer fits after them when d is
        // over min_pt, and the 27 themselves still fit while d is under max_pt.
        let wider = |d: f64| 27.0 * (CJK + d);
        assert!(wider(fit.min_pt + 1e-6) + CJK > BODY && wider(fit.min_pt - 1e-3) + CJK <= BODY);
        assert!(wider(fit.max_pt - 1e-6) <= BODY && wider(fit.max_pt + 1e-3) > BODY);
    }

    #[test]
    fn numbers_and_words_are_not_split() {
        for unit in ["1.18", "94.1%", "12,875", "Times", "2022"] {
            assert_unsplit(unit);
        }
    }

    #[test]
    fn glued_items_are_not_split() {
        for before in 20..30 {
            let mut items = items(&format!("{}渝科局函{}", han(before), han(30)));
            for item in &mut items[before + 1..before + 4] {
                item.glue = true;
            }
            let lines = break_lines(&items, &measure(BODY, true));
            assert!(
                lines
                    .iter()
                    .any(|l| l.range.start <= before && before + 4 <= l.range.end)
            );
        }
    }

    #[test]
    fn justified_lines_end_at_the_width_and_the_last_is_natural() {
        let m = Measure {
            first_indent: 2.0 * CJK,
            ..measure(BODY, true)
        };
        let text = format!("{}2022年{}，{}", han(20), han(40), han(5));
        let items = items(&text);
        let lines = break_lines(&items, &m);
        assert_sound(&items, &m, &lines);
        for line in &lines[..lines.len() - 1] {
            assert!((extent(line) - BODY).abs() < 1e-6, "{line:?}");
        }
        let last = lines.last().unwrap();
        assert_eq!(last.x[0], 0.0);
        assert_eq!(extent(last), last.range.len() as f64 * CJK);
    }

    #[test]
    fn unjustified_lines_stay_natural() {
        let items = items(&format!("{}{}", han(27), "ab cd"));
        let lines = break_lines(&items, &measure(BODY, false));
        assert_eq!(texts(&items, &lines)[1], "cd");
        assert_eq!(extent(&lines[0]), 27.0 * CJK + 2.0 * ASCII);
    }

    #[test]
    fn autospace_between_han_and_digits() {
        let m = Measure {
            autospace: 4.0,
            ..measure(BODY, false)
        };
        let items = items("于2022年7月");
        let line = &break_lines(&items, &m)[0];
        assert_eq!(line.x[1], CJK + 4.0);
        assert_eq!(line.x[5], CJK + 4.0 + 4.0 * ASCII + 4.0);
        assert_eq!(line.x[6], line.x[5] + CJK + 4.0);
        assert_eq!(extent(line), 3.0 * CJK + 5.0 * ASCII + 4.0 * 4.0);
    }

    #[test]
    fn no_autospace_at_a_line_start() {
        let m = Measure {
            autospace: 4.0,
            ..measure(BODY, false)
        };
        let items = items(&format!("{}2022年", han(28)));
        let lines = break_lines(&items, &m);
        assert_eq!(lines[1].x[0], 0.0);
        assert_eq!(extent(&lines[0]), 28.0 * CJK);
    }

    #[test]
    fn latin_lines_are_justified_at_spaces_only() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(5);
        let items = items(&text);
        let lines = break_lines(&items, &measure(BODY, true));
        assert_sound(&items, &measure(BODY, true), &lines);
        assert!(lines.len() > 1);
        for line in &lines[..lines.len() - 1] {
            assert!((extent(line) - BODY).abs() < 1e-6);
            // Letters keep their advance: the space went into the spaces.
            for (k, item) in items[line.range.clone()].iter().enumerate() {
                if item.ch != ' ' {
                    assert_eq!(line.width[k], ASCII);
                }
            }
        }
    }

    #[test]
    fn trailing_spaces_take_no_width() {
        let items = items(&format!("{}    {}", "a".repeat(57), "b".repeat(10)));
        let lines = break_lines(&items, &measure(BODY, false));
        assert_eq!(lines[0].range, 0..61);
        assert_eq!(&lines[0].width[57..], &[0.0; 4]);
        assert_eq!(lines[0].x[60], 57.0 * ASCII);
    }

    #[test]
    fn long_url_is_cut_after_a_separator() {
        let url = format!(
            "https://www.example.gov.cn/{}/{}?id=1&x=2",
            "a".repeat(40),
            "b".repeat(40)
        );
        let text = format!("详见{url}。");
        let items = items(&text);
        let lines = break_lines(&items, &measure(BODY, true));
        assert_sound(&items, &measure(BODY, true), &lines);
        let texts = texts(&items, &lines);
        assert_eq!(texts.concat(), text);
        // The URL starts on the first line and is cut after the last '/' that fits.
        assert_eq!(texts[0], "详见https://www.example.gov.cn/");
        assert_eq!(texts[1], format!("{}/", "a".repeat(40)));
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_anywhere() {
        let text = "x".repeat(200);
        let items = items(&text);
        let lines = break_lines(&items, &measure(BODY, true));
        assert_sound(&items, &measure(BODY, true), &lines);
        assert_eq!(lines[0].range, 0..57);
        // No CJK gap and no space: left-aligned.
        assert_eq!(extent(&lines[0]), 57.0 * ASCII);
    }

    #[test]
    fn only_closing_marks_still_make_lines() {
        let items = items(&"。".repeat(100));
        let lines = break_lines(&items, &measure(BODY, true));
        assert_sound(&items, &measure(BODY, true), &lines);
        assert!(lines.len() >= 2);
    }

    #[test]
    fn line_feed_forces_a_break() {
        let items = items("第一行\n第二行\n");
        let lines = break_lines(&items, &measure(BODY, true));
        assert_eq!(texts(&items, &lines), vec!["第一行\n", "第二行\n"]);
        assert_eq!(lines[0].width[3], 0.0);
        // A line ended by '\n' is not justified.
        assert_eq!(extent(&lines[0]), 3.0 * CJK);
    }

    #[test]
    fn odd_measures_do_not_panic_or_loop() {
        let items = items("国，“a”1.2——");
        for width in [0.0, -5.0, 1.0, f64::NAN, f64::INFINITY] {
            let m = Measure {
                first_indent: 40.0,
                ..measure(width, true)
            };
            let lines = break_lines(&items, &m);
            assert_eq!(lines.last().unwrap().range.end, items.len());
        }
    }

    #[test]
    fn classes_and_joined_agree_with_may_break_between() {
        let alphabet: Vec<char> =
            format!("{NO_LINE_START}{NO_LINE_END}国的あア1aZ０Ａ—…〔〕（）- /")
                .chars()
                .collect();
        for &before in &alphabet {
            for &after in &alphabet {
                let by_class = !Class::of(before).no_end
                    && !Class::of(after).no_start
                    && !joined(before, after);
                assert_eq!(
                    by_class,
                    may_break_between(before, after),
                    "{before}{after}"
                );
                assert_eq!(Class::of(before).no_start, !may_start_line(before));
                assert_eq!(Class::of(before).no_end, !may_end_line(before));
            }
        }
    }

    #[test]
    fn squeezable_marks_have_a_side() {
        for c in HALF_BLANK_MARKS.chars() {
            assert!(Class::of(c).side.is_some(), "{c}");
        }
        assert_eq!(Class::of('，').side, Some(Side::Closing));
        assert_eq!(Class::of('．').side, Some(Side::Closing));
        assert_eq!(Class::of('《').side, Some(Side::Opening));
        assert_eq!(Class::of('国').side, None);
        assert_eq!(Class::of('—').side, None);
    }

    #[test]
    fn a_120000_character_paragraph_breaks_soundly() {
        let unit = "关于2022年度科技计划项目94.1%的“经费”（含12,875元）——见第0982号，";
        let text: String = unit.chars().cycle().take(120_000).collect();
        let items = items(&text);
        let m = Measure {
            first_indent: 2.0 * CJK,
            autospace: 4.0,
            ..measure(BODY, true)
        };
        // Its speed is measured by `cargo bench --bench layout`, not here.
        let lines = break_lines(&items, &m);
        assert_sound(&items, &m, &lines);
        // Lines are full: their count is close to the text's width over the line's (squeezing
        // can save a little, breaks before unsplit runs cost a little).
        let total: f64 = items.iter().map(|i| i.advance).sum();
        let ratio = lines.len() as f64 / (total / BODY);
        assert!(
            (0.95..1.1).contains(&ratio),
            "{} lines: {ratio:.3}",
            lines.len()
        );
    }

    /// True if the character rules alone allow a break before item `p`: not before a blank or
    /// a closing mark, not after an opening mark (spaces between do not help), not inside a
    /// word, number, —— or …….
    fn kinsoku_allows(items: &[Item], p: usize) -> bool {
        let after = items[p].ch;
        let before = items[p - 1].ch;
        let last_solid = items[..p]
            .iter()
            .rev()
            .map(|i| i.ch)
            .find(|&c| !is_blank(c));
        !is_blank(after)
            && last_solid.is_none_or(may_end_line)
            && may_start_line(after)
            && (is_blank(before) || may_break_between(before, after))
    }

    /// True if a line may break before item `p` of a paragraph without '\n': the character
    /// rules allow it, the item is not glued, and no unsplittable run goes on across it.
    fn unit_break(items: &[Item], p: usize) -> bool {
        kinsoku_allows(items, p) && !items[p].glue && !holds_together(items[p - 1].ch, items[p].ch)
    }

    /// The natural width of `items` on one line, trailing spaces not counted.
    fn natural(items: &[Item], autospace: f64) -> f64 {
        let content = items
            .iter()
            .rposition(|i| !is_blank(i.ch))
            .map_or(0, |k| k + 1);
        let items = &items[..content];
        let advances: f64 = items.iter().map(|i| i.advance).sum();
        let spaces: f64 = items
            .windows(2)
            .map(|w| autospace_between(w[0].ch, w[1].ch, autospace))
            .sum();
        advances + spaces
    }

    /// A token of a realistic paragraph, Han characters weighted `han` against 11 for the rest.
    fn token(han_weight: u32) -> impl Strategy<Value = String> {
        let han: Vec<String> = "的国家科技局项目资金管理重庆市年月日第号"
            .chars()
            .map(String::from)
            .collect();
        let latin: Vec<String> = "abcxyzABC0123456789".chars().map(String::from).collect();
        let closing: Vec<String> = NO_LINE_START.chars().map(String::from).collect();
        let opening: Vec<String> = NO_LINE_END.chars().map(String::from).collect();
        prop_oneof![
            han_weight => proptest::sample::select(han),
            4 => proptest::sample::select(latin),
            1 => Just(" ".to_string()),
            2 => proptest::sample::select(closing),
            2 => proptest::sample::select(opening),
            1 => Just("——".to_string()),
            1 => Just("……".to_string()),
        ]
    }

    /// A random paragraph, some of its items glued, and a measure. A `hard` paragraph has few
    /// Han characters and half its items glued, so that units wider than the line are common.
    fn paragraph(hard: bool) -> impl Strategy<Value = (Vec<Item>, Measure)> {
        let (han_weight, glue_rate) = if hard { (1, 128) } else { (12, 12) };
        (
            proptest::collection::vec(token(han_weight), 0..300),
            proptest::collection::vec(any::<u8>(), 0..1000),
            any::<bool>(),
            prop_oneof![Just(0.0), Just(31.5)],
            prop_oneof![Just(0.0), Just(3.9375)],
        )
            .prop_map(move |(tokens, glue, justify, first_indent, autospace)| {
                let mut items = items(&tokens.concat());
                for (item, g) in items.iter_mut().zip(glue) {
                    item.glue = g < glue_rate;
                }
                let m = Measure {
                    width: BODY,
                    first_indent,
                    autospace,
                    justify,
                    // Half the cases break as Word does, pushing instead of squeezing.
                    squeeze: autospace == 0.0,
                    // Half the cases with the keeps of body paragraphs.
                    keeps: first_indent > 0.0,
                };
                (items, m)
            })
    }

    /// Mostly realistic paragraphs, some hard ones.
    fn paragraphs() -> impl Strategy<Value = (Vec<Item>, Measure)> {
        prop_oneof![3 => paragraph(false), 1 => paragraph(true)]
    }

    proptest! {
        #[test]
        fn ranges_cover_every_item_once((items, m) in paragraphs()) {
            let lines = break_lines(&items, &m);
            let order: Vec<usize> = lines.iter().flat_map(|l| l.range.clone()).collect();
            prop_assert_eq!(order, (0..items.len()).collect::<Vec<_>>());
            for line in &lines {
                prop_assert_eq!(line.x.len(), line.range.len());
                prop_assert_eq!(line.width.len(), line.range.len());
            }
        }

        #[test]
        fn no_line_is_wider_than_the_measure((items, m) in paragraphs()) {
            for line in break_lines(&items, &m) {
                prop_assert!(extent(&line) <= m.width + 1e-6, "{:?}", line);
                for (k, i) in line.range.clone().enumerate() {
                    prop_assert!(line.x[k] + line.width[k] <= m.width + 1e-6);
                    prop_assert!(line.x[k] >= 0.0);
                    let blank_end = is_blank(items[i].ch) && line.width[k] == 0.0;
                    prop_assert!(blank_end || line.width[k] >= items[i].advance / 2.0 - 1e-9);
                }
            }
        }

        /// A line may start with a closing mark or end with an opening mark only where it was
        /// cut inside an unbreakable unit (no break allowed by the character rules, glue, or the
        /// unsplittable runs) that is wider than the measure less the first-line indent.
        #[test]
        fn kinsoku_holds_unless_a_unit_is_wider_than_the_line((items, m) in paragraphs()) {
            let lines = break_lines(&items, &m);
            for pair in lines.windows(2) {
                let (line, next) = (&pair[0], &pair[1]);
                let b = next.range.start;
                let last_solid = items[line.range.clone()]
                    .iter()
                    .rev()
                    .map(|i| i.ch)
                    .find(|&c| !is_blank(c));
                let bad_start = !may_start_line(items[b].ch);
                let bad_end = last_solid.is_some_and(|c| !may_end_line(c));
                if bad_start || bad_end {
                    prop_assert!(!unit_break(&items, b));
                    let unit_start = (1..b).rev().find(|&p| unit_break(&items, p)).unwrap_or(0);
                    let unit_end = (b + 1..items.len())
                        .find(|&p| unit_break(&items, p))
                        .unwrap_or(items.len());
                    let unit = natural(&items[unit_start..unit_end], m.autospace);
                    let wide = unit > m.width - m.first_indent;
                    prop_assert!(wide, "{:?}", texts(&items, &lines));
                }
            }
        }

        #[test]
        fn justified_lines_with_a_cjk_gap_end_at_the_width((items, m) in paragraphs()) {
            let lines = break_lines(&items, &m);
            if !m.justify || lines.is_empty() {
                return Ok(());
            }
            for line in &lines[..lines.len() - 1] {
                let solid: Vec<char> = items[line.range.clone()].iter().map(|i| i.ch).collect();
                let content = solid.iter().rposition(|&c| !is_blank(c)).map_or(0, |k| k + 1);
                let has_gap = (1..content).any(|k| justifiable(solid[k - 1], solid[k]));
                if has_gap {
                    prop_assert!((extent(line) - m.width).abs() <= 1e-6, "{:?}", line);
                }
            }
        }
    }
}
