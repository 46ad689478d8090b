//! Word boundaries in Chinese text: jieba (dictionary embedded, built once) plus 公文 words and joins.

use jieba_rs::Jieba;
use std::sync::LazyLock;

/// Whether jieba regroups runs of single characters with its HMM. On, because a name or an
/// abbreviation missing from the dictionary (六国保, a small place, a person) then comes back
/// as one word, where off it is cut into single characters with a boundary between each two.
/// On the titles in the tests of `super::title` the two settings differ only there.
const HMM: bool = true;

/// Words of 公文 titles that the default dictionary cuts in two, each here because a title
/// in the tests of `super::title` broke inside it: 绩效|考评 and 答复|函 (a 自查报告 and a
/// reply letter), 资金|管理, 预算|管理制度, 重点|专项 and 国家|重点|研发|计划 (published
/// titles of 财政部, 山东省 and 科技部).
const DOMAIN_WORDS: &[&str] = &[
    "绩效考评",
    "答复函",
    "资金管理",
    "预算管理制度",
    "重点专项",
    "国家重点研发计划",
];

/// Words that belong to the word after them: a level of government before a body's name
/// (市|科技局, 市|十六届), a preposition or conjunction before its object (关于|印发, 以|学习,
/// 在|市, 和|改进). No line ends with one.
const JOIN_NEXT: &[&str] = &[
    "关于", "市", "省", "县", "区", "以", "在", "对", "向", "把", "从", "为", "按", "由", "和",
    "及", "与", "或",
];

/// One-character words that belong to the word before them: an office after a body's name
/// (科学技术|局, 发展|改革|委), 等 after what it ends (“……”|等). No line starts with one.
const JOIN_PREVIOUS: &[&str] = &["局", "厅", "委", "办", "处", "院", "部", "等"];

/// The segmenter, built on first use and shared by every later call in the process: building
/// it inflates and parses the embedded dictionary, which costs far more than cutting a title
/// (the ignored test `build_and_cut_times` prints both).
static JIEBA: LazyLock<Jieba> = LazyLock::new(build);

/// A segmenter with the default dictionary and [`DOMAIN_WORDS`].
fn build() -> Jieba {
    let mut jieba = Jieba::new();
    for word in DOMAIN_WORDS {
        jieba.add_word(word, None, None);
    }
    jieba
}

/// The words of `text`, in order, as [`word_boundaries`] cuts it; together they are `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (c, starts) in text.chars().zip(word_boundaries(text)) {
        match out.last_mut() {
            Some(word) if !starts => word.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// One flag per character of `text`: `true` at index `i` if a word boundary lies before
/// character `i`. Index 0 is `true` (the start of the text) unless `text` is empty.
///
/// The words are jieba's, with three joins for 公文: the one-character words of
/// `JOIN_PREVIOUS` and `JOIN_NEXT` join their neighbour, and a session (五届五次会议,
/// 十六届人大三次会议) is one word with the body before it (市政协五届五次会议).
pub fn word_boundaries(text: &str) -> Vec<bool> {
    let tokens = JIEBA.cut(text, HMM);
    let mut flags = vec![false; text.chars().count()];
    for token in &tokens {
        if let Some(flag) = flags.get_mut(token.start) {
            *flag = true;
        }
    }
    let mut join = |start: usize| {
        if start > 0
            && let Some(flag) = flags.get_mut(start)
        {
            *flag = false;
        }
    };
    for (k, token) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1);
        if JOIN_PREVIOUS.contains(&token.word) {
            join(token.start);
        }
        if JOIN_NEXT.contains(&token.word)
            && let Some(next) = next
        {
            join(next.start);
        }
        // 五届, 十六届: joined to the body before it and to what follows.
        if is_numbered(token.word, '届') {
            join(token.start);
            if let Some(next) = next {
                join(next.start);
            }
        }
        // 五次 or 三次 before 会议: joined to what comes before and to 会议.
        if is_numbered(token.word, '次')
            && let Some(next) = next
            && next.word.starts_with("会议")
        {
            join(token.start);
            join(next.start);
        }
    }
    flags
}

/// True for a Chinese numeral followed by `unit`: 五届, 十六届, 三次.
fn is_numbered(word: &str, unit: char) -> bool {
    let Some(numeral) = word.strip_suffix(unit) else {
        return false;
    };
    !numeral.is_empty()
        && numeral
            .chars()
            .all(|c| "〇零一二两三四五六七八九十百".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_words() {
        assert_eq!(word_boundaries("防范化解"), vec![true, false, true, false]);
        assert!(word_boundaries("").is_empty());
        assert_eq!(word_boundaries("局"), vec![true]);
    }

    #[test]
    fn offices_levels_and_sessions_stay_whole() {
        assert_eq!(
            words("新余市科学技术局防范化解"),
            ["新余市", "科学技术局", "防范", "化解"]
        );
        assert_eq!(words("在市科技局召开"), ["在市科技局", "召开"]);
        assert_eq!(
            words("报送市政协五届五次会议第"),
            ["报送", "市政协五届五次会议", "第"]
        );
        assert_eq!(
            words("报送市十六届人大三次会议第"),
            ["报送", "市十六届人大三次会议", "第"]
        );
        assert_eq!(words("局关于印发通知"), ["局", "关于印发", "通知"]);
        assert_eq!(words("建议的答复函"), ["建议", "的", "答复函"]);
    }

    #[test]
    fn unknown_names_stay_whole() {
        // HMM on: an abbreviation missing from the dictionary is one word.
        assert!(words("关于落实六国保文件精神").contains(&"六国保".to_string()));
    }

    /// `cargo test --release --lib layout::words -- --ignored --nocapture` prints what building
    /// the segmenter costs once per process, and what a title costs after that.
    #[test]
    #[ignore = "prints timings; run in a release build"]
    fn build_and_cut_times() {
        use std::time::Instant;
        let start = Instant::now();
        let jieba = build();
        let built = start.elapsed();
        std::hint::black_box(&jieba);
        LazyLock::force(&JIEBA);
        let titles = [
            "关于市政协五届五次会议第0982号提案的复函",
            "银川市科学技术局关于报送2020年工作总结及2021年工作计划的报告",
        ];
        let runs = 1000;
        let start = Instant::now();
        for i in 0..runs {
            std::hint::black_box(crate::layout::title::balanced_lines(titles[i % 2], 20.0));
        }
        let per_title = start.elapsed() / runs as u32;
        println!(
            "jieba built in {built:.2?}; balanced_lines takes {per_title:.2?} a title after that"
        );
    }
}
