//! Helpers for running the gongwen binary in tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `gongwen ARGS` in the project folder.
pub fn gongwen(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the gongwen binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/examples` beside the project, which CI has too.
pub fn shared_examples() -> PathBuf {
    project_dir().join("../shared/examples")
}

/// Files in a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Write `text` to `name` in a fresh temp folder and return both.
pub fn data_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// True when running under CI, where every external tool must be present.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether `program` can be run. Outside CI a missing tool skips the test with a notice;
/// in CI it fails the test, so nothing is skipped silently there.
pub fn tool_available(program: &str, probe_args: &[&str]) -> bool {
    let found = Command::new(program)
        .args(probe_args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            !in_ci(),
            "`{program}` is missing in CI: .ci/run must install it"
        );
        eprintln!("SKIPPED: `{program}` is not installed (run `bash .ci/run` or see the README)");
    }
    found
}

/// Render every shared example to `formats` in a fresh folder.
pub fn render_examples(formats: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        shared_examples().to_str().unwrap(),
        "--to",
        formats,
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// The text layer of `pdf`, as pdftotext reads it.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every CJK character of `text` with its count.
pub fn cjk_counts(text: &str) -> std::collections::BTreeMap<char, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for c in text
        .chars()
        .filter(|c| ('\u{3000}'..='\u{9fff}').contains(c) || ('\u{ff00}'..='\u{ffef}').contains(c))
    {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// The checks of layout-check.py that every PDF, ours or LibreOffice's of our DOCX, must pass.
/// The others flag layouts that GB/T 9704 itself asks for (the README's "What the layout
/// checker flags" says which and why); the test log prints them.
pub const REQUIRED_CHECKS: &[&str] =
    &["page-size", "bottom-edge", "line-pitch", "kinsoku", "fonts"];

/// Run layout-check.py on `pdf` and hold it to the required checks and to GB/T 9704's page
/// numbers; then check that its text layer has every CJK character of `markdown`'s body.
pub fn assert_pdf_layout(pdf: &Path, markdown: &Path) {
    let stem = pdf.file_stem().unwrap().to_string_lossy().to_string();
    let checker = project_dir().join("../shared/tools/layout-check.py");
    let out = Command::new("python3")
        .arg(&checker)
        .arg(pdf)
        .arg("--json")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{stem}: layout-check gave no JSON ({e}): {text}"));
    eprintln!("{}:", pdf.display());
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
    let numbers = report["page-number"]["figure"].as_str().unwrap_or("");
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        // GB/T 9704 §10.2: a 信函 has no number on page 1, and only there.
        assert!(
            numbers.starts_with("1 pages off, e.g. [(1, 'missing')]"),
            "{stem}: {numbers}"
        );
    } else {
        assert_eq!(report["page-number"]["pass"], true, "{stem}: {numbers}");
    }
    let markdown = std::fs::read_to_string(markdown).unwrap();
    let body = markdown.splitn(3, "---").nth(2).unwrap();
    let (want, got) = (cjk_counts(body), cjk_counts(&pdftotext(pdf)));
    let lost: Vec<_> = want
        .iter()
        .filter(|(c, n)| got.get(c).copied().unwrap_or(0) < **n)
        .collect();
    assert!(
        lost.is_empty(),
        "{stem}: characters missing from the PDF's text: {lost:?}"
    );
}

/// The files of `dir` ending in `.ext`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    files_in(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

/// Every file of `files` has the same bytes as its namesake in `twin_dir`.
pub fn assert_same_bytes(files: &[PathBuf], twin_dir: &Path) {
    for file in files {
        let twin = twin_dir.join(file.file_name().unwrap());
        assert_eq!(
            std::fs::read(file).unwrap(),
            std::fs::read(&twin).unwrap(),
            "{} differs between two runs",
            file.display()
        );
    }
}
