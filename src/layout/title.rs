//! Long titles in balanced lines (梯形 or 菱形), never splitting a word, a number or a 《》 pair.

use super::kinsoku::may_break_between;
use super::width::{em_width, text_ems};

/// Split `title` into lines no wider than `max_ems`, as even as possible, with the longer
/// lines first. A title that fits stays one line. Never fails: a title with no allowed break
/// comes back whole and the renderer wraps it.
pub fn balanced_lines(title: &str, max_ems: f64) -> Vec<String> {
    let chars: Vec<char> = title.trim().chars().collect();
    // Each character's width, with the autospace before it where Chinese meets Latin.
    let widths: Vec<f64> = chars
        .iter()
        .enumerate()
        .map(|(i, c)| match i {
            0 => em_width(*c),
            _ => text_ems(&chars[i - 1..=i].iter().collect::<String>()) - em_width(chars[i - 1]),
        })
        .collect();
    let total: f64 = widths.iter().sum();
    if total <= max_ems || chars.len() < 2 {
        return vec![chars.iter().collect()];
    }
    // Allowed break positions: index i means a break before chars[i].
    let mut depth = 0i32;
    let mut allowed = vec![false; chars.len() + 1];
    for i in 1..chars.len() {
        match chars[i - 1] {
            '《' | '“' | '‘' | '〔' | '（' | '(' | '「' => depth += 1,
            '》' | '”' | '’' | '〕' | '）' | ')' | '」' => depth -= 1,
            _ => {}
        }
        allowed[i] = depth <= 0 && may_break_between(chars[i - 1], chars[i]);
    }
    let mut prefix = vec![0.0; chars.len() + 1];
    for (i, w) in widths.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w;
    }
    let min_lines = (total / max_ems).ceil() as usize;
    for lines in min_lines..=chars.len() {
        if let Some(breaks) = best_breaks(&prefix, &allowed, lines, max_ems) {
            let mut out = Vec::new();
            let mut start = 0;
            for end in breaks.into_iter().chain(std::iter::once(chars.len())) {
                out.push(chars[start..end].iter().collect());
                start = end;
            }
            return out;
        }
    }
    vec![chars.iter().collect()]
}

/// The break positions that split the text into `lines` lines of at most `max` ems with the
/// least squared deviation from equal lengths, favouring longer upper lines.
fn best_breaks(prefix: &[f64], allowed: &[bool], lines: usize, max: f64) -> Option<Vec<usize>> {
    let n = prefix.len() - 1;
    let target = prefix[n] / lines as f64;
    let cost = |from: usize, to: usize, line: usize| -> Option<f64> {
        let w = prefix[to] - prefix[from];
        if w > max + 1e-9 || to == from {
            return None;
        }
        // A small tilt toward longer lines above (梯形), none for the last line's shortness.
        let tilt = (lines - line) as f64 * 0.01;
        Some((w - target).powi(2) - tilt * w)
    };
    // best[k][i]: least cost of the first k lines ending at position i.
    let mut best = vec![vec![None::<(f64, usize)>; n + 1]; lines + 1];
    best[0][0] = Some((0.0, 0));
    for k in 1..=lines {
        for to in 1..=n {
            if k < lines && !allowed[to] || k == lines && to != n {
                continue;
            }
            for from in 0..to {
                let Some((c0, _)) = best[k - 1][from] else {
                    continue;
                };
                if let Some(c) = cost(from, to, k) {
                    let total = c0 + c;
                    if best[k][to].is_none_or(|(b, _)| total < b) {
                        best[k][to] = Some((total, from));
                    }
                }
            }
        }
    }
    best[lines][n]?;
    let mut breaks = Vec::new();
    let mut at = n;
    for k in (1..=lines).rev() {
        let (_, from) = best[k][at]?;
        if k > 1 {
            breaks.push(from);
        }
        at = from;
    }
    breaks.reverse();
    Some(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_title_is_one_line() {
        assert_eq!(balanced_lines("关于2022年工作总结的报告", 20.0).len(), 1);
    }

    #[test]
    fn long_title_splits_evenly_and_keeps_pairs() {
        let t = "关于市政协五届五次会议第0982号提案《关于完善我市科技创新协同机制的建议》办理情况的复函";
        let lines = balanced_lines(t, 20.0);
        assert_eq!(lines.concat(), t);
        assert_eq!(lines.len(), 3, "{lines:?}");
        for l in &lines {
            assert!(super::super::width::text_ems(l) <= 20.0, "{l}");
            // No 《》 pair is split: each line has as many 《 as 》, or the pair spans none.
            let open = l.matches('《').count();
            let close = l.matches('》').count();
            assert_eq!(open, close, "{lines:?}");
            assert!(!l.starts_with('》') && !l.ends_with('《'));
        }
        assert_eq!(lines[1], "《关于完善我市科技创新协同机制的建议》");
    }

    #[test]
    fn numbers_stay_whole() {
        let lines = balanced_lines(
            "重庆市科学技术局关于2022年上半年工作总结和下半年工作计划的报告",
            20.0,
        );
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| !l.ends_with('2') && !l.ends_with('0')),
            "{lines:?}"
        );
        assert!(
            lines[0].chars().count() >= lines[1].chars().count(),
            "{lines:?}"
        );
    }
}
