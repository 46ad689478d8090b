//! The work-summary kind (工作总结): its fields and its reader.

use crate::data::fields::{FieldSpec, Object, Reader, field};
use crate::data::load::*;
use crate::data::model::*;

pub(crate) const WORK_SUMMARY: &[FieldSpec] = &[
    field("intro", &["开头"]),
    field("indicators", &["指标"]),
    field("achievements", &["主要工作"]),
    field("highlights", &["工作亮点"]),
    field("problems", &["存在问题"]),
    field("plans", &["工作打算"]),
    field("closing", &["结束语"]),
    field("indicator_table", &["指标表"]),
];

/// `table_default`: where the indicator table goes when the file does not say.
pub(crate) fn read_work_summary(
    r: &mut Reader,
    top: &Object,
    meta: &Meta,
    table_default: crate::style::TablePlace,
) -> WorkSummary {
    let summary = WorkSummary {
        intro: r.text(top, "intro"),
        indicators: read_indicators(r, top, "indicators", meta, false),
        achievements: read_sections(r, top, "achievements", meta, "an achievement (主要工作)"),
        highlights: read_sections(r, top, "highlights", meta, "a highlight (工作亮点)"),
        problems: r.text_list(top, "problems"),
        plans: read_sections(r, top, "plans", meta, "a plan (工作打算)"),
        closing: r.text(top, "closing"),
        indicator_table: table_place(r, top, "indicator_table", table_default),
        indicator_table_title: format!("{}主要指标完成情况表", period_label(meta)),
        indicator_table_number: None,
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
