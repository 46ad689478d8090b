//! Whole runs over every example in data/ (which holds ../shared/examples unchanged), against
//! reviewed Markdown snapshots.

mod common;
use common::*;

#[test]
fn data_holds_every_shared_example_unchanged() {
    let Some(shared) = shared_dir() else { return };
    let files = files_in(&shared.join("examples"));
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names, SHARED_EXAMPLES,
        "tests/common's list of shared examples"
    );
    for shared in files {
        let name = shared.file_name().unwrap();
        let copy = project_dir().join("data").join(name);
        assert_eq!(
            std::fs::read(&shared).unwrap(),
            std::fs::read(&copy).unwrap_or_default(),
            "data/{} must be an unchanged copy of ../shared/examples/{0}",
            name.to_string_lossy()
        );
    }
}

#[test]
fn every_data_file_renders_to_the_reviewed_markdown() {
    let out = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        "data",
        "--to",
        "md",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = files_in(out.path());
    assert_eq!(written.len(), run.stdout.lines().count());
    // Four report-like files per own example kind plus one letter per proposal.
    assert!(written.len() >= 12, "{written:?}");
    // The seal picture a document names is copied beside its Markdown.
    assert!(
        written.iter().any(|f| f.ends_with("seal.png")),
        "{written:?}"
    );
    for file in written
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let markdown = std::fs::read_to_string(file).unwrap();
        insta::assert_snapshot!(name, markdown);
    }
}

#[test]
fn shared_examples_render_from_their_own_folder() {
    let Some(shared) = shared_dir() else { return };
    let out = tempfile::tempdir().unwrap();
    let shared = shared.join("examples");
    let run = gongwen(&[
        "render",
        shared.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 4 reports + 2 letters from the proposal batch, each as Markdown, DOCX and PDF (the default),
    // and the batch's index as CSV and XLSX.
    assert_eq!(files_in(out.path()).len(), 20, "{}", run.stdout);
    assert!(out.path().join("index.csv").exists() && out.path().join("index.xlsx").exists());
}

#[test]
fn output_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let run = gongwen(&["render", "data", "-o", dir.path().to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let files = files_in(a.path());
    assert!(files.len() >= 36, "{files:?}");
    assert_same_bytes(&files, b.path());
}

#[test]
fn derived_figures_reach_the_document() {
    let out = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        "data/annual-summary.yaml",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(out.path().join("annual-summary.md")).unwrap();
    // 2.36 against 1.12 亿元, target 2.0; 2.21% against 1.96%, target 2.1%.
    assert!(
        md.contains("争取上级科技专项资金2.36亿元，比上年增长110.7%，完成目标的118.0%，超额18.0%"),
        "{md}"
    );
    assert!(
        md.contains("全社会R&D投入强度2.21%，比上年提高0.25个百分点，高于目标0.11个百分点"),
        "{md}"
    );
    let md = std::fs::read_to_string(out.path().join("annual-summary.md")).unwrap();
    assert!(md.contains("# 三、2021年工作打算"), "{md}");
}

#[test]
fn hand_edited_markdown_renders_too() {
    let out = tempfile::tempdir().unwrap();
    let first = gongwen(&[
        "render",
        "data/risk-report.yaml",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let md_path = out.path().join("risk-report.md");
    let edited = std::fs::read_to_string(&md_path)
        .unwrap()
        .replace("特此报告。", "特此报告，请审阅。");
    let input = out.path().join("edited.md");
    std::fs::write(&input, &edited).unwrap();
    let second = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out.path().join("again").to_str().unwrap(),
    ]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(
        std::fs::read_to_string(out.path().join("again/edited.md")).unwrap(),
        edited
    );
}

#[test]
fn new_prints_skeletons_that_check_clean_of_errors() {
    for kind in [
        "work-summary",
        "self-inspection",
        "risk-report",
        "proposal-reply",
    ] {
        let run = gongwen(&["new", kind]);
        assert_eq!(run.code, 0);
        let (_dir, path) = data_file("new.yaml", &run.stdout);
        let check = gongwen(&["check", path.to_str().unwrap()]);
        assert_eq!(check.code, 0, "{kind}: {}", check.stderr);
        // The skeletons hold xx placeholders on purpose; check points at them.
        assert!(
            check.stderr.contains("placeholder"),
            "{kind}: {}",
            check.stderr
        );
    }
}

#[test]
fn kinds_lists_the_four_kinds() {
    let run = gongwen(&["kinds"]);
    assert_eq!(run.code, 0);
    for kind in [
        "work-summary",
        "self-inspection",
        "risk-report",
        "proposal-reply",
    ] {
        assert!(run.stdout.contains(kind));
    }
}

/// The example program, compiled into this test so that the test always runs its current code.
#[allow(dead_code)]
#[path = "../examples/render_reply.rs"]
mod render_reply;

#[test]
fn the_library_example_writes_what_the_cli_writes() {
    let dir = tempfile::tempdir().unwrap();
    let written = match render_reply::render_reply(dir.path()) {
        Ok(written) => written,
        Err(problems) => {
            // Without fonts the PDF cannot be made; CI has them.
            assert!(!in_ci(), "{problems}");
            eprintln!("SKIPPED: {problems}");
            return;
        }
    };
    assert_eq!(written.len(), 2, "a DOCX and a PDF: {written:?}");
    // The CLI, on the data the example rendered, writes the same bytes.
    let cli = dir.path().join("cli");
    let run = gongwen(&[
        "render",
        dir.path().join("reply.json").to_str().unwrap(),
        "--to",
        "docx,pdf",
        "-o",
        cli.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A DOCX and a PDF, and the index of the batch of one.
    let made: Vec<_> = files_in(&cli)
        .into_iter()
        .filter(|f| f.file_stem().is_none_or(|s| s != "index"))
        .collect();
    assert_eq!(made.len(), 2, "{made:?}");
    assert_same_bytes(&made, dir.path());
    // And the PDF meets GB/T 9704 as the CLI's own examples do.
    let pdf = written
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    if tool_available("python3", &["-c", "import pdfplumber"])
        && let Some(shared) = shared_dir()
    {
        let out = std::process::Command::new("python3")
            .arg(shared.join("tools/gbt9704-check.py"))
            .arg(pdf)
            .arg("--letter")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
    }
}
