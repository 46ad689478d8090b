//! Character classes that every stage shares: Han, CJK, digits, Latin, word characters, and
//! the characters set in the Latin face.

/// True for Chinese characters (not punctuation, which takes no autospace).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// True for CJK text: Han characters, radicals, kana and bopomofo, CJK and full-width
/// punctuation (including ——, …… and the Chinese quotes). Justification may add space
/// between such characters, and a line break in Markdown source between them means nothing.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x2E80..=0x2FFF | 0x3000..=0x33FF | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F
            | 0xFF00..=0xFFEF | 0x2014..=0x2015 | 0x2018..=0x201F | 0x2026 | 0x00B7)
}

/// True for ASCII and full-width digits.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// True for characters that get autospace next to Chinese: ASCII letters and digits.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// True for letters and digits that form unbreakable words and numbers (ASCII and full-width).
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Characters set in the Latin font (Times New Roman): ASCII and Latin-1 letters, digits and
/// marks. Everything from U+2000 on, such as “” — …, takes the East Asian font, as Word does
/// with the eastAsia hint.
pub fn is_western(c: char) -> bool {
    (c as u32) < 0x2000 && !c.is_whitespace() && c != '·'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('国') && !is_han('，') && !is_han('a'));
        assert!(is_cjk('，') && is_cjk('“') && is_cjk('—') && is_cjk('国') && !is_cjk('a'));
        assert!(is_digit('7') && is_digit('７') && !is_digit('七'));
        assert!(is_latin('a') && !is_latin('国'));
        assert!(is_word_char('Ａ') && !is_word_char('-'));
        assert!(is_western('R') && !is_western('“') && !is_western('·'));
    }
}
