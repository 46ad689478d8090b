//! Figures computed from the data, never typed by users: growth against `previous`, completion against `target`, score totals and counts.

use super::fields::format_number;

/// Round half away from zero to `digits` decimals.
pub fn round_to(x: f64, digits: u32) -> f64 {
    let factor = 10f64.powi(digits as i32);
    (x * factor).round() / factor
}

/// A rate in percent with one decimal, as statistics bulletins print it: `94.1`, `18.0`.
pub fn percent_text(pct: f64) -> String {
    format!("{:.1}", round_to(pct, 1))
}

/// True for units that are themselves percentages, whose changes are given in 个百分点.
pub fn is_percent_unit(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％" | "百分比")
}

/// Decimal places a number was written with (2.36 → 2), so point changes keep the data's precision.
fn decimals(x: f64) -> u32 {
    let text = format_number(x);
    text.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}

/// Change of an indicator against its previous value.
#[derive(Debug, Clone, PartialEq)]
pub struct Growth {
    /// value − previous, in the indicator's unit.
    pub change: f64,
    /// Growth rate in percent, one decimal; None for `%` units or a zero base.
    pub pct: Option<f64>,
    /// 增长, 下降 or 持平 (提高/下降 for `%` units).
    pub direction: &'static str,
    /// The whole phrase, e.g. 同比增长94.1%, 比上年提高0.25个百分点, 与上年同期持平.
    pub phrase: String,
}

impl Growth {
    /// The phrase without its lead word, for table cells: 增长94.1%, 提高0.25个百分点, 持平.
    pub fn short(&self, comparison: &str) -> String {
        if self.direction == "持平" {
            return if self.phrase.contains("基本") {
                "基本持平".into()
            } else {
                "持平".into()
            };
        }
        self.phrase
            .strip_prefix(comparison)
            .unwrap_or(&self.phrase)
            .to_string()
    }
}

/// Compare `value` with `previous`. `comparison` is the lead word: 同比 for part-year periods, 比上年 for a year.
pub fn growth(value: f64, previous: f64, unit: &str, comparison: &str) -> Growth {
    let digits = decimals(value).max(decimals(previous)).max(1);
    let change = round_to(value - previous, digits.max(2));
    let flat_phrase = if comparison == "比上年" {
        "与上年持平".to_string()
    } else {
        "与上年同期持平".to_string()
    };
    if is_percent_unit(unit) {
        let points = round_to((value - previous).abs(), digits);
        let direction = if points == 0.0 {
            "持平"
        } else if value > previous {
            "提高"
        } else {
            "下降"
        };
        let phrase = if points == 0.0 {
            flat_phrase
        } else {
            format!("{comparison}{direction}{}个百分点", format_number(points))
        };
        return Growth {
            change,
            pct: None,
            direction,
            phrase,
        };
    }
    if previous == 0.0 {
        let (direction, phrase) = if value == 0.0 {
            ("持平", flat_phrase)
        } else if value > 0.0 {
            (
                "增长",
                format!(
                    "{comparison}增加{}{unit}",
                    format_number(round_to(value, 6))
                ),
            )
        } else {
            (
                "下降",
                format!(
                    "{comparison}减少{}{unit}",
                    format_number(round_to(-value, 6))
                ),
            )
        };
        return Growth {
            change,
            pct: None,
            direction,
            phrase,
        };
    }
    let pct = round_to((value - previous) / previous.abs() * 100.0, 1);
    let (direction, phrase) = if pct == 0.0 {
        (
            "持平",
            if value == previous {
                flat_phrase
            } else {
                flat_phrase.replace("持平", "基本持平")
            },
        )
    } else if pct > 0.0 {
        ("增长", format!("{comparison}增长{}%", percent_text(pct)))
    } else {
        ("下降", format!("{comparison}下降{}%", percent_text(-pct)))
    };
    Growth {
        change,
        pct: Some(pct),
        direction,
        phrase,
    }
}

/// Completion of an indicator against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// value / target in percent, one decimal; None when the target is zero.
    pub pct: Option<f64>,
    /// Percent above target (positive) when exceeded, else None.
    pub exceeded_pct: Option<f64>,
    pub met: bool,
    /// 完成目标的118.0%，超额18.0%; for `%` units 高于目标0.11个百分点.
    pub phrase: String,
}

pub fn completion(value: f64, target: f64, unit: &str) -> Completion {
    let met = value >= target;
    let pct = (target != 0.0).then(|| round_to(value / target * 100.0, 1));
    if is_percent_unit(unit) {
        let digits = decimals(value).max(decimals(target)).max(1);
        let points = round_to((value - target).abs(), digits);
        let phrase = if points == 0.0 {
            "达到目标".to_string()
        } else if value > target {
            format!("高于目标{}个百分点", format_number(points))
        } else {
            format!("低于目标{}个百分点", format_number(points))
        };
        return Completion {
            pct,
            exceeded_pct: None,
            met,
            phrase,
        };
    }
    let Some(p) = pct else {
        return Completion {
            pct: None,
            exceeded_pct: None,
            met,
            phrase: String::new(),
        };
    };
    let exceeded_pct = (p > 100.0).then(|| round_to(p - 100.0, 1));
    let phrase = match exceeded_pct {
        Some(over) => format!(
            "完成目标的{}%，超额{}%",
            percent_text(p),
            percent_text(over)
        ),
        None => format!("完成目标的{}%", percent_text(p)),
    };
    Completion {
        pct,
        exceeded_pct,
        met,
        phrase,
    }
}

/// A score rate in percent, one decimal.
pub fn score_rate(total: f64, max_total: f64) -> Option<f64> {
    (max_total > 0.0).then(|| round_to(total / max_total * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_of_the_issue_example() {
        let g = growth(1293.0, 666.0, "家", "同比");
        assert_eq!(g.pct, Some(94.1));
        assert_eq!(g.phrase, "同比增长94.1%");
        assert_eq!(g.change, 627.0);
        assert_eq!(g.short("同比"), "增长94.1%");
        assert_eq!(
            growth(2.21, 1.96, "%", "比上年").short("比上年"),
            "提高0.25个百分点"
        );
        assert_eq!(growth(5.0, 5.0, "项", "同比").short("同比"), "持平");
    }

    #[test]
    fn decline_and_flat() {
        assert_eq!(growth(90.0, 100.0, "项", "同比").phrase, "同比下降10.0%");
        assert_eq!(growth(5.0, 5.0, "项", "同比").phrase, "与上年同期持平");
        assert_eq!(growth(5.0, 5.0, "项", "比上年").phrase, "与上年持平");
        assert_eq!(
            growth(1000.1, 1000.0, "项", "同比").phrase,
            "与上年同期基本持平"
        );
        assert_eq!(
            growth(45.6, 40.2, "亿元", "比上年").phrase,
            "比上年增长13.4%"
        );
    }

    #[test]
    fn percent_units_change_in_points() {
        let g = growth(2.21, 1.96, "%", "比上年");
        assert_eq!(g.phrase, "比上年提高0.25个百分点");
        assert_eq!(g.pct, None);
        assert_eq!(growth(1.5, 2.0, "%", "同比").phrase, "同比下降0.5个百分点");
    }

    #[test]
    fn zero_base() {
        let g = growth(3.0, 0.0, "家", "同比");
        assert_eq!(g.pct, None);
        assert_eq!(g.phrase, "同比增加3家");
    }

    #[test]
    fn completion_phrases() {
        let c = completion(2.36, 2.0, "亿元");
        assert_eq!(c.pct, Some(118.0));
        assert_eq!(c.phrase, "完成目标的118.0%，超额18.0%");
        assert!(c.met);
        let c = completion(29.0, 54.0, "项");
        assert_eq!(c.phrase, "完成目标的53.7%");
        assert!(!c.met);
        assert_eq!(completion(2.21, 2.1, "%").phrase, "高于目标0.11个百分点");
        assert_eq!(completion(2.0, 2.0, "%").phrase, "达到目标");
        assert_eq!(completion(5.0, 0.0, "项").pct, None);
    }

    #[test]
    fn rates() {
        assert_eq!(score_rate(481.0, 500.0), Some(96.2));
        assert_eq!(score_rate(0.0, 0.0), None);
        assert_eq!(percent_text(18.0), "18.0");
        assert_eq!(round_to(94.144, 1), 94.1);
    }
}
