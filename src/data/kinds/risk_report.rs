//! The risk-report kind (防范化解重大风险情况汇报): its fields, the 风险台账 rows, and readers.

use crate::data::fields::{FieldSpec, Object, Reader, field};
use crate::data::load::*;
use crate::data::model::*;
use crate::data::yaml::Node;

pub(crate) const RISK_REPORT: &[FieldSpec] = &[
    field("intro", &["开头"]),
    field("indicators", &["指标"]),
    field("measures", &["主要措施"]),
    field("risks", &["风险隐患"]),
    field("problems", &["存在问题"]),
    field("next_steps", &["下一步工作"]),
    field("closing", &["结束语"]),
    field("risk_table", &["风险台账"]),
];

pub(crate) const RISK: &[FieldSpec] = &[
    field("name", &["名称"]),
    field("area", &["领域"]),
    field("level", &["等级"]),
    field("description", &["描述"]),
    field("measures", &["应对措施"]),
    field("owner", &["责任单位"]),
    field("deadline", &["完成时限"]),
    field("status", &["状态"]),
];

pub const RISK_LEVELS: [&str; 4] = ["重大", "较大", "一般", "低"];

pub const RISK_STATUSES: [&str; 3] = ["已化解", "整改中", "持续监测"];

/// `table_default`: where the 风险隐患台账 goes when the file does not say.
pub(crate) fn read_risk_report(
    r: &mut Reader,
    top: &Object,
    meta: &Meta,
    table_default: crate::style::TablePlace,
) -> RiskReport {
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
        risk_table: table_place(r, top, "risk_table", table_default),
        risk_table_title: "风险隐患台账".to_string(),
        risk_table_number: None,
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

pub(crate) fn read_risk(r: &mut Reader, node: &Node, path: &str) -> Option<Risk> {
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
