//! The fixed parts of the package around document.xml: content types, relationships,
//! properties, settings (避头尾 lists, odd/even footers), fonts, theme and page-number footers.

use super::xml::{DECLARATION, Xml};
use super::{NS_R, NS_W, twips};
use crate::document::Document;
use crate::layout::kinsoku::{NO_LINE_END, NO_LINE_START};
use crate::style::{FontRole, Style};

/// The package's parts in the order they are zipped, with the footers the document uses.
pub const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Default Extension=\"png\" ContentType=\"image/png\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>",
    "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/footer3.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

pub const PACKAGE_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

/// Relationship ids of document.xml's parts.
pub const FOOTER_ODD: &str = "rId5";
pub const FOOTER_EVEN: &str = "rId6";
pub const FOOTER_FIRST: &str = "rId7";

/// document.xml's relationships, with the seal picture's where there is one.
pub fn document_rels(seal: bool) -> String {
    if seal {
        DOCUMENT_RELS.replace(
            "</Relationships>",
            "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/seal.png\"/></Relationships>",
        )
    } else {
        DOCUMENT_RELS.to_string()
    }
}

const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>",
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>",
    "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "<Relationship Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer3.xml\"/>",
    "</Relationships>"
);

/// docProps/core.xml: title and author, with the 成文日期 as the fixed creation date.
pub fn core_properties(document: &Document) -> String {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], &document.front.title);
    if let Some(signature) = &document.front.signature {
        x.element("dc:creator", &[], signature);
    }
    x.element("cp:lastModifiedBy", &[], "gongwen");
    if let Some(date) = &document.date {
        let stamp = format!(
            "{}T00:00:00Z",
            serde_json::to_value(date)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        );
        let attrs = [("xsi:type", "dcterms:W3CDTF")];
        x.element("dcterms:created", &attrs, &stamp);
        x.element("dcterms:modified", &attrs, &stamp);
    }
    x.close("cp:coreProperties");
    x.finish()
}

pub const APP_PROPERTIES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>gongwen</Application><DocSecurity>0</DocSecurity></Properties>"
);

/// word/settings.xml: odd/even footers, full-width punctuation, the 避头尾 lists.
pub fn settings(style: &Style) -> String {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", NS_W)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty(
        "w:defaultTabStop",
        &[("w:val", &twips(style.sizes.body_pt * 2.0))],
    );
    x.empty("w:evenAndOddHeaders", &[]);
    // Keep every mark a full cell wide, as the grid wants; no compression of punctuation.
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.empty(
        "w:noLineBreaksAfter",
        &[("w:lang", "zh-CN"), ("w:val", NO_LINE_END)],
    );
    x.empty(
        "w:noLineBreaksBefore",
        &[("w:lang", "zh-CN"), ("w:val", NO_LINE_START)],
    );
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    x.empty("w:decimalSymbol", &[("w:val", ".")]);
    x.empty("w:listSeparator", &[("w:val", ",")]);
    x.close("w:settings");
    x.finish()
}

/// word/fontTable.xml: every font the styles name, Chinese faces marked GB2312 with their
/// other names, so Word and WPS pick a stand-in of the right kind where one is missing.
pub fn font_table(style: &Style) -> String {
    let f = &style.fonts;
    let roles: [&FontRole; 8] = [
        &f.body,
        &f.title,
        &f.heading1,
        &f.heading2,
        &f.heading3,
        &f.heading4,
        &f.page_number,
        &f.latin,
    ];
    let mut seen: Vec<&str> = Vec::new();
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", NS_W)]);
    for role in roles {
        if seen.contains(&role.name.as_str()) {
            continue;
        }
        seen.push(&role.name);
        let chinese = role.name.chars().any(|c| c as u32 >= 0x2E80)
            || role
                .also
                .iter()
                .any(|a| a.chars().any(|c| c as u32 >= 0x2E80));
        x.open("w:font", &[("w:name", &role.name)]);
        if let Some(alt) = role.also.first() {
            x.empty("w:altName", &[("w:val", alt)]);
        }
        x.empty("w:charset", &[("w:val", if chinese { "86" } else { "00" })]);
        x.empty(
            "w:family",
            &[("w:val", if chinese { "modern" } else { "roman" })],
        );
        x.empty(
            "w:pitch",
            &[("w:val", if chinese { "fixed" } else { "variable" })],
        );
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// word/theme/theme1.xml: a small valid theme whose fonts are the body and heading faces.
pub fn theme(style: &Style) -> String {
    let mut x = Xml::new();
    x.open(
        "a:theme",
        &[
            (
                "xmlns:a",
                "http://schemas.openxmlformats.org/drawingml/2006/main",
            ),
            ("name", "gongwen"),
        ],
    );
    x.open("a:themeElements", &[])
        .open("a:clrScheme", &[("name", "gongwen")]);
    x.raw("<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>");
    for (name, rgb) in [
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ] {
        x.open(&format!("a:{name}"), &[])
            .empty("a:srgbClr", &[("val", rgb)])
            .close(&format!("a:{name}"));
    }
    x.close("a:clrScheme");
    x.open("a:fontScheme", &[("name", "gongwen")]);
    for (name, ea) in [
        ("a:majorFont", &style.fonts.heading1.name),
        ("a:minorFont", &style.fonts.body.name),
    ] {
        x.open(name, &[])
            .empty("a:latin", &[("typeface", &style.fonts.latin.name)])
            .empty("a:ea", &[("typeface", ea)])
            .empty("a:cs", &[("typeface", "")])
            .close(name);
    }
    x.close("a:fontScheme");
    x.open("a:fmtScheme", &[("name", "gongwen")]);
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    x.raw(&format!(
        "<a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"
    ));
    let line = format!("<a:ln w=\"6350\">{fill}</a:ln>");
    x.raw(&format!("<a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>"));
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    x.raw(&format!(
        "<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>"
    ));
    x.raw(&format!(
        "<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst>"
    ));
    x.close("a:fmtScheme")
        .close("a:themeElements")
        .close("a:theme");
    x.finish()
}

/// Which side of the text block a page number sits on.
#[derive(Clone, Copy)]
pub enum Side {
    Right,
    Left,
}

/// A footer with the page number "— N —" as a PAGE field, 1 character in from `side`.
pub fn page_number_footer(style: &Style, side: Side) -> String {
    let indent = twips(style.sizes.page_number_pt * style.page_number.indent_chars);
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:p", &[])
        .open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "Footer")]);
    match side {
        Side::Right => x
            .empty("w:ind", &[("w:right", &indent)])
            .empty("w:jc", &[("w:val", "right")]),
        Side::Left => x
            .empty("w:ind", &[("w:left", &indent)])
            .empty("w:jc", &[("w:val", "left")]),
    };
    x.close("w:pPr");
    let dash = &style.page_number.dash;
    let text_run = |x: &mut Xml, text: &str| {
        x.open("w:r", &[])
            .element("w:t", &[("xml:space", "preserve")], text)
            .close("w:r");
    };
    text_run(&mut x, &format!("{dash} "));
    x.open("w:r", &[])
        .empty("w:fldChar", &[("w:fldCharType", "begin")])
        .close("w:r");
    x.open("w:r", &[])
        .element("w:instrText", &[("xml:space", "preserve")], " PAGE ")
        .close("w:r");
    x.open("w:r", &[])
        .empty("w:fldChar", &[("w:fldCharType", "separate")])
        .close("w:r");
    text_run(&mut x, "1");
    x.open("w:r", &[])
        .empty("w:fldChar", &[("w:fldCharType", "end")])
        .close("w:r");
    text_run(&mut x, &format!(" {dash}"));
    x.close("w:p").close("w:ftr");
    x.finish()
}

/// A footer without a page number (page 1 of a 信函).
pub fn empty_footer() -> String {
    format!(
        "{DECLARATION}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>"
    )
}
