//! The self-inspection kind (自查报告): its fields, items with scores, rectification, and readers.

use crate::data::derive;
use crate::data::fields::{FieldSpec, Object, Reader, field, format_number};
use crate::data::load::*;
use crate::data::model::*;
use crate::data::yaml::Node;

pub(crate) const SELF_INSPECTION: &[FieldSpec] = &[
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

pub(crate) const INSPECTION_ITEM: &[FieldSpec] = &[
    field("title", &["标题"]),
    field("max_score", &["满分"]),
    field("score", &["自评分"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
    field("deduction", &["扣分说明"]),
    field("evidence", &["佐证材料"]),
    field("indicators", &["指标"]),
];

pub(crate) const RECTIFICATION: &[FieldSpec] = &[
    field("problem", &["问题"]),
    field("measure", &["措施"]),
    field("owner", &["责任单位", "责任科室"]),
    field("deadline", &["完成时限"]),
];

pub(crate) fn read_self_inspection(r: &mut Reader, top: &Object, meta: &Meta) -> SelfInspection {
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

pub(crate) fn read_inspection_item(
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

pub(crate) fn read_rectification(r: &mut Reader, node: &Node, path: &str) -> Option<Rectification> {
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
