//! Long titles in balanced lines (梯形 or 菱形) that break only between words (GB/T 9704 §7.3.1:
//! 回行时要做到词意完整，排列对称，长短适宜), never inside a number, and inside a 《》 pair
//! only when it will not fit otherwise.

use super::chars::is_digit;
use super::kinsoku::may_break_between;
use super::width::{em_width, text_ems};
use super::words::word_boundaries;

/// A line narrower than this many ems (的复函, 报告) is a short tail: a layout with one is
/// chosen only when every layout with as few lines has one too.
pub const MIN_LINE_EMS: f64 = 4.0;

/// Past this many characters a "title" is broken by first fit, not balanced: the balancing
/// search grows with the square of the length.
const MAX_BALANCED_CHARS: usize = 200;

/// Slack for comparing sums of widths, which are multiples of a quarter em.
const EPS: f64 = 1e-9;

/// Split `title` into as few lines no wider than `max_ems` as it can, breaking only between
/// words ([`word_boundaries`]) where the character rules allow it (`allowed_by_rules`); among
/// the layouts in that many lines, the best by `Cost`: no short tail where there is a choice,
/// pairs of marks kept whole where they can be, no hourglass, the lines as even as the words
/// allow, and the longer lines first when that is a tie. A title that fits stays one line.
/// When no layout breaks only between words, any break the character rules allow will do.
/// Never fails: a title with no allowed break comes back whole and the renderer wraps it.
pub fn balanced_lines(title: &str, max_ems: f64) -> Vec<String> {
    let chars: Vec<char> = title.trim().chars().collect();
    let whole = || vec![chars.iter().collect::<String>()];
    if chars.len() < 2 || text_ems(&chars.iter().collect::<String>()) <= max_ems + EPS {
        return whole();
    }
    let (rules, depth) = allowed_by_rules(&chars);
    let layout = Layout::new(&chars, max_ems, depth);
    let words = word_boundaries(&chars.iter().collect::<String>());
    let between_words: Vec<bool> = rules
        .iter()
        .enumerate()
        .map(|(i, &ok)| ok && words.get(i).copied().unwrap_or(true))
        .collect();
    for allowed in [&between_words, &rules] {
        let breaks = if chars.len() > MAX_BALANCED_CHARS {
            layout.first_fit(allowed)
        } else {
            layout.balanced(allowed)
        };
        if let Some(breaks) = breaks {
            let mut out = Vec::new();
            let mut start = 0;
            for end in breaks.into_iter().chain(std::iter::once(chars.len())) {
                // A break at a space drops the space.
                let line: String = chars[start..end].iter().collect();
                if !line.trim().is_empty() {
                    out.push(line.trim().to_string());
                }
                start = end;
            }
            return out;
        }
    }
    whole()
}

/// The breaks the character rules allow, by position (`i`: before `chars[i]`): 避头尾, not
/// inside a number nor between a number and its 第 before or its unit after (第0982号,
/// 2022年, 六国保〔2024〕4号, 2023—2025). And how many 《》“”（）〔〕 pairs enclose each
/// position: a break there is a last resort (see [`Cost`]).
fn allowed_by_rules(chars: &[char]) -> (Vec<bool>, Vec<u32>) {
    let mut depth = 0u32;
    let mut depths = vec![0; chars.len() + 1];
    let mut allowed = vec![false; chars.len() + 1];
    for i in 1..chars.len() {
        let (before, after) = (chars[i - 1], chars[i]);
        match before {
            '《' | '“' | '‘' | '〔' | '（' | '(' | '「' | '【' | '〈' => depth += 1,
            '》' | '”' | '’' | '〕' | '）' | ')' | '」' | '】' | '〉' => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
        let number_after = is_digit(before) && !after.is_whitespace();
        let number_before =
            is_digit(after) && matches!(before, '第' | '〕' | '—' | '–' | '-' | '~' | '～');
        // 六国保〔2024〕4号: the issuer's code stays with its year.
        let doc_number = after == '〔' && !before.is_whitespace();
        depths[i] = depth;
        allowed[i] =
            may_break_between(before, after) && !number_after && !number_before && !doc_number;
    }
    (allowed, depths)
}

/// A title's characters with the widths to measure any run of them.
struct Layout<'a> {
    chars: &'a [char],
    max: f64,
    /// `prefix[i]`: the width of `chars[..i]`, autospace included.
    prefix: Vec<f64>,
    /// `gap[i]`: the autospace before `chars[i]`, where it meets the character before it.
    gap: Vec<f64>,
    /// `depth[i]`: how many pairs of marks enclose a break before `chars[i]`.
    depth: Vec<u32>,
}

/// How good a layout with a given number of lines is, compared in this order:
/// 1. fewer short lines ([`MIN_LINE_EMS`]);
/// 2. fewer breaks inside pairs of marks, counted once for each pair around the break: a 《》
///    breaks inside, between words, only when no layout in as few lines keeps it whole without
///    a short tail;
/// 3. fewer valleys, lines shorter than the lines above and below them: GB/T 9704 §7.3.1 asks
///    for a 梯形 or a 菱形, and an hourglass is neither;
/// 4. a smaller spread, the sum of squared differences from the mean width;
/// 5. a smaller tilt, the sum of each line's width times its number, least when the longer
///    lines come first: a 梯形 with the longer line above wins a tie.
#[derive(Clone, Copy)]
struct Cost {
    short: usize,
    inside: u32,
    valleys: usize,
    spread: f64,
    tilt: f64,
}

impl Cost {
    fn plus(self, other: Cost) -> Cost {
        Cost {
            short: self.short + other.short,
            inside: self.inside + other.inside,
            valleys: self.valleys + other.valleys,
            spread: self.spread + other.spread,
            tilt: self.tilt + other.tilt,
        }
    }

    fn better_than(self, other: Cost) -> bool {
        let counts = (self.short, self.inside, self.valleys);
        let other_counts = (other.short, other.inside, other.valleys);
        if counts != other_counts {
            return counts < other_counts;
        }
        if (self.spread - other.spread).abs() > EPS {
            return self.spread < other.spread;
        }
        self.tilt < other.tilt - EPS
    }
}

/// The best way found to set a line: its cost with all the lines above it, where the line
/// before it starts (an index into `fits` of this line's start) and whether that line was
/// shorter than the one before it.
#[derive(Clone, Copy)]
struct Step {
    cost: Cost,
    previous: usize,
    previous_dipped: bool,
}

impl<'a> Layout<'a> {
    fn new(chars: &'a [char], max: f64, depth: Vec<u32>) -> Self {
        let mut gap = vec![0.0; chars.len() + 1];
        let mut prefix = vec![0.0; chars.len() + 1];
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 {
                let before = chars[i - 1];
                gap[i] = text_ems(&format!("{before}{c}")) - em_width(before) - em_width(c);
            }
            prefix[i + 1] = prefix[i] + em_width(c) + gap[i];
        }
        Layout {
            chars,
            max,
            prefix,
            gap,
            depth,
        }
    }

    /// The width of `chars[from..to]` set as a line of its own: without the autospace that
    /// joined it to the character before.
    fn width(&self, from: usize, to: usize) -> f64 {
        self.prefix[to] - self.prefix[from] - self.gap[from]
    }

    /// The cost of `chars[from..to]` as line number `k` of a layout whose mean width is `mean`.
    fn line_cost(&self, from: usize, to: usize, k: usize, mean: f64) -> Cost {
        let w = self.width(from, to);
        Cost {
            short: usize::from(w < MIN_LINE_EMS - EPS),
            inside: self.depth[from],
            valleys: 0,
            spread: (w - mean).powi(2),
            tilt: k as f64 * w,
        }
    }

    /// The breaks of the layout in the fewest lines no wider than `max` that breaks only where
    /// `allowed`, the best by [`Cost`]; `None` if there is none.
    fn balanced(&self, allowed: &[bool]) -> Option<Vec<usize>> {
        let n = self.chars.len();
        // fits[to]: where a line ending at `to` may start, nearest first.
        let mut fits: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
        for to in (1..=n).filter(|&i| i == n || allowed[i]) {
            for from in (0..to).rev() {
                if self.width(from, to) > self.max + EPS {
                    break;
                }
                if from == 0 || allowed[from] {
                    fits[to].push(from);
                }
            }
        }
        // The fewest lines that reach each position.
        let mut fewest = vec![usize::MAX; n + 1];
        fewest[0] = 0;
        for to in 1..=n {
            for &from in &fits[to] {
                if fewest[from] != usize::MAX {
                    fewest[to] = fewest[to].min(fewest[from] + 1);
                }
            }
        }
        let lines = fewest[n];
        if lines == usize::MAX {
            return None;
        }
        let mean = self.prefix[n] / lines as f64;
        // best[k - 1][to][j][dipped]: the best first k lines, the last one `fits[to][j]..to`,
        // `dipped` if it is shorter than the one before it.
        let empty: Vec<Vec<[Option<Step>; 2]>> =
            fits.iter().map(|f| vec![[None; 2]; f.len()]).collect();
        let mut best = vec![empty; lines];
        for to in 1..=n {
            for (j, &from) in fits[to].iter().enumerate() {
                if from == 0 {
                    best[0][to][j][0] = Some(Step {
                        cost: self.line_cost(0, to, 1, mean),
                        previous: usize::MAX,
                        previous_dipped: false,
                    });
                }
            }
        }
        for k in 2..=lines {
            for to in 1..=n {
                for (j, &from) in fits[to].iter().enumerate() {
                    if from == 0 {
                        continue;
                    }
                    let w = self.width(from, to);
                    let line = self.line_cost(from, to, k, mean);
                    for (pj, &pfrom) in fits[from].iter().enumerate() {
                        let pw = self.width(pfrom, from);
                        for previous_dipped in [false, true] {
                            let Some(step) = best[k - 2][from][pj][usize::from(previous_dipped)]
                            else {
                                continue;
                            };
                            let mut cost = step.cost.plus(line);
                            cost.valleys += usize::from(previous_dipped && pw < w - EPS);
                            let dipped = usize::from(w < pw - EPS);
                            let slot = &mut best[k - 1][to][j][dipped];
                            if slot.is_none_or(|s| cost.better_than(s.cost)) {
                                *slot = Some(Step {
                                    cost,
                                    previous: pj,
                                    previous_dipped,
                                });
                            }
                        }
                    }
                }
            }
        }
        // The best last line, then back up line by line.
        let mut end: Option<(usize, usize, Cost)> = None;
        for (j, slots) in best[lines - 1][n].iter().enumerate() {
            for (d, slot) in slots.iter().enumerate() {
                if let Some(step) = slot
                    && end.is_none_or(|(_, _, c)| step.cost.better_than(c))
                {
                    end = Some((j, d, step.cost));
                }
            }
        }
        let (mut j, mut d, _) = end?;
        let mut breaks = Vec::new();
        let mut to = n;
        for k in (1..=lines).rev() {
            let step = best[k - 1][to][j][d]?;
            let from = fits[to][j];
            if k > 1 {
                breaks.push(from);
            }
            j = step.previous;
            d = usize::from(step.previous_dipped);
            to = from;
        }
        breaks.reverse();
        Some(breaks)
    }

    /// The breaks of the layout that fills each line as far as `allowed` lets it; `None` if a
    /// line cannot end in time.
    fn first_fit(&self, allowed: &[bool]) -> Option<Vec<usize>> {
        let n = self.chars.len();
        let mut breaks = Vec::new();
        let mut from = 0;
        while self.width(from, n) > self.max + EPS {
            let to = (from + 1..n)
                .take_while(|&to| self.width(from, to) <= self.max + EPS)
                .filter(|&to| allowed[to])
                .last()?;
            breaks.push(to);
            from = to;
        }
        Some(breaks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The 2号 title in a 156 mm text block: 156 mm / 22 pt.
    const MAX: f64 = 20.0;

    /// Real titles and the lines a careful editor gives them at [`MAX`]: each line whole words,
    /// as even as the words allow, no short tail. Sources: the project's examples and data
    /// (meta.title, the default titles, the reply letters' titles), the reference documents in
    /// shared/reference, and published documents (the 文号 given where known).
    const TITLES: &[(&str, &[&str])] = &[
        // examples/proposal-replies.yaml: letter_title of 0982
        (
            "关于市政协五届五次会议第0982号提案的复函",
            &["关于市政协五届五次会议", "第0982号提案的复函"],
        ),
        // examples/proposal-replies.yaml: letter_title of 1047
        (
            "关于市政协五届五次会议第1047号提案的复函",
            &["关于市政协五届五次会议", "第1047号提案的复函"],
        ),
        // data/npc-suggestions.yaml: letter_title of 0675 (建议 → 答复函)
        (
            "关于市十六届人大三次会议第0675号建议的答复函",
            &["关于市十六届人大三次会议", "第0675号建议的答复函"],
        ),
        // examples/risk-report.yaml
        (
            "新余市科学技术局防范化解科技领域重大风险情况汇报",
            &["新余市科学技术局防范化解", "科技领域重大风险情况汇报"],
        ),
        // examples/self-inspection.yaml
        (
            "覃塘区交通运输局2020年绩效考评第三季度考核自查报告",
            &["覃塘区交通运输局2020年", "绩效考评第三季度考核自查报告"],
        ),
        // examples/half-year-summary.yaml
        (
            "阳江市科学技术局2019年上半年工作总结和下半年工作思路",
            &["阳江市科学技术局2019年上半年", "工作总结和下半年工作思路"],
        ),
        // examples/annual-summary.yaml
        (
            "银川市科学技术局关于报送2020年工作总结及2021年工作计划的报告",
            &[
                "银川市科学技术局关于报送2020年",
                "工作总结及2021年工作计划的报告",
            ],
        ),
        // data/rural-risk-report.yaml
        (
            "金寨县科学技术局关于防范化解科技领域重大风险工作情况的汇报",
            &[
                "金寨县科学技术局关于防范化解",
                "科技领域重大风险工作情况的汇报",
            ],
        ),
        // data/annual-summary-2024.yaml: the default title
        (
            "金寨县科学技术局2024年工作总结",
            &["金寨县科学技术局2024年工作总结"],
        ),
        // data/guomi-self-inspection.yaml: the default title
        (
            "六安市科学技术局保密工作目标管理考核自查报告",
            &["六安市科学技术局保密工作", "目标管理考核自查报告"],
        ),
        // reference/annual-summary-report.txt
        (
            "市科技局关于报送工作总结及工作计划的报告",
            &["市科技局关于报送工作总结及工作计划的报告"],
        ),
        // reference/risk-report.txt
        (
            "市科技局防范化解科技领域重大风险情况汇报",
            &["市科技局防范化解科技领域重大风险情况汇报"],
        ),
        // reference/integrity-reports…txt, 第一篇
        (
            "在市科技局2008年度廉政工作会上的报告",
            &["在市科技局2008年度廉政工作会上的报告"],
        ),
        // reference/integrity-reports…txt, 第四篇
        (
            "在评议市科技局科技创新工作动员会上的讲话",
            &["在评议市科技局科技创新工作动员会上的讲话"],
        ),
        // reference/integrity-reports…txt, 第五篇
        (
            "市科技局工作总结及工作设想",
            &["市科技局工作总结及工作设想"],
        ),
        // reference/integrity-reports…txt, 第一篇's own two lines
        (
            "强化廉政意识加强责任监察推进全局工作健康发展",
            &["强化廉政意识加强责任监察", "推进全局工作健康发展"],
        ),
        // reference/proposal-reply.txt, the page's heading
        (
            "重庆市科学技术局关于市政协五届五次会议第0982号提案的复函",
            &[
                "重庆市科学技术局关于市政协五届五次会议",
                "第0982号提案的复函",
            ],
        ),
        // the reply title with the proposal's 《》
        (
            "关于市政协五届五次会议第0982号提案《关于完善我市科技创新协同机制的建议》办理情况的复函",
            &[
                "关于市政协五届五次会议第0982号提案",
                "《关于完善我市科技创新协同机制的建议》",
                "办理情况的复函",
            ],
        ),
        // the earlier test's 工作总结 report
        (
            "重庆市科学技术局关于2022年上半年工作总结和下半年工作计划的报告",
            &[
                "重庆市科学技术局关于2022年上半年",
                "工作总结和下半年工作计划的报告",
            ],
        ),
        // data/guomi-self-inspection.yaml: the 《》 it cites
        (
            "关于印发2024年县区和市直单位保密工作目标管理考核标准的通知",
            &[
                "关于印发2024年县区和市直单位",
                "保密工作目标管理考核标准的通知",
            ],
        ),
        // reference/half-year-summary.txt: a 《》 it cites
        (
            "关于进一步强化科技创新金融服务推动高质量发展的实施意见",
            &["关于进一步强化科技创新金融服务", "推动高质量发展的实施意见"],
        ),
        // reference/integrity…txt's 《XX市…》 cited, as a 印发 notice
        (
            "阳江市科技局关于印发《阳江市科技型企业融资贷款风险补偿资金管理办法》的通知",
            &[
                "阳江市科技局关于印发《阳江市科技型企业",
                "融资贷款风险补偿资金管理办法》的通知",
            ],
        ),
        // reference/integrity…txt's 《关于做好XX区20xx年…》, named
        (
            "关于做好覃塘区2020年绩效考评第三季度考核工作的通知",
            &["关于做好覃塘区2020年绩效考评", "第三季度考核工作的通知"],
        ),
        // data/guomi-self-inspection.yaml's 六国保〔2024〕4号, as a 自查报告
        (
            "六安市科学技术局关于落实六国保〔2024〕4号文件精神的自查报告",
            &[
                "六安市科学技术局关于落实",
                "六国保〔2024〕4号文件精神的自查报告",
            ],
        ),
        // reference/integrity…txt's 《XX市科技局…》, named
        (
            "阳江市科技局促进粤东西北振兴发展2014年工作总结及2015年重点工作",
            &[
                "阳江市科技局促进粤东西北振兴发展",
                "2014年工作总结及2015年重点工作",
            ],
        ),
        // reference/integrity…txt's 《中共**市科技局党组…》, named
        (
            "中共阳江市科技局党组关于开展以学习贯彻《实施纲要》为主题的党风廉政教育月活动的安排意见",
            &[
                "中共阳江市科技局党组关于开展",
                "以学习贯彻《实施纲要》为主题的",
                "党风廉政教育月活动的安排意见",
            ],
        ),
        // examples/proposal-replies.yaml: a proposal's title
        (
            "关于完善我市科技创新协同机制的建议",
            &["关于完善我市科技创新协同机制的建议"],
        ),
        // examples/proposal-replies.yaml: a proposal's title
        (
            "关于加快科技成果转移转化的建议",
            &["关于加快科技成果转移转化的建议"],
        ),
        // 东阳市人民政府办公室, 2023 (published, dongyang.gov.cn)
        (
            "东阳市人民政府办公室关于印发《东阳市促进残疾人就业行动实施方案（2023—2025年）》的通知",
            &[
                "东阳市人民政府办公室关于印发",
                "《东阳市促进残疾人就业行动实施方案",
                "（2023—2025年）》的通知",
            ],
        ),
        // 浙政办发〔2022〕59号, as cited by 东阳市
        (
            "浙江省人民政府办公厅关于印发《浙江省促进残疾人就业行动方案（2022—2025年）》的通知",
            &[
                "浙江省人民政府办公厅关于印发",
                "《浙江省促进残疾人就业行动方案",
                "（2022—2025年）》的通知",
            ],
        ),
        // 财科教〔2017〕6号 (published with spaces between the bodies)
        (
            "财政部科技部教育部发展改革委关于进一步做好中央财政科研项目资金管理等政策贯彻落实工作的通知",
            &[
                "财政部科技部教育部发展改革委",
                "关于进一步做好中央财政科研项目",
                "资金管理等政策贯彻落实工作的通知",
            ],
        ),
        // 科学技术部 (published)
        (
            "科学技术部关于印发《技术合同认定规则》的通知",
            &["科学技术部关于印发", "《技术合同认定规则》的通知"],
        ),
        // 鲁政发〔2014〕20号
        (
            "山东省人民政府关于深化预算管理制度改革的实施意见",
            &["山东省人民政府关于深化", "预算管理制度改革的实施意见"],
        ),
        // 京政办发〔2016〕26号
        (
            "北京市人民政府办公厅关于印发《北京市2016年政务公开工作要点》的通知",
            &[
                "北京市人民政府办公厅关于印发",
                "《北京市2016年政务公开工作要点》的通知",
            ],
        ),
        // 国发〔2023〕16号, published as these two lines
        (
            "国务院关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见",
            &[
                "国务院关于推动内蒙古高质量发展",
                "奋力书写中国式现代化新篇章的意见",
            ],
        ),
        // 富政办〔2005〕35号 (published as 市政府|办公室, split inside a word)
        (
            "关于进一步加强和改进市政府办公室工作的意见",
            &["关于进一步加强和改进", "市政府办公室工作的意见"],
        ),
        // 中办发〔2016〕8号, as cited by 京政办发〔2016〕26号
        (
            "中共中央办公厅国务院办公厅印发《关于全面推进政务公开工作的意见》的通知",
            &[
                "中共中央办公厅国务院办公厅印发",
                "《关于全面推进政务公开工作的意见》的通知",
            ],
        ),
        // 国办发〔2016〕19号, as cited by 京政办发〔2016〕26号
        (
            "国务院办公厅关于印发2016年政务公开工作要点的通知",
            &["国务院办公厅关于印发2016年", "政务公开工作要点的通知"],
        ),
        // 国发〔2014〕45号, as cited by 鲁政发〔2014〕20号
        (
            "国务院关于深化预算管理制度改革的决定",
            &["国务院关于深化预算管理制度改革的决定"],
        ),
        // 鲁发〔2014〕18号, as cited by 鲁政发〔2014〕20号
        (
            "中共山东省委山东省人民政府关于深化财税体制改革的意见",
            &["中共山东省委山东省人民政府", "关于深化财税体制改革的意见"],
        ),
        // 国科发资〔2023〕53号
        (
            "科技部关于发布国家重点研发计划“循环经济关键技术与装备”等重点专项2023年度项目申报指南的通知",
            &[
                "科技部关于发布国家重点研发计划",
                "“循环经济关键技术与装备”等重点专项",
                "2023年度项目申报指南的通知",
            ],
        ),
        // 豫科项〔2023〕52号
        (
            "河南省科学技术厅河南省科学院关于组织申报2023年度第二批省级科技研发计划联合基金项目的通知",
            &[
                "河南省科学技术厅河南省科学院",
                "关于组织申报2023年度第二批省级",
                "科技研发计划联合基金项目的通知",
            ],
        ),
        // 苏科外发〔2023〕119号 (published with 科技|创新 and 2023年度|第三批 split)
        (
            "关于转发国家重点研发计划“政府间国际科技创新合作”重点专项2023年度第三批项目申报指南的通知",
            &[
                "关于转发国家重点研发计划",
                "“政府间国际科技创新合作”重点专项",
                "2023年度第三批项目申报指南的通知",
            ],
        ),
        // 台州市科学技术局, 2023
        (
            "关于2023年台州市科技计划项目申报有关事项的通知",
            &["关于2023年台州市科技计划", "项目申报有关事项的通知"],
        ),
        // 豫科项〔2023〕52号, as cited by a 市科技局
        (
            "关于组织申报2023年度第二批省级科技研发计划联合基金项目的通知",
            &[
                "关于组织申报2023年度第二批省级",
                "科技研发计划联合基金项目的通知",
            ],
        ),
    ];

    #[test]
    fn real_titles_break_between_words_in_balanced_lines() {
        let mut wrong = Vec::new();
        for (title, want) in TITLES {
            let got = balanced_lines(title, MAX);
            if got != *want {
                wrong.push(format!("{title}\n  want {want:?}\n   got {got:?}"));
            }
            assert_eq!(got.concat(), *title);
            for line in &got {
                assert!(text_ems(line) <= MAX, "{line}");
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert!(TITLES.len() >= 40);
    }

    #[test]
    fn short_title_is_one_line() {
        assert_eq!(balanced_lines("关于2022年工作总结的报告", MAX).len(), 1);
        // Exactly 20 ems still fits.
        assert_eq!(
            balanced_lines("市科技局防范化解科技领域重大风险情况汇报", MAX).len(),
            1
        );
    }

    #[test]
    fn long_title_splits_evenly_and_keeps_pairs() {
        let t = "关于市政协五届五次会议第0982号提案《关于完善我市科技创新协同机制的建议》办理情况的复函";
        let lines = balanced_lines(t, MAX);
        assert_eq!(lines.concat(), t);
        assert_eq!(lines.len(), 3, "{lines:?}");
        for l in &lines {
            assert!(text_ems(l) <= MAX, "{l}");
            assert_eq!(
                l.matches('《').count(),
                l.matches('》').count(),
                "{lines:?}"
            );
        }
        assert_eq!(lines[1], "《关于完善我市科技创新协同机制的建议》");
    }

    #[test]
    fn numbers_stay_whole_with_their_units() {
        for title in [
            "重庆市科学技术局关于2022年上半年工作总结和下半年工作计划的报告",
            "六安市科学技术局关于落实六国保〔2024〕4号文件精神的自查报告",
            "关于市政协五届五次会议第0982号提案的复函",
        ] {
            let lines = balanced_lines(title, MAX);
            for pair in lines.windows(2) {
                let (end, start) = (pair[0].chars().last(), pair[1].chars().next());
                assert!(!end.is_some_and(is_digit), "{lines:?}");
                assert!(
                    !start.is_some_and(is_digit) || end != Some('第'),
                    "{lines:?}"
                );
                assert_ne!(start, Some('〔'), "{lines:?}");
            }
        }
    }

    #[test]
    fn a_short_tail_gives_way_to_a_break_inside_a_pair() {
        // Constructed: kept whole, the 《》 leaves 的通知 alone on a line of its own.
        assert_eq!(
            balanced_lines("印发《科学技术部技术合同认定登记管理规则》的通知", MAX),
            ["印发《科学技术部技术合同", "认定登记管理规则》的通知"]
        );
        assert!(MIN_LINE_EMS > text_ems("的通知"));
    }

    #[test]
    fn spaces_between_bodies_are_dropped_at_a_break() {
        assert_eq!(
            balanced_lines(
                "财政部 科技部 教育部 发展改革委关于进一步做好中央财政科研项目资金管理等政策贯彻落实工作的通知",
                MAX
            ),
            [
                "财政部 科技部 教育部 发展改革委",
                "关于进一步做好中央财政科研项目",
                "资金管理等政策贯彻落实工作的通知"
            ]
        );
    }

    #[test]
    fn odd_input_never_fails() {
        let long = "关于市政协五届五次会议第0982号提案的复函".repeat(40);
        let digits = "1234567890".repeat(10);
        let odd = [
            "",
            " ",
            "关",
            "》",
            "《",
            digits.as_str(),
            long.as_str(),
            "关于《未闭合的书名号里有很长很长很长很长很长很长很长很长的标题",
            "》》》》》》》》》》》》》》》》》》》》》》》》》》》》》》",
            "（（（（（（（（（（（（（（（（（（（（（（（（（（（（（",
            "————————————————————————————————————————",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ的报告",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h",
        ];
        for title in odd {
            for max in [MAX, 0.0, -1.0, 0.5, f64::NAN, f64::INFINITY] {
                let lines = balanced_lines(title, max);
                assert!(!lines.is_empty());
                let joined: String = lines.concat().split_whitespace().collect();
                let want: String = title.split_whitespace().collect();
                assert_eq!(joined, want, "{title} at {max}");
            }
        }
        // Past MAX_BALANCED_CHARS a title is filled line by line, still between words.
        let lines = balanced_lines(&long, MAX);
        assert!(lines.len() > 40, "{}", lines.len());
        assert!(lines.iter().all(|l| text_ems(l) <= MAX));
        assert!(
            !lines
                .iter()
                .any(|l| l.ends_with("五届") || l.ends_with('第'))
        );
    }

    proptest! {
        #[test]
        fn any_title_comes_back_whole_in_lines_that_fit(
            title in "[关于市政协五届次会议第号提案的复函科技局报告《》“”（）〔〕 0-9A-Za-z—，、]{0,60}",
            max in 1.0f64..30.0,
        ) {
            let lines = balanced_lines(&title, max);
            prop_assert!(!lines.is_empty());
            let joined: String = lines.concat().split_whitespace().collect();
            let want: String = title.split_whitespace().collect();
            prop_assert_eq!(joined, want);
            if lines.len() > 1 {
                for line in &lines {
                    prop_assert!(text_ems(line) <= max + EPS, "{:?}", lines);
                }
            }
        }
    }
}
