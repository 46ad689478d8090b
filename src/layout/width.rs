//! Widths of text in ems of its type size, as the grid counts them: a Chinese character or
//! full-width mark is one em, a digit or Latin letter half of one, and a quarter em of space
//! where Chinese meets Latin or digits (Word's and LibreOffice's autospace, which the PDF copies).

use super::chars::{is_han, is_latin};

/// The width of `c` in ems.
pub fn em_width(c: char) -> f64 {
    match c {
        ' ' => 0.25,
        '\u{21}'..='\u{7e}' => 0.5,
        '\u{a0}'..='\u{2012}' => 0.5,
        _ => 1.0,
    }
}

/// The space added where a Chinese character meets a digit or Latin letter, in ems.
pub const AUTOSPACE_EMS: f64 = 0.25;

/// The width of `text` in ems, autospace included.
pub fn text_ems(text: &str) -> f64 {
    let mut width = 0.0;
    let mut previous: Option<char> = None;
    for c in text.chars() {
        width += em_width(c);
        if let Some(p) = previous
            && ((is_han(p) && is_latin(c)) || (is_latin(p) && is_han(c)))
        {
            width += AUTOSPACE_EMS;
        }
        previous = Some(c);
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() {
        // 7 digits, 3 characters, 5 places where they meet.
        assert_eq!(text_ems("2022年7月12日"), 6.5 + 5.0 * AUTOSPACE_EMS);
        assert_eq!(text_ems("重庆市科学技术局"), 8.0);
        assert_eq!(text_ems("——"), 2.0);
    }
}
