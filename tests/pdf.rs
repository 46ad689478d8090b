//! The native PDF: gbt9704-check.py on every example, the text layer (pdftotext) against the
//! Markdown, embedded subset fonts (pdffonts), pagination rules on the laid-out pages, and
//! the errors for characters no font has and for bad --font arguments.

mod common;

use common::*;
use gongwen::document::parse_document;
use gongwen::render::pdf::PdfRenderer;
use gongwen::style::Style;
use std::path::Path;
use std::process::Command;

fn pdf_files(dir: &Path) -> Vec<std::path::PathBuf> {
    files_with_extension(dir, "pdf")
}

#[test]
fn every_example_pdf_passes_gbt9704_check() {
    if !tool_available("python3", &["-c", "import pdfplumber"])
        || !tool_available("pdftotext", &["-v"])
    {
        return;
    }
    let (inputs, documents) = all_examples();
    let dir = render_paths(&inputs, "md,pdf");
    let pdfs = pdf_files(dir.path());
    assert_eq!(pdfs.len(), documents);
    for pdf in pdfs {
        let stem = pdf.file_stem().unwrap().to_string_lossy().to_string();
        assert_pdf_layout(&pdf, &dir.path().join(format!("{stem}.md")));
    }
}

#[test]
fn glyphs_stay_in_the_text_block_on_the_grid() {
    let Some(r) = renderer() else { return };
    let style = Style::default();
    let mm = gongwen::style::PT_PER_MM;
    let (left, right) = (28.0 * mm, 184.0 * mm);
    let pitch = style.line_pitch_pt();
    let rendered = render_examples("md");
    for file in files_with_extension(rendered.path(), "md") {
        let markdown = std::fs::read_to_string(&file).unwrap();
        let mut doc = parse_document(&file, &markdown).unwrap();
        gongwen::document::load_seal_image(&mut doc, rendered.path(), &file).unwrap();
        let pages = r.pages(&doc).unwrap();
        // Every body baseline lies a whole number of pitches from the first one.
        let grid_origin = pages[0]
            .runs
            .iter()
            .find(|r| r.size == style.sizes.body_pt)
            .map(|r| r.baseline)
            .unwrap();
        for (n, page) in pages.iter().enumerate() {
            for run in &page.runs {
                let body_text = run.size == style.sizes.body_pt;
                for g in &run.glyphs {
                    // No glyph starts left of the text block or ends right of it (a squeezed mark
                    // at the line end takes half its advance).
                    assert!(
                        g.x >= left - 0.01,
                        "{}: page {}: {g:?}",
                        file.display(),
                        n + 1
                    );
                    let advance = if run.half_width { 0.5 } else { 1.0 } * run.size;
                    if body_text && g.ch > '\u{2000}' {
                        assert!(
                            g.x + advance - 0.3 <= right,
                            "{}: page {}: {} at {:.1} mm",
                            file.display(),
                            n + 1,
                            g.ch,
                            (g.x + advance) / mm
                        );
                    }
                }
                if body_text && run.baseline < 262.0 * mm {
                    // Body baselines sit on the grid: whole pitches below the first one.
                    let k = (run.baseline - grid_origin) / pitch;
                    assert!(
                        (k - k.round()).abs() < 0.01,
                        "{}: page {}: baseline {:.2} is off the grid",
                        file.display(),
                        n + 1,
                        run.baseline
                    );
                }
            }
        }
    }
}

#[test]
fn every_font_is_embedded_as_a_subset_with_unicode() {
    if !tool_available("pdffonts", &["-v"]) {
        return;
    }
    let dir = render_examples("pdf");
    for pdf in pdf_files(dir.path()) {
        let out = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = text.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{}: {text}", pdf.display());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // name type… encoding emb sub uni object-id generation
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "{}: {row}",
                pdf.display()
            );
            assert!(cols[0].chars().nth(6) == Some('+'), "subset tag: {row}");
        }
    }
}

fn document(markdown: &str) -> gongwen::document::Document {
    parse_document(Path::new("test.md"), markdown).unwrap()
}

fn renderer() -> Option<PdfRenderer> {
    match PdfRenderer::new(&Style::default()) {
        Ok(r) => Some(r),
        Err(e) => {
            assert!(!in_ci(), "the PDF fonts are missing in CI: {e}");
            eprintln!("SKIPPED: {e}");
            None
        }
    }
}

/// Lines of every page as text, without the page number.
fn page_lines(r: &PdfRenderer, markdown: &str) -> Vec<Vec<String>> {
    r.pages(&document(markdown))
        .unwrap()
        .iter()
        .map(|p| {
            p.text()
                .lines()
                .filter(|l| !l.starts_with('—'))
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn full_pages_hold_22_lines_of_28_characters() {
    let Some(r) = renderer() else { return };
    let paragraph = "国".repeat(28 * 45);
    let pages = page_lines(&r, &format!("---\ntitle: 测试\n---\n\n{paragraph}\n"));
    // Page 1: title, a blank line, then 20 body lines; page 2 is full.
    assert_eq!(pages[0].len(), 21, "{:?}", pages[0]);
    assert_eq!(pages[1].len(), 22);
    assert!(pages[1].iter().all(|l| l.chars().count() == 28));
    // The first line is indented two characters.
    assert_eq!(pages[0][1].chars().count(), 26);
}

#[test]
fn a_heading_never_stands_alone_at_a_page_foot() {
    let Some(r) = renderer() else { return };
    // 19 body lines after title + blank fill page 1 up to its last line, where the heading
    // would fall; it moves to page 2 with its paragraph.
    let filler = "国".repeat(28 * 19 - 2);
    let md = format!("---\ntitle: 测试\n---\n\n{filler}\n\n# 一、标题\n\n正文。\n");
    let pages = page_lines(&r, &md);
    // Title and 19 body lines; the heading would have been line 22.
    assert_eq!(pages[0].len(), 20, "{:?}", pages[0]);
    assert_eq!(pages[1][0], "一、标题");
}

#[test]
fn signature_and_date_stay_with_the_last_body_line() {
    let Some(r) = renderer() else { return };
    let filler = "国".repeat(28 * 19 - 2);
    let md =
        format!("---\ntitle: 测试\nsignature: 某市科学技术局\ndate: 2022-07-12\n---\n\n{filler}\n");
    let pages = page_lines(&r, &md);
    let last = pages.last().unwrap();
    assert!(
        last.iter().any(|l| l.contains("2022年7月12日")),
        "{pages:?}"
    );
    assert!(
        last.iter().any(|l| l.starts_with('国')),
        "the 落款 went alone: {pages:?}"
    );
}

#[test]
fn table_header_repeats_on_every_page() {
    let Some(r) = renderer() else { return };
    let mut md = String::from("---\ntitle: 测试\n---\n\n| 指标 | 数值 |\n|:---|---:|\n");
    for n in 0..60 {
        md.push_str(&format!("| 第{n}项指标 | {n} |\n"));
    }
    let pages = page_lines(&r, &md);
    assert!(pages.len() >= 2);
    for page in &pages[1..] {
        assert!(page[0].starts_with("指标"), "{page:?}");
    }
}

#[test]
fn pdf_is_byte_identical_across_runs() {
    let Some(_) = renderer() else { return };
    let (a, b) = (render_examples("pdf"), render_examples("pdf"));
    let files = pdf_files(a.path());
    assert_eq!(files.len(), 6);
    assert_same_bytes(&files, b.path());
}

#[test]
fn a_character_no_font_has_is_named_and_nothing_is_written() {
    let Some(_) = renderer() else { return };
    let (dir, path) = data_file(
        "x.md",
        "---\ntitle: 测试\n---\n\n这里有一个圣书体文字\u{13000}。\n",
    );
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        path.to_str().unwrap(),
        "--to",
        "md,docx,pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains('\u{13000}'), "{}", run.stderr);
    assert!(run.stderr.contains("x.md"), "{}", run.stderr);
    // The message says what to do, and only the PDF is missing: the one layout failed, the
    // DOCX is made without its page facts.
    assert!(run.stderr.contains("--font"), "{}", run.stderr);
    assert!(!out.join("x.pdf").exists());
    assert!(out.join("x.md").exists() && out.join("x.docx").exists());
    // `check` reports it too (it passed the file), with the fonts it looked in.
    let check = gongwen(&["check", path.to_str().unwrap()]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("x.md: x: no installed font has the character(s) 「\u{13000}」"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("(looked in: "), "{}", check.stderr);
    assert!(check.stdout.contains("FAILED"), "{}", check.stdout);
}

#[test]
fn font_option_errors_are_plain() {
    let run = gongwen(&["render", "data", "--to", "pdf", "--font", "bdy=仿宋"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `body`"), "{}", run.stderr);
    let run = gongwen(&[
        "render",
        "data",
        "--to",
        "pdf",
        "--font",
        "body=No Such Font Anywhere",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("No Such Font Anywhere"),
        "{}",
        run.stderr
    );
}

/// The first few Chinese characters of each page of `pdf`, as pdftotext reads them.
fn page_starts(pdf: &Path) -> Vec<String> {
    // In layout mode, so that a table's header row reads left to right whatever order its
    // glyphs were drawn in. The first 8 characters go in sorted order: on a page with a table
    // set sideways, pdftotext reads the upright label and the turned title in either order.
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|page| {
            let mut start: Vec<char> = page
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .take(8)
                .collect();
            start.sort_unstable();
            start.into_iter().collect::<String>()
        })
        .filter(|start| !start.is_empty())
        .collect()
}

/// The first line of text on each page of `pdf`, trimmed.
fn first_lines(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter_map(|page| page.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(String::from)
        .collect()
}

#[test]
fn native_pdf_breaks_pages_where_libreoffice_breaks_the_docx() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("pdftotext", &["-v"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    // By default the native PDF breaks every line, and so every page, where Word and
    // LibreOffice break the DOCX (neither squeezes punctuation in a grid document), and the DOCX
    // sets the 版记 at the foot of the page where the PDF has it.
    let dir = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        "data",
        // A 抄送 of three lines, which must still end on the last grid line.
        "tests/fixtures/long-cc-letter.md",
        // A table right before the 版记; extra spacing that sums to zero with the condensing;
        // a page break right before a table.
        "tests/fixtures/table-before-imprint.md",
        "tests/fixtures/spacing-of-zero.md",
        "tests/fixtures/page-break-before-table.md",
        // A 联合行文's 标志 of two names beside 文件.
        "tests/fixtures/joint-preprinted.md",
        "--to",
        "docx,pdf",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lo = dir.path().join("lo");
    let docx = files_with_extension(dir.path(), "docx");
    assert_eq!(docx.len(), 18, "13 documents from data/ and the fixtures");
    libreoffice_pdfs(&docx, &lo);
    for file in docx {
        let name = format!("{}.pdf", file.file_stem().unwrap().to_string_lossy());
        let native = page_starts(&dir.path().join(&name));
        let office = page_starts(&lo.join(&name));
        eprintln!(
            "{name}: native {native:?}\n{:w$}  office {office:?}",
            "",
            w = name.len()
        );
        assert_eq!(native, office, "{name}: pages start differently");
        // The 附件说明 and the 落款 never open a page without body text above them (an
        // attachment's own page opens with its label, "附件" or "附件2", alone on its line).
        let firsts = first_lines(&dir.path().join(&name));
        assert!(
            firsts
                .iter()
                .skip(1)
                .all(|first| !first.starts_with("附件：")),
            "{name}: a page opens with the 附件说明: {firsts:?}"
        );
        // Neither PDF splits a number from its unit (11月30|日, 312|家, 第|0982号) or leaves one
        // character alone on a paragraph's last line (作。).
        for pdf in [dir.path().join(&name), lo.join(&name)] {
            let found = line_break_faults(&pdf);
            assert!(found.is_empty(), "{}:\n{found}", pdf.display());
        }
    }
}

/// What tests/tools/line-breaks.py finds in `pdf`: units split across lines and one-character
/// last lines, one a line (empty when there are none).
fn line_break_faults(pdf: &Path) -> String {
    pdf_tool("line-breaks.py", pdf)
}

#[test]
fn a_face_from_a_ttc_collection_is_embedded() {
    // WenQuanYi Micro Hei ships as a .ttc (two faces in one file); .ci/run installs it.
    let ttc = Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if !ttc.exists() {
        assert!(
            !in_ci(),
            "fonts-wqy-microhei is missing in CI: .ci/run must install it"
        );
        eprintln!("SKIPPED: {} is not installed", ttc.display());
        return;
    }
    if !tool_available("pdffonts", &["-v"]) {
        return;
    }
    let (dir, path) = data_file(
        "x.md",
        "---\ntitle: 测试\n---\n\n# 一、黑体标题\n\n正文。\n",
    );
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        path.to_str().unwrap(),
        "--to",
        "pdf",
        "--font",
        &format!("heading1={}", ttc.display()),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fonts = Command::new("pdffonts")
        .arg(out.join("x.pdf"))
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("WenQuanYi"), "{fonts}");
    assert!(pdftotext(&out.join("x.pdf")).contains("一、黑体标题"));
}

#[test]
fn bold_text_is_set_bold_in_the_same_face() {
    let Some(r) = renderer() else { return };
    let doc = document("---\ntitle: 测试\n---\n\n正文**加粗**正文。\n");
    let pages = r.pages(&doc).unwrap();
    let runs: Vec<_> = pages[0].runs.iter().filter(|r| r.size == 16.0).collect();
    let bold: String = runs
        .iter()
        .filter(|r| r.bold)
        .flat_map(|r| r.glyphs.iter().map(|g| g.ch))
        .collect();
    assert_eq!(bold, "加粗");
    // 仿宋 has one weight: the bold run uses the body's own face, emboldened when drawn.
    let faces: std::collections::BTreeSet<usize> = runs.iter().map(|r| r.face).collect();
    assert_eq!(faces.len(), 1, "{runs:?}");
}

#[test]
fn huge_paragraphs_long_urls_and_page_tall_cells_are_laid_out() {
    let Some(r) = renderer() else { return };
    let long = "这是一段很长的文字，用来测试。".repeat(8000);
    let url = format!("https://www.example.gov.cn/{}/x?y=1", "a".repeat(500));
    let cell = "很长的单元格内容".repeat(300);
    let md = format!(
        "---\ntitle: 压力测试\n---\n\n{long}\n\n详见{url}。\n\n| 项目 | 说明 |\n|:---|:---|\n| 一 | {cell} |\n| 二 | 短 |\n"
    );
    let pages = r.pages(&document(&md)).unwrap();
    assert!(pages.len() > 150, "{} pages", pages.len());
    let mm = gongwen::style::PT_PER_MM;
    let mut glyphs = 0;
    for (n, page) in pages.iter().enumerate() {
        for run in &page.runs {
            let page_number = run
                .glyphs
                .iter()
                .all(|g| g.ch == '—' || g.ch == ' ' || g.ch.is_ascii_digit());
            if page_number {
                continue;
            }
            // Everything else stays above the text block's bottom edge.
            assert!(run.baseline < 262.0 * mm, "page {}: {run:?}", n + 1);
            glyphs += run.glyphs.len();
        }
    }
    // Nothing is lost or doubled: one glyph for every character of the source, and the
    // table's header again on each page the table continues on.
    let source = format!("压力测试{long}详见{url}。项目说明一{cell}二短");
    let header_pages = pages
        .iter()
        .filter(|p| p.text().contains("项目说明"))
        .count();
    assert!(
        header_pages >= 2,
        "the page-tall cell continues on a second page"
    );
    assert_eq!(glyphs, source.chars().count() + 4 * (header_pages - 1));
}

#[test]
fn docx_and_pdf_of_one_document_are_laid_out_once() {
    use gongwen::render::{Format, Renderers};
    let (renderers, unavailable) = Renderers::for_formats(
        &[Format::Markdown, Format::Docx, Format::Pdf],
        &Style::default(),
    );
    if let Some((_, e)) = unavailable.first() {
        assert!(!in_ci(), "the fonts are missing in CI: {e}");
        eprintln!("SKIPPED: {e} (run `bash scripts/install-fonts.sh`)");
        return;
    }
    // A letter with a table and a 抄送: the DOCX needs the 版记's place and the space after
    // the table, the PDF the pages; one layout gives both.
    let doc = document(
        "---\ntitle: 测试\nsignature: 某局\ndate: 2024-01-02\ncc: [某委]\n---\n\n正文。\n\n| 甲 | 乙 |\n|:---|:---|\n| 一 | 二 |\n\n正文。\n",
    );
    let rendered = renderers.render(&doc);
    assert_eq!(rendered.len(), 3);
    for (format, bytes) in &rendered {
        assert!(bytes.as_ref().is_ok_and(|b| !b.is_empty()), "{format}");
    }
    let layout = renderers.layout().expect("the fonts were found");
    assert_eq!(layout.layouts_done(), 1, "DOCX and PDF share one layout");
    // A character no font has fails the one layout: the PDF is an error, the DOCX is made
    // without page facts, and nothing is laid out again.
    let doc = document("---\ntitle: 测试\ncc: [某委]\n---\n\n圣书体\u{13000}。\n");
    let rendered = renderers.render(&doc);
    assert!(
        rendered[1].1.is_ok() && rendered[2].1.is_err(),
        "{rendered:?}"
    );
    assert_eq!(layout.layouts_done(), 2);
}

#[test]
fn an_empty_paragraph_passes_nothing_on_to_the_next() {
    let Some(_) = renderer() else { return };
    let layout = gongwen::layout::pages::PageLayout::new(&Style::default()).unwrap();
    let lines = |md: &str| -> Vec<String> {
        let laid = layout.lay_out(&document(md)).unwrap();
        laid.pages
            .iter()
            .flat_map(|p| p.text().lines().map(str::to_string).collect::<Vec<_>>())
            .filter(|l| l.contains('国'))
            .collect()
    };
    // The 附件说明 after an empty heading breaks as without it: the empty heading hands neither
    // the body's keeps nor its name in the page facts to the line after it.
    for n in 0..40 {
        let name = format!("{}2024年{}", "国".repeat(n), "国".repeat(20));
        let front = format!("---\ntitle: 测试\nattachments: [{name}]\n---\n\n正文。\n");
        let empty = format!("{front}\n#\n");
        assert_eq!(lines(&empty), lines(&front), "2024年 after {n} characters");
        let facts = layout.lay_out(&document(&empty)).unwrap().facts;
        assert!(facts.spacing.is_empty(), "{:?}", facts.spacing.keys());
    }
}

#[test]
fn the_imprint_goes_to_an_even_page_after_a_blank_one_and_neither_is_numbered() {
    if !tool_available("soffice", &["--version"]) || !tool_available("pdftotext", &["-v"]) {
        return;
    }
    // The text ends low on page 2 (even), with no room for the 版记: page 3 stays blank and the
    // 版记 goes to the foot of page 4; neither page 3 nor page 4 is numbered (GB/T 9704 §7.5).
    let dir =
        render_with_libreoffice(
            &[project_dir().join("tests/fixtures/imprint-after-blank-page.md")],
        );
    for pdf in [
        dir.path().join("imprint-after-blank-page.pdf"),
        dir.path().join("lo/imprint-after-blank-page.pdf"),
    ] {
        let pages: Vec<String> = pdftotext(&pdf)
            .split('\u{c}')
            .map(|p| p.split_whitespace().collect())
            .collect();
        let name = pdf.display();
        assert!(pages.len() >= 4, "{name}: {pages:?}");
        assert!(
            pages[0].ends_with("—1—") && pages[1].ends_with("—2—"),
            "{name}: {pages:?}"
        );
        assert_eq!(pages[2], "", "{name}: page 3 is blank");
        assert!(
            pages[3].starts_with("抄送：") && pages[3].ends_with("印发"),
            "{name}: {pages:?}"
        );
        assert!(pages[4..].iter().all(String::is_empty), "{name}: {pages:?}");
        // The checker holds every page to a number, which §7.5 leaves off these two: every
        // other check passes, and that one names pages 3 and 4 only.
        if let Some(shared) = shared_dir() {
            let out = Command::new("python3")
                .arg(shared.join("tools/gbt9704-check.py"))
                .arg(&pdf)
                .arg("--json")
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let checks: serde_json::Value =
                serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
            for (check, result) in checks.as_object().unwrap() {
                if check == "page-number" {
                    assert_eq!(
                        result["figure"], "2 pages off: [(3, 'missing'), (4, 'missing')]",
                        "{name}"
                    );
                } else {
                    assert_eq!(result["pass"], true, "{name}: {check} {result}");
                }
            }
        }
    }
}

#[test]
fn an_imprint_after_an_odd_page_gets_the_even_page_to_itself() {
    if !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let dir = render_paths(&[project_dir().join("data/downward-circular.yaml")], "pdf");
    let text = pdftotext(&dir.path().join("downward-circular.pdf"));
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect())
        .collect();
    // The text ends on page 3; page 4 holds the 版记 alone, numbered as any page.
    assert!(
        pages[2].contains("特此通报。") && !pages[2].contains("抄送"),
        "{pages:?}"
    );
    assert!(
        pages[3].starts_with("抄送：") && pages[3].contains("—4—") && pages[3].contains("印发"),
        "{pages:?}"
    );
}

#[test]
fn the_seal_modes_set_the_closing_where_the_standard_puts_it() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    let dir = render_with_libreoffice(&[
        project_dir().join("tests/fixtures/seal-unstamped.md"),
        project_dir().join("tests/fixtures/seal-signature.md"),
    ]);
    let char_mm = 16.0 * 25.4 / 72.0;
    let line_mm = 225.0 / 22.0;
    let near = |a: f64, b: f64, what: &str, pdf: &Path| {
        assert!(
            (a - b).abs() < 0.4,
            "{}: {what}: {a} mm, want {b}",
            pdf.display()
        );
    };
    for twin in ["", "lo/"] {
        // 不加盖印章 (§7.3.5.2): one blank line under the body, the 署名 2 characters in from the
        // right (4 here: the date is longer, so it moves in by whole characters), the date on
        // the next line 2 characters in and starting about 2 characters right of the 署名.
        let pdf = dir.path().join(format!("{twin}seal-unstamped.pdf"));
        let lines: serde_json::Value = serde_json::from_str(&pdf_tool("closing.py", &pdf)).unwrap();
        let (body, signature, date) = (&lines[0], &lines[1], &lines[2]);
        let num = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
        assert_eq!(signature["text"], "某县科学技术局");
        near(
            num(signature, "top") - num(body, "top"),
            2.0 * line_mm,
            "署名 under the body",
            &pdf,
        );
        near(
            184.0 - num(signature, "right"),
            4.0 * char_mm,
            "署名's right gap",
            &pdf,
        );
        near(
            184.0 - num(date, "right"),
            2.0 * char_mm,
            "date's right gap",
            &pdf,
        );
        near(
            num(date, "top") - num(signature, "top"),
            line_mm,
            "date under the 署名",
            &pdf,
        );
        let shift = (num(date, "left") - num(signature, "left")) / char_mm;
        assert!(
            (1.5..=2.5).contains(&shift),
            "{}: date starts {shift} chars in",
            pdf.display()
        );
        // 加盖签发人签名章 (§7.3.5.3): two blank lines, the 职务 and the signer's seal 4
        // characters in, a blank line, the date 4 characters in.
        let pdf = dir.path().join(format!("{twin}seal-signature.pdf"));
        let lines: serde_json::Value = serde_json::from_str(&pdf_tool("closing.py", &pdf)).unwrap();
        let (body, signer, date) = (&lines[0], &lines[1], &lines[2]);
        assert_eq!(signer["text"], "局长储昭明");
        near(
            num(signer, "top") - num(body, "top"),
            3.0 * line_mm,
            "签名章 under the body",
            &pdf,
        );
        near(
            184.0 - num(signer, "right"),
            4.0 * char_mm,
            "签名章's right gap",
            &pdf,
        );
        near(
            num(date, "top") - num(signer, "top"),
            2.0 * line_mm,
            "date under the 签名章",
            &pdf,
        );
        near(
            184.0 - num(date, "right"),
            4.0 * char_mm,
            "date's right gap",
            &pdf,
        );
    }
}

#[test]
fn the_seal_picture_sits_over_the_signature_and_date_in_both_pdfs() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    // annual-summary-2024 names seal.png: 42 mm wide, centred over the date, its middle on the
    // top of the 署名's line so that 署名 and date sit below its centre (§7.3.5.1), drawn in
    // gongwen's PDF and anchored behind the text in the DOCX.
    let dir = render_with_libreoffice(&[project_dir().join("data/annual-summary-2024.yaml")]);
    let line_mm = 225.0 / 22.0;
    for pdf in [
        dir.path().join("annual-summary-2024.pdf"),
        dir.path().join("lo/annual-summary-2024.pdf"),
    ] {
        let found: serde_json::Value = serde_json::from_str(&pdf_tool("images.py", &pdf)).unwrap();
        let name = pdf.display();
        let images = found["images"].as_array().unwrap();
        assert_eq!(images.len(), 1, "{name}: {found}");
        let image = &images[0];
        let num = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
        let (width, height) = (
            num(image, "right") - num(image, "left"),
            num(image, "bottom") - num(image, "top"),
        );
        assert!(
            (width - 42.0).abs() < 0.2 && (height - 42.0).abs() < 0.2,
            "{name}: {image}"
        );
        let signature = found["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["text"] == "金寨县科学技术局")
            .unwrap_or_else(|| panic!("{name}: no 署名 on the seal's page: {found}"));
        let signature_middle = (num(signature, "left") + num(signature, "right")) / 2.0;
        let image_middle = (num(image, "left") + num(image, "right")) / 2.0;
        assert!(
            (image_middle - signature_middle).abs() < 1.0,
            "{name}: {image} {signature}"
        );
        // The line box's top lies (pitch - 16 pt) / 2 above the em box's.
        let line_top = num(signature, "top") - (line_mm - 16.0 * 25.4 / 72.0) / 2.0;
        let image_centre = (num(image, "top") + num(image, "bottom")) / 2.0;
        assert!(
            (image_centre - line_top).abs() < 0.5,
            "{name}: {image} {signature}"
        );
    }
}

#[test]
fn an_attachment_page_has_its_label_on_line_1_and_its_title_on_line_3_in_both_pdfs() {
    if !tool_available("soffice", &["--version"])
        || !tool_available("python3", &["-c", "import pdfplumber"])
    {
        return;
    }
    // annual-summary-2024's indicator table is its one attachment (§7.3.7): "附件" in 3号黑体
    // flush left on the first line of a new page, its title in 2号小标宋 centred on the third.
    let dir = render_with_libreoffice(&[project_dir().join("data/annual-summary-2024.yaml")]);
    let line_mm = 225.0 / 22.0;
    for pdf in [
        dir.path().join("annual-summary-2024.pdf"),
        dir.path().join("lo/annual-summary-2024.pdf"),
    ] {
        let lines: serde_json::Value = serde_json::from_str(&pdf_tool("lines.py", &pdf)).unwrap();
        let lines = lines.as_array().unwrap();
        let name = pdf.display();
        let label = lines
            .iter()
            .find(|l| l["text"] == "附件")
            .unwrap_or_else(|| panic!("{name}: no 附件 label"));
        let page = label["page"].as_u64().unwrap();
        let on_page: Vec<&serde_json::Value> = lines
            .iter()
            .filter(|l| l["page"].as_u64() == Some(page))
            .collect();
        assert_eq!(
            on_page[0]["text"], "附件",
            "{name}: the label opens its page"
        );
        let num = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
        let font = label["font"].as_str().unwrap();
        assert!(font.contains("Hei"), "{name}: the label's face is {font}");
        assert_eq!(num(label, "size"), 16.0, "{name}");
        assert!((num(label, "left") - 28.0).abs() < 0.3, "{name}: {label}");
        // Line 1's em box is centred in the first line box, which starts at 37 mm.
        let row_top = |row: f64, size_pt: f64| {
            37.0 + (row - 1.0) * line_mm + (line_mm - size_pt * 25.4 / 72.0) / 2.0
        };
        assert!(
            (num(label, "top") - row_top(1.0, 16.0)).abs() < 0.5,
            "{name}: {label}"
        );
        let title = on_page[1];
        assert_eq!(title["text"], "2024年主要指标完成情况表", "{name}");
        assert_eq!(num(title, "size"), 22.0, "{name}");
        assert!(
            (num(title, "middle") - 106.0).abs() < 0.5,
            "{name}: {title}"
        );
        assert!(
            (num(title, "top") - row_top(3.0, 22.0)).abs() < 0.5,
            "{name}: {title}"
        );
    }
}

#[test]
fn a_damaged_font_file_given_with_font_is_an_error_and_no_pdf_is_written() {
    // A truncated font once parsed (its table directory is whole) and failed, or was passed
    // over, only when a PDF embedded it.
    let whole = Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if !whole.exists() {
        assert!(
            !in_ci(),
            "fonts-wqy-microhei is missing in CI: .ci/run must install it"
        );
        eprintln!("SKIPPED: {} is not installed", whole.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ttc");
    let bytes = std::fs::read(whole).unwrap();
    // Inside the first face's `post` table: its names and metrics still read.
    let cut = bytes.len() * 81 / 100;
    std::fs::write(&broken, &bytes[..cut]).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        "data/annual-summary-2024.yaml",
        "--to",
        "md,pdf",
        "-o",
        out.to_str().unwrap(),
        "--font",
        &format!("body={}", broken.display()),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!(
        "cannot read the font file {}: the file is damaged or incomplete: its `",
        broken.display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("past the file's end at {cut}")),
        "{}",
        run.stderr
    );
    assert!(!out.join("annual-summary-2024.pdf").exists());
    assert!(out.join("annual-summary-2024.md").exists());
}
