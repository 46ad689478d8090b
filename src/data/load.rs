//! Loading a data file: decode, parse, resolve aliases, validate against the kind's schema and compute derived figures.

use super::derive;
use super::fields::{FieldSpec, Object, Reader, field, format_number, printable_number};
use super::items::Keep;
use super::kinds::{proposal_reply::*, risk_report::*, self_inspection::*, work_summary::*};
use super::model::*;
use super::source;
use super::yaml::{self, Node, Parsed, Value};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::model::{Direction, DocFormat};
use crate::document::wording::{COPY_NUMBER_DIGITS, SECRECY_LEVELS, URGENCIES, goes_upward};
use crate::style::{TablePlace, TablePlaces};
use std::path::Path;

pub(crate) const TOP_COMMON: &[FieldSpec] = &[field("kind", &["文种"]), field("meta", &["文头"])];

pub(crate) const META: &[FieldSpec] = &[
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
    field("classification", &["公开属性"]),
    field("session", &["会议届次"]),
    field("proposal_type", &["来文类型"]),
    field("printed_by", &["印发机关"]),
    field("printed_on", &["印发日期"]),
    field("org_mark", &["发文机关标志"]),
    field("copy_number", &["份号"]),
    field("secrecy", &["密级"]),
    field("secrecy_term", &["保密期限"]),
    field("urgency", &["紧急程度"]),
    field("direction", &["行文方向"]),
    field("letterhead", &["版头"]),
    field("seal", &["印章"]),
    field("seal_image", &["印章图片"]),
];

/// The values a 版头 field may take: each canonical value with the other ways to write it.
const SECRECY: &[(&str, &[&str])] = &[
    (SECRECY_LEVELS[0], &[]),
    (SECRECY_LEVELS[1], &[]),
    (SECRECY_LEVELS[2], &[]),
];
const URGENCY: &[(&str, &[&str])] = &[(URGENCIES[0], &[]), (URGENCIES[1], &[])];
const DIRECTION: &[(&str, &[&str])] = &[
    ("上行", &["upward", "上行文"]),
    ("平行", &["parallel", "平行文"]),
    ("下行", &["downward", "下行文"]),
];
const SEAL: &[(&str, &[&str])] = &[
    ("stamped", &["盖章", "加盖印章"]),
    ("unstamped", &["不盖章", "不加盖印章"]),
    ("signature", &["签名章", "加盖签发人签名章"]),
];
const LETTERHEAD: &[(&str, &[&str])] = &[
    ("drawn", &["红头", "套红"]),
    ("preprinted", &["预印", "套印"]),
    ("none", &["无"]),
];

pub(crate) const ATTACHMENT: &[FieldSpec] = &[
    field("title", &["标题", "名称"]),
    field("text", &["内容"]),
    field("table", &["表格"]),
];

pub(crate) const ATTACHMENT_TABLE: &[FieldSpec] =
    &[field("header", &["表头"]), field("rows", &["行", "数据"])];

pub(crate) const CONTACT: &[FieldSpec] = &[
    field("name", &["名称", "姓名"]),
    field("phone", &["电话", "联系电话"]),
];

pub(crate) const INDICATOR: &[FieldSpec] = &[
    field("name", &["名称"]),
    field("value", &["数值"]),
    field("unit", &["单位"]),
    field("previous", &["上年同期", "基期"]),
    field("target", &["目标"]),
    field("note", &["备注"]),
];

pub(crate) const SECTION: &[FieldSpec] = &[
    field("title", &["标题"]),
    field("text", &["内容"]),
    field("points", &["要点"]),
    field("indicators", &["指标"]),
    field("targets", &["目标任务"]),
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

impl Loaded {
    /// A file that could not be read as data: no data, `diagnostics` (the last one its error)
    /// and the `text` decoded so far.
    fn failed(mut diagnostics: Diagnostics, error: Diagnostic, text: String) -> Loaded {
        diagnostics.push(error);
        Loaded {
            data: None,
            diagnostics,
            unknown_keys: Vec::new(),
            text,
        }
    }
}

/// Read and validate a data file from disk. `user_kinds` are kinds that a user template folder
/// provides. A UTF-8 file is parsed as it is read, never held whole, and a reply batch's
/// proposals go to a temporary file as they are read; other encodings are decoded whole first.
pub fn load_file(path: &Path, user_kinds: &[String], places: &TablePlaces) -> Loaded {
    let unreadable = |e: std::io::Error| {
        Loaded::failed(
            Diagnostics::default(),
            Diagnostic::error(path, format!("cannot read the file: {e}"))
                .hint("check the file name and that you may read it"),
            String::new(),
        )
    };
    match source::utf8_file(path) {
        Ok(Some(bom)) => {
            let file = match std::fs::File::open(path) {
                Ok(file) => file,
                Err(e) => return unreadable(e),
            };
            let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
            if bom {
                let mut skipped = [0; 3];
                if let Err(e) = std::io::Read::read_exact(&mut reader, &mut skipped) {
                    return unreadable(e);
                }
            }
            let parsed = yaml::parse_data(
                path,
                yaml::DataInput::Reader(&mut reader),
                batch_list(Keep::Disk(path.parent().map(Path::to_path_buf))),
            );
            let mut loaded = match parsed {
                Ok(parsed) => load_node(
                    path,
                    parsed,
                    String::new(),
                    Diagnostics::default(),
                    user_kinds,
                    places,
                ),
                Err(e) => Loaded::failed(Diagnostics::default(), e, String::new()),
            };
            source::quote_lines(path, &mut loaded.diagnostics.0);
            source::quote_lines(path, &mut loaded.unknown_keys);
            loaded
        }
        Ok(None) => match source::read_capped(path) {
            Ok(bytes) => load_decoded(path, source::decode_owned(path, bytes), user_kinds, places),
            Err(e) => Loaded::failed(Diagnostics::default(), e, String::new()),
        },
        Err(e) => Loaded::failed(Diagnostics::default(), e, String::new()),
    }
}

/// The list a data file's parse keeps outside its tree: a reply batch's proposals, kept where
/// `keep` says.
fn batch_list(keep: Keep) -> yaml::OutsideList {
    yaml::OutsideList {
        kind: &TOP_COMMON[0],
        has_list: |kind| Kind::from_name(kind) == Some(Kind::ProposalReply),
        list: &PROPOSAL_REPLY[0],
        keep,
    }
}

/// Read a spreadsheet of proposals (see [`super::sheet`]) as a reply batch. Its messages name
/// the sheet, the row (the header is row 1) and the column's heading; those of the shared meta
/// name the `--meta` file where it came from.
pub fn load_sheet(
    path: &Path,
    meta_file: Option<&Path>,
    user_kinds: &[String],
    places: &TablePlaces,
) -> Loaded {
    let (parsed, map) = match super::sheet::read_sheet(path, meta_file) {
        Ok(read) => read,
        Err(e) => return Loaded::failed(Diagnostics::default(), e, String::new()),
    };
    let mut loaded = load_node(
        path,
        parsed,
        String::new(),
        Diagnostics::default(),
        user_kinds,
        places,
    );
    for d in loaded
        .diagnostics
        .0
        .iter_mut()
        .chain(loaded.unknown_keys.iter_mut())
    {
        let field = d.field.clone().unwrap_or_default();
        match (d.position, meta_file, &map.meta_sheet) {
            (Some(_), Some(file), _) if field.starts_with("meta") => d.file = file.to_path_buf(),
            (Some(p), None, Some(sheet)) if field.starts_with("meta") => {
                d.message = format!("{} (sheet {sheet}, row {})", d.message, p.line);
            }
            (Some(p), _, _) if field.starts_with("proposals") => {
                d.message = format!("{} ({})", d.message, map.describe(p));
            }
            _ => {}
        }
    }
    loaded
}

/// Validate data already read into memory; `path` names it in messages.
/// `places` says where the kinds' own tables go when the file does not.
pub fn load_bytes(
    path: &Path,
    bytes: &[u8],
    user_kinds: &[String],
    places: &TablePlaces,
) -> Loaded {
    load_decoded(path, source::decode(path, bytes), user_kinds, places)
}

/// Validate a data file's text, or report why it could not be decoded.
fn load_decoded(
    path: &Path,
    decoded: Result<source::DecodedText, Diagnostic>,
    user_kinds: &[String],
    places: &TablePlaces,
) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let decoded = match decoded {
        Ok(d) => d,
        Err(e) => return Loaded::failed(diagnostics, e, String::new()),
    };
    if let Some(w) = decoded.warning {
        diagnostics.push(w);
    }
    let text = decoded.text;
    let parsed =
        match yaml::parse_data(path, yaml::DataInput::Text(&text), batch_list(Keep::Memory)) {
            Ok(parsed) => parsed,
            Err(e) => return Loaded::failed(diagnostics, e, text),
        };
    load_node(path, parsed, text, diagnostics, user_kinds, places)
}

/// Validate data already parsed (a YAML file's, or a spreadsheet's made into the same shape);
/// `text` is the source its positions point into (empty for a spreadsheet or a file read as
/// it was parsed), and `diagnostics` those found so far.
pub fn load_node(
    path: &Path,
    parsed: Parsed,
    text: String,
    mut diagnostics: Diagnostics,
    user_kinds: &[String],
    places: &TablePlaces,
) -> Loaded {
    let mut reader = Reader::new(path, &text);
    let data = read_data_file(&mut reader, parsed, user_kinds, places);
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

pub(crate) fn read_data_file(
    r: &mut Reader,
    Parsed { root, outside }: Parsed,
    user_kinds: &[String],
    places: &TablePlaces,
) -> Option<DataFile> {
    let root = &root;
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
        Some(Kind::WorkSummary) => {
            Body::WorkSummary(read_work_summary(r, &top, &meta, places.indicator_table))
        }
        Some(Kind::SelfInspection) => Body::SelfInspection(read_self_inspection(r, &top, &meta)),
        Some(Kind::RiskReport) => {
            Body::RiskReport(read_risk_report(r, &top, &meta, places.risk_table))
        }
        Some(Kind::ProposalReply) => {
            Body::ProposalReply(read_proposal_batch(r, &top, &meta, outside))
        }
        None => Body::Custom(top.extra.clone()),
    };
    // Unknown keys are always readable as `extra.KEY`; a user kind also gets them at the top level.
    let extra = top.extra.clone();
    if meta.title.is_empty() {
        meta.title = default_title(&meta, &body);
    }
    let mut body = body;
    number_attachments(&mut meta, &mut body);
    Some(DataFile {
        kind: kind.map_or(kind_name, |k| k.name().to_string()),
        meta,
        body,
        extra,
    })
}

pub(crate) fn kind_specs(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::WorkSummary => WORK_SUMMARY,
        Kind::SelfInspection => SELF_INSPECTION,
        Kind::RiskReport => RISK_REPORT,
        Kind::ProposalReply => PROPOSAL_REPLY,
    }
}

/// Top-level fields of every kind, used only to find `kind` before the real check.
pub(crate) fn all_top_level_specs() -> Vec<FieldSpec> {
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

pub(crate) fn kind_of(r: &mut Reader, top: &Object, user_kinds: &[String]) -> Option<String> {
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

pub(crate) fn read_meta(r: &mut Reader, node: &Node, kind: Option<Kind>) -> Option<Meta> {
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
    let attachments = read_attachments(r, &m);
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
    let printed_by = r.text(&m, "printed_by");
    let mut printed_on = r.date(&m, "printed_on");
    if let Some(node) = m.node("printed_by") {
        if kind == Some(Kind::ProposalReply) {
            r.warning(
                node.position,
                "meta.printed_by",
                "a letter's 版记 carries no 印发机关 or 印发日期 (GB/T 9704 §10.2); they are left out",
                Some("remove printed_by and printed_on from this reply batch".into()),
            );
        } else if printed_on.is_none() && !m.has("printed_on") {
            // Sent to print the day it was signed, unless the file says otherwise.
            printed_on = date;
        }
    } else if let Some(node) = m.node("printed_on") {
        r.error(
            node.position,
            "meta.printed_on",
            "a 印发日期 without the 印发机关 that prints the document",
            Some("add `printed_by: 某某办公室` (印发机关) under meta, or remove printed_on".into()),
        );
    }
    let letterhead = read_letterhead(r, &m, &org, kind);
    let seal = choice(r, &m, "seal", "seal mode", SEAL);
    if seal.as_deref() == Some("unstamped") && m.has("seal_image") {
        let position = m.node("seal_image").map_or(m.position, |n| n.position);
        r.error(
            position,
            "meta.seal_image",
            "an unstamped 落款 (seal: unstamped) has no seal to picture",
            Some("remove seal_image, or write `seal: stamped`".into()),
        );
    }
    if seal.as_deref() == Some("signature") && letterhead.signers.is_empty() {
        let position = m.node("seal").map_or(m.position, |n| n.position);
        r.error(
            position,
            "meta.seal",
            "a signature seal (签名章) needs the 签发人 whose seal it is",
            Some(
                "add `signer: 姓名` and `signer_title: 局长` under meta, or use `seal: stamped`"
                    .into(),
            ),
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
        signer: letterhead
            .signers
            .first()
            .map(|_| letterhead.signers.join("、")),
        signers: letterhead.signers,
        org_mark: letterhead.org_mark,
        copy_number: letterhead.copy_number,
        secrecy: letterhead.secrecy,
        secrecy_term: letterhead.secrecy_term,
        urgency: letterhead.urgency,
        direction: letterhead.direction,
        letterhead: letterhead.mode,
        seal,
        seal_image: r.text(&m, "seal_image"),
        signer_title: r.text(&m, "signer_title"),
        contact,
        cc,
        attachments,
        attachment_names: Vec::new(),
        classification: r.text(&m, "classification"),
        session,
        proposal_type,
        printed_by,
        printed_on,
        comparison,
        next_period,
        extra: m.extra.clone(),
    };
    Some(meta)
}

/// The 版头's fields of `meta`, checked.
struct LetterheadFields {
    signers: Vec<String>,
    org_mark: Vec<String>,
    copy_number: Option<String>,
    secrecy: Option<String>,
    secrecy_term: Option<String>,
    urgency: Option<String>,
    direction: Option<String>,
    mode: Option<String>,
}

fn read_letterhead(r: &mut Reader, m: &Object, org: &str, kind: Option<Kind>) -> LetterheadFields {
    let signers = r.text_list(m, "signer");
    let mut org_mark = r.text_list(m, "org_mark");
    if org_mark.iter().any(|name| name.trim().is_empty()) {
        let position = m.node("org_mark").map_or(m.position, |n| n.position);
        r.error(
            position,
            "meta.org_mark",
            "the 发文机关标志 has an empty name",
            Some("give every name of a 联合行文, or remove the empty entry".into()),
        );
        org_mark.retain(|name| !name.trim().is_empty());
    }
    if org_mark.is_empty() && !org.is_empty() {
        // A 信函's 标志 is the 机关's name alone (§10.1); a 文件's adds 文件 (§7.2.3).
        org_mark = vec![match kind {
            Some(Kind::ProposalReply) => org.to_string(),
            _ => format!("{org}文件"),
        }];
    }
    let copy_number = r.text(m, "copy_number").and_then(|text| {
        let digits = text.trim();
        if !digits.is_empty()
            && digits.len() <= COPY_NUMBER_DIGITS
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            Some(format!("{digits:0>6}"))
        } else {
            let position = m.node("copy_number").map_or(m.position, |n| n.position);
            r.error(
                position,
                "meta.copy_number",
                format!("the 份号 `{digits}` is not a number of up to 6 digits"),
                Some("write it as 6 digits in quotes, e.g. `copy_number: \"000123\"`".into()),
            );
            None
        }
    });
    let secrecy = choice(r, m, "secrecy", "密级", SECRECY);
    let secrecy_term = r.text(m, "secrecy_term");
    if secrecy_term.is_some() && secrecy.is_none() && !m.has("secrecy") {
        let position = m.node("secrecy_term").map_or(m.position, |n| n.position);
        r.error(
            position,
            "meta.secrecy_term",
            "a 保密期限 without the 密级 it belongs to",
            Some("add `secrecy: 秘密` (密级) under meta, or remove secrecy_term".into()),
        );
    }
    let direction = choice(r, m, "direction", "行文方向", DIRECTION);
    // GB/T 9704 §7.2.4: an upward document prints its 签发人 beside the 发文字号 (decided as
    // the front matter decides it; a user template's kind is not judged).
    let format = match kind {
        Some(Kind::ProposalReply) => Some(DocFormat::Letter),
        Some(_) => Some(DocFormat::Report),
        None => None,
    };
    let direction_of = |d: &str| match d {
        "上行" => Direction::Upward,
        "平行" => Direction::Parallel,
        _ => Direction::Downward,
    };
    let upward = format.is_some_and(|f| goes_upward(direction.as_deref().map(direction_of), f));
    if upward && signers.is_empty() && m.has("doc_number") {
        let position = m.node("doc_number").map_or(m.position, |n| n.position);
        r.warning(
            position,
            "meta.signer",
            "an upward document (上行文) with a 发文字号 prints its 签发人 beside it (GB/T 9704 §7.2.4), and none is given",
            Some("add `signer: 姓名` (签发人) under meta, or `direction: 下行` if it does not go up".into()),
        );
    }
    LetterheadFields {
        signers,
        org_mark,
        copy_number,
        secrecy,
        secrecy_term,
        urgency: choice(r, m, "urgency", "紧急程度", URGENCY),
        direction,
        mode: choice(r, m, "letterhead", "版头", LETTERHEAD),
    }
}

/// Where a kind's own table goes: `body` or `attachment` (正文/附件), `default` when unset.
pub(crate) fn table_place(r: &mut Reader, top: &Object, key: &str, default: TablePlace) -> String {
    const PLACES: &[(&str, &[&str])] = &[("body", &["正文"]), ("attachment", &["附件"])];
    choice(r, top, key, "table place", PLACES).unwrap_or_else(|| default.name().to_string())
}

/// The period a document covers, as its titles name it: 2024年, 2019年上半年.
pub(crate) fn period_label(meta: &Meta) -> String {
    let year = meta.year.map(|y| format!("{y}年")).unwrap_or_default();
    match meta.period.as_str() {
        "全年" | "年度" => year,
        period => format!("{year}{period}"),
    }
}

/// A field that takes one of `options` (each a value and its other spellings): the value, or an
/// error that lists them and suggests the nearest.
fn choice(
    r: &mut Reader,
    m: &Object,
    key: &str,
    what: &str,
    options: &[(&str, &[&str])],
) -> Option<String> {
    let text = r.text(m, key)?;
    let typed = text.trim();
    if let Some((value, _)) = options
        .iter()
        .find(|(value, also)| *value == typed || also.contains(&typed))
    {
        return Some(value.to_string());
    }
    let values: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
    let spellings = options
        .iter()
        .flat_map(|(v, also)| std::iter::once(*v).chain(also.iter().copied()));
    let hint = match crate::suggest::closest(typed, spellings) {
        Some(near) => format!("did you mean `{near}`? Write one of: {}", values.join(", ")),
        None => format!("write one of: {}", values.join(", ")),
    };
    let position = m.node(key).map_or(m.position, |n| n.position);
    r.error(
        position,
        &m.child_path(key),
        format!("`{typed}` is not a {what} ({key})"),
        Some(hint),
    );
    None
}

/// The 附件说明's names: the kind's own table first when it goes to an attachment (and has
/// rows), numbered 附件1 in the body's `*_table_number` that the templates read; then
/// `meta.attachments`.
fn number_attachments(meta: &mut Meta, body: &mut Body) {
    let own = match body {
        Body::WorkSummary(s) if s.indicator_table == "attachment" && !s.indicators.is_empty() => {
            s.indicator_table_number = Some(1);
            Some(s.indicator_table_title.clone())
        }
        Body::RiskReport(r) if r.risk_table == "attachment" && !r.risks.is_empty() => {
            r.risk_table_number = Some(1);
            Some(r.risk_table_title.clone())
        }
        _ => None,
    };
    meta.attachment_names = own
        .into_iter()
        .chain(meta.attachments.iter().map(|a| a.title.clone()))
        .collect();
}

pub(crate) fn next_period(period: &str, year: Option<i32>) -> String {
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
pub(crate) fn default_title(meta: &Meta, body: &Body) -> String {
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

/// `meta.attachments`: a name, or a list of names and `{title, text | table}` entries.
fn read_attachments(r: &mut Reader, m: &Object) -> Vec<Attachment> {
    let Some(node) = m.node("attachments") else {
        return Vec::new();
    };
    let name = |title: String| Attachment {
        title,
        text: None,
        table: None,
    };
    match &node.value {
        Value::Seq(_) => r.list(m, "attachments", |r, item, path| match &item.value {
            Value::Map(_) => read_attachment(r, item, path),
            _ => r.text_of(item, path).map(name),
        }),
        _ => r
            .text_of(node, "meta.attachments")
            .map(name)
            .into_iter()
            .collect(),
    }
}

fn read_attachment(r: &mut Reader, node: &Node, path: &str) -> Option<Attachment> {
    let a = r.object(node, path, "an attachment (附件)", ATTACHMENT)?;
    let title = r.required_text(&a, "title", "the attachment's title", "有关情况说明");
    let text = r.text(&a, "text");
    let table = a.node("table").and_then(|n| {
        let path = a.child_path("table");
        let t = r.object(n, &path, "the attachment's table (表格)", ATTACHMENT_TABLE)?;
        let header = r.text_list(&t, "header");
        if header.is_empty() {
            r.error(
                t.position,
                &t.child_path("header"),
                "the table has no header row (表头)",
                Some("add `header: [序号, 名称, 情况]`".into()),
            );
            return None;
        }
        let rows = r.list(&t, "rows", |r, row, row_path| {
            let cells = match &row.value {
                Value::Seq(cells) => cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        r.text_of(c, &format!("{row_path}[{i}]"))
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>(),
                _ => vec![r.text_of(row, row_path).unwrap_or_default()],
            };
            if cells.len() > header.len() {
                r.error(
                    row.position,
                    row_path,
                    format!(
                        "the row has {} cells, the header {} columns",
                        cells.len(),
                        header.len()
                    ),
                    Some("give each row at most one cell per header column".into()),
                );
                return None;
            }
            Some(cells)
        });
        Some(AttachmentTable { header, rows })
    });
    if text.is_some() && table.is_some() {
        r.error(
            a.position,
            path,
            "an attachment has either `text` or `table`, not both",
            Some("split it into two attachments".into()),
        );
    }
    Some(Attachment { title, text, table })
}

pub(crate) fn read_contact(r: &mut Reader, node: &Node, path: &str) -> Option<Contact> {
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

pub(crate) fn read_indicator(
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
        if let Some(pct) = g.pct
            && let Err((problem, _)) = printable_number(derive::round_to(pct, 1))
        {
            r.field_error(
                &o,
                "previous",
                format!("indicator `{name}`: its growth in percent is out of range: {problem}"),
                "check `value` and `previous`: are they in the same unit?",
            );
        }
        ind.change = Some(g.change);
        ind.growth_pct = g.pct;
        ind.growth_direction = Some(g.direction.to_string());
        ind.change_phrase = Some(g.short(&meta.comparison));
        ind.growth_phrase = Some(g.phrase);
    }
    let target_below_zero = target.is_some_and(|t| t < 0.0) && !derive::is_percent_unit(&unit);
    if target_below_zero && value.is_some() {
        r.field_error(
            &o,
            "target",
            format!(
                "indicator `{name}`: a target below zero ({}) gives no true completion rate",
                format_number(target.unwrap_or_default())
            ),
            "give the goal as a positive amount, or leave `target` out and state it in `note`",
        );
    }
    if let (Some(v), Some(t)) = (value, target)
        && !target_below_zero
    {
        let c = derive::completion(v, t, &unit);
        if let Some(pct) = c.pct
            && let Err((problem, _)) = printable_number(derive::round_to(pct, 1))
        {
            r.field_error(
                &o,
                "target",
                format!("indicator `{name}`: its completion in percent is out of range: {problem}"),
                "check `value` and `target`: are they in the same unit?",
            );
        }
        ind.completion_pct = c.pct;
        ind.exceeded_pct = c.exceeded_pct;
        ind.target_met = Some(c.met);
        ind.completion_phrase = (!c.phrase.is_empty()).then_some(c.phrase);
    }
    ind.sentence = indicator_sentence(&ind);
    Some(ind)
}

/// 全社会R&D经费支出45.6亿元，比上年增长13.4%，完成目标的103.6% — or, for a target alone, 全社会R&D投入强度达到2.3%.
pub(crate) fn indicator_sentence(ind: &Indicator) -> String {
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

pub(crate) fn read_indicators(
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

pub(crate) fn read_section(
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

pub(crate) fn read_sections(
    r: &mut Reader,
    o: &Object,
    key: &str,
    meta: &Meta,
    what: &str,
) -> Vec<Section> {
    r.list(o, key, |r, node, path| {
        read_section(r, node, path, meta, what)
    })
}
