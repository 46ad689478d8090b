//! The fuzz targets' bodies, shared by the AFL binaries (`src/bin/NAME.rs`, built with
//! `cargo afl build`) and by `repro`, a plain binary that runs one target on saved inputs
//! without AFL (to get a panic's message and backtrace).
//!
//! Each function takes one input as bytes and ignores gongwen's ordinary errors: only a
//! panic, an abort or a hang is a finding.

use gongwen::style::TablePlaces;
use gongwen::{Checks, Format, Renderers, Style, TemplateSource, Templates, draft_data};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by `repro -v`: print what each input gave (gongwen's errors), to check the seeds reach
/// deep. Off while fuzzing.
pub static VERBOSE: AtomicBool = AtomicBool::new(false);

fn verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// The targets, by name.
pub const TARGETS: &[&str] = &["yaml", "markdown", "docx", "pdf", "template"];

/// Run target `name` on `data`. Panics on an unknown name.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "yaml" => yaml(data),
        "markdown" => markdown(data),
        "docx" => docx(data),
        "pdf" => pdf(data),
        "template" => template(data),
        _ => panic!("unknown target {name}; the targets are {TARGETS:?}"),
    }
}

/// Do the one-time setup of target `name` (fonts, renderers, the template folder) so that it
/// happens before AFL's fork server starts, not in every child.
pub fn init(name: &str) {
    match name {
        "docx" => {
            docx_renderers();
        }
        "pdf" => {
            pdf_renderers();
        }
        "template" => {
            template_folder();
        }
        _ => {}
    }
}

/// `yaml`: a data file (YAML or JSON, any encoding gongwen detects) → validated data.
pub fn yaml(data: &[u8]) {
    static PLACES: OnceLock<TablePlaces> = OnceLock::new();
    let places = PLACES.get_or_init(TablePlaces::default);
    let loaded = gongwen::data::load_bytes(Path::new("fuzz.yaml"), data, &[], places);
    if verbose() {
        eprintln!("yaml: data {}", if loaded.data.is_some() { "valid" } else { "rejected" });
        for d in loaded.diagnostics.iter() {
            eprintln!("  {d}");
        }
    }
}

/// `markdown`: Markdown with front matter → Document. Input that is not UTF-8 is skipped.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = gongwen::document::parse_document(Path::new("fuzz.md"), text);
    if verbose() {
        match parsed {
            Ok(_) => eprintln!("markdown: parsed"),
            Err(e) => eprintln!("markdown: {e}"),
        }
    }
}

fn renderers_for(format: Format) -> Renderers {
    let (renderers, unavailable) = Renderers::for_formats(&[format], &Style::default());
    assert!(
        unavailable.is_empty(),
        "the {format:?} renderer is unavailable: {unavailable:?} \
         (no fonts? run: bash scripts/install-fonts.sh)"
    );
    renderers
}

fn docx_renderers() -> &'static Renderers {
    static R: OnceLock<Renderers> = OnceLock::new();
    R.get_or_init(|| renderers_for(Format::Docx))
}

fn pdf_renderers() -> &'static Renderers {
    static R: OnceLock<Renderers> = OnceLock::new();
    R.get_or_init(|| renderers_for(Format::Pdf))
}

fn render_markdown(data: &[u8], renderers: &Renderers) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let document = match gongwen::document::parse_document(Path::new("fuzz.md"), text) {
        Ok(document) => document,
        Err(e) => {
            if verbose() {
                eprintln!("render: not parsed: {e}");
            }
            return;
        }
    };
    for (format, result) in renderers.render(&document) {
        if verbose() {
            match result {
                Ok(bytes) => eprintln!("render: {format:?} {} bytes", bytes.len()),
                Err(e) => eprintln!("render: {format:?} failed: {e}"),
            }
        }
    }
}

/// `docx`: Markdown → Document → DOCX bytes (laid out with the fonts' page layout, as the CLI).
pub fn docx(data: &[u8]) {
    render_markdown(data, docx_renderers());
}

/// `pdf`: Markdown → Document → page layout (line breaker, paginator) → PDF bytes.
pub fn pdf(data: &[u8]) {
    render_markdown(data, pdf_renderers());
}

/// The user template folder (a temporary directory kept for the whole run) and the file the
/// template goes to: `fuzz.md.tera`, so a user kind `fuzz`.
fn template_folder() -> &'static (tempfile::TempDir, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("gongwen-fuzz-templates")
            .tempdir()
            .expect("a temporary template folder");
        let file = dir.path().join("fuzz.md.tera");
        (dir, file)
    })
}

/// `template`: the input is split at its first NUL byte into a Tera template's text and a data
/// file. The template becomes `fuzz.md.tera` in a user template folder (as
/// `gongwen render --templates DIR` loads one), and the data goes through the templates to
/// Documents with gongwen::draft_data (placeholder checks on). Data reaches the template with
/// `kind: fuzz`, as the seeds have it. Input without a NUL byte is skipped.
pub fn template(data: &[u8]) {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (template, yaml) = (&data[..nul], &data[nul + 1..]);
    let (dir, file) = template_folder();
    if std::fs::write(file, template).is_err() {
        return;
    }
    let source = TemplateSource {
        dir: Some(dir.path().to_path_buf()),
        file: None,
    };
    let templates = match Templates::load(&source) {
        Ok(templates) => templates,
        Err(e) => {
            if verbose() {
                eprintln!("template: not loaded: {e}");
            }
            return;
        }
    };
    let outcome = draft_data(
        Path::new("fuzz.yaml"),
        yaml,
        &templates,
        Checks { placeholders: true },
    );
    if verbose() {
        eprintln!("template: {} documents", outcome.drafts.len());
        for d in outcome.diagnostics.iter() {
            eprintln!("  {d}");
        }
    }
}
