//! Loading a data file: decode, parse, resolve aliases, validate against the kind's schema and compute derived figures.

use super::date::Date;
use super::derive;
use super::fields::{FieldSpec, Object, Reader, field, format_number};
use super::model::*;
use super::source;
use super::yaml::{self, Node, Value};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

const TOP_COMMON: &[FieldSpec] = &[field("kind", &["文种"]), field("meta", &["文头"])];

const META: &[FieldSpec] = &[
    field("org", &["发文机关"]),
    field("title", &["标题"]),
    field("doc_number", &["发文字号"]),
    field("addressee", &["主送机关"]),
    field("date", &["成文日期"]),
    field("year", &["年度"]),
    field("period", &["期间"]),
    field("signer", &["签发人", "审签人"]),
    field("signer_title", &["签发人职务", "审签人职务"]),
    field("contact", &["联系人"]),
    field("cc", &["抄送"]),
    field("attachments", &["附件"]),
    field("classification", &["公开属性", "密级"]),
    field("session", &["会议届次"]),
    field("proposal_type", &["来文类型"]),
];

const CONTACT: &[FieldSpec] = &[
    field("name", &["名称", "姓名"]),
    field("phone", &["电话", "联系电话"]),
];

const INDICATOR: &[FieldSpec] = &[
    field("name", &["名称"]),
    field("value", &["数值"]),
    field("unit", &["单位"]),
    field("previous", &["上年同期", "基期"]),
    field("target", &["目标"]),
    field("note", &["备注"]),
];

const SECTION: &[FieldSpec] = &[
    field("title", &["标题"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
    field("indicators", &["指标"]),
    field("targets", &["目标任务"]),
];

const WORK_SUMMARY: &[FieldSpec] = &[
    field("intro", &["开头"]),
    field("indicators", &["指标"]),
    field("achievements", &["主要工作"]),
    field("highlights", &["工作亮点"]),
    field("problems", &["存在问题"]),
    field("plans", &["工作打算"]),
    field("closing", &["结束语"]),
];

const SELF_INSPECTION: &[FieldSpec] = &[
    field("basis", &["依据"]),
    field("subject", &["自查事项"]),
    field("intro", &["开头"]),
    field("indicators", &["指标"]),
    field("items", &["自查项目"]),
    field("highlights", &["工作亮点"]),
    field("problems", &["存在问题"]),
    field("rectification", &["整改措施"]),
    field("closing", &["结束语"]),
];

const INSPECTION_ITEM: &[FieldSpec] = &[
    field("title", &["标题"]),
    field("max_score", &["满分"]),
    field("score", &["自评分"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
    field("deduction", &["扣分说明"]),
    field("evidence", &["佐证材料"]),
    field("indicators", &["指标"]),
];

const RECTIFICATION: &[FieldSpec] = &[
    field("problem", &["问题"]),
    field("measure", &["措施"]),
    field("owner", &["责任单位", "责任科室"]),
    field("deadline", &["完成时限"]),
];

const RISK_REPORT: &[FieldSpec] = &[
    field("intro", &["开头"]),
    field("indicators", &["指标"]),
    field("measures", &["主要措施"]),
    field("risks", &["风险隐患"]),
    field("problems", &["存在问题"]),
    field("next_steps", &["下一步工作"]),
    field("closing", &["结束语"]),
];

const RISK: &[FieldSpec] = &[
    field("name", &["名称"]),
    field("area", &["领域"]),
    field("level", &["等级"]),
    field("description", &["描述"]),
    field("measures", &["应对措施"]),
    field("owner", &["责任单位"]),
    field("deadline", &["完成时限"]),
    field("status", &["状态"]),
];

const PROPOSAL_REPLY: &[FieldSpec] = &[field("proposals", &["提案", "建议"])];

const PROPOSAL: &[FieldSpec] = &[
    field("number", &["编号", "提案号", "建议号"]),
    field("proposer", &["提案人", "代表", "委员"]),
    field("title", &["标题"]),
    field("doc_number", &["发文字号"]),
    field("co_handlers", &["会办单位"]),
    field("result", &["办理结果"]),
    field("date", &["成文日期"]),
    field("intro", &["开头"]),
    field("sections", &["答复内容"]),
    field("closing", &["结束语"]),
];

const REPLY_SECTION: &[FieldSpec] = &[
    field("heading", &["小标题"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
];

pub const RISK_LEVELS: [&str; 4] = ["重大", "较大", "一般", "低"];
pub const RISK_STATUSES: [&str; 3] = ["已化解", "整改中", "持续监测"];
pub const RESULT_CLASSES: [(&str, &str); 3] = [
    ("A", "所提问题已经解决或采纳"),
    ("B", "正在解决或已列入计划"),
    ("C", "因条件限制留作参考"),
];

/// A loaded file: the data if it is valid, and every diagnostic found (warnings even on success).
pub struct Loaded {
    pub data: Option<DataFile>,
    pub diagnostics: Diagnostics,
    /// Unknown keys that were passed through as `extra` (reported by `gongwen check`).
    pub unknown_keys: Vec<Diagnostic>,
    /// The decoded text, for placeholder checks.
    pub text: String,
}

/// Read and validate a data file from disk. `user_kinds` are kinds that a user template folder provides.
pub fn load_file(path: &Path, user_kinds: &[String]) -> Loaded {
    match std::fs::read(path) {
        Ok(bytes) => load_bytes(path, &bytes, user_kinds),
        Err(e) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(
                Diagnostic::error(path, format!("cannot read the file: {e}"))
                    .hint("check the file name and that you may read it"),
            );
            Loaded {
                data: None,
                diagnostics,
                unknown_keys: Vec::new(),
                text: String::new(),
            }
        }
    }
}

/// Validate data already read into memory; `path` names it in messages.
pub fn load_bytes(path: &Path, bytes: &[u8], user_kinds: &[String]) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let decoded = match source::decode(path, bytes) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(e);
            return Loaded {
                data: None,
                diagnostics,
                unknown_keys: Vec::new(),
                text: String::new(),
            };
        }
    };
    if let Some(w) = decoded.warning {
        diagnostics.push(w);
    }
    let text = decoded.text;
    let root = match yaml::parse(path, &text) {
        Ok(root) => root,
        Err(e) => {
            diagnostics.push(e);
            return Loaded {
                data: None,
                diagnostics,
                unknown_keys: Vec::new(),
                text,
            };
        }
    };
    let mut reader = Reader::new(path, &text);
    let data = read_data_file(&mut reader, &root, user_kinds);
    diagnostics.extend(reader.diagnostics);
    let unknown_keys = reader.unknown_keys;
    // In a reply batch, an error inside one proposal drops that letter only.
    let record_level = |d: &Diagnostic| {
        d.field
            .as_deref()
            .is_some_and(|f| f.starts_with("proposals["))
    };
    let fatal = diagnostics.iter().any(|d| d.is_error() && !record_level(d));
    let data = if fatal { None } else { data };
    Loaded {
        data,
        diagnostics,
        unknown_keys,
        text,
    }
}

fn read_data_file(r: &mut Reader, root: &Node, user_kinds: &[String]) -> Option<DataFile> {
    let Value::Map(_) = &root.value else {
        r.error(
            root.position,
            "",
            format!(
                "expected a document with `kind:` and `meta:` at the top, found {}",
                root.value.describe()
            ),
            Some("start from a skeleton: `gongwen new work-summary`".into()),
        );
        return None;
    };
    // First find the kind, so the top level can be checked against that kind's fields.
    // The probe's own findings are dropped: the real pass below reports them once.
    let mut probe_reader = Reader::new(r.file, r.source);
    let probe = probe_reader.object(root, "", "the top level", &all_top_level_specs())?;
    let kind_name = kind_of(r, &probe, user_kinds)?;
    let kind = Kind::from_name(&kind_name);
    let top_specs: Vec<FieldSpec> = TOP_COMMON
        .iter()
        .chain(kind.map_or(&[][..], kind_specs))
        .map(|s| field(s.key, s.aliases))
        .collect();
    let mut discard = Reader::new(r.file, r.source);
    let top = match kind {
        Some(_) => r.object(root, "", "the top level", &top_specs)?,
        // A user template's kind: only kind and meta are checked, the rest passes through.
        None => discard.object(root, "", "the top level", &top_specs)?,
    };
    let mut meta = match top.node("meta") {
        Some(node) => read_meta(r, node, kind)?,
        None => {
            r.error(
                top.position,
                "meta",
                "missing `meta:` (文头: org, date …)",
                Some(
                    "add `meta:` with at least `org:` and `date:`; see `gongwen new work-summary`"
                        .into(),
                ),
            );
            return None;
        }
    };
    let body = match kind {
        Some(Kind::WorkSummary) => Body::WorkSummary(read_work_summary(r, &top, &meta)),
        Some(Kind::SelfInspection) => Body::SelfInspection(read_self_inspection(r, &top, &meta)),
        Some(Kind::RiskReport) => Body::RiskReport(read_risk_report(r, &top, &meta)),
        Some(Kind::ProposalReply) => Body::ProposalReply(read_proposal_batch(r, &top, &meta)),
        None => Body::Custom(top.extra.clone()),
    };
    // Unknown keys are always readable as `extra.KEY`; a user kind also gets them at the top level.
    let extra = top.extra.clone();
    if meta.title.is_empty() {
        meta.title = default_title(&meta, &body);
    }
    Some(DataFile {
        kind: kind.map_or(kind_name, |k| k.name().to_string()),
        meta,
        body,
        extra,
    })
}

fn kind_specs(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::WorkSummary => WORK_SUMMARY,
        Kind::SelfInspection => SELF_INSPECTION,
        Kind::RiskReport => RISK_REPORT,
        Kind::ProposalReply => PROPOSAL_REPLY,
    }
}

/// Top-level fields of every kind, used only to find `kind` before the real check.
fn all_top_level_specs() -> Vec<FieldSpec> {
    let mut specs: Vec<FieldSpec> = TOP_COMMON.iter().map(|s| field(s.key, s.aliases)).collect();
    for kind in Kind::ALL {
        for s in kind_specs(kind) {
            if !specs.iter().any(|x| x.key == s.key) {
                specs.push(field(s.key, s.aliases));
            }
        }
    }
    specs
}

fn kind_of(r: &mut Reader, top: &Object, user_kinds: &[String]) -> Option<String> {
    let known: Vec<String> = Kind::ALL
        .iter()
        .map(|k| k.name().to_string())
        .chain(user_kinds.iter().cloned())
        .collect();
    let Some(name) = r.text(top, "kind") else {
        r.error(
            top.position,
            "kind",
            "missing `kind:` (文种)",
            Some(format!(
                "add a first line such as `kind: work-summary`; kinds: {}",
                known.join(", ")
            )),
        );
        return None;
    };
    if Kind::from_name(&name).is_some() || user_kinds.contains(&name) {
        return Some(name);
    }
    let position = top.node("kind").map(|n| n.position).unwrap_or(top.position);
    let chinese = Kind::ALL
        .iter()
        .flat_map(|k| k.chinese_names().iter().map(|c| c.to_string()));
    let suggestion = crate::suggest::closest(&name, known.iter().cloned().chain(chinese));
    let hint = match suggestion {
        Some(s) => format!("did you mean `{s}`? Known kinds: {}", known.join(", ")),
        None => format!(
            "known kinds: {} (or pass --templates DIR holding `{name}.md.tera`)",
            known.join(", ")
        ),
    };
    r.error(
        position,
        "kind",
        format!("unknown kind `{name}`"),
        Some(hint),
    );
    None
}

fn read_meta(r: &mut Reader, node: &Node, kind: Option<Kind>) -> Option<Meta> {
    let m = r.object(node, "meta", "meta (文头)", META)?;
    let org = r.required_text(
        &m,
        "org",
        "the issuing organisation (发文机关)",
        "阳江市科学技术局",
    );
    let date = r.date(&m, "date");
    if date.is_none() && !m.has("date") && kind != Some(Kind::ProposalReply) {
        r.error(
            m.position,
            "meta.date",
            "missing the date of the document (成文日期)",
            Some("add `date: 2024-06-30` under meta".into()),
        );
    }
    let year = match m.node("year") {
        Some(n) => match r.number(&m, "year") {
            Some(y) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) => Some(y as i32),
            Some(_) => {
                r.error(
                    n.position,
                    "meta.year",
                    "the year must be a whole number such as 2024",
                    None,
                );
                None
            }
            None => None,
        },
        None => date.map(|d| d.year),
    };
    let period = r.text(&m, "period").unwrap_or_else(|| "全年".to_string());
    let comparison = if matches!(period.as_str(), "全年" | "年度") {
        "比上年"
    } else {
        "同比"
    }
    .to_string();
    let next_period = next_period(&period, year);
    let contact = m
        .node("contact")
        .and_then(|n| read_contact(r, n, "meta.contact"));
    let cc = r.text_list(&m, "cc");
    let attachments = r.text_list(&m, "attachments");
    let session = r.text(&m, "session");
    let proposal_type = r.text(&m, "proposal_type");
    if let (Some(t), Some(n)) = (&proposal_type, m.node("proposal_type"))
        && t != "提案"
        && t != "建议"
    {
        r.error(
            n.position,
            "meta.proposal_type",
            format!("`{t}` is not a proposal type"),
            Some("write `提案` (政协委员) or `建议` (人大代表)".into()),
        );
    }
    if kind == Some(Kind::ProposalReply) && session.is_none() {
        r.error(
            m.position,
            "meta.session",
            "missing the session the proposals come from (会议届次)",
            Some("add e.g. `session: 市政协五届五次会议` under meta".into()),
        );
    }
    // An empty title is filled in from the whole file by `default_title` once the body is read.
    let meta = Meta {
        org,
        title: r.text(&m, "title").unwrap_or_default(),
        doc_number: r.text(&m, "doc_number"),
        addressee: r.text(&m, "addressee"),
        date,
        year,
        period,
        signer: r.text(&m, "signer"),
        signer_title: r.text(&m, "signer_title"),
        contact,
        cc,
        attachments,
        classification: r.text(&m, "classification"),
        session,
        proposal_type,
        comparison,
        next_period,
        extra: m.extra.clone(),
    };
    Some(meta)
}

fn next_period(period: &str, year: Option<i32>) -> String {
    let next_year = year.map_or("明年".to_string(), |y| format!("{}年", y + 1));
    match period {
        "上半年" => "下半年".into(),
        "下半年" => format!("{next_year}上半年"),
        "第一季度" => "第二季度".into(),
        "第二季度" => "第三季度".into(),
        "第三季度" => "第四季度".into(),
        "第四季度" => format!("{next_year}第一季度"),
        _ => next_year,
    }
}

/// The title made from the data when `meta.title` is not given.
fn default_title(meta: &Meta, body: &Body) -> String {
    let year = meta.year.map(|y| format!("{y}年")).unwrap_or_default();
    let period = if meta.period == "全年" {
        String::new()
    } else {
        meta.period.clone()
    };
    match body {
        Body::WorkSummary(_) => format!("{}{year}{period}工作总结", meta.org),
        // 六安市科学技术局保密工作目标管理考核自查报告
        Body::SelfInspection(SelfInspection {
            subject: Some(subject),
            ..
        }) => {
            format!("{}{}自查报告", meta.org, subject.trim_end_matches("自查"))
        }
        Body::SelfInspection(_) => format!("{}{year}{period}自查报告", meta.org),
        Body::RiskReport(_) => format!("{}防范化解重大风险情况汇报", meta.org),
        Body::ProposalReply(_) | Body::Custom(_) => meta.org.clone(),
    }
}

fn read_contact(r: &mut Reader, node: &Node, path: &str) -> Option<Contact> {
    if let Value::Str(s) = &node.value {
        // "张敏，023-63012345" or "张敏 023-63012345"
        let split = s
            .find(|c: char| c.is_ascii_digit() || c == '(' || c == '（')
            .unwrap_or(s.len());
        let name = s[..split]
            .trim_end_matches([' ', '，', ',', '：', ':', '；'])
            .trim()
            .to_string();
        let phone = s[split..].trim().to_string();
        return Some(Contact { name, phone });
    }
    let c = r.object(node, path, "the contact (联系人)", CONTACT)?;
    let name = r.required_text(&c, "name", "the contact's name", "张敏");
    let phone = r.text(&c, "phone").unwrap_or_default();
    Some(Contact { name, phone })
}

fn read_indicator(
    r: &mut Reader,
    node: &Node,
    path: &str,
    meta: &Meta,
    target_only: bool,
) -> Option<Indicator> {
    let o = r.object(node, path, "an indicator (指标)", INDICATOR)?;
    let name = r.required_text(&o, "name", "the indicator's name", "高新技术企业");
    let value = r.number(&o, "value");
    let unit = r.text(&o, "unit").unwrap_or_default();
    let previous = r.number(&o, "previous");
    let target = r.number(&o, "target");
    if value.is_none() && !o.has("value") && !target_only {
        r.error(
            o.position,
            &o.child_path("value"),
            format!("indicator `{name}` has no `value`"),
            Some("add `value: 123` (a target alone belongs under a plan's `targets`)".into()),
        );
    }
    if target_only && value.is_none() && target.is_none() && !o.has("target") {
        r.error(
            o.position,
            &o.child_path("target"),
            format!("target `{name}` has neither `target` nor `value`"),
            Some("add `target: 100`".into()),
        );
    }
    let with_unit = |x: f64| format!("{}{unit}", format_number(x));
    let mut ind = Indicator {
        name: name.clone(),
        value,
        unit: unit.clone(),
        previous,
        target,
        note: r.text(&o, "note"),
        value_text: value.map(with_unit),
        previous_text: previous.map(with_unit),
        target_text: target.map(with_unit),
        extra: o.extra.clone(),
        ..Indicator::default()
    };
    if let (Some(v), Some(p)) = (value, previous) {
        let g = derive::growth(v, p, &unit, &meta.comparison);
        ind.change = Some(g.change);
        ind.growth_pct = g.pct;
        ind.growth_direction = Some(g.direction.to_string());
        ind.change_phrase = Some(g.short(&meta.comparison));
        ind.growth_phrase = Some(g.phrase);
    }
    if let (Some(v), Some(t)) = (value, target) {
        let c = derive::completion(v, t, &unit);
        ind.completion_pct = c.pct;
        ind.exceeded_pct = c.exceeded_pct;
        ind.target_met = Some(c.met);
        ind.completion_phrase = (!c.phrase.is_empty()).then_some(c.phrase);
    }
    ind.sentence = indicator_sentence(&ind);
    Some(ind)
}

/// 全社会R&D经费支出45.6亿元，比上年增长13.4%，完成目标的103.6% — or, for a target alone, 全社会R&D投入强度达到2.3%.
fn indicator_sentence(ind: &Indicator) -> String {
    match &ind.value_text {
        Some(v) => {
            let mut s = format!("{}{v}", ind.name);
            for phrase in [&ind.growth_phrase, &ind.completion_phrase]
                .into_iter()
                .flatten()
            {
                s.push('，');
                s.push_str(phrase);
            }
            s
        }
        None => ind
            .target_text
            .as_ref()
            .map_or(ind.name.clone(), |t| format!("{}达到{t}", ind.name)),
    }
}

fn read_indicators(
    r: &mut Reader,
    o: &Object,
    key: &str,
    meta: &Meta,
    target_only: bool,
) -> Vec<Indicator> {
    r.list(o, key, |r, node, path| {
        read_indicator(r, node, path, meta, target_only)
    })
}

fn read_section(
    r: &mut Reader,
    node: &Node,
    path: &str,
    meta: &Meta,
    what: &str,
) -> Option<Section> {
    let o = r.object(node, path, what, SECTION)?;
    let title = r.required_text(
        &o,
        "title",
        "the heading (标题)",
        "创新驱动政策体系持续完善",
    );
    Some(Section {
        title,
        text: r.text(&o, "text"),
        points: r.text_list(&o, "points"),
        indicators: read_indicators(r, &o, "indicators", meta, false),
        targets: read_indicators(r, &o, "targets", meta, true),
        extra: o.extra.clone(),
    })
}

fn read_sections(r: &mut Reader, o: &Object, key: &str, meta: &Meta, what: &str) -> Vec<Section> {
    r.list(o, key, |r, node, path| {
        read_section(r, node, path, meta, what)
    })
}

fn read_work_summary(r: &mut Reader, top: &Object, meta: &Meta) -> WorkSummary {
    let summary = WorkSummary {
        intro: r.text(top, "intro"),
        indicators: read_indicators(r, top, "indicators", meta, false),
        achievements: read_sections(r, top, "achievements", meta, "an achievement (主要工作)"),
        highlights: read_sections(r, top, "highlights", meta, "a highlight (工作亮点)"),
        problems: r.text_list(top, "problems"),
        plans: read_sections(r, top, "plans", meta, "a plan (工作打算)"),
        closing: r.text(top, "closing"),
    };
    if summary.achievements.is_empty() && !top.has("achievements") {
        r.error(
            top.position,
            "achievements",
            "a work summary needs `achievements:` (主要工作)",
            Some("add a list of items, each with `title:` and `text:` or `points:`".into()),
        );
    }
    summary
}

fn read_self_inspection(r: &mut Reader, top: &Object, meta: &Meta) -> SelfInspection {
    let items = r.list(top, "items", |r, node, path| {
        read_inspection_item(r, node, path, meta)
    });
    if items.is_empty() && !top.has("items") {
        r.error(top.position, "items", "a self-inspection report needs `items:` (自查项目)", Some("add a list of items, each with `title:`, `text:` and optionally `max_score:`/`score:`".into()));
    }
    let scored: Vec<&InspectionItem> = items.iter().filter(|i| i.score.is_some()).collect();
    let totals = (!scored.is_empty()).then(|| {
        let total_score: f64 = scored.iter().filter_map(|i| i.score).sum();
        let max_total: f64 = scored.iter().filter_map(|i| i.max_score).sum();
        ScoreTotals {
            total_score: derive::round_to(total_score, 2),
            max_total: derive::round_to(max_total, 2),
            deducted: derive::round_to(max_total - total_score, 2),
            score_rate: derive::score_rate(total_score, max_total),
            scored_items: scored.len(),
            full_score_items: scored.iter().filter(|i| i.deducted == Some(0.0)).count(),
            deducted_items: scored
                .iter()
                .filter(|i| i.deducted.is_some_and(|d| d > 0.0))
                .count(),
        }
    });
    SelfInspection {
        basis: r.text(top, "basis"),
        subject: r.text(top, "subject"),
        intro: r.text(top, "intro"),
        indicators: read_indicators(r, top, "indicators", meta, false),
        items,
        highlights: read_sections(r, top, "highlights", meta, "a highlight (工作亮点)"),
        problems: r.text_list(top, "problems"),
        rectification: r.list(top, "rectification", read_rectification),
        closing: r.text(top, "closing"),
        totals,
    }
}

fn read_inspection_item(
    r: &mut Reader,
    node: &Node,
    path: &str,
    meta: &Meta,
) -> Option<InspectionItem> {
    let o = r.object(
        node,
        path,
        "a self-inspection item (自查项目)",
        INSPECTION_ITEM,
    )?;
    let title = r.required_text(&o, "title", "the item's title", "保密组织健全");
    let max_score = r.number(&o, "max_score");
    let score = r.number(&o, "score");
    if let (Some(max), Some(n)) = (max_score, o.node("max_score"))
        && max <= 0.0
    {
        r.error(
            n.position,
            &o.child_path("max_score"),
            format!(
                "the full score must be above 0, found {}",
                format_number(max)
            ),
            None,
        );
    }
    if let (Some(s), Some(n)) = (score, o.node("score")) {
        if s < 0.0 {
            r.error(
                n.position,
                &o.child_path("score"),
                format!("a score cannot be negative, found {}", format_number(s)),
                Some("write the points kept, e.g. `score: 8` for 8 of 10".into()),
            );
        } else if let Some(max) = max_score.filter(|&m| s > m) {
            r.error(
                n.position,
                &o.child_path("score"),
                format!(
                    "the score {} is above the full score {}",
                    format_number(s),
                    format_number(max)
                ),
                Some(format!(
                    "a score lies between 0 and max_score ({})",
                    format_number(max)
                )),
            );
        } else if max_score.is_none() {
            r.error(
                n.position,
                &o.child_path("max_score"),
                "an item with a score needs its full score (`max_score`)",
                Some("add `max_score: 10` (满分)".into()),
            );
        }
    }
    let deducted = match (max_score, score) {
        (Some(m), Some(s)) => Some(derive::round_to(m - s, 2)),
        _ => None,
    };
    Some(InspectionItem {
        title,
        max_score,
        score,
        deducted,
        text: r.text(&o, "text"),
        points: r.text_list(&o, "points"),
        deduction: r.text(&o, "deduction"),
        evidence: r.text_list(&o, "evidence"),
        indicators: read_indicators(r, &o, "indicators", meta, false),
        extra: o.extra.clone(),
    })
}

fn read_rectification(r: &mut Reader, node: &Node, path: &str) -> Option<Rectification> {
    let o = r.object(
        node,
        path,
        "a rectification measure (整改措施)",
        RECTIFICATION,
    )?;
    Some(Rectification {
        problem: r.required_text(&o, "problem", "the problem to fix", "网站防护能力不足"),
        measure: r.required_text(&o, "measure", "the measure", "迁移到市统一网站平台"),
        owner: r.text(&o, "owner"),
        deadline: r.date(&o, "deadline"),
        extra: o.extra.clone(),
    })
}

fn read_risk_report(r: &mut Reader, top: &Object, meta: &Meta) -> RiskReport {
    let risks = r.list(top, "risks", read_risk);
    let count_by = |labels: &[&str], pick: &dyn Fn(&Risk) -> Option<&String>| -> Vec<LabelCount> {
        let mut counts: Vec<LabelCount> = labels
            .iter()
            .map(|l| LabelCount {
                label: l.to_string(),
                count: 0,
            })
            .collect();
        for risk in &risks {
            if let Some(value) = pick(risk) {
                match counts.iter_mut().find(|c| &c.label == value) {
                    Some(c) => c.count += 1,
                    None => counts.push(LabelCount {
                        label: value.clone(),
                        count: 1,
                    }),
                }
            }
        }
        counts
    };
    let by_level = count_by(&RISK_LEVELS, &|r| r.level.as_ref());
    let by_status = count_by(&RISK_STATUSES, &|r| r.status.as_ref());
    let phrase = |counts: &[LabelCount], suffix: &str| -> String {
        counts
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{}{suffix}{}项", c.label, c.count))
            .collect::<Vec<_>>()
            .join("、")
    };
    let risk_counts = RiskCounts {
        total: risks.len(),
        level_phrase: phrase(&by_level, "风险"),
        status_phrase: phrase(&by_status, ""),
        by_level,
        by_status,
    };
    let report = RiskReport {
        intro: r.text(top, "intro"),
        indicators: read_indicators(r, top, "indicators", meta, false),
        measures: read_sections(r, top, "measures", meta, "a measure (主要措施)"),
        risk_counts,
        risks,
        problems: r.text_list(top, "problems"),
        next_steps: r.text_list(top, "next_steps"),
        closing: r.text(top, "closing"),
    };
    if report.measures.is_empty() && !top.has("measures") {
        r.error(
            top.position,
            "measures",
            "a risk report needs `measures:` (主要措施)",
            Some(
                "add a list of measures taken, each with `title:` and `text:` or `points:`".into(),
            ),
        );
    }
    report
}

fn read_risk(r: &mut Reader, node: &Node, path: &str) -> Option<Risk> {
    let o = r.object(node, path, "a risk (风险隐患)", RISK)?;
    let name = r.required_text(&o, "name", "the risk's name", "科技项目资金风险");
    let level = r.text(&o, "level");
    if let (Some(l), Some(n)) = (&level, o.node("level"))
        && !RISK_LEVELS.contains(&l.as_str())
    {
        let near = RISK_LEVELS
            .iter()
            .find(|k| l.contains(*k) || k.contains(l.as_str()));
        let hint = match near {
            Some(k) => format!("did you mean `{k}`? Levels: {}", RISK_LEVELS.join(" | ")),
            None => format!("write one of {}", RISK_LEVELS.join(" | ")),
        };
        r.error(
            n.position,
            &o.child_path("level"),
            format!("`{l}` is not a risk level"),
            Some(hint),
        );
    }
    let status = r.text(&o, "status");
    if let (Some(s), Some(n)) = (&status, o.node("status"))
        && !RISK_STATUSES.contains(&s.as_str())
    {
        r.warning(
            n.position,
            &o.child_path("status"),
            format!(
                "`{s}` is not one of the usual statuses ({})",
                RISK_STATUSES.join(" | ")
            ),
            Some("it is printed as written".into()),
        );
    }
    Some(Risk {
        name,
        area: r.text(&o, "area"),
        level,
        description: r.text(&o, "description"),
        measures: r.text(&o, "measures"),
        owner: r.text(&o, "owner"),
        deadline: r.date(&o, "deadline"),
        status,
        extra: o.extra.clone(),
    })
}

fn read_proposal_batch(r: &mut Reader, top: &Object, meta: &Meta) -> ProposalBatch {
    let proposals = r.list(top, "proposals", |r, node, path| {
        read_proposal(r, node, path, meta)
    });
    if proposals.is_empty() && !top.has("proposals") {
        r.error(
            top.position,
            "proposals",
            "a reply batch needs `proposals:` (提案), one entry per letter",
            Some(
                "add a list; each entry has number, proposer, title, result, date and sections"
                    .into(),
            ),
        );
    }
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, p) in proposals.iter().enumerate() {
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == p.number) {
            let node = top.node("proposals").and_then(|n| match &n.value {
                Value::Seq(items) => items.get(i),
                _ => None,
            });
            let position = node.map_or(top.position, |n| n.position);
            r.error(
                position,
                &format!("proposals[{i}].number"),
                format!(
                    "proposal number {} appears twice (also proposals[{first}])",
                    p.number
                ),
                Some("each letter needs its own number; its file is named after it".into()),
            );
        } else {
            seen.push((&p.number, i));
        }
    }
    let by_result = RESULT_CLASSES
        .iter()
        .map(|(class, _)| LabelCount {
            label: class.to_string(),
            count: proposals.iter().filter(|p| p.result == *class).count(),
        })
        .collect();
    ProposalBatch {
        counts: ProposalCounts {
            total: proposals.len(),
            by_result,
        },
        proposals,
    }
}

fn read_proposal(r: &mut Reader, node: &Node, path: &str, meta: &Meta) -> Option<Proposal> {
    let o = r.object(node, path, "a proposal (提案)", PROPOSAL)?;
    let errors_before = r.diagnostics.0.len();
    let number = r.required_text(&o, "number", "the proposal number (编号)", "\"0982\"");
    let number = number
        .trim()
        .trim_start_matches('第')
        .trim_end_matches('号')
        .to_string();
    let proposers = r.text_list(&o, "proposer");
    if proposers.is_empty() {
        r.error(
            o.position,
            &o.child_path("proposer"),
            "missing the proposer (提案人)",
            Some("add `proposer: 王济光`, a list for several, or the group's name".into()),
        );
    }
    let title = r.required_text(
        &o,
        "title",
        "the proposal's title",
        "关于完善我市科技创新协同机制的建议",
    );
    let result_raw = r.required_text(&o, "result", "the result class (办理结果)", "A");
    let result = result_class(&result_raw);
    if result.is_none() && !result_raw.is_empty() {
        let position = o.node("result").map_or(o.position, |n| n.position);
        let classes: Vec<String> = RESULT_CLASSES
            .iter()
            .map(|(c, t)| format!("{c} {t}"))
            .collect();
        r.error(
            position,
            &o.child_path("result"),
            format!("`{result_raw}` is not a result class"),
            Some(format!("write A, B or C: {}", classes.join("; "))),
        );
    }
    let date = r.date(&o, "date").or(meta.date);
    if date.is_none() && !o.has("date") {
        r.error(
            o.position,
            &o.child_path("date"),
            "missing the date of this letter (成文日期)",
            Some(
                "add `date: 2022-07-12` to the proposal, or one `date:` under meta for all".into(),
            ),
        );
    }
    let sections = r.list(&o, "sections", read_reply_section);
    if sections.is_empty() && !o.has("sections") {
        r.error(
            o.position,
            &o.child_path("sections"),
            "missing the reply's content (答复内容)",
            Some("add `sections:` with `- heading: 关于……` and `text: |` entries".into()),
        );
    }
    let co_handlers = r.text_list(&o, "co_handlers");
    let doc_number = r.text(&o, "doc_number");
    let intro = r.text(&o, "intro");
    let closing = r.text(&o, "closing");
    if r.diagnostics.0.len() > errors_before && r.diagnostics.has_errors() {
        return None;
    }
    let is_suggestion = meta.proposal_type.as_deref() == Some("建议");
    let role = if is_suggestion { "代表" } else { "委员" };
    let group = proposers.len() == 1 && looks_like_group(&proposers[0]);
    let plural = group || proposers.len() > 1;
    let salutation = if group {
        proposers[0].clone()
    } else {
        format!("{}{role}", proposers.join("、"))
    };
    let type_word = if is_suggestion { "建议" } else { "提案" };
    let letter_suffix = if is_suggestion { "答复函" } else { "复函" };
    let session = meta.session.clone().unwrap_or_default();
    let letter_title = format!("关于{session}第{number}号{type_word}的{letter_suffix}");
    let result = result.unwrap_or("A");
    Some(Proposal {
        file_stem: format!("{number}-{title}"),
        number,
        proposers,
        salutation,
        plural,
        letter_kind: letter_suffix.to_string(),
        title,
        doc_number,
        co_handlers,
        result: result.to_string(),
        result_text: RESULT_CLASSES
            .iter()
            .find(|(c, _)| *c == result)
            .map(|(_, t)| t.to_string())
            .unwrap_or_default(),
        date: date.unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        }),
        intro,
        sections,
        closing,
        letter_title,
        extra: o.extra.clone(),
    })
}

/// A proposer that is an organisation (民盟市委, 致公党市委, 某某界别) is addressed without 委员/代表.
fn looks_like_group(name: &str) -> bool {
    let name = name.trim();
    const GROUP_WORDS: [&str; 14] = [
        "民盟",
        "民建",
        "民进",
        "农工",
        "致公",
        "九三",
        "台盟",
        "民革",
        "工商联",
        "界别",
        "委员会",
        "小组",
        "代表团",
        "联组",
    ];
    GROUP_WORDS.iter().any(|k| name.contains(k))
        || ["市委", "省委", "区委", "县委", "支部", "组"]
            .iter()
            .any(|k| name.ends_with(k))
}

fn result_class(text: &str) -> Option<&'static str> {
    let t = text.trim().trim_end_matches('类').to_uppercase();
    match t.as_str() {
        "A" => Some("A"),
        "B" => Some("B"),
        "C" => Some("C"),
        _ => RESULT_CLASSES
            .iter()
            .find(|(_, desc)| *desc == text.trim())
            .map(|(c, _)| *c),
    }
}

fn read_reply_section(r: &mut Reader, node: &Node, path: &str) -> Option<ReplySection> {
    let o = r.object(node, path, "a reply section (答复内容)", REPLY_SECTION)?;
    Some(ReplySection {
        heading: r.required_text(
            &o,
            "heading",
            "the section heading (小标题)",
            "关于强化核心技术攻关",
        ),
        text: r.text(&o, "text"),
        points: r.text_list(&o, "points"),
        extra: o.extra.clone(),
    })
}
