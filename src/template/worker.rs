//! User templates rendered in a separate process with a budget of time and memory, so that a template that never ends or grows without bound stops with an error and the run goes on.
//!
//! A user's template is a program: a loop of 10^10 turns that writes nothing, a text doubled in
//! a loop, a component that calls itself. Tera has no budget of its own, and a thread cannot be
//! stopped, so the `gongwen` binary renders user templates in child processes of its own
//! (`gongwen __template-worker`), each limited to [`MEMORY_BUDGET`] of address space and stopped
//! when one document takes longer than [`TIME_BUDGET`]. A stopped worker is replaced for the
//! next document. Built-in templates, which are known to end, render in-process. Linux only;
//! elsewhere every template renders in-process, without a budget.

use super::engine::{TemplateSource, Templates};
use crate::diagnostic::{Diagnostic, Position};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

/// The longest one document's template may run.
pub const TIME_BUDGET: Duration = Duration::from_secs(10);

/// The address space a worker may use: far beyond any document's template (a few MB), far
/// below what would push the machine into swap.
pub const MEMORY_BUDGET: u64 = 1 << 30;

/// The hidden subcommand that serves renders.
pub const WORKER_COMMAND: &str = "__template-worker";

/// Workers, started as they are needed (one per thread that renders at once) and kept for the
/// run.
pub struct WorkerPool {
    program: PathBuf,
    arguments: Vec<String>,
    idle: Mutex<Vec<Worker>>,
}

struct Worker {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why a worker gave no Markdown.
pub enum WorkerFailure {
    /// The template's own error, as the worker reported it.
    Template(Diagnostic),
    /// The budget ran out: the message and its hint.
    Stopped(String, String),
    /// No worker could be started.
    Unavailable,
}

impl WorkerPool {
    /// A pool running `program` (the gongwen binary) with the template source of this run.
    pub fn new(program: PathBuf, source: &TemplateSource) -> WorkerPool {
        let mut arguments = vec![WORKER_COMMAND.to_string()];
        if let Some(dir) = &source.dir {
            arguments.push("--templates".into());
            arguments.push(dir.display().to_string());
        }
        if let Some(file) = &source.file {
            arguments.push("--template".into());
            arguments.push(file.display().to_string());
        }
        WorkerPool {
            program,
            arguments,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Render template `name` with the data `context` (JSON) in a worker.
    pub fn render(&self, name: &str, context: &[u8]) -> Result<String, WorkerFailure> {
        let idle = self.idle.lock().map(|mut idle| idle.pop()).ok().flatten();
        let mut worker = match idle {
            Some(worker) => worker,
            // The program cannot be run again (deleted or replaced while it runs): the caller
            // renders in-process, without the budget.
            None => self.start().map_err(|_| WorkerFailure::Unavailable)?,
        };
        let answer = worker.render(name, context);
        // A worker that failed (stopped, or its pipe broke) is dropped, which ends it.
        if !matches!(answer, Err(WorkerFailure::Stopped(..)))
            && let Ok(mut idle) = self.idle.lock()
        {
            idle.push(worker);
        }
        answer
    }

    fn start(&self) -> std::io::Result<Worker> {
        let mut child = Command::new(&self.program)
            .args(&self.arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // A worker that runs out of memory says so on stderr; the run reports it instead.
            .stderr(Stdio::null())
            .spawn()?;
        let input = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let output = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        Ok(Worker {
            child,
            input,
            output: BufReader::new(output),
        })
    }
}

impl Worker {
    fn render(&mut self, name: &str, context: &[u8]) -> Result<String, WorkerFailure> {
        let stopped = || {
            WorkerFailure::Stopped(
                format!(
                    "the template stopped the process that renders it: it needed more than {} GB of memory, or called itself too deeply",
                    MEMORY_BUDGET >> 30
                ),
                "look for a text that grows in a loop (`set_global s = s ~ s`) or a component that calls itself".into(),
            )
        };
        let mut request = Vec::with_capacity(context.len() + name.len() + 8);
        put_frame(&mut request, name.as_bytes());
        put_frame(&mut request, context);
        if self
            .input
            .write_all(&request)
            .and_then(|()| self.input.flush())
            .is_err()
        {
            return Err(stopped());
        }
        if !readable_within(self.output.get_ref(), TIME_BUDGET) {
            return Err(WorkerFailure::Stopped(
                format!(
                    "the template ran for more than {} s for one document and was stopped",
                    TIME_BUDGET.as_secs()
                ),
                "look for a loop that never ends, or ranges nested far deeper than the data".into(),
            ));
        }
        let mut status = [0u8];
        if self.output.read_exact(&mut status).is_err() {
            return Err(stopped());
        }
        let body = read_frame(&mut self.output).map_err(|_| stopped())?;
        match status[0] {
            0 => String::from_utf8(body).map_err(|_| stopped()),
            _ => Err(WorkerFailure::Template(diagnostic_from(&body))),
        }
    }
}

/// Whether `output` has something to read (or has closed) within `budget`.
fn readable_within(output: &ChildStdout, budget: Duration) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let deadline = std::time::Instant::now() + budget;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let timeout = Timespec {
                tv_sec: left.as_secs() as i64,
                tv_nsec: i64::from(left.subsec_nanos()),
            };
            let mut fds = [PollFd::new(output, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => return false,
                Ok(_) => return true,
                Err(rustix::io::Errno::INTR) if !left.is_zero() => continue,
                Err(_) => return true,
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (output, budget);
        true
    }
}

fn put_frame(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn read_frame(input: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut length = [0u8; 4];
    input.read_exact(&mut length)?;
    let mut body = vec![0; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut body)?;
    Ok(body)
}

/// A template error as the worker sends it: file, line, column, message and hint, as JSON.
fn diagnostic_json(d: &Diagnostic) -> Vec<u8> {
    serde_json::json!({
        "file": d.file.display().to_string(),
        "line": d.position.map(|p| p.line),
        "column": d.position.map(|p| p.column),
        "message": d.message,
        "hint": d.hint,
        "source_line": d.source_line,
    })
    .to_string()
    .into_bytes()
}

fn diagnostic_from(bytes: &[u8]) -> Diagnostic {
    let json: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let number = |key: &str| json.get(key).and_then(|v| v.as_u64()).map(|n| n as u32);
    let mut d = Diagnostic::error(
        Path::new(&text("file").unwrap_or_default()),
        text("message").unwrap_or_else(|| "the template failed".into()),
    );
    if let (Some(line), Some(column)) = (number("line"), number("column")) {
        d = d.at(Some(Position { line, column }));
    }
    d.hint = text("hint");
    d.source_line = text("source_line");
    d
}

/// The worker's side: limit this process's memory, load the templates, then answer each
/// request on stdin (a template's name and its data as JSON) on stdout, until stdin closes.
pub fn serve(source: &TemplateSource) -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let limit = Rlimit {
            current: Some(MEMORY_BUDGET),
            maximum: Some(MEMORY_BUDGET),
        };
        let _ = setrlimit(Resource::As, limit);
    }
    let Ok(templates) = Templates::load(source) else {
        return std::process::ExitCode::FAILURE;
    };
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    loop {
        let Ok(name) = read_frame(&mut input) else {
            return std::process::ExitCode::SUCCESS;
        };
        let Ok(context) = read_frame(&mut input) else {
            return std::process::ExitCode::SUCCESS;
        };
        let name = String::from_utf8_lossy(&name);
        let rendered = serde_json::from_slice::<serde_json::Value>(&context)
            .map_err(|e| Diagnostic::error(Path::new(""), format!("cannot read the data: {e}")))
            .and_then(|data| templates.render_here(&name, &data));
        let mut answer = Vec::new();
        match rendered {
            Ok(markdown) => {
                answer.push(0);
                put_frame(&mut answer, markdown.as_bytes());
            }
            Err(d) => {
                answer.push(1);
                put_frame(&mut answer, &diagnostic_json(&d));
            }
        }
        if output
            .write_all(&answer)
            .and_then(|()| output.flush())
            .is_err()
        {
            return std::process::ExitCode::SUCCESS;
        }
    }
}
