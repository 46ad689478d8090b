//! User-facing reports: one `Diagnostic` names the file, line:column, field path, what went wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors stop the document, warnings are printed and rendering goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One problem found in a user's file, with everything needed to find and fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub position: Option<Position>,
    /// Field path inside the data, e.g. `indicators[2].value`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            position: None,
            field: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position.filter(|p| p.line > 0);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line the position points at, so the report can quote it.
    pub fn with_source(mut self, source: &str) -> Self {
        if let Some(p) = self.position {
            self.source_line = source
                .lines()
                .nth(p.line as usize - 1)
                .map(|l| l.trim_end().to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(line), Some(p)) = (&self.source_line, self.position) {
            // Show at most a window of the line around the column, so a huge line stays readable.
            let column = p.column.saturating_sub(1) as usize;
            let skip = column.saturating_sub(40);
            let window: String = line.chars().skip(skip).take(80).collect();
            let line = if skip > 0 {
                format!("…{window}")
            } else {
                window
            };
            let p = Position {
                line: p.line,
                column: (column - skip + usize::from(skip > 0) + 1) as u32,
            };
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            // Columns count characters; CJK characters take two terminal cells.
            let caret_indent: usize = line
                .chars()
                .take(p.column.saturating_sub(1) as usize)
                .map(display_width)
                .sum();
            write!(
                f,
                "\n {pad} |\n {number} | {line}\n {pad} | {}^",
                " ".repeat(caret_indent)
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

fn display_width(c: char) -> usize {
    if c == '\t' {
        4
    } else if (c as u32) >= 0x1100 && is_wide(c) {
        2
    } else {
        1
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A list of diagnostics for one input, errors and warnings mixed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_file_position_field_and_hint() {
        let d = Diagnostic::error(Path::new("data/a.yaml"), "expected a number")
            .at(Some(Position {
                line: 2,
                column: 10,
            }))
            .field("indicators[0].value")
            .hint("write the unit in `unit`")
            .with_source("kind: x\n  - value: 45亿\n");
        let text = d.to_string();
        assert!(
            text.starts_with("error: data/a.yaml:2:10: indicators[0].value: expected a number")
        );
        assert!(text.contains(" 2 |   - value: 45亿"));
        assert!(text.contains("hint: write the unit"));
    }
}
