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

/// `../shared` beside the project, which CI has but a clone from a public host does not.
/// Where it is missing, a test that needs it is skipped with a notice; in CI that fails.
pub fn shared_dir() -> Option<PathBuf> {
    let shared = project_dir().join("../shared");
    if shared.is_dir() {
        return Some(shared);
    }
    assert!(!in_ci(), "../shared is missing in CI");
    eprintln!("SKIPPED: ../shared is not beside the project (only CI needs it)");
    None
}

/// The files of `../shared/examples`, which `data/` holds as unchanged copies
/// (tests/examples.rs checks that it does).
pub const SHARED_EXAMPLES: [&str; 5] = [
    "annual-summary.yaml",
    "half-year-summary.yaml",
    "proposal-replies.yaml",
    "risk-report.yaml",
    "self-inspection.yaml",
];

/// The copies in `data/` of the shared examples.
pub fn shared_example_copies() -> Vec<PathBuf> {
    SHARED_EXAMPLES
        .iter()
        .map(|name| project_dir().join("data").join(name))
        .collect()
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

/// Render every shared example (from its copy in `data/`) to `formats` in a fresh folder.
pub fn render_examples(formats: &str) -> tempfile::TempDir {
    render_paths(&shared_example_copies(), formats)
}

/// Render the data files or folders `inputs` to `formats` in a fresh folder.
pub fn render_paths(inputs: &[PathBuf], formats: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["render".to_string()];
    args.extend(inputs.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--to".into(), formats.into(), "-o".into()]);
    args.push(dir.path().to_string_lossy().into_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = gongwen(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Every example: the data files of `data/` (the shared examples among them), and how many
/// documents they give.
pub fn all_examples() -> (Vec<PathBuf>, usize) {
    (vec![project_dir().join("data")], 13)
}

/// Convert `docx` files to PDF with LibreOffice into `out`, with the project's font setup.
pub fn libreoffice_pdfs(docx: &[PathBuf], out: &Path) {
    // A profile of its own for each call, so that tests converting at the same time (and any
    // other LibreOffice on the machine) do not hand their work to one another's instance.
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            project_dir().join("fonts/fontconfig/fonts.conf"),
        )
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(docx)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for file in docx {
        let pdf = out.join(file.with_extension("pdf").file_name().unwrap());
        assert!(pdf.exists(), "LibreOffice made no {}", pdf.display());
    }
}

/// `inputs` rendered to DOCX and PDF, and LibreOffice's PDF of each DOCX in `lo/` beside them.
pub fn render_with_libreoffice(inputs: &[PathBuf]) -> tempfile::TempDir {
    let dir = render_paths(inputs, "docx,pdf");
    libreoffice_pdfs(
        &files_with_extension(dir.path(), "docx"),
        &dir.path().join("lo"),
    );
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

/// Every CJK character of `text` with its count; the ideographic space (U+3000), which PDF text
/// layers give as a plain space or leave out, is no character here.
pub fn cjk_counts(text: &str) -> std::collections::BTreeMap<char, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for c in text
        .chars()
        .filter(|c| ('\u{3001}'..='\u{9fff}').contains(c) || ('\u{ff00}'..='\u{ffef}').contains(c))
    {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Check that the text layer of `pdf` has every CJK character of `markdown`'s body; then run
/// ../shared/tools/gbt9704-check.py on it (with `--letter` for a 信函, whose file name starts
/// with its proposal number) and hold it to all of its checks.
pub fn assert_pdf_layout(pdf: &Path, markdown: &Path) {
    assert_pdf_layout_but(pdf, markdown, &[]);
}

/// [`assert_pdf_layout`], but for the `known` checks with the figure each must report: where
/// the checker's measure and the standard part (each use says why).
pub fn assert_pdf_layout_but(pdf: &Path, markdown: &Path, known: &[(&str, &str)]) {
    let stem = pdf.file_stem().unwrap().to_string_lossy().to_string();
    assert_no_character_lost(pdf, markdown);
    let Some(shared) = shared_dir() else { return };
    let checker = shared.join("tools/gbt9704-check.py");
    let mut command = Command::new("python3");
    command.arg(&checker).arg(pdf).arg("--json");
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        command.arg("--letter");
    }
    let out = command.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{stem}: gbt9704-check gave no JSON ({e}): {text}"));
    let checks = report.as_object().unwrap();
    assert_eq!(checks.len(), 13, "{stem}: the checker's 13 checks: {text}");
    for (check, figure) in known {
        assert_eq!(
            checks[*check]["figure"],
            *figure,
            "{}: the known {check} finding",
            pdf.display()
        );
    }
    // The checker reads glyphs that share a bottom edge as a line. Across a table set sideways
    // (§8 横排表格) that joins the ends of lines in different cells, and such a false line may
    // start with the comma that ends a line in one cell. Its kinsoku finding passes only when
    // every line it flags is one of those (tests/tools/turned.py forms them alike and checks
    // the true sideways lines itself).
    let false_kinsoku = (checks["kinsoku"]["pass"] != true).then(|| {
        let turned: serde_json::Value = serde_json::from_str(&pdf_tool("turned.py", pdf)).unwrap();
        for page in turned["pages"].as_array().unwrap() {
            assert_eq!(page["kinsoku"], serde_json::json!([]), "{stem}: {page}");
        }
        turned["checker_false_kinsoku"].clone()
    });
    let failed: Vec<String> = checks
        .iter()
        .filter(|(check, result)| {
            !(*check == "kinsoku" && false_kinsoku.as_ref() == Some(&result["figure"]))
        })
        .filter(|(check, result)| result["pass"] != true && !known.iter().any(|(k, _)| k == check))
        .map(|(check, result)| format!("{check}: {}", result["figure"]))
        .collect();
    assert!(
        failed.is_empty(),
        "{}: gbt9704-check fails {}",
        pdf.display(),
        failed.join("; ")
    );
}

/// The text layer of `pdf` has every CJK character of `markdown`'s body.
pub fn assert_no_character_lost(pdf: &Path, markdown: &Path) {
    let stem = pdf.file_stem().unwrap().to_string_lossy().to_string();
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

/// What the project's PDF tool `tests/tools/SCRIPT` prints for `pdf` (it must succeed).
pub fn pdf_tool(script: &str, pdf: &Path) -> String {
    let out = Command::new("python3")
        .arg(project_dir().join("tests/tools").join(script))
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
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
