//! The whole pipeline for one input file: data → template → Markdown → Document, ready for the renderers.

use crate::check::scan_placeholders;
use crate::data::model::{Body, DataFile};
use crate::data::{self, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::document::{Document, parse_document};
use crate::template::Templates;
use serde::Serialize;
use std::path::Path;

/// One document made from an input: the name its files get, and the parsed document.
#[derive(Debug)]
pub struct Draft {
    pub name: String,
    pub document: Document,
    /// The proposal a reply letter answers, for the batch's index.
    pub letter: Option<LetterRecord>,
}

/// A proposal as a batch's index lists it: number, proposer(s), title and 办理结果 class.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LetterRecord {
    pub number: String,
    pub proposer: String,
    pub title: String,
    pub result: String,
}

/// A proposal whose letter was not made, and why (each message of its mistakes).
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedLetter {
    pub letter: LetterRecord,
    pub problems: Vec<String>,
}

/// What one input file gave: its documents and everything worth telling the user.
#[derive(Debug, Default)]
pub struct Outcome {
    pub drafts: Vec<Draft>,
    /// The letters of a reply batch left out for their mistakes.
    pub rejected: Vec<RejectedLetter>,
    pub diagnostics: Diagnostics,
}

/// How much to report beyond errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Report placeholders (xx, 某某 …) and keys passed through as `extra`.
    pub placeholders: bool,
}

/// True for files read as Markdown rather than data.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A document's Markdown, before it is parsed: the name its files get, and the text.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownDraft {
    pub name: String,
    pub markdown: String,
}

/// The name of the documents made from `path`: its file stem.
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "document".into())
}

/// Run data held in memory through the pipeline up to the Documents, as [`draft_file`] runs a
/// file: `bytes` is a data file's text (YAML, or JSON, which is YAML too), and `name` names it
/// in messages and gives the documents their name (`2024上半年.yaml` → `2024上半年`).
pub fn draft_data(name: &Path, bytes: &[u8], templates: &Templates, checks: Checks) -> Outcome {
    let loaded = data::load_bytes(
        name,
        bytes,
        templates.user_kinds(),
        templates.table_places(),
    );
    prepared_of(name, loaded, checks).into_outcome(templates)
}

/// Run one input file through the pipeline up to the Document.
pub fn draft_file(path: &Path, templates: &Templates, checks: Checks) -> Outcome {
    prepare_file(path, templates, checks).into_outcome(templates)
}

/// Read one input file, and make its documents only as they are asked for.
pub fn prepare_file(path: &Path, templates: &Templates, checks: Checks) -> Prepared {
    let stem = stem_of(path);
    let mut outcome = Prepared {
        diagnostics: Diagnostics::default(),
        rejected: Vec::new(),
        documents: Documents::Made(Vec::new()),
    };
    if is_markdown(path) {
        let text = match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                String::from_utf8(b).map_err(|_| "the file is not UTF-8 text".to_string())
            }) {
            Ok(text) => text,
            Err(e) => {
                outcome.diagnostics.push(Diagnostic::error(
                    path,
                    format!("cannot read the Markdown: {e}"),
                ));
                return outcome;
            }
        };
        if checks.placeholders {
            outcome.diagnostics.0.extend(scan_placeholders(path, &text));
        }
        match parse_document(path, &text)
            .and_then(|mut document| with_seal_image(&mut document, path).map(|()| document))
        {
            Ok(document) => {
                outcome.documents = Documents::Made(vec![Draft {
                    name: stem,
                    document,
                    letter: None,
                }])
            }
            Err(e) => outcome.diagnostics.push(e),
        }
        return outcome;
    }
    let loaded = if crate::data::sheet::is_sheet(path) {
        data::load_sheet(
            path,
            templates.sheet_meta(),
            templates.user_kinds(),
            templates.table_places(),
        )
    } else {
        data::load_file(path, templates.user_kinds(), templates.table_places())
    };
    prepared_of(path, loaded, checks)
}

/// Read the seal picture `document` names, from the folder of its input file `input`.
fn with_seal_image(document: &mut Document, input: &Path) -> Result<(), Diagnostic> {
    let base = input.parent().unwrap_or(Path::new("."));
    crate::document::load_seal_image(document, base, input).map_err(|e| {
        // Point at the line that names the picture, in a data file or a Markdown file.
        let text = std::fs::read_to_string(input).unwrap_or_default();
        let at = text.lines().enumerate().find_map(|(n, line)| {
            ["seal_image:", "印章图片:"].iter().find_map(|key| {
                line.find(key).map(|column| Position {
                    line: n as u32 + 1,
                    column: line[..column].chars().count() as u32 + 1,
                })
            })
        });
        let field = if is_markdown(input) {
            "seal_image"
        } else {
            "meta.seal_image"
        };
        let e = e.field(field);
        match at {
            Some(position) => e.at(Some(position)).with_source(&text),
            None => e,
        }
    })
}

/// The documents of loaded data, with the loader's diagnostics.
fn prepared_of(path: &Path, loaded: data::Loaded, checks: Checks) -> Prepared {
    let stem = stem_of(path);
    let mut prepared = Prepared {
        diagnostics: Diagnostics::default(),
        rejected: Vec::new(),
        documents: Documents::Made(Vec::new()),
    };
    prepared.diagnostics.extend(loaded.diagnostics);
    if checks.placeholders {
        // A file parsed as it was read is read again for this.
        let text = match loaded.text.is_empty() && !data::sheet::is_sheet(path) {
            true => data::source::read_capped(path)
                .ok()
                .and_then(|bytes| data::source::decode_owned(path, bytes).ok())
                .map(|decoded| decoded.text)
                .unwrap_or_default(),
            false => loaded.text,
        };
        prepared
            .diagnostics
            .0
            .extend(scan_placeholders(path, &text));
        prepared.diagnostics.0.extend(loaded.unknown_keys);
    }
    let Some(data) = loaded.data else {
        return prepared;
    };
    // A reply batch's letters, each with the proposal it answers; the rejected ones with their
    // mistakes.
    let letters: Vec<LetterRecord> = match &data.body {
        data::model::Body::ProposalReply(batch) => {
            for rejected in &batch.rejected {
                let prefix = format!("proposals[{}]", rejected.index);
                prepared.rejected.push(RejectedLetter {
                    letter: LetterRecord {
                        number: rejected.number.clone(),
                        proposer: rejected.proposer.clone(),
                        title: rejected.title.clone(),
                        result: rejected.result.clone(),
                    },
                    problems: prepared
                        .diagnostics
                        .iter()
                        .filter(|d| {
                            d.is_error()
                                && d.field.as_deref().is_some_and(|f| {
                                    f == prefix || f.starts_with(&format!("{prefix}."))
                                })
                        })
                        .map(|d| d.message.clone())
                        .collect(),
                });
            }
            batch
                .letters
                .iter()
                .map(|letter| LetterRecord {
                    number: letter.number.clone(),
                    proposer: letter.proposer.clone(),
                    title: letter.title.clone(),
                    result: letter.result.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    prepared.documents = Documents::FromData(Box::new(DataDocuments {
        path: path.to_path_buf(),
        stem,
        data,
        letters,
    }));
    prepared
}

/// What one input file gives before its documents are made: everything worth telling the user
/// about the file, the letters left out of a reply batch, and its documents, made one at a time
/// as they are asked for, so that a batch of 10,000 letters never holds them all.
pub struct Prepared {
    pub diagnostics: Diagnostics,
    /// The letters of a reply batch left out for mistakes in their data.
    pub rejected: Vec<RejectedLetter>,
    pub documents: Documents,
}

/// An input's documents: made already (a Markdown file's), or made on demand from its data.
pub enum Documents {
    Made(Vec<Draft>),
    FromData(Box<DataDocuments>),
}

/// The documents of loaded data: one per proposal of a reply batch, else one.
pub struct DataDocuments {
    path: std::path::PathBuf,
    stem: String,
    data: DataFile,
    letters: Vec<LetterRecord>,
}

impl Documents {
    /// How many documents the input makes (some may still fail to be made).
    pub fn len(&self) -> usize {
        match self {
            Documents::Made(drafts) => drafts.len(),
            Documents::FromData(d) => d.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name document `n`'s files get.
    pub fn name(&self, n: usize) -> &str {
        match self {
            Documents::Made(drafts) => &drafts[n].name,
            Documents::FromData(d) => match d.batch() {
                Some(batch) => &batch.letters[n].file_stem,
                None => &d.stem,
            },
        }
    }

    /// The proposal that document `n` answers, in a reply batch.
    pub fn letter(&self, n: usize) -> Option<&LetterRecord> {
        match self {
            Documents::Made(drafts) => drafts[n].letter.as_ref(),
            Documents::FromData(d) => d.letters.get(n),
        }
    }

    /// Make document `n` and hand it to `use_draft`, or say why it cannot be made (an error in
    /// the Markdown its template made names the user's data file).
    pub fn with_draft<R>(
        &self,
        n: usize,
        templates: &Templates,
        use_draft: impl FnOnce(&Draft) -> R,
    ) -> Result<R, Diagnostic> {
        match self {
            Documents::Made(drafts) => Ok(use_draft(&drafts[n])),
            Documents::FromData(d) => d.make(n, templates).map(|draft| use_draft(&draft)),
        }
    }

    /// Every document made, in order, with those that cannot be as their errors.
    pub fn make_all(self, templates: &Templates) -> Vec<Result<Draft, Diagnostic>> {
        match self {
            Documents::Made(drafts) => drafts.into_iter().map(Ok).collect(),
            Documents::FromData(d) => (0..d.len()).map(|n| d.make(n, templates)).collect(),
        }
    }
}

impl DataDocuments {
    fn batch(&self) -> Option<&data::model::ProposalBatch> {
        reply_batch(&self.data)
    }

    fn len(&self) -> usize {
        self.batch().map_or(1, |batch| batch.letters.len())
    }

    /// Document `n`, or why it cannot be made (an error in the Markdown its template made names
    /// the user's data file).
    fn make(&self, n: usize, templates: &Templates) -> Result<Draft, Diagnostic> {
        markdown_draft(&self.data, &self.stem, templates, n)
            .and_then(|draft| document_of(&self.path, draft, self.letters.get(n).cloned()))
            .map_err(|e| {
                // An error that names another file (the template) says which input, and which
                // letter of a batch, it stopped.
                let elsewhere = !e.file.as_os_str().is_empty() && e.file != self.path;
                let message = match (elsewhere, self.letters.get(n)) {
                    (true, Some(letter)) => format!(
                        "the letter to proposal {} of {}: {}",
                        letter.number,
                        self.path.display(),
                        e.message
                    ),
                    (true, None) => format!("making {}: {}", self.path.display(), e.message),
                    (false, _) => e.message.clone(),
                };
                Diagnostic {
                    file: if e.file.as_os_str().is_empty() {
                        self.path.clone()
                    } else {
                        e.file.clone()
                    },
                    message,
                    ..e
                }
            })
    }
}

impl Prepared {
    /// Make every document, each failure as an error and, for a letter, a rejected letter.
    pub fn into_outcome(self, templates: &Templates) -> Outcome {
        let mut outcome = Outcome {
            drafts: Vec::new(),
            rejected: self.rejected,
            diagnostics: self.diagnostics,
        };
        let letters: Vec<Option<LetterRecord>> = (0..self.documents.len())
            .map(|n| self.documents.letter(n).cloned())
            .collect();
        for (made, letter) in self.documents.make_all(templates).into_iter().zip(letters) {
            match made {
                Ok(draft) => outcome.drafts.push(draft),
                Err(e) => {
                    if let Some(letter) = letter {
                        outcome.rejected.push(RejectedLetter {
                            letter,
                            problems: vec![e.message.clone()],
                        });
                    }
                    outcome.diagnostics.push(e);
                }
            }
        }
        outcome
    }
}

/// The Document of one template's Markdown, with its seal picture read.
fn document_of(
    path: &Path,
    MarkdownDraft { name, markdown }: MarkdownDraft,
    letter: Option<LetterRecord>,
) -> Result<Draft, Diagnostic> {
    // An error in the Markdown the template made names the user's data file (the Markdown was
    // never written), with the line of the Markdown it is on.
    let mut document = parse_document(path, &markdown).map_err(|e| {
        let line = e
            .position
            .map(|p| format!(" (line {} of its Markdown)", p.line))
            .unwrap_or_default();
        Diagnostic {
            message: format!(
                "the document `{name}` made from this file: {}{line}",
                e.message
            ),
            position: None,
            source_line: None,
            hint: Some(match &e.hint {
                Some(hint) => format!(
                    "a data value or the template produced Markdown that does not parse; {hint}"
                ),
                None => "a data value or the template produced Markdown that does not parse; look for the text above in the data, or in the template".into(),
            }),
            ..e
        }
    })?;
    with_seal_image(&mut document, path)?;
    Ok(Draft {
        name,
        document,
        letter,
    })
}

/// The template context of one proposal reply letter.
#[derive(Serialize)]
struct ReplyContext<'a> {
    kind: &'a str,
    meta: &'a data::model::Meta,
    proposal: &'a data::model::Proposal,
    counts: &'a data::model::ProposalCounts,
    extra: &'a data::fields::Extra,
}

/// Render a loaded data file to Markdown: one document, or one per proposal for reply batches.
pub fn markdown_drafts(
    data: &DataFile,
    stem: &str,
    templates: &Templates,
) -> Vec<Result<MarkdownDraft, Diagnostic>> {
    let count = reply_batch(data).map_or(1, |batch| batch.letters.len());
    (0..count)
        .map(|n| markdown_draft(data, stem, templates, n))
        .collect()
}

/// The reply batch of a data file of the proposal-reply kind, whose documents are its letters,
/// one per proposal.
fn reply_batch(data: &DataFile) -> Option<&data::model::ProposalBatch> {
    match &data.body {
        Body::ProposalReply(batch) if Kind::from_name(&data.kind) == Some(Kind::ProposalReply) => {
            Some(batch)
        }
        _ => None,
    }
}

/// The Markdown of document `n` of a loaded data file: the letter to proposal `n` of a reply
/// batch, else the file's one document.
pub fn markdown_draft(
    data: &DataFile,
    stem: &str,
    templates: &Templates,
    n: usize,
) -> Result<MarkdownDraft, Diagnostic> {
    match reply_batch(data) {
        Some(batch) => {
            let proposal = batch
                .proposal(n, &data.meta)
                .map_err(|e| Diagnostic::error(Path::new(""), e))?;
            let context = ReplyContext {
                kind: &data.kind,
                meta: &data.meta,
                proposal: &proposal,
                counts: &batch.counts,
                extra: &data.extra,
            };
            Ok(MarkdownDraft {
                name: proposal.file_stem.clone(),
                markdown: tidy_markdown(&templates.render(&data.kind, &context)?),
            })
        }
        None => templates
            .render(&data.kind, data)
            .map(|markdown| MarkdownDraft {
                name: stem.to_string(),
                markdown: tidy_markdown(&markdown),
            }),
    }
}

/// Tidy template output: no trailing spaces, at most one blank line in a row, one final newline.
pub fn tidy_markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank_run = 0;
    let mut in_front_matter = false;
    for line in markdown.lines() {
        let line = line.trim_end();
        if out.is_empty() && line == "---" {
            in_front_matter = true;
        } else if in_front_matter && line == "---" {
            in_front_matter = false;
        }
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() || in_front_matter {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(
            tidy_markdown("\n---\ntitle: t\n\n---\n\n\n\n正文  \n\n\n"),
            "---\ntitle: t\n---\n\n正文\n"
        );
    }
}
