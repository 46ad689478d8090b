//! GB/T 9704-2012 layout facts in one value that the DOCX and PDF renderers both read,
//! with overrides from a YAML config file (fonts an office has installed, sizes, page numbers).

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The first-line indent of body paragraphs, headings, 附件说明 and 附注, in characters.
pub const FIRST_LINE_INDENT_CHARS: f64 = 2.0;

/// The indent of an 附件说明's further lines, in characters: under the first name after
/// "附件：".
pub fn attachment_indent_chars() -> f64 {
    FIRST_LINE_INDENT_CHARS + crate::document::wording::ATTACHMENT_LABEL.chars().count() as f64
}

/// Twips (twentieths of a point) per point: the unit of WordprocessingML.
pub const TWIPS_PER_PT: f64 = 20.0;
/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Every layout fact of a document. `Style::default()` is the standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    pub page: Page,
    pub grid: Grid,
    pub sizes: Sizes,
    pub fonts: Fonts,
    pub signature: SignatureBlock,
    pub page_number: PageNumber,
    pub imprint: Imprint,
    pub letter: Letter,
    pub letterhead: Letterhead,
    pub tables: TablePlaces,
    pub line_breaking: LineBreaking,
}

/// How the PDF breaks lines where the spec leaves a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct LineBreaking {
    /// Squeeze punctuation to half width to keep a closing mark off a line start, before
    /// pushing a character down (GB/T 15834's order). Off by default: Word and LibreOffice
    /// never squeeze a line end in a grid document (LibreOffice ignores the DOCX's
    /// `compressPunctuation`, and Word's compresses every mark, which breaks the 28-character
    /// grid), so only without squeezing do the PDF and the DOCX break lines and pages alike.
    pub squeeze_punctuation: bool,
}

/// Paper and margins (天头 top, 订口 left), in millimetres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub top_mm: f64,
    pub bottom_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            width_mm: 210.0,
            height_mm: 297.0,
            top_mm: 37.0,
            bottom_mm: 35.0,
            left_mm: 28.0,
            right_mm: 26.0,
        }
    }
}

/// Room left at the turned frame's end, in points, for the paragraph a word processor puts
/// after every table.
const TURNED_FRAME_SLACK_PT: f64 = 2.0;

/// The frame of a table set sideways, in points: `width_pt` along the text block's height (the
/// table's width), `height_pt` across it (the table's depth on one page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnedFrame {
    /// The grid lines above the frame: the 附件 label's line, kept upright.
    pub top_lines: u32,
    pub width_pt: f64,
    /// Whole lines of the grid's pitch that fit the text block's width.
    pub lines: u32,
    pub height_pt: f64,
}

/// The text block's grid: lines per page and characters per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Grid {
    pub lines: u32,
    pub chars: u32,
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            lines: 22,
            chars: 28,
        }
    }
}

/// Type sizes in points: 2号 22, 3号 16, 4号 14.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sizes {
    pub title_pt: f64,
    pub body_pt: f64,
    pub table_pt: f64,
    /// 小四, for tables whose columns do not fit at `table_pt`.
    pub table_small_pt: f64,
    /// The fixed height of a table text line.
    pub table_line_pt: f64,
    pub imprint_pt: f64,
    pub page_number_pt: f64,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            title_pt: 22.0,
            body_pt: 16.0,
            table_pt: 14.0,
            table_small_pt: 12.0,
            table_line_pt: 21.0,
            imprint_pt: 14.0,
            page_number_pt: 14.0,
        }
    }
}

/// One font role: the standard name a DOCX asks for, other names of the same face,
/// and the free faces that stand in for it where it is not installed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FontRole {
    /// The name written into the DOCX (w:eastAsia), e.g. 仿宋_GB2312.
    pub name: String,
    /// Other names of the same face, tried in order (仿宋, FangSong, STFangsong).
    pub also: Vec<String>,
    /// Free faces used when none of the names is installed (FandolFang).
    pub substitutes: Vec<String>,
    /// Set the text bold (the same face emboldened where it has no bold weight).
    pub bold: bool,
    /// Set digits and Latin letters in this face too, instead of the `latin` role's face: the
    /// title's digits in its own bold face beside the 小标宋, the page numbers' in 宋体.
    pub latin_in_face: bool,
    /// The face the PDF uses, before any of the names above: a family name or a font file
    /// (`--font body=/path/FZFSK.TTF` sets it). The DOCX keeps naming `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf_face: Option<String>,
}

impl Default for FontRole {
    fn default() -> Self {
        role("仿宋_GB2312", &[], &[], false)
    }
}

fn role(name: &str, also: &[&str], substitutes: &[&str], bold: bool) -> FontRole {
    FontRole {
        name: name.to_string(),
        also: also.iter().map(|s| s.to_string()).collect(),
        substitutes: substitutes.iter().map(|s| s.to_string()).collect(),
        bold,
        latin_in_face: false,
        pdf_face: None,
    }
}

/// `role` with its digits and Latin letters set in its own face.
fn with_latin_in_face(role: FontRole) -> FontRole {
    FontRole {
        latin_in_face: true,
        ..role
    }
}

/// The font of each role of a 公文.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fonts {
    /// 标题: 方正小标宋简体.
    pub title: FontRole,
    /// 正文, level-3 and level-4 headings, 主送, 落款: 仿宋_GB2312.
    pub body: FontRole,
    /// Level-1 headings 一、 and 密级: 黑体.
    pub heading1: FontRole,
    /// Level-2 headings （一）: 楷体_GB2312.
    pub heading2: FontRole,
    /// Level-3 headings 1.: 仿宋, bold where an office wants it.
    pub heading3: FontRole,
    /// Level-4 headings （1）: 仿宋.
    pub heading4: FontRole,
    /// Page numbers: 宋体.
    pub page_number: FontRole,
    /// Digits and Latin letters in every role: Times New Roman.
    pub latin: FontRole,
}

impl Default for Fonts {
    fn default() -> Self {
        let fang = || {
            role(
                "仿宋_GB2312",
                &["仿宋", "FangSong", "FangSong_GB2312", "STFangsong"],
                &["FandolFang"],
                false,
            )
        };
        Fonts {
            title: with_latin_in_face(role(
                "方正小标宋简体",
                &["方正小标宋_GBK", "FZXiaoBiaoSong-B05S"],
                &[
                    "FandolSong Bold",
                    "Noto Serif CJK SC Bold",
                    "Source Han Serif SC Bold",
                ],
                false,
            )),
            body: fang(),
            heading1: role(
                "黑体",
                &["SimHei", "STHeiti"],
                &["FandolHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"],
                false,
            ),
            heading2: role(
                "楷体_GB2312",
                &["楷体", "KaiTi", "KaiTi_GB2312", "STKaiti"],
                &["FandolKai", "AR PL UKai CN", "AR PL KaitiM GB"],
                false,
            ),
            heading3: fang(),
            heading4: fang(),
            page_number: with_latin_in_face(role(
                "宋体",
                &["SimSun", "STSong"],
                &["FandolSong", "Noto Serif CJK SC", "AR PL SungtiL GB"],
                false,
            )),
            latin: role(
                "Times New Roman",
                &[],
                &["Liberation Serif", "TeX Gyre Termes"],
                false,
            ),
        }
    }
}

impl Fonts {
    /// The roles by the names a config file and `--font` use.
    pub const ROLE_KEYS: [&'static str; 8] = [
        "title",
        "body",
        "heading1",
        "heading2",
        "heading3",
        "heading4",
        "page_number",
        "latin",
    ];

    /// The role named `key` (one of [`Fonts::ROLE_KEYS`]).
    pub fn role_mut(&mut self, key: &str) -> Option<&mut FontRole> {
        Some(match key {
            "title" => &mut self.title,
            "body" => &mut self.body,
            "heading1" => &mut self.heading1,
            "heading2" => &mut self.heading2,
            "heading3" => &mut self.heading3,
            "heading4" => &mut self.heading4,
            "page_number" => &mut self.page_number,
            "latin" => &mut self.latin,
            _ => return None,
        })
    }

    /// Apply `--font ROLE=FACE`: the PDF sets ROLE in FACE (a family name or a font file).
    pub fn override_pdf_face(&mut self, spec: &str) -> Result<(), String> {
        let Some((key, face)) = spec.split_once('=') else {
            return Err(format!(
                "`--font {spec}` needs the form ROLE=FONT, e.g. `--font body=FandolFang` or `--font body=/path/to/font.otf`"
            ));
        };
        let (key, face) = (key.trim(), face.trim());
        if face.is_empty() {
            return Err(format!("`--font {spec}` names no font after `=`"));
        }
        match self.role_mut(key) {
            Some(role) => {
                role.pdf_face = Some(face.to_string());
                Ok(())
            }
            None => {
                let close = crate::suggest::closest(key, Self::ROLE_KEYS)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                Err(format!(
                    "`--font`: there is no font role `{key}`{close}; the roles are {}",
                    Self::ROLE_KEYS.join(", ")
                ))
            }
        }
    }

    /// The font role of a heading level (1 一、 … 4 （1）).
    pub fn heading(&self, level: u8) -> &FontRole {
        match level {
            1 => &self.heading1,
            2 => &self.heading2,
            3 => &self.heading3,
            _ => &self.heading4,
        }
    }
}

/// 落款: where the date sits; the 署名 is centred over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignatureBlock {
    /// Characters between the date's end and the right edge (4 with a seal).
    pub date_right_chars: f64,
    /// Blank lines between the body (or 附件说明) and the 署名.
    pub blank_lines_before: u32,
    /// Without a seal (§7.3.5.2): the blank lines before the 署名, and its indent from the right.
    pub unstamped_blank_lines: u32,
    pub unstamped_right_chars: f64,
    /// With the 签发人's signature seal (§7.3.5.3): the blank lines before it.
    pub signature_blank_lines: u32,
    /// The width a seal picture is set at: a 机关's round seal (4.2 cm), and a signature seal.
    pub seal_mm: f64,
    pub signature_seal_mm: f64,
}

impl Default for SignatureBlock {
    fn default() -> Self {
        SignatureBlock {
            date_right_chars: 4.0,
            blank_lines_before: 2,
            unstamped_blank_lines: 1,
            unstamped_right_chars: 2.0,
            signature_blank_lines: 2,
            seal_mm: 42.0,
            signature_seal_mm: 20.0,
        }
    }
}

/// Page numbers: "— 1 —" below the text block, odd pages right and even pages left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageNumber {
    /// The marks on each side of the number.
    pub dash: String,
    /// Distance from the text block's bottom edge down to the 一字线, the middle of the
    /// number's line where the dashes sit (§7.5: 一字线上距版心下边缘7mm).
    pub below_text_mm: f64,
    /// Indent from the outer edge of the text block, in characters of the number's size.
    pub indent_chars: f64,
}

impl Default for PageNumber {
    fn default() -> Self {
        PageNumber {
            dash: "—".to_string(),
            below_text_mm: 7.0,
            indent_chars: 1.0,
        }
    }
}

/// 版记 (抄送 and its rules) at the foot of the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Imprint {
    /// Indent on each side, in characters.
    pub indent_chars: f64,
    /// The first and last rules.
    pub outer_rule_mm: f64,
    /// The rules between the lines.
    pub inner_rule_mm: f64,
    /// Set the 版记 on an even page, the back of the last sheet (§7.4 最后一面): a page of its
    /// own when the text ends on an odd page, after a blank page when it must leave an even one.
    /// false: at the foot of the last page, whichever it is (one-sided printing).
    pub even_page: bool,
}

impl Default for Imprint {
    fn default() -> Self {
        Imprint {
            indent_chars: 1.0,
            outer_rule_mm: 0.35,
            inner_rule_mm: 0.25,
            even_page: true,
        }
    }
}

/// Where a kind's own table goes: in the body, or on an attachment page of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TablePlace {
    Body,
    Attachment,
}

impl TablePlace {
    /// The word data files and templates use: body or attachment.
    pub fn name(self) -> &'static str {
        match self {
            TablePlace::Body => "body",
            TablePlace::Attachment => "attachment",
        }
    }
}

/// Where the kinds' own tables go unless a data file says (its `indicator_table`, `risk_table`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TablePlaces {
    /// A work summary's indicator table (指标表).
    pub indicator_table: TablePlace,
    /// A risk report's 风险隐患台账.
    pub risk_table: TablePlace,
}

impl Default for TablePlaces {
    fn default() -> Self {
        TablePlaces {
            indicator_table: TablePlace::Body,
            risk_table: TablePlace::Attachment,
        }
    }
}

/// How the 版头's 发文机关标志 and red rules are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterheadMode {
    /// Drawn in red (the default).
    #[default]
    Drawn,
    /// Left blank, in the same place, for paper with the 版头 printed on it.
    Preprinted,
    /// No 版头: the document starts with its 发文字号 (or title).
    None,
}

/// The 版头's red 发文机关标志 and rules: the 文件格式's (§7.2.3, §7.2.5) and the 信函格式's
/// (§10.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Letterhead {
    /// Drawn, preprinted or none, where a document's `letterhead` does not say.
    pub mode: LetterheadMode,
    /// The 标志's size in the 文件格式 (初号); a name too wide for the text block is set smaller.
    pub mark_pt: f64,
    /// The 标志's size in the 信函格式 (小初).
    pub letter_mark_pt: f64,
    /// The most a 联合行文's stacked names may take down the page; more names are set smaller.
    pub joint_height_mm: f64,
    /// From the text block's top down to the 标志's top (文件格式).
    pub mark_top_mm: f64,
    /// From the paper's top down to the 标志's top (信函格式).
    pub letter_mark_top_mm: f64,
    /// From the 发文字号 (文件格式) or the 标志 (信函格式) down to the red rule.
    pub rule_gap_mm: f64,
    /// The 文件格式's red separator.
    pub rule_pt: f64,
    /// The 信函格式's double rules: the thick line, the thin one and the space between.
    pub letter_thick_pt: f64,
    pub letter_thin_pt: f64,
    pub letter_rule_space_pt: f64,
    /// Their length, centred on the text block.
    pub letter_rule_mm: f64,
    /// From the paper's bottom up to the 信函's lower double rule.
    pub letter_foot_rule_mm: f64,
    /// The red of the 标志 and the rules, as RRGGBB.
    pub colour: String,
}

impl Default for Letterhead {
    fn default() -> Self {
        Letterhead {
            mode: LetterheadMode::Drawn,
            mark_pt: 42.0,
            letter_mark_pt: 36.0,
            joint_height_mm: 40.0,
            mark_top_mm: 35.0,
            letter_mark_top_mm: 30.0,
            rule_gap_mm: 4.0,
            rule_pt: 1.0,
            letter_thick_pt: 1.5,
            letter_thin_pt: 0.5,
            letter_rule_space_pt: 1.0,
            letter_rule_mm: 170.0,
            letter_foot_rule_mm: 20.0,
            colour: "FF0000".to_string(),
        }
    }
}

impl Letterhead {
    /// The red as red, green and blue.
    pub fn rgb(&self) -> [u8; 3] {
        let hex = |i: usize| u8::from_str_radix(self.colour.get(i..i + 2).unwrap_or("00"), 16);
        match (hex(0), hex(2), hex(4)) {
            (Ok(r), Ok(g), Ok(b)) if self.colour.len() == 6 => [r, g, b],
            _ => [0xFF, 0, 0],
        }
    }
}

/// The 信函 format of letters such as proposal replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Letter {
    /// GB/T 9704 §10.2 prints no page number on a letter's first page; set true to print one.
    pub number_on_first_page: bool,
    /// Where a reply's 办理结果 class (A/B/C) is printed on page 1: top_right (the default,
    /// above the 发文字号), top_left (with the 份号 and 密级), or none.
    pub result_class: ResultClassPlace,
}

/// Where a reply's 办理结果 class goes on page 1; offices differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultClassPlace {
    #[default]
    TopRight,
    TopLeft,
    None,
}

impl Style {
    /// The text block's left edge (订口) from the page's left edge, in points.
    pub fn text_left_pt(&self) -> f64 {
        self.page.left_mm * PT_PER_MM
    }

    /// Width of the text block (版心) in points.
    pub fn text_width_pt(&self) -> f64 {
        (self.page.width_mm - self.page.left_mm - self.page.right_mm) * PT_PER_MM
    }

    /// Height of the text block in points.
    pub fn text_height_pt(&self) -> f64 {
        (self.page.height_mm - self.page.top_mm - self.page.bottom_mm) * PT_PER_MM
    }

    /// The fixed line pitch in twips: the largest whole number of twips that fits the grid's
    /// lines in the text block (579 for the standard page, i.e. 28.95 pt).
    pub fn line_pitch_twips(&self) -> u32 {
        let height = (self.text_height_pt() * TWIPS_PER_PT).round() as u32;
        height / self.grid.lines.max(1)
    }

    /// The fixed line pitch in points.
    pub fn line_pitch_pt(&self) -> f64 {
        f64::from(self.line_pitch_twips()) / TWIPS_PER_PT
    }

    /// The top of the grid's first line box, from the page's top edge, in points: the 天头.
    /// The grid's line boxes fill the text block from its top edge down, as a word processor
    /// stacks exactly spaced lines below the top margin; each glyph sits centred in its box, and
    /// a table or rule that starts a page starts on the text block's edge.
    pub fn grid_top_pt(&self) -> f64 {
        self.page.top_mm * PT_PER_MM
    }

    /// The height of the page-number line (1.25 × its size), which places the footer.
    pub fn page_number_line_pt(&self) -> f64 {
        self.sizes.page_number_pt * 1.25
    }

    /// The 一字线 of the page number (the middle of its em box, where the dashes sit), from the
    /// page's top edge, in points: `page_number.below_text_mm` under the text block.
    pub fn page_number_midline_pt(&self) -> f64 {
        (self.page.height_mm - self.page.bottom_mm + self.page_number.below_text_mm) * PT_PER_MM
    }

    /// The frame of a table set sideways on a portrait page (§8 横排表格): its top along the
    /// text block's left edge, which is the binding side of odd pages and the outer side of
    /// even ones, so the table head sits there on both. Page numbers stay where they are.
    pub fn turned_frame(&self) -> TurnedFrame {
        let pitch = self.line_pitch_pt();
        let lines = ((self.text_width_pt() / pitch + 1e-6).floor() as u32).max(1);
        TurnedFrame {
            top_lines: 1,
            width_pt: f64::from(self.grid.lines.saturating_sub(1).max(1)) * pitch
                - TURNED_FRAME_SLACK_PT,
            lines,
            height_pt: f64::from(lines) * pitch,
        }
    }

    /// The style of what the turned frame holds: the frame as its page, at the same pitch.
    pub fn turned_style(&self) -> Style {
        let frame = self.turned_frame();
        let mut style = self.clone();
        style.page = Page {
            width_mm: frame.width_pt / PT_PER_MM,
            height_mm: frame.height_pt / PT_PER_MM,
            top_mm: 0.0,
            bottom_mm: 0.0,
            left_mm: 0.0,
            right_mm: 0.0,
        };
        style.grid.lines = frame.lines;
        style
    }

    /// The width of one grid cell (156 mm / 28 = 15.79 pt).
    pub fn cell_pt(&self) -> f64 {
        self.text_width_pt() / f64::from(self.grid.chars.max(1))
    }

    /// How much each glyph of `size_pt` is narrowed, in whole twips (≤ 0), so that the
    /// grid's characters fit one line: −5 twips (−0.25 pt) for 3号 on the standard grid.
    pub fn condense_twips(&self, size_pt: f64) -> i32 {
        let per_glyph = (self.cell_pt() - size_pt) * TWIPS_PER_PT;
        (per_glyph.floor() as i32).min(0)
    }

    /// Check that the figures make a page; the message says which one does not.
    pub fn validate(&self) -> Result<(), String> {
        let p = &self.page;
        let (g, c, n, i) = (
            &self.grid,
            &self.signature,
            &self.page_number,
            &self.imprint,
        );
        // Every figure within what some real page could use: a value far outside (a million
        // blank lines before the 署名) would make tens of thousands of pages.
        for (name, v, range) in [
            ("page.width_mm", p.width_mm, 100.0..=600.0),
            ("page.height_mm", p.height_mm, 100.0..=900.0),
            ("page.top_mm", p.top_mm, 0.0..=150.0),
            ("page.bottom_mm", p.bottom_mm, 0.0..=150.0),
            ("page.left_mm", p.left_mm, 0.0..=150.0),
            ("page.right_mm", p.right_mm, 0.0..=150.0),
            ("grid.lines", f64::from(g.lines), 1.0..=60.0),
            ("grid.chars", f64::from(g.chars), 1.0..=60.0),
            ("signature.date_right_chars", c.date_right_chars, 0.0..=20.0),
            (
                "signature.blank_lines_before",
                f64::from(c.blank_lines_before),
                0.0..=10.0,
            ),
            (
                "signature.unstamped_blank_lines",
                f64::from(c.unstamped_blank_lines),
                0.0..=10.0,
            ),
            (
                "signature.unstamped_right_chars",
                c.unstamped_right_chars,
                0.0..=20.0,
            ),
            (
                "signature.signature_blank_lines",
                f64::from(c.signature_blank_lines),
                0.0..=10.0,
            ),
            ("signature.seal_mm", c.seal_mm, 10.0..=80.0),
            (
                "signature.signature_seal_mm",
                c.signature_seal_mm,
                5.0..=80.0,
            ),
            ("page_number.below_text_mm", n.below_text_mm, 0.0..=30.0),
            ("page_number.indent_chars", n.indent_chars, 0.0..=10.0),
            ("imprint.indent_chars", i.indent_chars, 0.0..=10.0),
            ("imprint.outer_rule_mm", i.outer_rule_mm, 0.0..=2.0),
            ("imprint.inner_rule_mm", i.inner_rule_mm, 0.0..=2.0),
        ] {
            if !range.contains(&v) {
                return Err(format!(
                    "{name} is {v}: use a value between {} and {}",
                    range.start(),
                    range.end()
                ));
            }
        }
        if p.width_mm <= p.left_mm + p.right_mm + 20.0
            || p.height_mm <= p.top_mm + p.bottom_mm + 20.0
        {
            return Err("the margins leave no room for text on the page".into());
        }
        let s = &self.sizes;
        for (name, v) in [
            ("sizes.title_pt", s.title_pt),
            ("sizes.body_pt", s.body_pt),
            ("sizes.table_pt", s.table_pt),
            ("sizes.table_small_pt", s.table_small_pt),
            ("sizes.table_line_pt", s.table_line_pt),
            ("sizes.imprint_pt", s.imprint_pt),
            ("sizes.page_number_pt", s.page_number_pt),
        ] {
            if !(4.0..=72.0).contains(&v) {
                return Err(format!("{name} is {v}: use a size between 4 and 72 points"));
            }
        }
        if self.line_pitch_pt() < s.body_pt {
            return Err(format!(
                "{} lines of {} pt do not fit the page height: lower grid.lines",
                self.grid.lines, s.body_pt
            ));
        }
        let l = &self.letterhead;
        for (name, v, range) in [
            ("letterhead.mark_pt", l.mark_pt, 12.0..=120.0),
            ("letterhead.letter_mark_pt", l.letter_mark_pt, 12.0..=120.0),
            ("letterhead.joint_height_mm", l.joint_height_mm, 10.0..=80.0),
            ("letterhead.mark_top_mm", l.mark_top_mm, 0.0..=100.0),
            (
                "letterhead.letter_mark_top_mm",
                l.letter_mark_top_mm,
                5.0..=100.0,
            ),
            ("letterhead.rule_gap_mm", l.rule_gap_mm, 0.0..=30.0),
            ("letterhead.rule_pt", l.rule_pt, 0.1..=6.0),
            ("letterhead.letter_thick_pt", l.letter_thick_pt, 0.1..=6.0),
            ("letterhead.letter_thin_pt", l.letter_thin_pt, 0.1..=6.0),
            (
                "letterhead.letter_rule_space_pt",
                l.letter_rule_space_pt,
                0.0..=10.0,
            ),
            (
                "letterhead.letter_rule_mm",
                l.letter_rule_mm,
                20.0..=p.width_mm,
            ),
            (
                "letterhead.letter_foot_rule_mm",
                l.letter_foot_rule_mm,
                5.0..=p.bottom_mm,
            ),
        ] {
            if !range.contains(&v) {
                return Err(format!(
                    "{name} is {v}: use a value between {} and {}",
                    range.start(),
                    range.end()
                ));
            }
        }
        if l.colour.len() != 6 || !l.colour.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!(
                "letterhead.colour is `{}`: write six hex digits such as FF0000",
                l.colour
            ));
        }
        Ok(())
    }

    /// Read a style config file (YAML): any subset of the fields, the rest stay standard.
    pub fn from_config_file(path: &Path) -> Result<Style, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(path, format!("cannot read the config file: {e}"))
                .hint("check the path given to --config")
        })?;
        Style::from_config_text(path, &text)
    }

    /// Parse config text; `path` names it in errors.
    pub fn from_config_text(path: &Path, text: &str) -> Result<Style, Diagnostic> {
        let style: Style = if text.trim().is_empty() {
            Style::default()
        } else {
            serde_saphyr::from_str(text)
                .map_err(|e| crate::data::yaml::typed_error(path, text, 1, &e))?
        };
        style.validate().map_err(|problem| {
            // Point at the line that sets the field the message names (`signature.seal_mm is …`).
            // Only a message that starts with a field's path (`signature.seal_mm is 1000`).
            let field = problem
                .split_once(' ')
                .map(|(first, _)| first)
                .filter(|first| first.contains('.'))
                .unwrap_or_default();
            let key = field.rsplit('.').next().unwrap_or_default();
            let at = text.lines().enumerate().find_map(|(n, line)| {
                let column = line.find(&format!("{key}:"))?;
                (!key.is_empty()).then(|| crate::diagnostic::Position {
                    line: n as u32 + 1,
                    column: line[..column].chars().count() as u32 + 1,
                })
            });
            Diagnostic::error(path, problem.clone())
                .at(at)
                .field(field)
                .with_source(text)
                .hint("see `gongwen style` for the standard values")
        })?;
        Ok(style)
    }

    /// The whole style as commented YAML, a starting point for a config file.
    pub fn to_config_yaml(&self) -> String {
        let body = serde_saphyr::to_string(self).unwrap_or_default();
        format!(
            "# gongwen style: GB/T 9704-2012 layout facts. Keep only the lines you change.\n\
             # Use it with `gongwen render --config FILE …`, or name it gongwen-style.yaml\n\
             # in the folder you run gongwen from.\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turned_frame_spans_the_block_below_the_label_line_and_whole_lines_across() {
        let s = Style::default();
        let frame = s.turned_frame();
        // 21 of the 22 lines of 28.95 pt along (less the room for a word processor's paragraph
        // after the table), 15 lines across the 156 mm block.
        assert_eq!(frame.top_lines, 1);
        assert!((frame.width_pt - (21.0 * 28.95 - 2.0)).abs() < 1e-9);
        assert_eq!(frame.lines, 15);
        assert!((frame.height_pt - 15.0 * 28.95).abs() < 1e-9);
        let inner = s.turned_style();
        assert_eq!(inner.line_pitch_twips(), s.line_pitch_twips());
        assert!((inner.text_width_pt() - frame.width_pt).abs() < 1e-9);
        assert_eq!((inner.text_left_pt(), inner.grid_top_pt()), (0.0, 0.0));
    }

    #[test]
    fn standard_grid_figures() {
        let s = Style::default();
        assert!((s.text_width_pt() - 156.0 * PT_PER_MM).abs() < 1e-9);
        assert_eq!(s.line_pitch_twips(), 579);
        assert!((s.cell_pt() - 15.79).abs() < 0.01);
        assert_eq!(s.condense_twips(16.0), -5);
        assert_eq!(s.condense_twips(14.0), 0);
        // 22 lines at the pitch fit the text block, 23 do not.
        assert!(22.0 * s.line_pitch_pt() <= s.text_height_pt());
        assert!(23.0 * s.line_pitch_pt() > s.text_height_pt());
        // 28 condensed 3号 glyphs fit one line, 29 do not.
        let glyph = 16.0 + f64::from(s.condense_twips(16.0)) / TWIPS_PER_PT;
        assert!(28.0 * glyph <= s.text_width_pt());
        assert!(29.0 * glyph > s.text_width_pt());
    }

    #[test]
    fn config_overrides_only_what_it_names() {
        let s = Style::from_config_text(
            Path::new("style.yaml"),
            "fonts:\n  body:\n    name: 仿宋\nsizes:\n  table_pt: 12\n",
        )
        .unwrap();
        assert_eq!(s.fonts.body.name, "仿宋");
        assert!(s.fonts.body.also.is_empty());
        assert_eq!(s.sizes.table_pt, 12.0);
        assert_eq!(s.sizes.body_pt, 16.0);
        assert_eq!(s.fonts.heading1.name, "黑体");
    }

    #[test]
    fn config_typo_gets_did_you_mean_with_line() {
        let e =
            Style::from_config_text(Path::new("style.yaml"), "fonts:\n  bdy:\n    name: 仿宋\n")
                .unwrap_err()
                .to_string();
        assert!(e.contains("style.yaml:2:"), "{e}");
        assert!(e.contains("did you mean `body`"), "{e}");
    }

    #[test]
    fn font_override_names_the_role_or_suggests_one() {
        let mut fonts = Fonts::default();
        fonts.override_pdf_face("body=/fonts/FZFSK.TTF").unwrap();
        assert_eq!(fonts.body.pdf_face.as_deref(), Some("/fonts/FZFSK.TTF"));
        let e = fonts.override_pdf_face("bdy=仿宋").unwrap_err();
        assert!(e.contains("did you mean `body`"), "{e}");
        assert!(
            fonts
                .override_pdf_face("body")
                .unwrap_err()
                .contains("ROLE=FONT")
        );
    }

    #[test]
    fn impossible_page_is_refused() {
        let e = Style::from_config_text(Path::new("s.yaml"), "grid:\n  lines: 40\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("grid.lines"), "{e}");
    }

    #[test]
    fn default_style_round_trips_through_its_config_text() {
        let text = Style::default().to_config_yaml();
        let back = Style::from_config_text(Path::new("s.yaml"), &text).unwrap();
        assert_eq!(back, Style::default());
    }
}
