//! Tables set sideways (§8 横排表格): a 风险台账 too wide for the text block goes on portrait
//! pages turned a quarter to the left, its head along the left edge (the binding side of odd
//! pages, the outer side of even ones), under the attachment's upright label, with the page
//! numbers where they are on the other pages. Measured in gongwen's PDF and in LibreOffice's
//! PDF of the DOCX (tests/tools/turned.py, pdfplumber).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The text block, in millimetres from the paper's top-left corner, and the grid's pitch.
const LEFT: f64 = 28.0;
const RIGHT: f64 = 184.0;
const TOP: f64 = 37.0;
const BOTTOM: f64 = 262.0;
const PITCH_MM: f64 = 579.0 / 20.0 * 25.4 / 72.0;

fn turned_pages(pdf: &Path) -> Vec<Value> {
    let report: Value = serde_json::from_str(&pdf_tool("turned.py", pdf)).unwrap();
    report["pages"].as_array().unwrap().clone()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The sideways lines of `page`, by text (the order pdfplumber gives Latin and CJK glyphs on
/// one baseline differs between the PDFs; the lines do not).
fn line_texts(page: &Value) -> Vec<String> {
    let mut texts: Vec<String> = page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    texts
}

/// The baseline x of the first sideways line whose text is `text`.
fn line_x(page: &Value, text: &str) -> f64 {
    let line = page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["text"] == text)
        .unwrap_or_else(|| panic!("no sideways line {text} in {page}"));
    num(&line["x"])
}

/// The risk report's data with `extra` more risks in its ledger, each described by
/// `description`.
fn report_with(extra: usize, description: &str) -> (tempfile::TempDir, PathBuf) {
    let base = std::fs::read_to_string(project_dir().join("data/risk-report.yaml")).unwrap();
    let mut risks = String::new();
    for n in 0..extra {
        risks.push_str(&format!(
            "  - name: 第{n}类科技领域风险隐患\n    area: 科技项目\n    level: 一般\n    \
             description: {description}\n    \
             measures: 开展专项检查，督促整改到位，建立信用记录\n    owner: 计划科\n    \
             deadline: 2021-06-30\n    status: 整改中\n"
        ));
    }
    let text = base.replacen("risks:\n", &format!("risks:\n{risks}"), 1);
    data_file("risk-report.yaml", &text)
}

fn report_with_risks(extra: usize) -> (tempfile::TempDir, PathBuf) {
    report_with(extra, "项目承担单位未按合同约定开展研究，经费使用不规范")
}

/// Both PDFs of `input`: gongwen's and LibreOffice's of the DOCX.
fn both_pdfs(input: &Path) -> (tempfile::TempDir, [PathBuf; 2]) {
    let dir = render_with_libreoffice(&[input.to_path_buf()]);
    let stem = input.file_stem().unwrap().to_string_lossy().to_string();
    let native = dir.path().join(format!("{stem}.pdf"));
    let lo = dir.path().join("lo").join(format!("{stem}.pdf"));
    (dir, [native, lo])
}

fn ready() -> bool {
    tool_available("soffice", &["--version"])
        && tool_available("python3", &["-c", "import pdfplumber"])
}

/// Every measure of a sideways page, in either PDF.
fn assert_sideways_page(page: &Value, first: bool, pdf: &Path) {
    let at = format!("{}, page {}", pdf.display(), page["page"]);
    assert_eq!(page["portrait"], true, "{at}: the paper stays upright");
    assert!((num(&page["width"]) - 210.0).abs() < 0.5, "{at}");
    assert_eq!(page["turn"], serde_json::json!(["left"]), "{at}");
    let bx = &page["box"];
    assert!(num(&bx["left"]) >= LEFT - 0.5, "{at}: {bx}");
    assert!(num(&bx["right"]) <= RIGHT + 0.5, "{at}: {bx}");
    assert!(
        num(&bx["top"]) >= TOP + PITCH_MM - 0.5,
        "{at}: below the label's line: {bx}"
    );
    assert!(num(&bx["bottom"]) <= BOTTOM + 0.5, "{at}: {bx}");
    assert_eq!(page["kinsoku"], serde_json::json!([]), "{at}");
    let upright: Vec<&str> = page["upright"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    // The label on the first page only, flush left on line 1; the page number on every page.
    if first {
        let label = &page["upright"][0];
        assert_eq!(label["text"], "附件", "{at}");
        assert!((num(&label["left"]) - LEFT).abs() < 0.5, "{at}: {label}");
        let top = num(&label["top"]);
        assert!((TOP..TOP + PITCH_MM).contains(&top), "{at}: {label}");
    } else {
        assert!(!upright.contains(&"附件"), "{at}: {upright:?}");
    }
    let number = format!("—{}—", page["page"]);
    assert!(
        upright.iter().any(|t| t.replace(' ', "") == number),
        "{at}: page number {number} in {upright:?}"
    );
    // The head along the left edge: the head row's cells left of every body row's, the title
    // (on the first page) left of them all.
    let head = line_x(page, "序号");
    let body = line_x(page, "整改中");
    assert!(head < body, "{at}: head {head} mm, body {body} mm");
    if first {
        assert!(line_x(page, "风险隐患台账") < head, "{at}");
    }
}

#[test]
fn the_ledger_is_set_sideways_under_its_upright_label() {
    if !ready() {
        return;
    }
    let input = project_dir().join("data/risk-report.yaml");
    let (_dir, pdfs) = both_pdfs(&input);
    let [native, lo] = pdfs.map(|pdf| (turned_pages(&pdf), pdf));
    for (pages, pdf) in [&native, &lo] {
        let numbers: Vec<&Value> = pages.iter().map(|p| &p["page"]).collect();
        assert_eq!(numbers, [4], "{}", pdf.display());
        assert_sideways_page(&pages[0], true, pdf);
    }
    // LibreOffice breaks every cell's lines where gongwen does.
    assert_eq!(line_texts(&native.0[0]), line_texts(&lo.0[0]));
}

#[test]
fn a_long_ledger_goes_on_over_sideways_pages_with_its_head_again() {
    if !ready() {
        return;
    }
    let (_data, input) = report_with_risks(5);
    let (_dir, pdfs) = both_pdfs(&input);
    let [native, lo] = pdfs.map(|pdf| (turned_pages(&pdf), pdf));
    for (pages, pdf) in [&native, &lo] {
        let numbers: Vec<&Value> = pages.iter().map(|p| &p["page"]).collect();
        assert_eq!(numbers, [4, 5], "{}", pdf.display());
        assert_sideways_page(&pages[0], true, pdf);
        assert_sideways_page(&pages[1], false, pdf);
    }
    for (a, b) in native.0.iter().zip(&lo.0) {
        assert_eq!(line_texts(a), line_texts(b), "page {}", a["page"]);
    }
    // Nothing after the ledger: no blank page at the end of either.
    assert_eq!(page_count(&native.1), 5);
    assert_eq!(page_count(&lo.1), 5);
}

#[test]
fn a_ledger_with_a_row_too_deep_for_the_frame_stays_upright_where_its_rows_may_split() {
    if !ready() {
        return;
    }
    // 400 characters in one cell: deeper, with the header, than the 15 lines across the frame;
    // set sideways, the row could neither split nor fit.
    let (_data, input) = report_with(
        1,
        &"项目承担单位未按合同约定开展研究，经费使用不规范。".repeat(16),
    );
    let (_dir, pdfs) = both_pdfs(&input);
    for pdf in &pdfs {
        assert!(turned_pages(pdf).is_empty(), "{}", pdf.display());
    }
    assert_eq!(page_count(&pdfs[0]), page_count(&pdfs[1]));
}

#[test]
fn a_title_whose_latin_letters_wrap_takes_as_many_lines_in_both_pdfs() {
    if !ready() {
        return;
    }
    // Latin capitals are wider than the half em a title's balance counts them: the frame's
    // layout wraps the title into more lines than planned, and the DOCX's title column must be
    // as deep, so that the table starts at the same place.
    let input = project_dir().join("tests/fixtures/sideways-latin-title.md");
    let (_dir, pdfs) = both_pdfs(&input);
    let [native, lo] = pdfs.map(|pdf| turned_pages(&pdf));
    assert_eq!(native.len(), 1);
    assert_eq!(lo.len(), 1);
    assert_eq!(line_texts(&native[0]), line_texts(&lo[0]));
    let head = |page: &Value| line_x(page, "序号");
    assert!(
        (head(&native[0]) - head(&lo[0])).abs() < 1.0,
        "the head at {} mm and {} mm",
        head(&native[0]),
        head(&lo[0])
    );
}

#[test]
fn a_narrow_attachment_table_stays_upright() {
    if !ready() {
        return;
    }
    let input = project_dir().join("data/annual-summary-2024.yaml");
    let (_dir, pdfs) = both_pdfs(&input);
    for pdf in pdfs {
        assert!(turned_pages(&pdf).is_empty(), "{}", pdf.display());
    }
}

/// The number of pages of `pdf`, as pdfinfo reads it.
fn page_count(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}
