//! A spreadsheet of proposals (XLSX, XLS, ODS or CSV) read as a reply batch: one proposal a
//! row, under a header row whose cells name the data keys or their Chinese aliases (a title row
//! above it is skipped), the shared `meta` from a sheet named 文头 or meta (key, value rows) or
//! a YAML file given with `--meta`. The rows become the same data tree a YAML file gives, each
//! value at its row and column, so that the loader checks them alike.

use super::date::Date;
use super::items::ItemStore;
use super::kinds::proposal_reply::PROPOSAL;
use super::yaml::{self, Key, Node, Value};
use crate::diagnostic::{Diagnostic, Position};
use calamine::{Data, Reader};
use std::path::Path;

/// The file name endings read as spreadsheets.
const SHEET_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// True for files read as a spreadsheet of proposals.
pub fn is_sheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
    Bool(bool),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Number(x) => x.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// A sheet's rows of cells, and its name.
struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
}

/// Where a spreadsheet's data came from, to name it in messages: the sheet, its header's row,
/// and the header's text by column.
#[derive(Debug, Clone, Default)]
pub struct SheetMap {
    pub sheet: String,
    pub header: Vec<String>,
    /// The sheet the shared meta came from (none when it came from a `--meta` file).
    pub meta_sheet: Option<String>,
}

impl SheetMap {
    /// "sheet 提案, row 5, column 成文日期" for a position (row numbers count the header as 1).
    pub fn describe(&self, position: Position) -> String {
        let column = self
            .header
            .get(position.column.saturating_sub(1) as usize)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| column_letters(position.column));
        format!(
            "sheet {}, row {}, column {column}",
            self.sheet, position.line
        )
    }
}

/// A spreadsheet column's letters: 1 → A, 27 → AA.
fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Read `path` as a reply batch: the data tree the loader reads, and where its values are.
/// `meta_file` is a YAML file with the shared `meta` (given with `--meta`); without it, the
/// workbook's 文头 or meta sheet holds it.
pub fn read_sheet(
    path: &Path,
    meta_file: Option<&Path>,
) -> Result<(yaml::Parsed, SheetMap), Diagnostic> {
    let fail = |message: String, hint: &str| Diagnostic::error(path, message).hint(hint);
    let sheets = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        vec![read_csv(path).map_err(|e| fail(e, "save the sheet as CSV in UTF-8, or as .xlsx"))?]
    } else {
        read_workbook(path).map_err(|e| fail(e, "open it in Excel or WPS and save it as .xlsx"))?
    };
    let is_meta = |name: &str| matches!(name.trim(), "文头" | "meta" | "Meta" | "META");
    let mut meta_sheet = None;
    let meta = match meta_file {
        Some(file) => meta_from_yaml(file)?,
        None => match sheets.iter().find(|s| is_meta(&s.name)) {
            Some(sheet) => {
                meta_sheet = Some(sheet.name.clone());
                meta_from_rows(sheet)
            }
            None => {
                return Err(fail(
                    "the sheet has no 文头 (meta): the 发文机关, 会议届次 and the rest every letter shares".into(),
                    "add a sheet named 文头 with a key and a value on each row (发文机关 | 重庆市科学技术局, 会议届次 | 市政协五届五次会议 …), or give a YAML file with --meta",
                ));
            }
        },
    };
    let Some(sheet) = sheets.iter().find(|s| !is_meta(&s.name)) else {
        return Err(fail(
            "the workbook has no sheet of proposals".into(),
            "put one proposal on each row of the first sheet, under a header row",
        ));
    };
    let Some(header_at) = sheet.rows.iter().position(|row| names_known_keys(row)) else {
        return Err(fail(
            format!(
                "sheet {}: no header row names the proposals' columns",
                sheet.name
            ),
            "head the columns with 编号, 提案人, 标题, 办理结果, 成文日期, 答复内容 (or number, proposer, title, result, date, sections)",
        ));
    };
    let header: Vec<String> = sheet.rows[header_at].iter().map(Cell::text).collect();
    // Each row's proposal goes to a temporary file as it is made, as a YAML batch's do.
    let store_failed = |e: std::io::Error| {
        fail(
            format!("cannot keep the batch's rows in a temporary file: {e}"),
            "check that the temporary folder (TMPDIR, else /tmp) exists and has free space",
        )
    };
    let mut proposals = ItemStore::on_disk(path.parent());
    for (n, row) in sheet.rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let line = (n - header_at + 1) as u32;
        proposals
            .push(&proposal_node(&header, row, line))
            .map_err(store_failed)?;
    }
    proposals.finish().map_err(store_failed)?;
    let at = Position { line: 1, column: 1 };
    let node = |value| Node {
        value,
        position: at,
    };
    let key = |name: &str| Key {
        name: name.to_string(),
        position: at,
    };
    let root = node(Value::Map(vec![
        (key("kind"), node(Value::Str("proposal-reply".into()))),
        (key("meta"), meta),
        (key("proposals"), node(Value::Seq(Vec::new()))),
    ]));
    Ok((
        yaml::Parsed {
            root,
            outside: Some(proposals),
        },
        SheetMap {
            sheet: sheet.name.clone(),
            header,
            meta_sheet,
        },
    ))
}

/// True if at least two cells of `row` name a proposal's keys (or their aliases).
fn names_known_keys(row: &[Cell]) -> bool {
    let known = |text: &str| {
        PROPOSAL
            .iter()
            .any(|f| f.key == text || f.aliases.contains(&text))
    };
    row.iter().filter(|c| known(&c.text())).count() >= 2
}

/// The key a header cell names, if it is one of the proposal's known keys.
fn key_of(header: &str) -> Option<&'static str> {
    PROPOSAL
        .iter()
        .find(|f| f.key == header || f.aliases.contains(&header))
        .map(|f| f.key)
}

/// One row as a proposal's map: list columns split, the date made a date, the reply's Markdown
/// cut into its sections at `## ` lines.
fn proposal_node(header: &[String], row: &[Cell], line: u32) -> Node {
    let mut entries = Vec::new();
    for (column, name) in header.iter().enumerate() {
        let cell = row.get(column).unwrap_or(&Cell::Empty);
        if name.is_empty() || cell.is_empty() {
            continue;
        }
        let position = Position {
            line,
            column: column as u32 + 1,
        };
        let node = |value| Node { value, position };
        let value = match key_of(name) {
            Some("proposer" | "co_handlers") => Value::Seq(
                split_list(&cell.text())
                    .into_iter()
                    .map(|item| node(Value::Str(item)))
                    .collect(),
            ),
            Some("date") => Value::Str(date_text(cell)),
            Some("sections") => {
                let (intro, sections) = sections_of(&cell.text());
                if let Some(intro) = intro {
                    entries.push((
                        Key {
                            name: "intro".into(),
                            position,
                        },
                        node(Value::Str(intro)),
                    ));
                }
                Value::Seq(
                    sections
                        .into_iter()
                        .map(|(heading, text)| {
                            node(Value::Map(vec![
                                (
                                    Key {
                                        name: "heading".into(),
                                        position,
                                    },
                                    node(Value::Str(heading)),
                                ),
                                (
                                    Key {
                                        name: "text".into(),
                                        position,
                                    },
                                    node(Value::Str(text)),
                                ),
                            ]))
                        })
                        .collect(),
                )
            }
            Some("receipt") => match cell {
                Cell::Bool(b) => Value::Bool(*b),
                other => Value::Str(other.text()),
            },
            _ => Value::Str(cell.text()),
        };
        entries.push((
            Key {
                name: name.clone(),
                position,
            },
            node(value),
        ));
    }
    Node {
        value: Value::Map(entries),
        position: Position { line, column: 1 },
    }
}

/// A list cell's items: split on 、，,;； and line breaks.
fn split_list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A date cell as the loader reads dates: an Excel date, a serial number or text as typed.
fn date_text(cell: &Cell) -> String {
    match cell {
        Cell::Date(d) => d.to_string(),
        Cell::Number(serial) if (1.0..2_958_466.0).contains(serial) => {
            excel_date(*serial).map_or_else(|| cell.text(), |d| d.to_string())
        }
        other => other.text(),
    }
}

/// The day of Excel's serial number (1900 date system: day 1 is 1900-01-01, with its phantom
/// 1900-02-29, so serials count from 1899-12-30).
fn excel_date(serial: f64) -> Option<Date> {
    let days = serial.floor() as i64 - 25_569; // days after 1970-01-01
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::parse(&format!("{year}-{month}-{day}")).ok()
}

/// A reply's Markdown cut at its `## ` lines: the text before the first (the 开头, if any), and
/// each section's heading and text.
fn sections_of(markdown: &str) -> (Option<String>, Vec<(String, String)>) {
    let mut intro = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in markdown.lines() {
        match line.trim_start().strip_prefix("## ") {
            Some(heading) => sections.push((heading.trim().to_string(), String::new())),
            None => {
                let text = match sections.last_mut() {
                    Some((_, text)) => text,
                    None => &mut intro,
                };
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    let intro = Some(intro.trim().to_string()).filter(|t| !t.is_empty());
    let sections = sections
        .into_iter()
        .map(|(heading, text)| (heading, text.trim().to_string()))
        .collect();
    (intro, sections)
}

/// The shared meta from a YAML file: its `meta:` (文头:) if it has one, else the whole map.
fn meta_from_yaml(file: &Path) -> Result<Node, Diagnostic> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Diagnostic::error(file, format!("cannot read the meta file: {e}"))
            .hint("check the path given with --meta")
    })?;
    let root = yaml::parse(file, &text)?;
    if let Value::Map(entries) = &root.value
        && let Some((_, meta)) = entries
            .iter()
            .find(|(k, _)| k.name == "meta" || k.name == "文头")
    {
        return Ok(meta.clone());
    }
    Ok(root)
}

/// The shared meta from a sheet's rows: a key in the first column, its value in the second.
/// Lists (抄送, 签发人, 发文机关标志, 附件) split as list cells do.
fn meta_from_rows(sheet: &Sheet) -> Node {
    const LISTS: [&str; 9] = [
        "cc",
        "抄送",
        "signer",
        "签发人",
        "审签人",
        "org_mark",
        "发文机关标志",
        "attachments",
        "附件",
    ];
    let mut entries = Vec::new();
    for (n, row) in sheet.rows.iter().enumerate() {
        let key = row.first().map(Cell::text).unwrap_or_default();
        let value = row.get(1).cloned().unwrap_or(Cell::Empty);
        if key.is_empty() || value.is_empty() {
            continue;
        }
        let position = Position {
            line: n as u32 + 1,
            column: 2,
        };
        let node = |value| Node { value, position };
        let value = if LISTS.contains(&key.as_str()) {
            Value::Seq(
                split_list(&value.text())
                    .into_iter()
                    .map(|item| node(Value::Str(item)))
                    .collect(),
            )
        } else {
            match &value {
                Cell::Date(d) => Value::Str(d.to_string()),
                other => Value::Str(other.text()),
            }
        };
        entries.push((
            Key {
                name: key,
                position: Position {
                    line: n as u32 + 1,
                    column: 1,
                },
            },
            node(value),
        ));
    }
    Node {
        value: Value::Map(entries),
        position: Position { line: 1, column: 1 },
    }
}

/// Every sheet of a workbook, in order.
fn read_workbook(path: &Path) -> Result<Vec<Sheet>, String> {
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| format!("cannot read the workbook: {e}"))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet {name}: {e}"))?;
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_of).collect())
            .collect();
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => excel_date(d.as_f64()).map_or(Cell::Number(d.as_f64()), Cell::Date),
        Data::DateTimeIso(s) => {
            Date::parse(s.get(..10).unwrap_or(s)).map_or_else(|_| Cell::Text(s.clone()), Cell::Date)
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// A CSV file as one sheet named after the file (UTF-8, or GB18030 as Excel saves it in China).
fn read_csv(path: &Path) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes)) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
            if bad {
                return Err("the file is neither UTF-8 nor GB18030 text".into());
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a CSV file: {e}"))?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    let name = path
        .file_stem()
        .map_or_else(|| "CSV".into(), |s| s.to_string_lossy().into_owned());
    Ok(Sheet { name, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_are_days_from_1899_12_30() {
        assert_eq!(excel_date(44754.0).unwrap().to_string(), "2022-07-12");
        assert_eq!(excel_date(45657.0).unwrap().to_string(), "2024-12-31");
    }

    #[test]
    fn list_cells_split_and_replies_cut_into_sections() {
        assert_eq!(
            split_list("市教委、市财政局，市科技局\n市统计局"),
            ["市教委", "市财政局", "市科技局", "市统计局"]
        );
        let (intro, sections) =
            sections_of("开头一段。\n\n## 关于甲\n甲的正文。\n\n## 关于乙\n乙的正文。");
        assert_eq!(intro.as_deref(), Some("开头一段。"));
        assert_eq!(
            sections,
            [
                ("关于甲".to_string(), "甲的正文。".to_string()),
                ("关于乙".to_string(), "乙的正文。".to_string())
            ]
        );
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(28), "AB");
    }
}
