//! 避头尾: the characters that may not start or end a line (GB/T 15834-2011 §5, Word's zh-CN lists).

use super::chars::is_word_char;

/// Characters that never start a line (closing marks).
pub const NO_LINE_START: &str = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠";

/// Characters that never end a line (opening marks).
pub const NO_LINE_END: &str = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥";

/// True if `c` may stand at the start of a line.
pub fn may_start_line(c: char) -> bool {
    !NO_LINE_START.contains(c)
}

/// True if `c` may stand at the end of a line.
pub fn may_end_line(c: char) -> bool {
    !NO_LINE_END.contains(c)
}

/// True if a line may break between `before` and `after` by the character rules alone:
/// not before a closing mark, not after an opening mark, not inside a word or number,
/// not inside —— or …….
pub fn may_break_between(before: char, after: char) -> bool {
    may_end_line(before)
        && may_start_line(after)
        && !(is_word_char(before) && is_word_char(after))
        && !(before == after && matches!(before, '—' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_and_opening_marks() {
        assert!(!may_start_line('，'));
        assert!(!may_start_line('”'));
        assert!(!may_end_line('“'));
        assert!(!may_end_line('《'));
        assert!(may_start_line('《'));
        assert!(!may_break_between('的', '。'));
        assert!(!may_break_between('《', '重'));
        assert!(!may_break_between('2', '0'));
        assert!(!may_break_between('—', '—'));
        assert!(may_break_between('国', '家'));
    }
}
