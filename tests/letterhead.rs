//! The 版头, measured on page 1 of gongwen's PDF and of LibreOffice's PDF of the DOCX
//! (tests/tools/letterhead.py, pdfplumber) against GB/T 9704's figures: the 文件格式's red
//! 发文机关标志 35 mm below the text block and its rule 4 mm under the 发文字号 (§7.2), the
//! 信函格式's 标志 30 mm from the paper's top and its double rules (§10.1).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Millimetres per 3号 character (16 pt).
const CHAR_MM: f64 = 16.0 * 25.4 / 72.0;
/// The text block: left and right edges, its middle and its top.
const LEFT: f64 = 28.0;
const RIGHT: f64 = 184.0;
const MIDDLE: f64 = 106.0;
const TOP: f64 = 37.0;

fn page_one(pdf: &Path) -> Value {
    serde_json::from_str(&pdf_tool("letterhead.py", pdf)).unwrap()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn near(what: &str, got: f64, want: f64, tolerance: f64, pdf: &Path) {
    assert!(
        (got - want).abs() <= tolerance,
        "{}: {what} is {got} mm, the standard's {want} mm (±{tolerance})",
        pdf.display()
    );
}

/// The text line of page 1 above the title that starts with `start`.
fn line<'a>(page: &'a Value, start: &str) -> &'a Value {
    page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start}: {page}"))
}

/// gongwen's PDF of each input and LibreOffice's of its DOCX, rendered into one folder.
fn both_pdfs(inputs: &[PathBuf]) -> Option<(tempfile::TempDir, Vec<PathBuf>)> {
    if !tool_available("soffice", &["--version"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return None;
    }
    let dir = render_with_libreoffice(inputs);
    let mut pdfs = Vec::new();
    for pdf in files_with_extension(dir.path(), "pdf") {
        pdfs.push(dir.path().join("lo").join(pdf.file_name().unwrap()));
        pdfs.push(pdf);
    }
    Some((dir, pdfs))
}

#[test]
fn the_file_letterhead_sits_where_the_standard_puts_it() {
    let inputs = [
        project_dir().join("data/downward-circular.yaml"),
        project_dir().join("data/annual-summary-2024.yaml"),
    ];
    let Some((_dir, pdfs)) = both_pdfs(&inputs) else {
        return;
    };
    assert_eq!(pdfs.len(), 4);
    for pdf in &pdfs {
        let page = page_one(pdf);
        let marks = page["marks"].as_array().unwrap();
        assert_eq!(marks.len(), 1, "{}: {page}", pdf.display());
        let mark = &marks[0];
        assert!(mark["text"].as_str().unwrap().ends_with("科学技术局文件"));
        near("the 标志's top", num(mark, "top"), TOP + 35.0, 0.3, pdf);
        near("the 标志's middle", num(mark, "middle"), MIDDLE, 0.5, pdf);
        assert_eq!(num(mark, "size"), 42.0, "{}", pdf.display());
        let rules = page["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 1, "{}: {page}", pdf.display());
        let rule = &rules[0];
        near("the rule's left end", num(rule, "left"), LEFT, 0.2, pdf);
        near("the rule's right end", num(rule, "right"), RIGHT, 0.2, pdf);
        near(
            "the rule's thickness",
            num(rule, "thickness"),
            1.0,
            0.1,
            pdf,
        );
        let downward = pdf.to_string_lossy().contains("downward");
        let number = line(&page, if downward { "霍科" } else { "金科" });
        // The 字号's em box ends a 3号 size below its top; the rule lies 4 mm under it.
        let number_bottom = num(number, "top") + CHAR_MM;
        near(
            "the rule's top",
            num(rule, "top"),
            number_bottom + 4.0,
            0.4,
            pdf,
        );
        // Two blank lines between the 标志 and the 字号 (the 标志's foot in the line before).
        let mark_bottom = num(mark, "top") + 42.0 * 25.4 / 72.0;
        let gap = num(number, "top") - mark_bottom;
        assert!(
            (2.0 * 10.21..3.0 * 10.21 + 1.0).contains(&gap),
            "{}: {gap} mm from the 标志 to the 字号",
            pdf.display()
        );
        // The title two lines under the rule.
        let title_gap = num(&page, "title") - num(rule, "top");
        assert!(
            (17.0..21.0).contains(&title_gap),
            "{}: the title {title_gap} mm under the rule",
            pdf.display()
        );
        if downward {
            near(
                "a 下行文's 字号 middle",
                num(number, "middle"),
                MIDDLE,
                0.5,
                pdf,
            );
            // 份号, 密级★保密期限 and 紧急程度 one a line at the top left, from the first line.
            for (n, start) in ["000018", "秘密★6个月", "加急"].iter().enumerate() {
                let l = line(&page, start);
                near(
                    "a top-left line's left edge",
                    num(l, "left"),
                    LEFT,
                    0.2,
                    pdf,
                );
                near(
                    "a top-left line's top",
                    num(l, "top"),
                    TOP + 2.28 + n as f64 * 10.21,
                    0.5,
                    pdf,
                );
            }
        } else {
            // An upward document: the 字号 1 character in from the left, the 签发人 as far
            // in from the right, on one line.
            near(
                "a 上行文's 字号 left edge",
                num(number, "left"),
                LEFT + CHAR_MM,
                0.3,
                pdf,
            );
            assert!(number["text"].as_str().unwrap().ends_with("签发人：储昭明"));
            near(
                "the 签发人's right edge",
                num(number, "right"),
                RIGHT - CHAR_MM,
                0.3,
                pdf,
            );
        }
    }
}

#[test]
fn the_letter_letterhead_has_its_double_rules() {
    let Some((_dir, pdfs)) = both_pdfs(&[project_dir().join("data/proposal-replies.yaml")]) else {
        return;
    };
    assert_eq!(pdfs.len(), 4);
    for pdf in &pdfs {
        let page = page_one(pdf);
        let mark = &page["marks"][0];
        assert_eq!(mark["text"], "重庆市科学技术局", "{}", pdf.display());
        near("the 信函's 标志 top", num(mark, "top"), 30.0, 0.3, pdf);
        near(
            "the 信函's 标志 middle",
            num(mark, "middle"),
            MIDDLE,
            0.5,
            pdf,
        );
        let rules = page["rules"].as_array().unwrap();
        let thickness: Vec<f64> = rules.iter().map(|r| num(r, "thickness")).collect();
        assert_eq!(thickness, [1.5, 0.5, 0.5, 1.5], "{}", pdf.display());
        for rule in rules {
            near(
                "a double rule's left end",
                num(rule, "left"),
                21.0,
                0.2,
                pdf,
            );
            near(
                "a double rule's right end",
                num(rule, "right"),
                191.0,
                0.2,
                pdf,
            );
        }
        let mark_bottom = num(mark, "top") + 36.0 * 25.4 / 72.0;
        near(
            "the upper rule",
            num(&rules[0], "top"),
            mark_bottom + 4.0,
            0.3,
            pdf,
        );
        near(
            "the lower rule's foot",
            num(&rules[3], "bottom"),
            277.0,
            0.2,
            pdf,
        );
        // The 发文字号 at the right, under the rule.
        let number = line(&page, "渝科局函");
        near(
            "the 字号's right edge",
            num(number, "right"),
            RIGHT,
            0.3,
            pdf,
        );
        assert!(num(number, "top") > num(&rules[1], "bottom"));
    }
}

#[test]
fn a_joint_mark_stacks_its_names_and_preprinted_paper_keeps_the_place() {
    let fixture = project_dir().join("tests/fixtures/joint-preprinted.md");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let inputs_dir = tempfile::tempdir().unwrap();
    let preprinted = inputs_dir.path().join("preprinted.md");
    std::fs::write(
        &preprinted,
        text.replace(
            "direction: 下行\n",
            "direction: 下行\nletterhead: preprinted\n",
        ),
    )
    .unwrap();
    let Some((dir, pdfs)) = both_pdfs(&[fixture, preprinted]) else {
        return;
    };
    // All 13 checks of the GB/T 9704 checker, 版头 drawn and preprinted.
    if let Some(shared) = shared_dir() {
        for pdf in &pdfs {
            let out = Command::new("python3")
                .arg(shared.join("tools/gbt9704-check.py"))
                .arg(pdf)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                pdf.display(),
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    for twin in ["", "lo/"] {
        let drawn = page_one(&dir.path().join(format!("{twin}joint-preprinted.pdf")));
        let blank = page_one(&dir.path().join(format!("{twin}preprinted.pdf")));
        let names: Vec<&str> = drawn["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        // Read by baseline: the first name, 文件 centred between the names, the second name.
        assert_eq!(names, ["某市科学技术局", "文件", "某市财政局"], "{twin}");
        let (first, second) = (&drawn["marks"][0], &drawn["marks"][2]);
        // The shorter name is spread to the longer's width.
        let pdf = dir.path().join(twin);
        near(
            "the names' left edges",
            num(second, "left"),
            num(first, "left"),
            0.5,
            &pdf,
        );
        near(
            "the names' right edges",
            num(second, "right"),
            num(first, "right"),
            0.5,
            &pdf,
        );
        near(
            "the first name's top",
            num(first, "top"),
            TOP + 35.0,
            0.3,
            &pdf,
        );
        // Preprinted: nothing red, everything else where it was.
        assert!(blank["marks"].as_array().unwrap().is_empty(), "{blank}");
        assert!(blank["rules"].as_array().unwrap().is_empty(), "{blank}");
        assert_eq!(blank["lines"], drawn["lines"], "{twin}");
        assert_eq!(blank["title"], drawn["title"], "{twin}");
    }
}

use std::process::Command;
