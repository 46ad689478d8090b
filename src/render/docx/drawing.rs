//! The 版头's red 发文机关标志 and rules as shapes anchored to page 1 (text boxes and filled
//! rectangles placed from the page's top-left corner, in front of the text, taking no room in
//! its flow), where the layout's plan puts them.

use super::half_points;
use super::styles::id;
use super::xml::Xml;
use crate::layout::plan::{FixedRule, FixedText, Letterhead};
use crate::style::{Style, TWIPS_PER_PT};

const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_WPS: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape";
const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";

/// English Metric Units per point.
const EMU_PER_PT: f64 = 12_700.0;

/// The line of a text box, as a multiple of the size: room for the glyphs below the em box.
/// LibreOffice sets the em box at the top of a text box's exactly spaced line (measured: the
/// 标志's top within 0.1 mm of the box's at 36 and 42 pt), not centred as in the body.
const BOX_LINE_EMS: f64 = 1.25;

fn emu(pt: f64) -> String {
    ((pt * EMU_PER_PT).round() as i64).to_string()
}

/// The runs that anchor `head`'s texts and rules to the page, for the first paragraph of page 1.
pub fn letterhead_runs(head: &Letterhead, style: &Style) -> String {
    let mut x = Xml::default();
    let colour = format!(
        "{:02X}{:02X}{:02X}",
        head.colour[0], head.colour[1], head.colour[2]
    );
    let mut id = 1;
    for rule in &head.rules {
        anchor(&mut x, id, rule_box(rule), &colour, |_| {});
        id += 1;
    }
    for text in &head.texts {
        let line = text.size * BOX_LINE_EMS;
        let frame = Frame {
            left: text.left,
            top: text.top,
            width: text.width,
            height: line,
            text_box: true,
        };
        anchor(&mut x, id, frame, &colour, |x| {
            text_box_paragraph(x, text, line, &colour, style)
        });
        id += 1;
    }
    x.finish()
}

/// The relationship id of the seal picture (word/media/seal.png) in document.xml's rels.
pub const SEAL_REL: &str = "rId8";

/// The run that anchors the seal picture behind the text of its paragraph: `left` from the text
/// block's left edge and `top` from the paragraph's top, `width` × `height`, in points.
pub fn seal_run(left: f64, top: f64, width: f64, height: f64) -> String {
    let mut x = Xml::default();
    let (cx, cy) = (emu(width), emu(height));
    let place = Anchoring {
        from: ("margin", "paragraph"),
        left,
        top,
        width,
        height,
        behind_text: true,
        z: 251_657_216,
        id: 100,
        name: "印章".into(),
        uri: "http://schemas.openxmlformats.org/drawingml/2006/picture",
    };
    anchored(&mut x, &place, |x| {
        x.open("pic:pic", &[("xmlns:pic", NS_PIC)]);
        x.open("pic:nvPicPr", &[])
            .empty("pic:cNvPr", &[("id", "0"), ("name", "seal.png")])
            .empty("pic:cNvPicPr", &[])
            .close("pic:nvPicPr");
        x.open("pic:blipFill", &[])
            .empty("a:blip", &[("r:embed", SEAL_REL)])
            .open("a:stretch", &[])
            .empty("a:fillRect", &[])
            .close("a:stretch")
            .close("pic:blipFill");
        x.open("pic:spPr", &[]).open("a:xfrm", &[]);
        x.empty("a:off", &[("x", "0"), ("y", "0")]);
        x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
        x.close("a:xfrm");
        x.open("a:prstGeom", &[("prst", "rect")])
            .empty("a:avLst", &[])
            .close("a:prstGeom");
        x.close("pic:spPr").close("pic:pic");
    });
    x.finish()
}

/// Where and how a drawing is anchored: its offsets' frames of reference (horizontal, vertical),
/// its place and size in points, whether it lies behind the text, its stacking order, its id and
/// name, and the kind of graphic it holds.
struct Anchoring {
    from: (&'static str, &'static str),
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    behind_text: bool,
    z: u32,
    id: u32,
    name: String,
    uri: &'static str,
}

/// A run holding a drawing anchored as `place` says, floating without wrapping the text; `graphic`
/// writes what goes inside its a:graphicData. A picture (behind the text) keeps its aspect.
fn anchored(x: &mut Xml, place: &Anchoring, graphic: impl FnOnce(&mut Xml)) {
    let (cx, cy) = (emu(place.width), emu(place.height));
    x.open("w:r", &[]).open("w:drawing", &[]);
    x.open(
        "wp:anchor",
        &[
            ("xmlns:wp", NS_WP),
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
            ("simplePos", "0"),
            ("relativeHeight", &place.z.to_string()),
            ("behindDoc", if place.behind_text { "1" } else { "0" }),
            ("locked", if place.behind_text { "0" } else { "1" }),
            ("layoutInCell", "1"),
            ("allowOverlap", "1"),
        ],
    );
    x.empty("wp:simplePos", &[("x", "0"), ("y", "0")]);
    for (axis, from, offset) in [
        ("wp:positionH", place.from.0, place.left),
        ("wp:positionV", place.from.1, place.top),
    ] {
        x.open(axis, &[("relativeFrom", from)])
            .element("wp:posOffset", &[], &emu(offset))
            .close(axis);
    }
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    );
    x.empty("wp:wrapNone", &[]);
    x.empty(
        "wp:docPr",
        &[("id", &place.id.to_string()), ("name", &place.name)],
    );
    if place.behind_text {
        x.open("wp:cNvGraphicFramePr", &[])
            .empty(
                "a:graphicFrameLocks",
                &[("xmlns:a", NS_A), ("noChangeAspect", "1")],
            )
            .close("wp:cNvGraphicFramePr");
    } else {
        x.empty("wp:cNvGraphicFramePr", &[]);
    }
    x.open("a:graphic", &[("xmlns:a", NS_A)])
        .open("a:graphicData", &[("uri", place.uri)]);
    graphic(x);
    x.close("a:graphicData").close("a:graphic");
    x.close("wp:anchor").close("w:drawing").close("w:r");
}

/// A shape's place and size on the page, in points.
struct Frame {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    text_box: bool,
}

fn rule_box(rule: &FixedRule) -> Frame {
    Frame {
        left: rule.left,
        top: rule.top,
        width: rule.width,
        height: rule.thickness,
        text_box: false,
    }
}

/// One anchored shape: a red rectangle, or a text box whose content `content` writes.
fn anchor(x: &mut Xml, id: u32, frame: Frame, colour: &str, content: impl FnOnce(&mut Xml)) {
    let (cx, cy) = (emu(frame.width), emu(frame.height));
    let place = Anchoring {
        from: ("page", "page"),
        left: frame.left,
        top: frame.top,
        width: frame.width,
        height: frame.height,
        behind_text: false,
        z: 251_658_240 + id,
        id,
        name: format!("版头 {id}"),
        uri: "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    };
    anchored(x, &place, |x| shape(x, &frame, (&cx, &cy), colour, content));
}

/// A wps shape: a red rectangle, or a text box whose content `content` writes.
fn shape(
    x: &mut Xml,
    frame: &Frame,
    (cx, cy): (&str, &str),
    colour: &str,
    content: impl FnOnce(&mut Xml),
) {
    x.open("wps:wsp", &[("xmlns:wps", NS_WPS)]);
    if frame.text_box {
        x.empty("wps:cNvSpPr", &[("txBox", "1")]);
    } else {
        x.empty("wps:cNvSpPr", &[]);
    }
    x.open("wps:spPr", &[]).open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", cx), ("cy", cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")])
        .empty("a:avLst", &[])
        .close("a:prstGeom");
    if frame.text_box {
        x.empty("a:noFill", &[]);
    } else {
        x.open("a:solidFill", &[])
            .empty("a:srgbClr", &[("val", colour)])
            .close("a:solidFill");
    }
    x.open("a:ln", &[]).empty("a:noFill", &[]).close("a:ln");
    x.close("wps:spPr");
    if frame.text_box {
        x.open("wps:txbx", &[]).open("w:txbxContent", &[]);
        content(x);
        x.close("w:txbxContent").close("wps:txbx");
    }
    x.open(
        "wps:bodyPr",
        &[
            ("rot", "0"),
            ("vert", "horz"),
            ("wrap", "none"),
            ("lIns", "0"),
            ("tIns", "0"),
            ("rIns", "0"),
            ("bIns", "0"),
            ("anchor", "t"),
            ("anchorCtr", "0"),
        ],
    );
    x.empty("a:noAutofit", &[]);
    x.close("wps:bodyPr");
    x.close("wps:wsp");
}

/// The text box's one paragraph: off the grid, exactly `line` high, centred or spread over the
/// box, in the title's face at the text's size and in red.
fn text_box_paragraph(x: &mut Xml, text: &FixedText, line: f64, colour: &str, style: &Style) {
    let face = &style.fonts.title;
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", id::TITLE)]);
    x.empty("w:keepNext", &[("w:val", "0")]);
    x.empty("w:snapToGrid", &[("w:val", "0")]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            (
                "w:line",
                &((line * TWIPS_PER_PT).round() as i64).to_string(),
            ),
            ("w:lineRule", "exact"),
        ],
    );
    x.empty(
        "w:ind",
        &[
            ("w:left", "0"),
            ("w:right", "0"),
            ("w:firstLine", "0"),
            ("w:firstLineChars", "0"),
        ],
    );
    let jc = if text.spread { "distribute" } else { "center" };
    x.empty("w:jc", &[("w:val", jc)]);
    x.close("w:pPr");
    x.open("w:r", &[]).open("w:rPr", &[]);
    let name = face.name.as_str();
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", name),
            ("w:hAnsi", name),
            ("w:eastAsia", name),
            ("w:cs", name),
        ],
    );
    if face.bold {
        x.empty("w:b", &[]).empty("w:bCs", &[]);
    }
    x.empty("w:color", &[("w:val", colour)]);
    x.empty("w:spacing", &[("w:val", "0")]);
    let size = half_points(text.size);
    x.empty("w:sz", &[("w:val", &size)])
        .empty("w:szCs", &[("w:val", &size)]);
    x.close("w:rPr");
    x.element("w:t", &[("xml:space", "preserve")], &text.text);
    x.close("w:r").close("w:p");
}
