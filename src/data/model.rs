//! The built-in document kinds as typed values, with the derived figures templates read.

use super::date::Date;
use super::fields::Extra;
use serde::Serialize;

/// The four built-in kinds; any other `kind` names a user template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    #[serde(rename = "work-summary")]
    WorkSummary,
    #[serde(rename = "self-inspection")]
    SelfInspection,
    #[serde(rename = "risk-report")]
    RiskReport,
    #[serde(rename = "proposal-reply")]
    ProposalReply,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::WorkSummary,
        Kind::SelfInspection,
        Kind::RiskReport,
        Kind::ProposalReply,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::WorkSummary => "work-summary",
            Kind::SelfInspection => "self-inspection",
            Kind::RiskReport => "risk-report",
            Kind::ProposalReply => "proposal-reply",
        }
    }

    /// Chinese names a user may write in `kind:` / `文种:`.
    pub fn chinese_names(self) -> &'static [&'static str] {
        match self {
            Kind::WorkSummary => &["工作总结", "总结"],
            Kind::SelfInspection => &["自查报告", "自查"],
            Kind::RiskReport => &["风险报告", "防范化解重大风险情况汇报", "风险汇报"],
            Kind::ProposalReply => &["提案答复", "建议答复", "答复函", "复函"],
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Kind::WorkSummary => {
                "工作总结 — annual or half-year work summary with next-period plans"
            }
            Kind::SelfInspection => "自查报告 — self-inspection report with itemized self-scores",
            Kind::RiskReport => "防范化解重大风险情况汇报 — risk report with a risk ledger table",
            Kind::ProposalReply => {
                "提案/建议答复函 — replies to CPPCC proposals and NPC suggestions, one letter each"
            }
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        let name = name.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name || k.chinese_names().contains(&name))
    }
}

/// 联系人及电话.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

/// 文头与落款: what every kind shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub org: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub addressee: Option<String>,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub period: String,
    /// The 签发人 as the text of a sentence (雷虹、张明), for templates.
    pub signer: Option<String>,
    /// Each 签发人, for the 版头.
    pub signers: Vec<String>,
    pub signer_title: Option<String>,
    /// 发文机关标志: "{org}文件" (a 信函: the org) unless given; several names for 联合行文.
    pub org_mark: Vec<String>,
    /// 份号, six digits.
    pub copy_number: Option<String>,
    /// 密级: 秘密, 机密 or 绝密.
    pub secrecy: Option<String>,
    /// 保密期限.
    pub secrecy_term: Option<String>,
    /// 紧急程度: 特急 or 加急.
    pub urgency: Option<String>,
    /// 行文方向: 上行, 平行 or 下行.
    pub direction: Option<String>,
    /// drawn, preprinted or none, where the file says.
    pub letterhead: Option<String>,
    /// stamped, unstamped or signature (the 落款's seal), where the file says.
    pub seal: Option<String>,
    /// The seal's picture, a PNG path from the data file's folder.
    pub seal_image: Option<String>,
    pub contact: Option<Contact>,
    pub cc: Vec<String>,
    /// 附件: names (附件说明 only) or whole attachments with pages of their own.
    pub attachments: Vec<Attachment>,
    /// The 附件说明's names in order: the kind's own table when it goes to an attachment, then
    /// `attachments`. Filled in once the body is read.
    pub attachment_names: Vec<String>,
    pub classification: Option<String>,
    /// 会议届次 (proposal replies).
    pub session: Option<String>,
    /// 提案 or 建议 (proposal replies).
    pub proposal_type: Option<String>,
    /// 印发机关 of the 版记.
    pub printed_by: Option<String>,
    /// 印发日期 of the 版记 (the 成文日期 when only the 印发机关 is given).
    pub printed_on: Option<Date>,
    /// 同比 for part-year periods, 比上年 for a whole year: the lead word of growth phrases.
    pub comparison: String,
    /// The period after this one: 下半年, 2021年, 第二季度 …
    pub next_period: String,
    pub extra: Extra,
}

/// An attachment (附件): its name in the 附件说明, and the content of its page if it has one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    pub title: String,
    /// Markdown text.
    pub text: Option<String>,
    pub table: Option<AttachmentTable>,
}

/// A table of an attachment: a header row and rows of cells, as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// 指标: a figure for this period with its derived change and completion.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Indicator {
    pub name: String,
    pub value: Option<f64>,
    pub unit: String,
    pub previous: Option<f64>,
    pub target: Option<f64>,
    pub note: Option<String>,
    /// value with its unit as printed: 2.36亿元.
    pub value_text: Option<String>,
    pub previous_text: Option<String>,
    pub target_text: Option<String>,
    /// value − previous.
    pub change: Option<f64>,
    pub growth_pct: Option<f64>,
    /// 增长 / 下降 / 持平 (提高 for `%` units).
    pub growth_direction: Option<String>,
    /// 同比增长94.1%.
    pub growth_phrase: Option<String>,
    /// 增长94.1% (no lead word), for table cells.
    pub change_phrase: Option<String>,
    pub completion_pct: Option<f64>,
    pub exceeded_pct: Option<f64>,
    pub target_met: Option<bool>,
    /// 完成目标的118.0%，超额18.0%.
    pub completion_phrase: Option<String>,
    /// The whole sentence part: 全社会R&D经费支出45.6亿元，比上年增长13.4%.
    pub sentence: String,
    pub extra: Extra,
}

/// A numbered section item: （一） heading, lead paragraph, 一是二是 points, its own indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub text: Option<String>,
    pub points: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// 目标任务 of a plan: indicators with `target` only.
    pub targets: Vec<Indicator>,
    pub extra: Extra,
}

/// work-summary: 工作总结.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkSummary {
    pub intro: Option<String>,
    pub indicators: Vec<Indicator>,
    pub achievements: Vec<Section>,
    pub highlights: Vec<Section>,
    pub problems: Vec<String>,
    pub plans: Vec<Section>,
    pub closing: Option<String>,
    /// Where the indicator table goes: "body" (the default) or "attachment".
    pub indicator_table: String,
    /// Its title as an attachment: 2024年主要指标完成情况表.
    pub indicator_table_title: String,
    /// Its 附件 number when it is an attachment (set once the file is read).
    pub indicator_table_number: Option<usize>,
}

/// One 自查项目 with its self-score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionItem {
    pub title: String,
    pub max_score: Option<f64>,
    pub score: Option<f64>,
    /// max_score − score.
    pub deducted: Option<f64>,
    pub text: Option<String>,
    pub points: Vec<String>,
    pub deduction: Option<String>,
    pub evidence: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub extra: Extra,
}

/// 整改措施.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rectification {
    pub problem: String,
    pub measure: String,
    pub owner: Option<String>,
    pub deadline: Option<Date>,
    pub extra: Extra,
}

/// Score totals of a self-inspection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreTotals {
    pub total_score: f64,
    pub max_total: f64,
    pub deducted: f64,
    /// total / max in percent, one decimal.
    pub score_rate: Option<f64>,
    pub scored_items: usize,
    pub full_score_items: usize,
    pub deducted_items: usize,
}

/// self-inspection: 自查报告.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfInspection {
    pub basis: Option<String>,
    pub subject: Option<String>,
    pub intro: Option<String>,
    pub indicators: Vec<Indicator>,
    pub items: Vec<InspectionItem>,
    pub highlights: Vec<Section>,
    pub problems: Vec<String>,
    pub rectification: Vec<Rectification>,
    pub closing: Option<String>,
    /// Present when any item has a score: the 自评得分表 is printed.
    pub totals: Option<ScoreTotals>,
}

/// One row of the 风险隐患台账.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub name: String,
    pub area: Option<String>,
    pub level: Option<String>,
    pub description: Option<String>,
    pub measures: Option<String>,
    pub owner: Option<String>,
    pub deadline: Option<Date>,
    pub status: Option<String>,
    pub extra: Extra,
}

/// Counts over the risk ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskCounts {
    pub total: usize,
    /// [重大, 较大, 一般, 低]
    pub by_level: Vec<LabelCount>,
    pub by_status: Vec<LabelCount>,
    /// 较大风险2项、一般风险1项 (levels with a count only).
    pub level_phrase: String,
    /// 整改中2项、持续监测1项.
    pub status_phrase: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

/// risk-report: 防范化解重大风险情况汇报.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskReport {
    pub intro: Option<String>,
    pub indicators: Vec<Indicator>,
    pub measures: Vec<Section>,
    pub risks: Vec<Risk>,
    pub risk_counts: RiskCounts,
    pub problems: Vec<String>,
    pub next_steps: Vec<String>,
    pub closing: Option<String>,
    /// Where the 风险隐患台账 goes: "attachment" (the default) or "body".
    pub risk_table: String,
    /// Its title as an attachment.
    pub risk_table_title: String,
    /// Its 附件 number when it is an attachment (set once the file is read).
    pub risk_table_number: Option<usize>,
}

/// One 答复内容 section: 一、关于…… .
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplySection {
    pub heading: String,
    pub text: Option<String>,
    pub points: Vec<String>,
    pub extra: Extra,
}

/// One proposal or suggestion and the data of its reply letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub number: String,
    pub proposers: Vec<String>,
    /// 王济光委员 / 李晓东、陈海燕代表 / 民盟市委: the salutation.
    pub salutation: String,
    /// True when the proposer is an organisation (民盟市委 …) or several people: addressed as 你们.
    pub plural: bool,
    /// 复函 (提案) or 答复函 (建议).
    pub letter_kind: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub co_handlers: Vec<String>,
    /// A, B or C.
    pub result: String,
    /// 所提问题已经解决或采纳 …
    pub result_text: String,
    pub date: Date,
    pub intro: Option<String>,
    pub sections: Vec<ReplySection>,
    pub closing: Option<String>,
    /// The letter's title: 关于市政协五届五次会议第0982号提案的复函.
    pub letter_title: String,
    /// The output file stem: 0982-关于完善我市科技创新协同机制的建议.
    pub file_stem: String,
    /// Add the 回执 (征询意见表) the proposer fills in and sends back.
    pub receipt: bool,
    pub extra: Extra,
}

/// Counts over a batch of replies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalCounts {
    pub total: usize,
    pub by_result: Vec<LabelCount>,
}

/// proposal-reply: a batch of 答复函. The proposals themselves are not held: each letter's is
/// read again from the batch's entries when the letter is made (`ProposalBatch::proposal`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalBatch {
    /// The letters to make, one per valid proposal, in the batch's order.
    #[serde(skip)]
    pub letters: Vec<BatchLetter>,
    pub counts: ProposalCounts,
    /// The proposals' entries as written.
    #[serde(skip)]
    pub entries: std::sync::Arc<crate::data::items::ItemStore>,
    /// `receipt:` of the whole batch, for proposals that do not say.
    #[serde(skip)]
    pub receipt: bool,
    /// The proposals left out for their mistakes, as written, for the batch's index.
    #[serde(skip)]
    pub rejected: Vec<RejectedProposal>,
}

/// A letter of a batch: the entry of the proposal it answers (from 0), the name its files get,
/// and what the batch's index lists of it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLetter {
    pub entry: usize,
    pub file_stem: String,
    pub number: String,
    /// The proposers, joined with 、.
    pub proposer: String,
    pub title: String,
    pub result: String,
}

/// A proposal whose letter is not made: its place in the batch (from 0) and what it says of
/// itself, unchecked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RejectedProposal {
    pub index: usize,
    pub number: String,
    pub proposer: String,
    pub title: String,
    pub result: String,
}

/// The body of a data file, by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Body {
    WorkSummary(WorkSummary),
    SelfInspection(SelfInspection),
    RiskReport(RiskReport),
    ProposalReply(ProposalBatch),
    /// A user template's kind: everything but `kind` and `meta` is passed through.
    Custom(Extra),
}

/// A loaded, validated data file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataFile {
    /// The kind's name: a built-in kind, or the name of a user template.
    pub kind: String,
    pub meta: Meta,
    #[serde(flatten)]
    pub body: Body,
    /// Keys the kind does not know, for user templates.
    pub extra: Extra,
}
