//! Chinese numerals and the ordinal styles of official documents: 一、 （一） 一是 1. （1） 第一.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 11 → 十一, 105 → 一百零五, 20000 → 二万. Numbers up to 99,999,999.
pub fn chinese_number(n: u64) -> String {
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        );
    }
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let mut s = format!("{}万", below_ten_thousand(high));
        if low > 0 {
            if low < 1000 {
                s.push('零');
            }
            s.push_str(&below_ten_thousand(low));
        }
        return s;
    }
    below_ten_thousand(n)
}

fn below_ten_thousand(n: u64) -> String {
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut s = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            pending_zero = !s.is_empty();
            continue;
        }
        if pending_zero {
            s.push('零');
            pending_zero = false;
        }
        s.push_str(DIGITS[d as usize]);
        s.push_str(UNITS[i]);
    }
    if s.is_empty() { "零".into() } else { s }
}

/// An ordinal in one of the styles documents use. The style is a pattern: `一` stands for the
/// Chinese numeral and `1` for the Arabic one, e.g. `一、`, `（一）`, `一是`, `1.`, `（1）`, `第一`.
pub fn ordinal(n: u64, style: &str) -> String {
    if style.contains('一') {
        style.replacen('一', &chinese_number(n), 1)
    } else if style.contains('1') {
        style.replacen('1', &n.to_string(), 1)
    } else {
        format!("{}{style}", chinese_number(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let cases = [
            (0, "零"),
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (23, "二十三"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (10000, "一万"),
            (10086, "一万零八十六"),
            (23000, "二万三千"),
        ];
        for (n, text) in cases {
            assert_eq!(chinese_number(n), text, "{n}");
        }
    }

    #[test]
    fn ordinal_styles() {
        assert_eq!(ordinal(1, "一、"), "一、");
        assert_eq!(ordinal(11, "一、"), "十一、");
        assert_eq!(ordinal(3, "（一）"), "（三）");
        assert_eq!(ordinal(2, "一是"), "二是");
        assert_eq!(ordinal(12, "1."), "12.");
        assert_eq!(ordinal(4, "（1）"), "（4）");
        assert_eq!(ordinal(5, "第一"), "第五");
    }
}
