//! Widths of text in ems of its type size, as the grid counts them: a Chinese character or
//! full-width mark is one em, a digit or Latin letter half of one.

/// The width of `c` in ems.
pub fn em_width(c: char) -> f64 {
    match c {
        ' ' => 0.25,
        '\u{21}'..='\u{7e}' => 0.5,
        '\u{a0}'..='\u{2012}' => 0.5,
        _ => 1.0,
    }
}

/// The width of `text` in ems.
pub fn text_ems(text: &str) -> f64 {
    text.chars().map(em_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() {
        assert_eq!(text_ems("2022年7月12日"), 6.5);
        assert_eq!(text_ems("重庆市科学技术局"), 8.0);
        assert_eq!(text_ems("——"), 2.0);
    }
}
