//! The fuzzers' inputs, rerun in CI without the fuzzers: every crash or hang input kept under
//! `fuzz/crashes/TARGET/` and every corpus input under `fuzz/corpus/TARGET/` goes through the
//! stage its target fuzzes (as `fuzz/src/lib.rs` sends it), and must come back, with a result
//! or an error, never a panic.

mod common;

use gongwen::{Checks, Format, Renderers, Style, TemplateSource, Templates, draft_data};
use std::path::{Path, PathBuf};

/// The files of `fuzz/corpus/TARGET` and `fuzz/crashes/TARGET` (the latter may not exist).
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["corpus", "crashes"] {
        let dir = common::project_dir().join("fuzz").join(kind).join(target);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && !p.ends_with("README.md")),
            );
        }
    }
    files.sort();
    files
}

#[test]
fn yaml_inputs_load_and_draft() {
    let files = inputs("yaml");
    assert!(files.len() > 100, "the yaml corpus is in fuzz/corpus/yaml");
    let templates = Templates::load(&TemplateSource::default()).unwrap();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            draft_data(
                Path::new("fuzz.yaml"),
                &bytes,
                &templates,
                Checks::default(),
            )
        }));
        assert!(outcome.is_ok(), "{} panicked", file.display());
    }
}

/// Corpus inputs laid out and rendered to DOCX and PDF: one in this many (every one is parsed;
/// every crash input is rendered). The whole corpus takes about 25 s in a debug build.
const RENDER_ONE_IN: usize = 10;

#[test]
fn markdown_inputs_parse_and_render() {
    let corpus = inputs("markdown");
    assert!(
        !corpus.is_empty(),
        "the markdown corpus is in fuzz/corpus/markdown"
    );
    for file in &corpus {
        let bytes = std::fs::read(file).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let parsed = std::panic::catch_unwind(|| {
                let _ = gongwen::document::parse_document(Path::new("fuzz.md"), text);
            });
            assert!(parsed.is_ok(), "{} panicked", file.display());
        }
    }
    let is_crash = |p: &PathBuf| p.components().any(|c| c.as_os_str() == "crashes");
    let mut files: Vec<PathBuf> = corpus.iter().step_by(RENDER_ONE_IN).cloned().collect();
    files.extend(corpus.into_iter().filter(is_crash));
    for target in ["docx", "pdf"] {
        let (crashes, corpus): (Vec<PathBuf>, Vec<PathBuf>) =
            inputs(target).into_iter().partition(is_crash);
        files.extend(crashes);
        files.extend(corpus.into_iter().step_by(RENDER_ONE_IN));
    }
    let (renderers, unavailable) =
        Renderers::for_formats(&[Format::Docx, Format::Pdf], &Style::default());
    assert!(
        unavailable.is_empty() || !common::in_ci(),
        "fonts are missing in CI: {unavailable:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(document) = gongwen::document::parse_document(Path::new("fuzz.md"), text) {
                let _ = renderers.render(&document);
            }
        }));
        assert!(run.is_ok(), "{} panicked", file.display());
    }
}

#[test]
fn template_inputs_render() {
    let files = inputs("template");
    assert!(
        !files.is_empty(),
        "the template corpus is in fuzz/corpus/template"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let Some(nul) = bytes.iter().position(|&b| b == 0) else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fuzz.md.tera"), &bytes[..nul]).unwrap();
        let source = TemplateSource {
            dir: Some(dir.path().to_path_buf()),
            file: None,
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(templates) = Templates::load(&source) {
                draft_data(
                    Path::new("fuzz.yaml"),
                    &bytes[nul + 1..],
                    &templates,
                    Checks { placeholders: true },
                );
            }
        }));
        assert!(run.is_ok(), "{} panicked", file.display());
    }
}
