//! The index of a reply batch, written beside its letters as index.csv and index.xlsx: one row
//! a proposal (number, proposer, title, 办理结果 class, its files, and whether they were
//! written or what stopped them), for the office to track the batch.

use crate::pipeline::LetterRecord;
use std::path::Path;

/// One row of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// The input file the proposal came from.
    pub input: String,
    pub letter: LetterRecord,
    /// The letter's files, by name.
    pub files: Vec<String>,
    /// 已生成, or the mistakes that stopped the letter.
    pub status: String,
}

/// The status of a letter whose files were all written.
pub const WRITTEN: &str = "已生成";

const HEADER: [&str; 7] = ["编号", "提案人", "标题", "办理结果", "文件", "状态", "来源"];

fn cells(row: &IndexRow) -> [String; 7] {
    [
        row.letter.number.clone(),
        row.letter.proposer.clone(),
        row.letter.title.clone(),
        row.letter.result.clone(),
        row.files.join("; "),
        row.status.clone(),
        row.input.clone(),
    ]
}

/// The index as CSV, UTF-8 with a byte-order mark so that Excel shows its Chinese.
pub fn index_csv(rows: &[IndexRow]) -> Vec<u8> {
    let mut out = b"\xef\xbb\xbf".to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    // Writing to memory cannot fail.
    writer.write_record(HEADER).expect("in memory");
    for row in rows {
        writer.write_record(cells(row)).expect("in memory");
    }
    writer.flush().expect("in memory");
    drop(writer);
    out
}

/// The index as an Excel workbook, its header row bold and frozen, with a fixed creation date
/// so that the same batch gives the same bytes.
/// Its rows go through a temporary file in `folder` (the output folder, which the run writes to).
pub fn index_xlsx(rows: &[IndexRow], folder: &Path) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    workbook.set_tempdir(folder).map_err(|e| e.to_string())?;
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| e.to_string())?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    // Rows go to a temporary file as they are written (so the columns are set first): the
    // index of 10,000 letters would otherwise hold about 20 MB while it is made.
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(|e| e.to_string())?
        .set_name("答复函")
        .map_err(|e| e.to_string())?;
    for (column, width) in [8.0, 16.0, 40.0, 8.0, 60.0, 30.0, 24.0].iter().enumerate() {
        sheet
            .set_column_width(column as u16, *width)
            .map_err(|e| e.to_string())?;
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (column, title) in HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, column as u16, *title, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (n, row) in rows.iter().enumerate() {
        for (column, value) in cells(row).iter().enumerate() {
            sheet
                .write_string(n as u32 + 1, column as u16, value)
                .map_err(|e| e.to_string())?;
        }
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: &str, status: &str) -> IndexRow {
        IndexRow {
            input: "提案.xlsx".into(),
            letter: LetterRecord {
                number: number.into(),
                proposer: "李晓东、陈海燕".into(),
                title: "关于加快科技成果转移转化的建议".into(),
                result: "B".into(),
            },
            files: vec!["1047-关于….md".into(), "1047-关于….pdf".into()],
            status: status.into(),
        }
    }

    #[test]
    fn the_csv_has_a_bom_a_header_and_a_row_a_letter() {
        let text = String::from_utf8(index_csv(&[
            row("1047", WRITTEN),
            row("1103", "`D` is not a result class"),
        ]))
        .unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("\u{feff}编号,提案人,标题,办理结果,文件,状态,来源")
        );
        assert_eq!(
            lines.next(),
            Some(
                "1047,李晓东、陈海燕,关于加快科技成果转移转化的建议,B,1047-关于….md; 1047-关于….pdf,已生成,提案.xlsx"
            )
        );
        assert!(lines.next().unwrap().contains("`D` is not a result class"));
    }

    #[test]
    fn the_workbook_is_the_same_bytes_each_time() {
        let rows = [row("1047", WRITTEN)];
        let a = index_xlsx(&rows, &std::env::temp_dir()).unwrap();
        assert_eq!(a, index_xlsx(&rows, &std::env::temp_dir()).unwrap());
        assert!(a.starts_with(b"PK"));
    }
}
