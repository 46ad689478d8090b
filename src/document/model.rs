//! The Document model: the elements GB/T 9704 names, which every renderer reads.

use crate::data::date::Date;
pub use crate::style::LetterheadMode;
use serde::{Deserialize, Serialize};

/// Which GB/T 9704 format the document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    /// 文件格式: reports and other documents sent upward.
    #[default]
    Report,
    /// 信函格式: letters such as proposal replies.
    Letter,
}

/// 行文方向: an upward document (上行文, such as a 报告) prints its 发文字号 with the 签发人;
/// a downward or parallel one centres the 发文字号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    #[serde(rename = "上行", alias = "upward")]
    Upward,
    #[serde(rename = "平行", alias = "parallel")]
    Parallel,
    #[serde(rename = "下行", alias = "downward")]
    Downward,
}

/// How the 落款 is sealed (§7.3.5), which sets its geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SealMode {
    /// 加盖印章: the date 4 characters in, the 署名 centred over it, room for the seal above.
    #[default]
    Stamped,
    /// 不加盖印章: one blank line, the 署名 2 characters in, the date 2 characters right of it.
    Unstamped,
    /// 加盖签发人签名章: the 签发人's 职务 and signature seal, then the date.
    Signature,
}

/// One text or a list of them (several 签发人, the names of a 联合行文).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// 联系人及电话, printed as the 附注.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactNote {
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// The document elements that Markdown has no word for, carried in the YAML front matter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The data kind the document was made from (information only).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub format: DocFormat,
    /// 标题.
    pub title: String,
    /// 发文字号.
    #[serde(default)]
    pub doc_number: Option<String>,
    /// 签发人, one or several (upward documents print them beside the 发文字号).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub signer: Vec<String>,
    /// 发文机关标志 of the 版头: one line, or the names of a 联合行文. None: no 版头.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub org_mark: Vec<String>,
    /// drawn (red), preprinted (space left) or none; unset, the style's `letterhead.mode`.
    #[serde(default)]
    pub letterhead: Option<LetterheadMode>,
    /// 行文方向; a 文件格式 document without one is upward (the reports gongwen makes go up).
    #[serde(default)]
    pub direction: Option<Direction>,
    /// 份号 (6 digits).
    #[serde(default)]
    pub copy_number: Option<String>,
    /// 签发人职务, beside the signature seal (seal: signature).
    #[serde(default)]
    pub signer_title: Option<String>,
    /// stamped (the default), unstamped or signature.
    #[serde(default)]
    pub seal: Option<SealMode>,
    /// A transparent PNG of the seal (or the signature seal), from the input file's folder.
    #[serde(default)]
    pub seal_image: Option<String>,
    /// 密级: 秘密, 机密 or 绝密.
    #[serde(default)]
    pub secrecy: Option<String>,
    /// 保密期限, printed after the 密级 and ★.
    #[serde(default)]
    pub secrecy_term: Option<String>,
    /// 紧急程度: 特急 or 加急.
    #[serde(default)]
    pub urgency: Option<String>,
    /// 密级 / 公开属性.
    #[serde(default)]
    pub classification: Option<String>,
    /// 办理结果 class of a proposal reply (A/B/C), printed at the top right where local practice wants it.
    #[serde(default)]
    pub result_class: Option<String>,
    /// 主送机关.
    #[serde(default)]
    pub addressee: Option<String>,
    /// 署名 of the 落款.
    #[serde(default)]
    pub signature: Option<String>,
    /// 成文日期 (2022-07-12 or 2022年7月12日).
    #[serde(default)]
    pub date: Option<String>,
    /// 附件说明: the names of the attachments (those with pages are `::: 附件N` blocks of the
    /// body).
    #[serde(default)]
    pub attachments: Vec<String>,
    /// 附注: 联系人及电话.
    #[serde(default)]
    pub contact: Option<ContactNote>,
    /// 抄送机关.
    #[serde(default)]
    pub cc: Vec<String>,
    /// 印发机关 of the 版记.
    #[serde(default)]
    pub printed_by: Option<String>,
    /// 印发日期 of the 版记 (2024-06-28 or 2024年6月28日).
    #[serde(default)]
    pub printed_on: Option<String>,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

/// The plain text of a run of inlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    Default,
    Left,
    Center,
    Right,
}

/// A table: header row, body rows, alignment per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

impl Table {
    /// The number of columns: the widest of the header and the rows.
    pub fn columns(&self) -> usize {
        self.header
            .len()
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0))
    }
}

/// A heading that runs into the paragraph after it: （一）标题。正文……
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunIn {
    pub level: u8,
    pub content: Vec<Inline>,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Block {
    /// Level 1 一、 (黑体), 2 （一） (楷体), 3 1. and 4 （1） (仿宋).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        run_in: Option<RunIn>,
        content: Vec<Inline>,
    },
    /// A list written as Markdown; renderers print each item as a paragraph with its marker.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Inline>>,
    },
    Table(Table),
    /// `***` on its own line: the next block starts a new page (e.g. an attachment).
    PageBreak,
}

/// An attachment set on pages of its own after the 落款 (§7.3.7): "附件N" on line 1, its title
/// (the `number`th name of the 附件说明) centred on line 3, then its blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentPage {
    /// The attachment's number, from 1: its place in the front matter's `attachments`.
    pub number: usize,
    pub blocks: Vec<Block>,
}

/// A whole document: front matter, body blocks, and the Markdown it was read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub front: FrontMatter,
    /// The parsed 成文日期, if any.
    pub date: Option<Date>,
    /// The parsed 印发日期, if any.
    pub printed_on: Option<Date>,
    pub blocks: Vec<Block>,
    /// The attachments with pages of their own, in order.
    pub attachments: Vec<AttachmentPage>,
    /// The seal's picture, once read (see `document::load_seal_image`).
    #[serde(skip)]
    pub seal_image: Option<super::seal_image::SealImage>,
    pub markdown: String,
}
