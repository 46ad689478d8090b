//! Calendar dates: strict parsing (no 2022-02-30), ISO output for data, 2022年7月12日 for documents.

use serde::{Serialize, Serializer};
use std::fmt;

/// A real calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parse `2022-07-12`, `2022/7/12`, `2022.7.12` or `2022年7月12日`, rejecting dates that do not exist.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = if text.contains('年') {
            text.trim_end_matches('日').split(['年', '月']).collect()
        } else {
            text.split(['-', '/', '.']).collect()
        };
        let [y, m, d] = parts.as_slice() else {
            return Err("expected year, month and day".into());
        };
        let number = |s: &str, what: &str| -> Result<u32, String> {
            let s = s.trim();
            if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) || s.len() > 4 {
                return Err(format!("the {what} `{s}` is not a number"));
            }
            s.parse::<u32>()
                .map_err(|_| format!("the {what} `{s}` is not a number"))
        };
        let year = number(y, "year")?;
        let month = number(m, "month")?;
        let day = number(d, "day")?;
        if !(1900..=2200).contains(&year) {
            return Err(format!("the year {year} is out of range (1900–2200)"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let last = days_in_month(year as i32, month);
        if day == 0 || day > last {
            return Err(format!(
                "{year}年{month}月 has {last} days, so day {day} does not exist"
            ));
        }
        Ok(Date {
            year: year as i32,
            month,
            day,
        })
    }

    /// The date as official documents write it: 2022年7月12日 (no zero padding).
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01, for deterministic timestamps in output files.
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let d = Date {
            year: 2022,
            month: 7,
            day: 12,
        };
        assert_eq!(Date::parse("2022-07-12"), Ok(d));
        assert_eq!(Date::parse("2022/7/12"), Ok(d));
        assert_eq!(Date::parse("2022年7月12日"), Ok(d));
        assert_eq!(d.chinese(), "2022年7月12日");
        assert_eq!(d.to_string(), "2022-07-12");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2022-02-30").unwrap_err().contains("28 days"));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2100-02-29").is_err());
        assert!(Date::parse("2022-13-01").is_err());
        assert!(Date::parse("2022-06-31").is_err());
        assert!(Date::parse("2022-6").is_err());
        assert!(Date::parse("明天").is_err());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2022-07-12").unwrap().days_since_epoch(), 19185);
    }
}
