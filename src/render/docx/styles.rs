//! word/styles.xml: one paragraph style per role of a 公文, all from the Style value.

use super::xml::Xml;
use super::{NS_W, half_points, twips_value};
use crate::document::wording::CC_LABEL;
use crate::style::{FIRST_LINE_INDENT_CHARS, FontRole, Style, TWIPS_PER_PT};

/// Style ids the body refers to.
pub mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const DOC_NUMBER: &str = "DocNumber";
    pub const CLASSIFICATION: &str = "Classification";
    pub const ADDRESSEE: &str = "Addressee";
    pub const ATTACHMENT: &str = "Attachment";
    pub const SIGNATURE: &str = "Signature";
    pub const DATE: &str = "Date";
    pub const NOTE: &str = "Note";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEADER: &str = "TableHeader";
    pub const IMPRINT: &str = "Imprint";
    pub const FOOTER: &str = "Footer";
    pub const TABLE: &str = "GongwenTable";

    pub fn heading(level: u8) -> &'static str {
        match level {
            1 => "Heading1",
            2 => "Heading2",
            3 => "Heading3",
            _ => "Heading4",
        }
    }
}

/// Run properties of a role: fonts, bold, condensing, size.
struct RunProps<'a> {
    east_asia: Option<&'a FontRole>,
    latin: Option<&'a str>,
    bold: bool,
    condense: i32,
    size_pt: Option<f64>,
}

impl<'a> RunProps<'a> {
    fn none() -> Self {
        RunProps {
            east_asia: None,
            latin: None,
            bold: false,
            condense: 0,
            size_pt: None,
        }
    }
    fn font(role: &'a FontRole) -> Self {
        RunProps {
            east_asia: Some(role),
            bold: role.bold,
            ..RunProps::none()
        }
    }
}

/// Paragraph properties of a role.
#[derive(Default)]
struct ParaProps {
    keep_next: bool,
    /// (left, right, first line) in twips; first line with its value in hundredths of a character.
    indent: Option<(i64, i64, i64, Option<i64>)>,
    jc: Option<&'static str>,
    outline: Option<u8>,
    line_twips: Option<u32>,
    right_tab: Option<i64>,
}

/// A rule's thickness in eighths of a point (w:sz of a border), at least the thinnest Word draws.
pub fn rule_eighths(mm: f64) -> u32 {
    (mm * crate::style::PT_PER_MM * 8.0).round().max(2.0) as u32
}

/// The drawn width of a rule of `mm` in twips (w:sz counts eighths of a point).
pub fn rule_twips(mm: f64) -> u32 {
    (f64::from(rule_eighths(mm)) * TWIPS_PER_PT / 8.0).round() as u32
}

/// The drawn width of the 版记's outer rules in twips.
pub fn imprint_rule_twips(style: &Style) -> u32 {
    rule_twips(style.imprint.outer_rule_mm)
}

/// Write run properties in schema order.
pub fn write_rpr(
    x: &mut Xml,
    east_asia: Option<&str>,
    latin: Option<&str>,
    bold: bool,
    italic: bool,
    spacing: Option<i32>,
    size_pt: Option<f64>,
) {
    if east_asia.is_none()
        && latin.is_none()
        && !bold
        && !italic
        && spacing.is_none()
        && size_pt.is_none()
    {
        return;
    }
    x.open("w:rPr", &[]);
    if east_asia.is_some() || latin.is_some() {
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(l) = latin {
            attrs.extend([("w:ascii", l), ("w:hAnsi", l), ("w:cs", l)]);
        }
        if let Some(ea) = east_asia {
            attrs.push(("w:eastAsia", ea));
        }
        attrs.push(("w:hint", "eastAsia"));
        x.empty("w:rFonts", &attrs);
    }
    if bold {
        x.empty("w:b", &[]).empty("w:bCs", &[]);
    }
    if italic {
        x.empty("w:i", &[]).empty("w:iCs", &[]);
    }
    // A run or style with a size of its own also sets its own spacing, so that it does not
    // inherit the 3号 body's condensing (which only serves the 28-character grid).
    if spacing.is_some() || size_pt.is_some() {
        x.empty("w:spacing", &[("w:val", &spacing.unwrap_or(0).to_string())]);
    }
    if let Some(size) = size_pt {
        let hp = half_points(size);
        x.empty("w:sz", &[("w:val", &hp)])
            .empty("w:szCs", &[("w:val", &hp)]);
    }
    x.close("w:rPr");
}

fn write_ppr(x: &mut Xml, p: &ParaProps) {
    x.open("w:pPr", &[]);
    if p.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if let Some(pos) = p.right_tab {
        x.open("w:tabs", &[])
            .empty("w:tab", &[("w:val", "right"), ("w:pos", &pos.to_string())])
            .close("w:tabs");
    }
    if let Some(line) = p.line_twips {
        // A line height of its own (table text, page numbers) is kept off the document grid,
        // which would otherwise stretch each line to a whole 28.95 pt pitch in LibreOffice.
        x.empty("w:snapToGrid", &[("w:val", "0")]);
        x.empty(
            "w:spacing",
            &[
                ("w:before", "0"),
                ("w:after", "0"),
                ("w:line", &line.to_string()),
                ("w:lineRule", "exact"),
            ],
        );
    }
    if let Some((left, right, first, first_chars)) = p.indent {
        let (l, r, f) = (left.to_string(), right.to_string(), first.abs().to_string());
        let fc = first_chars.map(|c| c.to_string());
        // A negative first-line indent is a hanging indent.
        let first_attr = if first < 0 {
            "w:hanging"
        } else {
            "w:firstLine"
        };
        let mut attrs = vec![
            ("w:left", l.as_str()),
            ("w:right", r.as_str()),
            (first_attr, f.as_str()),
        ];
        if let Some(fc) = &fc {
            attrs.push(("w:firstLineChars", fc.as_str()));
        }
        x.empty("w:ind", &attrs);
    }
    if let Some(jc) = p.jc {
        x.empty("w:jc", &[("w:val", jc)]);
    }
    if let Some(level) = p.outline {
        x.empty("w:outlineLvl", &[("w:val", &level.to_string())]);
    }
    x.close("w:pPr");
}

fn paragraph_style(
    x: &mut Xml,
    id: &str,
    name: &str,
    based_on: Option<&str>,
    p: &ParaProps,
    r: &RunProps,
) {
    let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", id)];
    if id == id::NORMAL {
        attrs.push(("w:default", "1"));
    }
    x.open("w:style", &attrs);
    x.empty("w:name", &[("w:val", name)]);
    if let Some(base) = based_on {
        x.empty("w:basedOn", &[("w:val", base)]);
    }
    x.empty("w:qFormat", &[]);
    write_ppr(x, p);
    let ea = r.east_asia.map(|f| f.name.as_str());
    let spacing = (r.condense != 0).then_some(r.condense);
    write_rpr(x, ea, r.latin, r.bold, false, spacing, r.size_pt);
    x.close("w:style");
}

/// The whole styles part.
pub fn styles(style: &Style) -> String {
    let fonts = &style.fonts;
    let body = style.sizes.body_pt;
    let pitch = style.line_pitch_twips();
    let chars = |n: f64| twips_value(n * body);
    let no_indent = Some((0, 0, 0, Some(0)));
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", NS_W)]);
    x.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", &fonts.latin.name),
            ("w:eastAsia", &fonts.body.name),
            ("w:hAnsi", &fonts.latin.name),
            ("w:cs", &fonts.latin.name),
            ("w:hint", "eastAsia"),
        ],
    );
    x.empty("w:kern", &[("w:val", "0")]);
    let hp = half_points(body);
    x.empty("w:sz", &[("w:val", &hp)])
        .empty("w:szCs", &[("w:val", &hp)]);
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    x.empty("w:widowControl", &[("w:val", "0")]);
    x.empty("w:kinsoku", &[]);
    // No hanging punctuation, per the spec. LibreOffice reads this flag inverted (its DOCX
    // import sets hanging = (val == 0), and with hanging on it even drops a comma hung past a
    // full 28-character line), so "1" is the value that turns hanging off there; in Word "1"
    // is its own default. The PDF renderer never hangs punctuation.
    x.empty("w:overflowPunct", &[("w:val", "1")]);
    x.empty("w:adjustRightInd", &[("w:val", "0")]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", &pitch.to_string()),
            ("w:lineRule", "exact"),
        ],
    );
    x.empty("w:jc", &[("w:val", "both")]);
    x.close("w:pPr")
        .close("w:pPrDefault")
        .close("w:docDefaults");

    let condense = style.condense_twips(body);
    let normal_run = RunProps {
        condense,
        ..RunProps::font(&fonts.body)
    };
    paragraph_style(
        &mut x,
        id::NORMAL,
        "Normal",
        None,
        &ParaProps {
            indent: Some((
                0,
                0,
                chars(FIRST_LINE_INDENT_CHARS),
                Some((FIRST_LINE_INDENT_CHARS * 100.0) as i64),
            )),
            ..Default::default()
        },
        &normal_run,
    );
    paragraph_style(
        &mut x,
        id::TITLE,
        "Title",
        Some(id::NORMAL),
        &ParaProps {
            keep_next: true,
            indent: no_indent,
            jc: Some("center"),
            ..Default::default()
        },
        &RunProps {
            condense: 0,
            size_pt: Some(style.sizes.title_pt),
            latin: fonts
                .title
                .latin_in_face
                .then_some(fonts.title.name.as_str()),
            ..RunProps::font(&fonts.title)
        },
    );
    for level in 1..=4u8 {
        let role = fonts.heading(level);
        paragraph_style(
            &mut x,
            id::heading(level),
            &format!("heading {level}"),
            Some(id::NORMAL),
            &ParaProps {
                keep_next: true,
                outline: Some(level - 1),
                ..Default::default()
            },
            &RunProps {
                condense,
                ..RunProps::font(role)
            },
        );
    }
    let text_width = twips_value(style.text_width_pt());
    paragraph_style(
        &mut x,
        id::DOC_NUMBER,
        "发文字号",
        Some(id::NORMAL),
        &ParaProps {
            indent: no_indent,
            right_tab: Some(text_width),
            ..Default::default()
        },
        &RunProps::none(),
    );
    paragraph_style(
        &mut x,
        id::CLASSIFICATION,
        "密级",
        Some(id::NORMAL),
        &ParaProps {
            indent: no_indent,
            jc: Some("left"),
            ..Default::default()
        },
        &RunProps {
            condense,
            ..RunProps::font(&fonts.heading1)
        },
    );
    paragraph_style(
        &mut x,
        id::ADDRESSEE,
        "主送机关",
        Some(id::NORMAL),
        &ParaProps {
            indent: no_indent,
            ..Default::default()
        },
        &RunProps::none(),
    );
    paragraph_style(
        &mut x,
        id::ATTACHMENT,
        "附件说明",
        Some(id::NORMAL),
        &ParaProps::default(),
        &RunProps::none(),
    );
    paragraph_style(
        &mut x,
        id::SIGNATURE,
        "署名",
        Some(id::NORMAL),
        &ParaProps {
            keep_next: true,
            indent: no_indent,
            jc: Some("right"),
            ..Default::default()
        },
        &RunProps::none(),
    );
    paragraph_style(
        &mut x,
        id::DATE,
        "成文日期",
        Some(id::NORMAL),
        &ParaProps {
            indent: Some((0, chars(style.signature.date_right_chars), 0, Some(0))),
            jc: Some("right"),
            ..Default::default()
        },
        &RunProps::none(),
    );
    paragraph_style(
        &mut x,
        id::NOTE,
        "附注",
        Some(id::NORMAL),
        &ParaProps::default(),
        &RunProps::none(),
    );
    let table_run = RunProps {
        condense: style.condense_twips(style.sizes.table_pt),
        size_pt: Some(style.sizes.table_pt),
        ..RunProps::font(&fonts.body)
    };
    let table_line = twips_value(style.sizes.table_line_pt) as u32;
    paragraph_style(
        &mut x,
        id::TABLE_TEXT,
        "表格文字",
        Some(id::NORMAL),
        &ParaProps {
            indent: no_indent,
            jc: Some("center"),
            line_twips: Some(table_line),
            ..Default::default()
        },
        &table_run,
    );
    paragraph_style(
        &mut x,
        id::TABLE_HEADER,
        "表头",
        Some(id::TABLE_TEXT),
        &ParaProps {
            keep_next: false,
            ..Default::default()
        },
        &RunProps {
            condense: table_run.condense,
            size_pt: Some(style.sizes.table_pt),
            ..RunProps::font(&fonts.heading1)
        },
    );
    let imprint_indent = twips_value(style.imprint.indent_chars * style.sizes.imprint_pt);
    let label_twips =
        (CC_LABEL.chars().count() as f64 * style.sizes.imprint_pt * TWIPS_PER_PT) as i64;
    paragraph_style(
        &mut x,
        id::IMPRINT,
        "版记",
        Some(id::NORMAL),
        &ParaProps {
            // Wrapped lines align with the first name after "抄送：" (a hanging indent).
            indent: Some((
                imprint_indent + label_twips,
                imprint_indent,
                -label_twips,
                Some(0),
            )),
            // The rules above and below (each its width plus 1 pt of space) fit in the line's
            // pitch, so the 版记 takes exactly one grid line, as the page layout counts it.
            line_twips: Some(pitch - 2 * (imprint_rule_twips(style) + 20)),
            ..Default::default()
        },
        &RunProps {
            condense: style.condense_twips(style.sizes.imprint_pt),
            size_pt: Some(style.sizes.imprint_pt),
            ..RunProps::font(&fonts.body)
        },
    );
    let number_line = twips_value(style.page_number_line_pt()) as u32;
    paragraph_style(
        &mut x,
        id::FOOTER,
        "footer",
        Some(id::NORMAL),
        &ParaProps {
            indent: no_indent,
            line_twips: Some(number_line),
            ..Default::default()
        },
        &RunProps {
            latin: fonts
                .page_number
                .latin_in_face
                .then_some(fonts.page_number.name.as_str()),
            condense: 0,
            size_pt: Some(style.sizes.page_number_pt),
            ..RunProps::font(&fonts.page_number)
        },
    );
    // The table style: single rules round every cell.
    x.open("w:style", &[("w:type", "table"), ("w:styleId", id::TABLE)]);
    x.empty("w:name", &[("w:val", "公文表格")]);
    x.open("w:tblPr", &[]).open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        );
    }
    x.close("w:tblBorders");
    x.open("w:tblCellMar", &[])
        .empty("w:left", &[("w:w", "57"), ("w:type", "dxa")])
        .empty("w:right", &[("w:w", "57"), ("w:type", "dxa")])
        .close("w:tblCellMar");
    x.close("w:tblPr").close("w:style");
    x.close("w:styles");
    x.finish()
}
