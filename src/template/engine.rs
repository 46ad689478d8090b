//! The Tera engine: built-in templates embedded in the binary, user overrides from a folder or file, Markdown escaping of data.

use super::escape::escape_markdown;
use super::filters;
use crate::data::model::Kind;
use crate::diagnostic::{Diagnostic, Position};
use crate::style::TablePlaces;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

/// Suffix of template files: `work-summary.md.tera`.
pub const TEMPLATE_SUFFIX: &str = ".md.tera";

/// The built-in templates, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "work-summary.md.tera",
        include_str!("../../templates/work-summary.md.tera"),
    ),
    (
        "self-inspection.md.tera",
        include_str!("../../templates/self-inspection.md.tera"),
    ),
    (
        "risk-report.md.tera",
        include_str!("../../templates/risk-report.md.tera"),
    ),
    (
        "proposal-reply.md.tera",
        include_str!("../../templates/proposal-reply.md.tera"),
    ),
    (
        "_front_matter.md.tera",
        include_str!("../../templates/_front_matter.md.tera"),
    ),
    (
        "_attachments.md.tera",
        include_str!("../../templates/_attachments.md.tera"),
    ),
    (
        "_closing_phrase.md.tera",
        include_str!("../../templates/_closing_phrase.md.tera"),
    ),
];

/// Escape every data value for Markdown unless the template marks it safe.
pub fn escape_fn(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(escape_markdown(input).as_bytes())
}

/// Where templates come from: built in, a folder that overrides or adds kinds, or one file for every input.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub dir: Option<PathBuf>,
    pub file: Option<PathBuf>,
}

/// A ready template set.
pub struct Templates {
    tera: Tera,
    /// Kinds provided by a user folder that are not built in.
    user_kinds: Vec<String>,
    /// `--template FILE`: the one template used for every input.
    forced: Option<String>,
    /// Where each template came from, to name the real file in errors.
    sources: Vec<(String, PathBuf)>,
    /// Where the kinds' own tables go unless a data file says (the config's `tables`).
    table_places: TablePlaces,
    /// The shared meta of a spreadsheet of proposals (`--meta FILE`).
    sheet_meta: Option<PathBuf>,
    /// Where the templates came from: with templates of the user's, renders go to `workers`.
    source: TemplateSource,
    /// Processes that render user templates within a budget (see [`super::worker`]).
    workers: Option<super::worker::WorkerPool>,
}

impl Templates {
    /// Load the built-in templates, then the user's overrides. Syntax errors and unknown filters are reported here.
    pub fn load(source: &TemplateSource) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::default();
        filters::register(&mut tera);
        tera.set_escape_fn(escape_fn);
        tera.autoescape_on(vec![TEMPLATE_SUFFIX, ".md"]);
        let mut sources: Vec<(String, String, PathBuf)> = BUILTIN
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    text.to_string(),
                    PathBuf::from(format!("templates/{name}")),
                )
            })
            .collect();
        let mut user_kinds = Vec::new();
        if let Some(dir) = &source.dir {
            let entries = std::fs::read_dir(dir).map_err(|e| {
                Diagnostic::error(dir, format!("cannot read the template folder: {e}"))
                    .hint("pass a folder holding *.md.tera files")
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(TEMPLATE_SUFFIX))
                .collect();
            files.sort();
            for path in files {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let text = read_template(&path)?;
                let kind = name.trim_end_matches(TEMPLATE_SUFFIX).to_string();
                if Kind::from_name(&kind).is_none() && !kind.starts_with('_') {
                    user_kinds.push(kind);
                }
                sources.retain(|(n, _, _)| *n != name);
                sources.push((name, text, path));
            }
        }
        let mut forced = None;
        if let Some(file) = &source.file {
            let text = read_template(file)?;
            let name = format!("_user_template{TEMPLATE_SUFFIX}");
            sources.push((name.clone(), text, file.clone()));
            forced = Some(name);
        }
        let by_name: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        let paths: Vec<(String, PathBuf)> = sources
            .iter()
            .map(|(n, _, p)| (n.clone(), p.clone()))
            .collect();
        tera.add_raw_templates(by_name)
            .map_err(|e| template_error(&e, &paths))?;
        Ok(Templates {
            tera,
            user_kinds,
            forced,
            sources: paths,
            table_places: TablePlaces::default(),
            sheet_meta: None,
            source: source.clone(),
            workers: None,
        })
    }

    /// The same templates, rendering user templates (if any) in worker processes started from
    /// `program`, the gongwen binary, with a budget of time and memory (Linux).
    pub fn with_workers(mut self, program: PathBuf) -> Templates {
        let has_user_templates = self.source.dir.is_some() || self.source.file.is_some();
        if has_user_templates && cfg!(target_os = "linux") {
            self.workers = Some(super::worker::WorkerPool::new(program, &self.source));
        }
        self
    }

    /// The same templates, putting the kinds' own tables where `places` says unless a data
    /// file says otherwise.
    pub fn with_table_places(mut self, places: TablePlaces) -> Templates {
        self.table_places = places;
        self
    }

    /// Where the kinds' own tables go unless a data file says.
    pub fn table_places(&self) -> &TablePlaces {
        &self.table_places
    }

    /// The same templates, reading a spreadsheet's shared meta from `file` (`--meta`).
    pub fn with_sheet_meta(mut self, file: Option<PathBuf>) -> Templates {
        self.sheet_meta = file;
        self
    }

    /// The YAML file with a spreadsheet's shared meta, if one was given.
    pub fn sheet_meta(&self) -> Option<&Path> {
        self.sheet_meta.as_deref()
    }

    /// Kinds that user templates add to the built-in four.
    pub fn user_kinds(&self) -> &[String] {
        &self.user_kinds
    }

    /// Render the template of `kind` (or the forced one) with `data`: in a worker process for
    /// a user's templates where [`Templates::with_workers`] set them up, else here.
    pub fn render<T: Serialize>(&self, kind: &str, data: &T) -> Result<String, Diagnostic> {
        let name = self
            .forced
            .clone()
            .unwrap_or_else(|| format!("{kind}{TEMPLATE_SUFFIX}"));
        let Some(workers) = &self.workers else {
            return self.render_here(&name, data);
        };
        let json = serde_json::to_vec(data).map_err(|e| {
            Diagnostic::error(
                Path::new(""),
                format!("cannot pass the data to the template: {e}"),
            )
        })?;
        workers
            .render(&name, &json)
            .or_else(|failure| match failure {
                super::worker::WorkerFailure::Template(d) => Err(d),
                super::worker::WorkerFailure::Stopped(message, hint) => {
                    Err(Diagnostic::error(&self.source_of(&name), message).hint(hint))
                }
                // No copy of gongwen could be started: render here, without the budget.
                super::worker::WorkerFailure::Unavailable => self.render_here(&name, data),
            })
    }

    /// Render template `name` with `data` in this process, its output capped at
    /// [`MAX_OUTPUT_BYTES`].
    pub fn render_here<T: Serialize>(&self, name: &str, data: &T) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(data).map_err(|e| {
            Diagnostic::error(
                Path::new(""),
                format!("cannot pass the data to the template: {e}"),
            )
        })?;
        let mut out = CappedOutput {
            bytes: Vec::new(),
            over: false,
        };
        match self.tera.render_to(name, &context, &mut out) {
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                Diagnostic::error(Path::new(name), "the template made text that is not UTF-8")
            }),
            Err(_) if out.over => Err(Diagnostic::error(
                &self.source_of(name),
                format!(
                    "the template made more than {} MB of text for one document",
                    MAX_OUTPUT_BYTES >> 20
                ),
            )
            .hint(if self.source.dir.is_none() && self.source.file.is_none() {
                "the data makes a document of more than about 5,000 pages; split it into several files"
            } else {
                "a loop repeats far more often than the data has entries; check `for` and `range` in the template"
            })),
            Err(e) => Err(template_error(&e, &self.sources)),
        }
    }

    /// The file template `name` came from, or `name` for a built-in one.
    fn source_of(&self, name: &str) -> PathBuf {
        self.sources
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| PathBuf::from(name), |(_, path)| path.clone())
    }
}

/// The most text one document's template may make: a 1,000-page document is about 3 MB.
pub const MAX_OUTPUT_BYTES: usize = 16 << 20;

/// A template's output, refused past [`MAX_OUTPUT_BYTES`].
struct CappedOutput {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the template's output is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn read_template(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the template: {e}")))?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(path, "the template is not UTF-8 text").hint("save it as UTF-8")
    })
}

/// Turn a Tera error into a report naming the template file, line and column, and the cause.
fn template_error(error: &tera::Error, sources: &[(String, PathBuf)]) -> Diagnostic {
    use std::error::Error as _;
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    // Tera 2 reports "--> name:line:col"; point the report at the real file.
    let location = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> ").map(str::to_string))
        .or_else(|| {
            message.lines().find_map(|l| {
                let l = l.trim();
                (l.contains(TEMPLATE_SUFFIX) && l.matches(':').count() >= 2).then(|| l.to_string())
            })
        });
    let mut file = PathBuf::from("template");
    let mut position = None;
    if let Some(loc) = location {
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.trim().parse().ok());
        let line = parts.next().and_then(|c| c.trim().parse().ok());
        let name = parts.next().unwrap_or("").trim().to_string();
        if let (Some(line), Some(column)) = (line, col) {
            position = Some(Position { line, column });
        }
        file = sources
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| {
                PathBuf::from(if name.starts_with("_user_template") {
                    "--template".to_string()
                } else {
                    format!("templates/{name}")
                })
            });
    }
    let first_line = message.lines().next().unwrap_or("template error");
    let first_line = first_line.trim_start_matches("error: ").to_string();
    let detail: Vec<&str> = message
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut d = Diagnostic::error(&file, format!("template error: {first_line}")).at(position);
    if !detail.is_empty() {
        d.message.push('\n');
        d.message.push_str(&detail.join("\n"));
    }
    d.hint("check the template's syntax and the names it uses; `gongwen check` shows the data fields; filters: cn_num ordinal cn_date amount percent num growth join_cn points end_with strip_end md cell yaml")
}
