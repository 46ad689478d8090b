//! The `gongwen` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use gongwen::app::{self, Console};
use gongwen::render::Format;
use gongwen::template::TemplateSource;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn YAML data into Chinese official documents (公文) laid out per GB/T 9704-2012.
#[derive(Parser)]
#[command(name = "gongwen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// Folder of *.md.tera templates that override or add to the built-in ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// One template file used for every input.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
}

impl TemplateArgs {
    fn source(self) -> TemplateSource {
        TemplateSource {
            dir: self.templates,
            file: self.template,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Render user templates for a run of gongwen (started by gongwen itself).
    #[command(name = "__template-worker", hide = true)]
    TemplateWorker {
        #[command(flatten)]
        templates: TemplateArgs,
    },
    /// Render data files (.yaml), spreadsheets of proposals (.xlsx, .csv) or Markdown (.md) to
    /// documents; folders are read for .yaml and .md.
    Render {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A YAML file with the shared meta of a spreadsheet of proposals (else its 文头 sheet).
        #[arg(long, value_name = "FILE")]
        meta: Option<PathBuf>,
        /// Also pack everything written into DIR/<DIR's name>.zip, to send in one file.
        #[arg(long)]
        zip: bool,
        /// Output formats, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "md,docx,pdf", value_parser = parse_format)]
        to: Vec<Format>,
        /// Output folder.
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        #[command(flatten)]
        templates: TemplateArgs,
        /// Layout config (fonts, sizes, page numbers); default: gongwen-style.yaml here, if present.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The font the PDF uses for a role (title, body, heading1..4, page_number, latin):
        /// a family name or a font file, e.g. `--font body=FandolFang`. Repeatable.
        #[arg(long = "font", value_name = "ROLE=FONT")]
        fonts: Vec<String>,
    },
    /// Validate data files without writing anything; also warns about placeholders such as xx and 某某.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A YAML file with the shared meta of a spreadsheet of proposals (else its 文头 sheet).
        #[arg(long, value_name = "FILE")]
        meta: Option<PathBuf>,
        #[command(flatten)]
        templates: TemplateArgs,
    },
    /// Print a commented skeleton data file for a kind.
    New {
        #[arg(value_name = "KIND")]
        kind: String,
    },
    /// Print the layout style (GB/T 9704 figures and fonts) as a config file to edit.
    Style {
        /// Start from this config file instead of the standard.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// List the document kinds.
    Kinds {
        #[command(flatten)]
        templates: TemplateArgs,
    },
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| format!("unknown format `{text}`: use md, docx or pdf"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // stderr is not held locked: the progress bar draws on it from the rendering threads.
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let mut console = Console {
        out: &mut out,
        err: &mut err,
    };
    let code = match cli.command {
        // The lock on stdout above is this thread's own, so the worker may write through it.
        Command::TemplateWorker { templates } => return app::template_worker(&templates.source()),
        Command::Render {
            files,
            meta,
            zip,
            to,
            output,
            templates,
            config,
            fonts,
        } => app::render(
            &files,
            &app::RenderOptions {
                formats: &to,
                out_dir: &output,
                source: &templates.source(),
                config: config.as_deref(),
                fonts: &fonts,
                sheet_meta: meta.as_deref(),
                zip,
            },
            &mut console,
        ),
        Command::Check {
            files,
            meta,
            templates,
        } => app::check(&files, &templates.source(), meta.as_deref(), &mut console),
        Command::New { kind } => app::new(&kind, &mut console),
        Command::Style { config } => app::style(config.as_deref(), &mut console),
        Command::Kinds { templates } => app::kinds(&templates.source(), &mut console),
    };
    ExitCode::from(code)
}
