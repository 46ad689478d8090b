//! The commands of the `gongwen` binary: render, check, new, kinds. They print and return an exit code.

use crate::batch_index::{IndexRow, WRITTEN, index_csv, index_xlsx};
use crate::data::Kind;
use crate::data::skeleton::skeleton;
use crate::diagnostic::Diagnostic;
use crate::output::{DiskFlush, FolderLock, OutputNames, write_atomically};
use crate::pipeline::Draft;
use crate::pipeline::{Checks, draft_file, prepare_file};
use crate::render::{Format, Renderers};
use crate::style::Style;
use crate::template::{TemplateSource, Templates};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Success.
pub const EXIT_OK: u8 = 0;
/// A data or template error: something in the user's files needs fixing.
pub const EXIT_DATA_ERROR: u8 = 1;
/// A usage error: wrong command line.
pub const EXIT_USAGE: u8 = 2;

/// Streams the commands write to (stdout, stderr in the binary; buffers in tests).
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Expand folders to the data and Markdown files inside them, sorted; keep files as given.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| Diagnostic::error(input, format!("cannot read the folder: {e}")))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| {
                            ["yaml", "yml", "md"]
                                .contains(&e.to_string_lossy().to_lowercase().as_str())
                        })
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::error(
                    input,
                    "the folder holds no .yaml, .yml or .md files",
                ));
            }
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(Diagnostic::error(input, "no such file or folder").hint("check the path; `gongwen new work-summary > my.yaml` makes a data file to start from"));
        }
    }
    Ok(files)
}

/// The input files and templates that `render` and `check` both start from, or the exit code
/// after the reason was printed.
fn prepare(
    inputs: &[PathBuf],
    source: &TemplateSource,
    style: &Style,
    sheet_meta: Option<&Path>,
    console: &mut Console,
) -> Result<(Vec<PathBuf>, Templates), u8> {
    let files = expand_inputs(inputs).map_err(|d| {
        let _ = writeln!(console.err, "{d}");
        EXIT_USAGE
    })?;
    let templates = load_templates(source, console).ok_or(EXIT_DATA_ERROR)?;
    Ok((
        files,
        templates
            .with_table_places(style.tables.clone())
            .with_sheet_meta(sheet_meta.map(Path::to_path_buf)),
    ))
}

fn load_templates(source: &TemplateSource, console: &mut Console) -> Option<Templates> {
    match Templates::load(source) {
        // User templates render in copies of this program, within a budget of time and memory.
        Ok(t) => Some(match std::env::current_exe() {
            Ok(program) => t.with_workers(program),
            Err(_) => t,
        }),
        Err(d) => {
            let _ = writeln!(console.err, "{d}");
            None
        }
    }
}

/// Serve template renders for the run that started this process (`gongwen __template-worker`).
pub fn template_worker(source: &TemplateSource) -> std::process::ExitCode {
    crate::template::worker::serve(source)
}

/// The config file read when `--config` is not given, if it exists in the current folder.
pub const DEFAULT_CONFIG: &str = "gongwen-style.yaml";

/// The layout style: the standard, with the config file's overrides.
pub fn load_style(config: Option<&Path>, console: &mut Console) -> Result<Style, u8> {
    let implicit = Path::new(DEFAULT_CONFIG);
    let path = match config {
        Some(path) => path,
        None if implicit.is_file() => implicit,
        None => return Ok(Style::default()),
    };
    Style::from_config_file(path).map_err(|d| {
        let _ = writeln!(console.err, "{d}");
        EXIT_DATA_ERROR
    })
}

/// What `gongwen render` was asked to make, besides the input files.
pub struct RenderOptions<'a> {
    pub formats: &'a [Format],
    pub out_dir: &'a Path,
    pub source: &'a TemplateSource,
    pub config: Option<&'a Path>,
    /// `--font ROLE=FONT` overrides for the PDF.
    pub fonts: &'a [String],
    /// `--meta FILE`: the shared meta of a spreadsheet of proposals.
    pub sheet_meta: Option<&'a Path>,
    /// `--zip`: also pack everything written into one archive.
    pub zip: bool,
}

/// `gongwen render FILE... --to md,docx,pdf -o DIR [--config FILE] [--font ROLE=FONT]`.
pub fn render(inputs: &[PathBuf], options: &RenderOptions, console: &mut Console) -> u8 {
    let RenderOptions {
        formats,
        out_dir,
        source,
        config,
        fonts,
        sheet_meta,
        zip,
    } = *options;
    let mut style = match load_style(config, console) {
        Ok(style) => style,
        Err(code) => return code,
    };
    for spec in fonts {
        if let Err(problem) = style.fonts.override_pdf_face(spec) {
            let _ = writeln!(console.err, "error: {problem}");
            return EXIT_USAGE;
        }
    }
    let (files, templates) = match prepare(inputs, source, &style, sheet_meta, console) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    // A format that cannot be made (the PDF without fonts) is reported once; the others are
    // still written.
    let mut errors = 0usize;
    let (renderers, unavailable) = Renderers::for_formats(formats, &style);
    for (format, e) in unavailable {
        errors += 1;
        let _ = writeln!(
            console.err,
            "error: no {format} files: {e}\n  hint: on Linux, `bash scripts/install-fonts.sh` installs the free fonts the PDF needs; or leave pdf out: --to md,docx"
        );
    }
    let extensions: Vec<&str> = renderers
        .formats()
        .into_iter()
        .map(Format::extension)
        .collect();
    let _lock = match FolderLock::take(out_dir) {
        Ok(lock) => lock,
        Err(problem) => {
            let _ = writeln!(console.err, "error: {problem}");
            return EXIT_DATA_ERROR;
        }
    };
    let mut names = OutputNames::new(out_dir);
    let flush = DiskFlush::start(out_dir);
    let mut copied_pictures = BTreeSet::new();
    let mut index: Vec<IndexRow> = Vec::new();
    let mut written_paths: Vec<PathBuf> = Vec::new();
    let (mut documents, mut written, mut failed_inputs) = (0usize, 0usize, 0usize);
    for file in &files {
        let prepared = prepare_file(file, &templates, Checks::default());
        for d in prepared.diagnostics.iter() {
            let _ = writeln!(console.err, "{d}");
            errors += usize::from(d.is_error());
        }
        let mut input_failed = prepared.diagnostics.has_errors();
        // Names are claimed in order, so they do not depend on timing; each document is then
        // made, laid out once, rendered to every format and written on every core, one at a
        // time, and reported in input order. Nothing holds the batch's documents or files, and
        // a window of documents goes at a time, so that what is kept of each until it is
        // reported (its paths and outcomes) does not grow with the batch.
        let inputs = &prepared.documents;
        let bar = progress_bar(inputs.len());
        let input = file.display().to_string();
        for window in (0..inputs.len()).step_by(RENDER_WINDOW) {
            let window = window..(window + RENDER_WINDOW).min(inputs.len());
            let jobs: Vec<(usize, Vec<PathBuf>)> = window
                .map(|n| {
                    let stem = names.claim(inputs.name(n));
                    (n, extensions.iter().map(|e| names.path(&stem, e)).collect())
                })
                .collect();
            // The Markdown names its seal picture by the path the data gave; a copy beside it lets
            // the Markdown render again from the output folder. The first document that names a
            // picture claims its copy.
            let claimed = Mutex::new(&mut copied_pictures);
            let results: Vec<Result<Rendered, Diagnostic>> = jobs
                .par_iter()
                .map(|(n, paths)| {
                    let n = *n;
                    let done = inputs.with_draft(n, &templates, |draft| Rendered {
                        outcomes: render_document(file, draft, paths, &renderers),
                        picture: extensions
                            .contains(&"md")
                            .then(|| seal_picture_copy(draft, out_dir, &claimed))
                            .flatten(),
                    });
                    if let Some(bar) = &bar {
                        bar.inc(1);
                    }
                    done
                })
                .collect();
            // Each picture is written where the first document that names it is reported, with
            // the bytes of whichever document claimed it.
            let mut pictures: BTreeMap<PathBuf, Arc<Vec<u8>>> = results
                .iter()
                .filter_map(|r| r.as_ref().ok()?.picture.as_ref())
                .filter_map(|p| Some((p.target.clone(), p.png.clone()?)))
                .collect();
            for ((n, paths), result) in jobs.iter().zip(results) {
                let n = *n;
                let letter = inputs.letter(n);
                let rendered = match result {
                    Ok(rendered) => rendered,
                    Err(e) => {
                        errors += 1;
                        input_failed = true;
                        let _ = writeln!(console.err, "{e}");
                        if let Some(letter) = letter {
                            index.push(IndexRow {
                                input: input.clone(),
                                letter: letter.clone(),
                                files: Vec::new(),
                                status: e.message.clone(),
                            });
                        }
                        continue;
                    }
                };
                documents += 1;
                let picture = rendered.picture.and_then(|p| {
                    let png = pictures.remove(&p.target)?;
                    Some((p.target, png))
                });
                if let Some((target, png)) = picture {
                    match target
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .and_then(|()| write_atomically(&target, &png))
                    {
                        Ok(()) => {
                            written += 1;
                            written_paths.push(target.clone());
                            let _ = writeln!(console.out, "{}", target.display());
                        }
                        Err(e) => {
                            errors += 1;
                            let _ = writeln!(
                                console.err,
                                "{}",
                                Diagnostic::error(
                                    &target,
                                    format!("cannot write the seal picture: {e}")
                                )
                                .hint("check that the output folder is writable")
                            );
                        }
                    }
                }
                let mut files = Vec::new();
                let mut problems = Vec::new();
                for (path, diagnostic) in paths.iter().zip(rendered.outcomes) {
                    match diagnostic {
                        None => {
                            written += 1;
                            written_paths.push(path.clone());
                            let _ = writeln!(console.out, "{}", path.display());
                            files.push(file_name(path));
                        }
                        Some(d) => {
                            errors += 1;
                            let _ = writeln!(console.err, "{d}");
                            problems.push(d.message.clone());
                        }
                    }
                }
                if let Some(letter) = letter {
                    index.push(IndexRow {
                        input: input.clone(),
                        letter: letter.clone(),
                        files,
                        status: if problems.is_empty() {
                            WRITTEN.to_string()
                        } else {
                            problems.join("；")
                        },
                    });
                }
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        if input_failed {
            failed_inputs += 1;
        }
        for rejected in &prepared.rejected {
            index.push(IndexRow {
                input: input.clone(),
                letter: rejected.letter.clone(),
                files: Vec::new(),
                status: rejected.problems.join("；"),
            });
        }
    }
    // A reply batch's index beside its letters.
    if !index.is_empty() {
        let outputs = [
            ("index.csv", Ok(index_csv(&index))),
            ("index.xlsx", index_xlsx(&index, out_dir)),
        ];
        for (name, bytes) in outputs {
            let path = out_dir.join(name);
            match bytes
                .map_err(|e| e.to_string())
                .and_then(|bytes| write_atomically(&path, &bytes).map_err(|e| e.to_string()))
            {
                Ok(()) => {
                    written += 1;
                    written_paths.push(path.clone());
                    let _ = writeln!(console.out, "{}", path.display());
                }
                Err(e) => {
                    errors += 1;
                    let _ = writeln!(
                        console.err,
                        "{}",
                        Diagnostic::error(&path, format!("cannot write the batch's index: {e}"))
                            .hint("check that the output folder is writable and the file is not open in Excel/WPS")
                    );
                }
            }
        }
    }
    // --zip: everything this run wrote, in one archive inside the output folder.
    if zip && !written_paths.is_empty() {
        let name = out_dir
            .file_name()
            .map_or_else(|| "gongwen".into(), |n| n.to_string_lossy().into_owned());
        let archive = out_dir.join(format!("{name}.zip"));
        match crate::output::write_zip(out_dir, &written_paths, &archive) {
            Ok(()) => {
                written += 1;
                let _ = writeln!(console.out, "{}", archive.display());
            }
            Err(e) => {
                errors += 1;
                let _ = writeln!(
                    console.err,
                    "{}",
                    Diagnostic::error(&archive, format!("cannot write the archive: {e}"))
                        .hint("check that the output folder is writable and has room")
                );
            }
        }
    }
    if written > 0
        && let Err(e) = flush.finish()
    {
        errors += 1;
        let _ = writeln!(
            console.err,
            "{}",
            Diagnostic::error(out_dir, format!("cannot flush the files to the disk: {e}"))
                .hint("the disk may be full or failing; check it and render again")
        );
    }
    let _ = writeln!(
        console.err,
        "gongwen: {documents} document(s) from {} input file(s), {written} file(s) written to {}{}",
        files.len(),
        out_dir.display(),
        if errors > 0 {
            match failed_inputs {
                0 => format!("; {errors} error(s)"),
                n => format!("; {errors} error(s), {n} input file(s) with mistakes"),
            }
        } else {
            String::new()
        }
    );
    if errors > 0 { EXIT_DATA_ERROR } else { EXIT_OK }
}

/// The documents a batch must hold before a progress bar is worth showing.
const PROGRESS_FROM: usize = 20;

/// A progress bar on the terminal for `total` documents (count, rate and time left), or none:
/// for a small batch, or when stderr goes to a pipe, a file or CI.
fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if total < PROGRESS_FROM || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some()
    {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 份  {per_sec}  还需 {eta}")
            .ok()?;
    bar.set_style(style);
    Some(bar)
}

/// Documents rendered at a time: enough to keep every core busy, few enough that what is kept
/// of each until it is reported stays small.
const RENDER_WINDOW: usize = 256;

/// A path's file name, as the index lists it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// One document's files written (an outcome per path, `None` when written), and where its
/// seal picture is copied beside the Markdown.
struct Rendered {
    outcomes: Vec<Option<Diagnostic>>,
    picture: Option<PictureCopy>,
}

/// A seal picture's copy beside the Markdown: its place, and its bytes from the one document
/// that claimed it (a batch's letters share one picture; each holds it only while it renders).
struct PictureCopy {
    target: PathBuf,
    png: Option<Arc<Vec<u8>>>,
}

/// Where `draft`'s seal picture goes beside the Markdown, with its bytes if the draft is the
/// first to claim it (`claimed` holds the copies made or claimed); none for a picture named by
/// a path that leaves the output folder.
fn seal_picture_copy(
    draft: &Draft,
    out_dir: &Path,
    claimed: &Mutex<&mut BTreeSet<PathBuf>>,
) -> Option<PictureCopy> {
    let image = draft.document.seal_image.as_ref()?;
    let relative = Path::new(draft.document.front.seal_image.as_deref()?);
    let inside = relative
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return None;
    }
    let target = out_dir.join(relative);
    let mut claimed = claimed.lock().unwrap_or_else(|e| e.into_inner());
    let png = claimed.insert(target.clone()).then(|| image.png.clone());
    Some(PictureCopy { target, png })
}

/// Render one document to every format (laid out once) and write each file, or say why not:
/// one outcome per path, in the renderers' order.
fn render_document(
    input: &Path,
    draft: &Draft,
    paths: &[PathBuf],
    renderers: &Renderers,
) -> Vec<Option<Diagnostic>> {
    renderers
        .render(&draft.document)
        .into_iter()
        .zip(paths)
        .map(|((_, rendered), path)| match rendered {
            Err(e) => Some(
                Diagnostic::error(input, format!("{} ({}): {e}", draft.name, path.display()))
                    .hint("nothing was written for this document; the others are not affected"),
            ),
            Ok(bytes) => write_atomically(path, &bytes).err().map(|e| {
                Diagnostic::error(path, format!("cannot write the file: {e}")).hint(
                    "check that the output folder is writable and the file is not open in Word/WPS",
                )
            }),
        })
        .collect()
}

/// `gongwen check FILE...`: validate and render in memory, write nothing, report placeholders too.
pub fn check(
    inputs: &[PathBuf],
    source: &TemplateSource,
    sheet_meta: Option<&Path>,
    console: &mut Console,
) -> u8 {
    // The config in this folder, as `render` reads it, so that both name the same attachments.
    let style = match load_style(None, console) {
        Ok(style) => style,
        Err(code) => return code,
    };
    let (files, templates) = match prepare(inputs, source, &style, sheet_meta, console) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    let (mut errors, mut warnings, mut documents) = (0, 0, 0);
    // The documents are laid out as `render` lays them out, so that check reports what render
    // would refuse: characters no font has, tables too wide to print.
    let layout = match crate::layout::pages::PageLayout::new(&style) {
        Ok(layout) => Some(layout),
        Err(e) => {
            warnings += 1;
            let _ = writeln!(
                console.err,
                "warning: the characters were not checked against the fonts: {e}"
            );
            None
        }
    };
    for file in &files {
        let mut outcome = draft_file(file, &templates, Checks { placeholders: true });
        for draft in &outcome.drafts {
            let table = draft.document.blocks.iter().find_map(|block| match block {
                crate::document::Block::Table(table) => {
                    crate::layout::columns::unprintable(table, &style)
                }
                _ => None,
            });
            let missing = layout
                .as_ref()
                .and_then(|layout| layout.lay_out(&draft.document).err().map(|m| (layout, m)));
            if let Some(problem) = table {
                outcome.diagnostics.push(
                    Diagnostic::error(file, format!("{}: {problem}", draft.name))
                        .hint("render makes no DOCX or PDF of this document"),
                );
            }
            if let Some((layout, missing)) = missing {
                let mut families: Vec<&str> = layout
                    .book()
                    .faces
                    .iter()
                    .map(|f| f.family.as_str())
                    .collect();
                let mut seen = std::collections::BTreeSet::new();
                families.retain(|family| seen.insert(*family));
                outcome.diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "{}: {} (looked in: {})",
                            draft.name,
                            crate::render::RenderError::MissingGlyphs(missing),
                            families.join(", ")
                        ),
                    )
                    .hint("render makes no PDF of this document"),
                );
            }
        }
        for d in outcome.diagnostics.iter() {
            let _ = writeln!(console.err, "{d}");
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
        documents += outcome.drafts.len();
        let status = if outcome.diagnostics.has_errors() {
            "FAILED"
        } else {
            "ok"
        };
        let _ = writeln!(
            console.out,
            "{status}  {} ({} document(s))",
            file.display(),
            outcome.drafts.len()
        );
    }
    let _ = writeln!(
        console.err,
        "gongwen check: {} file(s), {documents} document(s), {errors} error(s), {warnings} warning(s)",
        files.len()
    );
    if errors > 0 { EXIT_DATA_ERROR } else { EXIT_OK }
}

/// `gongwen new KIND`: print a commented skeleton data file.
pub fn new(kind_name: &str, console: &mut Console) -> u8 {
    match Kind::from_name(kind_name) {
        Some(kind) => {
            let _ = console.out.write_all(skeleton(kind).as_bytes());
            EXIT_OK
        }
        None => {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let suggestion = crate::suggest::closest(kind_name, names.iter());
            let hint = match suggestion {
                Some(n) => format!("did you mean `{n}`? Kinds: {}", names.join(", ")),
                None => format!("kinds: {}", names.join(", ")),
            };
            let _ = writeln!(
                console.err,
                "error: unknown kind `{kind_name}`\n  hint: {hint}"
            );
            EXIT_USAGE
        }
    }
}

/// `gongwen kinds`: list the built-in kinds and those a template folder adds.
pub fn kinds(source: &TemplateSource, console: &mut Console) -> u8 {
    for kind in Kind::ALL {
        let _ = writeln!(console.out, "{:<16} {}", kind.name(), kind.description());
    }
    if source.dir.is_some() {
        let Some(templates) = load_templates(source, console) else {
            return EXIT_DATA_ERROR;
        };
        for kind in templates.user_kinds() {
            let _ = writeln!(console.out, "{kind:<16} user template");
        }
    }
    EXIT_OK
}

/// `gongwen style`: print the layout style in use (standard plus config) as a config file.
pub fn style(config: Option<&Path>, console: &mut Console) -> u8 {
    match load_style(config, console) {
        Ok(style) => {
            let _ = console.out.write_all(style.to_config_yaml().as_bytes());
            EXIT_OK
        }
        Err(code) => code,
    }
}
