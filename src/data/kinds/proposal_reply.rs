//! The proposal-reply kind (提案/建议答复函): the batch, each proposal, its sections, and readers.

use crate::data::date::Date;
use crate::data::fields::{FieldSpec, Object, Reader, field};
use crate::data::items::ItemStore;
use crate::data::model::*;
use crate::data::yaml::{Node, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub(crate) const PROPOSAL_REPLY: &[FieldSpec] = &[
    field("proposals", &["提案", "建议"]),
    field("receipt", &["回执"]),
];

pub(crate) const PROPOSAL: &[FieldSpec] = &[
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
    field("receipt", &["回执"]),
];

pub(crate) const REPLY_SECTION: &[FieldSpec] = &[
    field("heading", &["小标题"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
];

pub const RESULT_CLASSES: [(&str, &str); 3] = [
    ("A", "所提问题已经解决或采纳"),
    ("B", "正在解决或已列入计划"),
    ("C", "因条件限制留作参考"),
];

/// What a proposal's entry says of itself, unchecked: number, proposer(s), title and result.
fn as_written(node: &Node) -> RejectedProposal {
    let Value::Map(entries) = &node.value else {
        return RejectedProposal::default();
    };
    let text = |key: &str| {
        let spec = PROPOSAL.iter().find(|f| f.key == key);
        entries
            .iter()
            .find(|(k, _)| {
                k.name == key || spec.is_some_and(|f| f.aliases.contains(&k.name.as_str()))
            })
            .map(|(_, v)| match &v.value {
                Value::Seq(items) => items
                    .iter()
                    .map(|i| scalar(&i.value))
                    .collect::<Vec<_>>()
                    .join("、"),
                other => scalar(other),
            })
            .unwrap_or_default()
    };
    RejectedProposal {
        index: 0,
        number: text("number"),
        proposer: text("proposer"),
        title: text("title"),
        result: text("result"),
    }
}

/// A scalar's text as written.
fn scalar(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Check every proposal of the batch and list the letters to make. Each entry is read from
/// `entries` (the list kept outside the tree), or from the tree's own `proposals:` list where the
/// parse kept it there; only what the index lists stays in memory, and a letter's proposal is
/// read again from its entry when the letter is made ([`ProposalBatch::proposal`]).
pub(crate) fn read_proposal_batch(
    r: &mut Reader,
    top: &Object,
    meta: &Meta,
    entries: Option<ItemStore>,
) -> ProposalBatch {
    let receipt = r.flag(top, "receipt").unwrap_or(false);
    let entries = match entries {
        Some(entries) => entries,
        None => match top.node("proposals").map(|n| &n.value) {
            Some(Value::Seq(items)) => ItemStore::of_nodes(items),
            // Not a list: `r.list` says so.
            _ => {
                r.list(top, "proposals", |_, _, _| None::<()>);
                ItemStore::in_memory()
            }
        },
    };
    let path = top.child_path("proposals");
    let mut letters = Vec::new();
    let mut rejected = Vec::new();
    let mut first_of_number: HashMap<String, usize> = HashMap::new();
    let mut by_result = [0; RESULT_CLASSES.len()];
    for index in 0..entries.len() {
        let item_path = format!("{path}[{index}]");
        let node = match entries.get(index) {
            Ok(node) => node,
            Err(e) => {
                r.error(
                    entries.position(index),
                    &item_path,
                    format!("cannot read this proposal back from the temporary file: {e}"),
                    Some("check that the temporary folder (TMPDIR, else /tmp) has free space, and run again".into()),
                );
                continue;
            }
        };
        let Some(proposal) = read_proposal(r, &node, &item_path, meta, receipt) else {
            rejected.push(RejectedProposal {
                index,
                ..as_written(&node)
            });
            continue;
        };
        // A number given twice: the first entry's letter is made, the later one is left out
        // (and listed in the index with this error), so no letter goes out under the number of
        // another proposal.
        if let Some(first) = first_of_number.get(&proposal.number) {
            r.error(
                node.position,
                &format!("{item_path}.number"),
                format!(
                    "proposal number {} appears twice (also {path}[{first}]); this letter is not made",
                    proposal.number
                ),
                Some("each letter needs its own number; correct the number of one of them".into()),
            );
            rejected.push(RejectedProposal {
                index,
                ..as_written(&node)
            });
            continue;
        }
        first_of_number.insert(proposal.number.clone(), index);
        if let Some(class) = RESULT_CLASSES
            .iter()
            .position(|(c, _)| *c == proposal.result)
        {
            by_result[class] += 1;
        }
        letters.push(BatchLetter {
            entry: index,
            file_stem: proposal.file_stem,
            number: proposal.number,
            proposer: proposal.proposers.join("、"),
            title: proposal.title,
            result: proposal.result,
        });
    }
    if entries.is_empty() && !top.has("proposals") {
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
    ProposalBatch {
        counts: ProposalCounts {
            total: letters.len(),
            by_result: RESULT_CLASSES
                .iter()
                .zip(by_result)
                .map(|((class, _), count)| LabelCount {
                    label: class.to_string(),
                    count,
                })
                .collect(),
        },
        letters,
        entries: Arc::new(entries),
        receipt,
        rejected,
    }
}

impl ProposalBatch {
    /// The proposal that letter `n` answers, read again from its entry (it was checked when
    /// the batch was loaded).
    pub fn proposal(&self, n: usize, meta: &Meta) -> Result<Proposal, String> {
        let entry = self.letters[n].entry;
        let node = self.entries.get(entry).map_err(|e| {
            format!("cannot read proposals[{entry}] back from the temporary file: {e}")
        })?;
        let mut reader = Reader::new(Path::new(""), "");
        read_proposal(
            &mut reader,
            &node,
            &format!("proposals[{entry}]"),
            meta,
            self.receipt,
        )
        .ok_or_else(|| format!("proposals[{entry}] no longer reads as it did"))
    }
}

pub(crate) fn read_proposal(
    r: &mut Reader,
    node: &Node,
    path: &str,
    meta: &Meta,
    batch_receipt: bool,
) -> Option<Proposal> {
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
        let classes: Vec<String> = RESULT_CLASSES
            .iter()
            .map(|(c, t)| format!("{c} {t}"))
            .collect();
        r.field_error(
            &o,
            "result",
            format!("`{result_raw}` is not a result class"),
            format!("write A, B or C: {}", classes.join("; ")),
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
    let receipt = r.flag(&o, "receipt");
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
        receipt: receipt.unwrap_or(batch_receipt),
        extra: o.extra.clone(),
    })
}

/// A proposer that is an organisation (民盟市委, 致公党市委, 某某界别) is addressed without 委员/代表.
pub(crate) fn looks_like_group(name: &str) -> bool {
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

pub(crate) fn result_class(text: &str) -> Option<&'static str> {
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

pub(crate) fn read_reply_section(r: &mut Reader, node: &Node, path: &str) -> Option<ReplySection> {
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
