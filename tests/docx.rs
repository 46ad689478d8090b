//! DOCX output: XML snapshots, determinism, schema validation (openxml-audit) and the layout
//! that LibreOffice makes of it (layout-check.py, pdftotext).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// The parts of a .docx package, by name.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        parts.insert(name, text);
    }
    parts
}

/// XML with a line break before each paragraph, table, row, style and section, for readable diffs.
fn readable(xml: &str) -> String {
    let mut out = xml.to_string();
    for tag in [
        "<w:p>",
        "<w:tbl>",
        "<w:tr>",
        "<w:style ",
        "<w:sectPr>",
        "<w:docDefaults>",
    ] {
        out = out.replace(tag, &format!("\n{tag}"));
    }
    out
}

fn docx_files(dir: &Path) -> Vec<std::path::PathBuf> {
    files_in(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect()
}

#[test]
fn docx_parts_match_snapshots() {
    // The DOCX places the 版记 with the page layout, which needs the fonts.
    if let Err(e) = gongwen::render::pdf::PdfRenderer::new(&gongwen::style::Style::default()) {
        assert!(!in_ci(), "the fonts are missing in CI: {e}");
        eprintln!("SKIPPED: {e} (run `bash scripts/install-fonts.sh`)");
        return;
    }
    let dir = render_examples("docx");
    for name in [
        "annual-summary.docx",
        "0982-关于完善我市科技创新协同机制的建议.docx",
    ] {
        let parts = parts(&dir.path().join(name));
        let stem = name.split('-').next().unwrap();
        for part in [
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/footer1.xml",
            "docProps/core.xml",
        ] {
            let snapshot = format!("{stem}__{}", part.replace('/', "_"));
            insta::assert_snapshot!(snapshot, readable(&parts[part]));
        }
    }
}

#[test]
fn docx_is_byte_identical_across_runs() {
    let (a, b) = (render_examples("docx"), render_examples("docx"));
    let files = docx_files(a.path());
    assert_eq!(files.len(), 6);
    for file in files {
        let name = file.file_name().unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name:?} differs between two runs"
        );
    }
}

#[test]
fn docx_package_holds_the_layout_facts() {
    let dir = render_examples("docx");
    let parts = parts(&dir.path().join("annual-summary.docx"));
    let document = &parts["word/document.xml"];
    // A4, margins from the style, the 22-line grid at 579 twips.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
        "{document}"
    );
    assert!(document.contains(r#"w:left="1587""#) && document.contains(r#"w:right="1474""#));
    assert!(document.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
    assert!(
        document.contains(r#"<w:tblHeader/>"#),
        "tables repeat their header row"
    );
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert!(styles.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(
        styles.contains(r#"w:eastAsia="黑体""#) && styles.contains(r#"w:eastAsia="楷体_GB2312""#)
    );
    assert!(styles.contains(r#"w:firstLineChars="200""#));
    assert!(
        styles.contains(r#"<w:spacing w:val="-5"/>"#),
        "3号 runs are condensed to fit 28 a line"
    );
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    assert!(parts["word/settings.xml"].contains(r#"<w:noLineBreaksBefore w:lang="zh-CN""#));
    assert!(parts["word/footer2.xml"].contains(r#"<w:jc w:val="left"/>"#));
    assert!(parts["word/footer1.xml"].contains("PAGE"));
    assert!(parts["docProps/core.xml"].contains("2020-12-15T00:00:00Z"));
    // Letters have no number on page 1; reports do.
    let letter = parts_of_letter(&dir);
    assert!(letter.contains("<w:titlePg/>"));
    assert!(!document.contains("<w:titlePg/>"));
}

fn parts_of_letter(dir: &tempfile::TempDir) -> String {
    parts(
        &dir.path()
            .join("0982-关于完善我市科技创新协同机制的建议.docx"),
    )["word/document.xml"]
        .clone()
}

#[test]
fn docx_passes_openxml_audit() {
    if !tool_available("openxml-audit", &["--help"]) {
        return;
    }
    let dir = render_examples("docx");
    for file in docx_files(dir.path()) {
        let out = Command::new("openxml-audit")
            .args(["--format", "office2019"])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Errors: 0"), "{}: {text}", file.display());
    }
}

/// The checks of layout-check.py that every LibreOffice PDF of our DOCX must pass. The others
/// are reported in the test log; see the README's "Layout check" notes for why they can differ.
const REQUIRED_CHECKS: &[&str] = &["page-size", "bottom-edge", "line-pitch", "kinsoku", "fonts"];

#[test]
fn libreoffice_pdf_of_docx_passes_layout_check() {
    if !tool_available("soffice", &["--version"]) || !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let dir = render_examples("md,docx");
    let pdf_dir = dir.path().join("lo");
    let status = Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            project_dir().join("fonts/fontconfig/fonts.conf"),
        )
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .args(docx_files(dir.path()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let checker = project_dir().join("../shared/tools/layout-check.py");
    for docx in docx_files(dir.path()) {
        let stem = docx.file_stem().unwrap().to_string_lossy().to_string();
        let pdf = pdf_dir.join(format!("{stem}.pdf"));
        let out = Command::new("python3")
            .arg(&checker)
            .arg(&pdf)
            .arg("--json")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let json_line = text.lines().next().unwrap_or("");
        let report: serde_json::Value = serde_json::from_str(json_line)
            .unwrap_or_else(|e| panic!("{stem}: layout-check gave no JSON ({e}): {text}"));
        eprintln!("{stem}: {}", text.lines().last().unwrap_or(""));
        for (check, result) in report.as_object().unwrap() {
            eprintln!("  {check:15} {} {}", result["pass"], result["figure"]);
        }
        for check in REQUIRED_CHECKS {
            assert_eq!(
                report[check]["pass"], true,
                "{stem}: {check}: {}",
                report[check]["figure"]
            );
        }
        let letter = stem.starts_with(|c: char| c.is_ascii_digit());
        let page_numbers = report["page-number"]["figure"].as_str().unwrap_or("");
        if letter {
            // GB/T 9704 §10.2: a 信函 shows no number on page 1, and only there.
            assert!(
                page_numbers.starts_with("1 pages off, e.g. [(1, 'missing')]"),
                "{stem}: {page_numbers}"
            );
        } else {
            assert_eq!(
                report["page-number"]["pass"], true,
                "{stem}: {page_numbers}"
            );
        }
        // No character of the Markdown is lost on the way through Word's format and LibreOffice.
        let markdown = std::fs::read_to_string(dir.path().join(format!("{stem}.md"))).unwrap();
        let body = markdown.splitn(3, "---").nth(2).unwrap();
        let pdf_text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout;
        let pdf_text = String::from_utf8_lossy(&pdf_text);
        let count = |s: &str| {
            let mut m = BTreeMap::new();
            for c in s.chars().filter(|c| {
                ('\u{3000}'..='\u{9fff}').contains(c) || ('\u{ff00}'..='\u{ffef}').contains(c)
            }) {
                *m.entry(c).or_insert(0usize) += 1;
            }
            m
        };
        let (want, got) = (count(body), count(&pdf_text));
        let lost: Vec<_> = want
            .iter()
            .filter(|(c, n)| got.get(c).copied().unwrap_or(0) < **n)
            .collect();
        assert!(
            lost.is_empty(),
            "{stem}: characters missing from LibreOffice's PDF: {lost:?}"
        );
    }
}
