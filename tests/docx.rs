//! DOCX output: XML snapshots, determinism, schema validation (openxml-audit) and the layout
//! that LibreOffice makes of it (gbt9704-check.py, pdftotext).

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
    files_with_extension(dir, "docx")
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
    assert_same_bytes(&files, b.path());
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
    // The examples (版头 shapes anchored to page 1, attachment pages), and a section break before
    // an unnumbered blank page and 版记 page.
    let (mut inputs, _) = all_examples();
    inputs.push(project_dir().join("tests/fixtures/imprint-after-blank-page.md"));
    inputs.push(project_dir().join("tests/fixtures/joint-preprinted.md"));
    let dir = render_paths(&inputs, "docx");
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

#[test]
fn libreoffice_pdf_of_docx_passes_gbt9704_check() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("pdftotext", &["-v"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    let (inputs, documents) = all_examples();
    let dir = render_paths(&inputs, "md,docx");
    let pdf_dir = dir.path().join("lo");
    let docx = docx_files(dir.path());
    assert_eq!(docx.len(), documents);
    libreoffice_pdfs(&docx, &pdf_dir);
    for file in docx {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        // No character of the Markdown is lost on the way through Word's format and LibreOffice.
        assert_pdf_layout(
            &pdf_dir.join(format!("{stem}.pdf")),
            &dir.path().join(format!("{stem}.md")),
        );
    }
}

/// The 版记 on the last page of `pdf`, as tests/tools/imprint.py reads it.
fn imprint_of(pdf: &Path) -> serde_json::Value {
    serde_json::from_str(&pdf_tool("imprint.py", pdf)).unwrap()
}

#[test]
fn the_full_imprint_sits_at_the_foot_in_both_pdfs() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    // 抄送, then 印发机关 (1 character in from the left) and 印发日期 (1 character in from the
    // right), between rules: the outer ones on the block's lines, the last on its bottom edge.
    let dir = render_with_libreoffice(&[project_dir().join("data/annual-summary-2024.yaml")]);
    let char_mm = 14.0 / gongwen::style::PT_PER_MM;
    for pdf in [
        dir.path().join("annual-summary-2024.pdf"),
        dir.path().join("lo/annual-summary-2024.pdf"),
    ] {
        let imprint = imprint_of(&pdf);
        let name = pdf.display();
        let rules: Vec<f64> = imprint["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_f64().unwrap())
            .collect();
        assert_eq!(rules.len(), 3, "{name}: {imprint}");
        assert!((261.0..=262.0).contains(&rules[2]), "{name}: {rules:?}");
        for pair in rules.windows(2) {
            assert!((pair[1] - pair[0] - 10.21).abs() < 0.3, "{name}: {rules:?}");
        }
        let lines = imprint["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 2, "{name}: {imprint}");
        assert!(lines[0]["text"].as_str().unwrap().starts_with("抄送："));
        let printed = &lines[1];
        assert_eq!(printed["text"], "金寨县科学技术局办公室2024年12月21日印发");
        let left = printed["left"].as_f64().unwrap();
        let right = printed["right"].as_f64().unwrap();
        assert!((left - (28.0 + char_mm)).abs() < 0.3, "{name}: {printed}");
        assert!((right - (184.0 - char_mm)).abs() < 0.3, "{name}: {printed}");
    }
    // gongwen's own rules are as wide as the text block (156 mm). (LibreOffice draws the DOCX's
    // paragraph borders over the indented text only: 146 mm.)
    let native = imprint_of(&dir.path().join("annual-summary-2024.pdf"));
    for rule in native["rules"].as_array().unwrap() {
        assert!((rule[1].as_f64().unwrap() - 156.0).abs() < 0.2, "{native}");
    }
}

#[test]
fn every_example_passes_the_checker_with_the_letterhead_off_and_preprinted() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("pdftotext", &["-v"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    // The config's letterhead.mode changes every example's page 1: no 版头 (today's layout
    // before the 版头), or its space left blank for preprinted paper. Both PDFs of each pass
    // all 13 checks either way.
    let (inputs, documents) = all_examples();
    for mode in ["none", "preprinted"] {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("style.yaml");
        std::fs::write(&config, format!("letterhead:\n  mode: {mode}\n")).unwrap();
        let out = dir.path().join("out");
        let mut args = vec!["render".to_string()];
        args.extend(inputs.iter().map(|p| p.to_string_lossy().to_string()));
        args.extend(
            [
                "--config",
                config.to_str().unwrap(),
                "--to",
                "md,docx,pdf",
                "-o",
                out.to_str().unwrap(),
            ]
            .map(String::from),
        );
        let run = gongwen(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(run.code, 0, "{mode}: {}", run.stderr);
        let docx = docx_files(&out);
        assert_eq!(docx.len(), documents);
        libreoffice_pdfs(&docx, &out.join("lo"));
        for file in docx {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let markdown = out.join(format!("{stem}.md"));
            // Without the 版头, reply 0712's page 1 keeps 8 free rows and its 落款 needs 9: the
            // last paragraph, 附件说明, two blank lines, 署名, date and the 附注 on the line after
            // the date (§7.3.6), which the checker's pages-full does not count.
            let known: &[(&str, &str)] = if mode == "none" && stem.starts_with("0712") {
                &[(
                    "pages-full",
                    "last rows [14, 9, 15]; pages ending early: [(1, 14)]",
                )]
            } else {
                &[]
            };
            assert_pdf_layout_but(&out.join(format!("{stem}.pdf")), &markdown, known);
            assert_pdf_layout_but(
                &out.join("lo").join(format!("{stem}.pdf")),
                &markdown,
                known,
            );
        }
        // No red on page 1 of any of them.
        let first = out.join("annual-summary.pdf");
        let page: serde_json::Value =
            serde_json::from_str(&pdf_tool("letterhead.py", &first)).unwrap();
        assert!(
            page["marks"].as_array().unwrap().is_empty(),
            "{mode}: {page}"
        );
        assert!(
            page["rules"].as_array().unwrap().is_empty(),
            "{mode}: {page}"
        );
    }
}
