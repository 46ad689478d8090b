//! The printed wording of the front-matter elements (主送机关, 附件说明, 附注, 抄送), one place
//! for both renderers.

use super::model::{Direction, DocFormat, FrontMatter, LetterheadMode};

use super::model::Document;

/// The label of the 抄送 line; a wrapped 抄送 line starts under the first name after it.
pub const CC_LABEL: &str = "抄送：";

/// The label of an upward document's 签发人, before the names (3号仿宋; the names in 楷体).
pub const SIGNER_LABEL: &str = "签发人：";

/// The 密级 a 公文 may carry (GB/T 9704 §7.2.2).
pub const SECRECY_LEVELS: [&str; 3] = ["秘密", "机密", "绝密"];

/// The 紧急程度 a 公文 may carry (§7.2.2).
pub const URGENCIES: [&str; 2] = ["特急", "加急"];

/// A 份号's digits at most (§7.2.1).
pub const COPY_NUMBER_DIGITS: usize = 6;

/// True if a document of `format` going `direction` is a 上行文, whose 发文字号 goes with its
/// 签发人 (§7.2.4): as it says, else a 文件格式 document (the reports gongwen makes go up).
pub fn goes_upward(direction: Option<Direction>, format: DocFormat) -> bool {
    match direction {
        Some(direction) => direction == Direction::Upward,
        None => format == DocFormat::Report,
    }
}

/// The label of the 附件说明; further attachment names align under the first name after it.
pub const ATTACHMENT_LABEL: &str = "附件：";

/// The marker of item `n` (from 0) of an ordered list starting at `start`: "1."; an unordered
/// item has none.
pub fn list_marker(ordered: bool, start: u64, n: usize) -> String {
    if ordered {
        format!("{}.", start + n as u64)
    } else {
        String::new()
    }
}

impl Document {
    /// True if the document ends with a 落款 (署名 or 成文日期), which its last paragraph keeps
    /// with.
    pub fn has_closing(&self) -> bool {
        self.front.signature.is_some() || self.date.is_some()
    }

    /// The 印发机关 and "2024年6月28日印发" of the 版记; none for a 信函, whose 版记 carries
    /// neither (GB/T 9704 §10.2).
    pub fn printed_line(&self) -> Option<(String, String)> {
        if self.front.format != super::model::DocFormat::Report {
            return None;
        }
        let by = self.front.printed_by.as_ref()?.trim();
        let on = self.printed_on.as_ref().or(self.date.as_ref())?;
        (!by.is_empty()).then(|| (by.to_string(), format!("{}印发", on.chinese())))
    }
}

impl FrontMatter {
    /// 主送机关 as printed: ending with "：".
    pub fn addressee_line(&self) -> Option<String> {
        let addressee = self.addressee.as_ref()?;
        let mut line = addressee.clone();
        if !line.ends_with('：') && !line.ends_with(':') {
            line.push('：');
        }
        Some(line)
    }

    /// 附件说明: "附件：1. 名称" and the further names, numbered when there are several, with no
    /// punctuation after a name.
    pub fn attachment_lines(&self) -> Vec<String> {
        let several = self.attachments.len() > 1;
        self.attachments
            .iter()
            .enumerate()
            .map(|(n, name)| {
                let label = if n == 0 { ATTACHMENT_LABEL } else { "" };
                let number = if several {
                    format!("{}. ", n + 1)
                } else {
                    String::new()
                };
                let name = name.trim_end_matches(['。', '.', '；', ';']);
                format!("{label}{number}{name}")
            })
            .collect()
    }

    /// The lines at the top left of page 1, one a line (§7.2.1, §7.2.2): 份号, 密级 and
    /// 保密期限 joined by ★, 紧急程度, then the 公开属性.
    pub fn top_left_lines(&self) -> Vec<String> {
        let secrecy = self.secrecy.as_ref().map(|s| match &self.secrecy_term {
            Some(term) => format!("{s}★{term}"),
            None => s.clone(),
        });
        [
            self.copy_number.clone(),
            secrecy,
            self.urgency.clone(),
            self.classification.clone(),
        ]
        .into_iter()
        .flatten()
        .filter(|line| !line.trim().is_empty())
        .collect()
    }

    /// The first front-matter value GB/T 9704 does not allow, as (field, what is wrong, the
    /// fix): a 份号 that is not up to 6 digits, a 密级 or 紧急程度 it does not name, a 保密期限
    /// without its 密级, an empty name in the 发文机关标志. Data files get the same checks, with
    /// their lines, when they are read.
    pub fn check(&self) -> Result<(), (&'static str, String, String)> {
        if let Some(number) = &self.copy_number
            && (number.is_empty()
                || number.chars().count() > COPY_NUMBER_DIGITS
                || !number.chars().all(|c| c.is_ascii_digit()))
        {
            return Err((
                "copy_number",
                format!("the 份号 `{number}` is not a number of up to {COPY_NUMBER_DIGITS} digits"),
                "write it as 6 digits in quotes, e.g. `copy_number: \"000123\"`".into(),
            ));
        }
        if let Some(level) = &self.secrecy
            && !SECRECY_LEVELS.contains(&level.as_str())
        {
            return Err((
                "secrecy",
                format!("`{level}` is not a 密级"),
                format!("write one of: {}", SECRECY_LEVELS.join(", ")),
            ));
        }
        if self.secrecy_term.is_some() && self.secrecy.is_none() {
            return Err((
                "secrecy_term",
                "a 保密期限 without the 密级 it belongs to".into(),
                "add `secrecy: 秘密`, or remove secrecy_term".into(),
            ));
        }
        if let Some(urgency) = &self.urgency
            && !URGENCIES.contains(&urgency.as_str())
        {
            return Err((
                "urgency",
                format!("`{urgency}` is not a 紧急程度"),
                format!("write one of: {}", URGENCIES.join(", ")),
            ));
        }
        if self.org_mark.iter().any(|name| name.trim().is_empty()) {
            return Err((
                "org_mark",
                "the 发文机关标志 has an empty name".into(),
                "give every name of a 联合行文, or remove the empty entry".into(),
            ));
        }
        Ok(())
    }

    /// True if the 发文字号 goes with the 签发人 (上行文): a 文件格式 document unless it says
    /// it goes down or across.
    pub fn is_upward(&self) -> bool {
        goes_upward(self.direction, self.format)
    }

    /// How the 版头 is printed: the document's choice, else the style's; none without a
    /// 发文机关标志.
    pub fn letterhead_mode(&self, style: &crate::style::Style) -> LetterheadMode {
        match self.letterhead.unwrap_or(style.letterhead.mode) {
            _ if self.org_mark.is_empty() => LetterheadMode::None,
            mode => mode,
        }
    }

    /// The label at the head of attachment `number`'s page: "附件2", or "附件" when there is one.
    pub fn attachment_label(&self, number: usize) -> String {
        if self.attachments.len() == 1 {
            "附件".to_string()
        } else {
            format!("附件{number}")
        }
    }

    /// Blank grid lines between the 发文字号 (or the class mark of a reply) and the title.
    pub fn blank_lines_after_number(&self) -> u32 {
        u32::from(self.doc_number.is_some() || self.result_class.is_some())
    }

    /// 附注: （联系人：张敏；联系电话：023-63012345）.
    pub fn contact_line(&self) -> Option<String> {
        let contact = self.contact.as_ref()?;
        Some(if contact.phone.is_empty() {
            format!("（联系人：{}）", contact.name)
        } else {
            format!("（联系人：{}；联系电话：{}）", contact.name, contact.phone)
        })
    }

    /// 抄送 of the 版记, ending with "。".
    pub fn cc_line(&self) -> Option<String> {
        if self.cc.is_empty() {
            return None;
        }
        let mut line = format!("{CC_LABEL}{}", self.cc.join("，"));
        if !line.ends_with('。') {
            line.push('。');
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_of_the_front_elements() {
        let front = FrontMatter {
            addressee: Some("市政府".into()),
            attachments: vec!["统计表。".into(), "明细".into()],
            cc: vec!["市政协提案委员会".into(), "市政府督查办".into()],
            ..FrontMatter::default()
        };
        assert_eq!(front.addressee_line().unwrap(), "市政府：");
        assert_eq!(front.attachment_lines(), ["附件：1. 统计表", "2. 明细"]);
        assert_eq!(front.contact_line(), None);
        assert_eq!(
            front.cc_line().unwrap(),
            "抄送：市政协提案委员会，市政府督查办。"
        );
    }
}
