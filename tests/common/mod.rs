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
