//! Reply batches from spreadsheets: XLSX files written by openpyxl (tests/fixtures/sheets,
//! remade by make-sheets.py) and CSV, each row a letter, errors by sheet, row and column.

mod common;

use common::*;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    project_dir().join("tests/fixtures/sheets").join(name)
}

fn render_md(args: &[&str]) -> (Run, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend(["--to", "md", "-o", out.path().to_str().unwrap()]);
    (gongwen(&all), out)
}

fn letter(out: &tempfile::TempDir, number: &str) -> String {
    let file = files_in(out.path())
        .into_iter()
        .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(number))
        .unwrap_or_else(|| panic!("no letter {number}"));
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn an_xlsx_of_proposals_renders_one_letter_a_row() {
    let xlsx = fixture("replies.xlsx");
    let (run, out) = render_md(&[xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The merged title row above the header and the empty rows below the data are skipped:
    // three letters, and the batch's index.
    let letters = files_with_extension(out.path(), "md");
    assert_eq!(letters.len(), 3, "{}", run.stdout);
    let index = std::fs::read_to_string(out.path().join("index.csv")).unwrap();
    assert_eq!(index.lines().count(), 4, "{index}");
    assert!(
        index.contains("1047,李晓东、陈海燕,关于加快科技成果转移转化的建议,B,"),
        "{index}"
    );
    let first = letter(&out, "0982");
    // The 文头 sheet's meta; an Excel date; list cells split on 、; the reply's ## sections.
    assert!(
        first.contains("title: 关于市政协五届五次会议第0982号提案的复函"),
        "{first}"
    );
    assert!(first.contains("date: 2022-07-12"), "{first}");
    assert!(
        first.contains("cc: [市政协提案委员会, 市政府督查办]"),
        "{first}"
    );
    assert!(
        first.contains("经我局与市教委、市财政局协商研究"),
        "{first}"
    );
    assert!(first.contains("# 一、关于强化核心技术攻关"), "{first}");
    assert!(first.contains("# 二、关于完善科技成果转化制度"), "{first}");
    assert!(
        first.contains("此复函已经市科技局党委副书记雷虹审签。"),
        "{first}"
    );
    // Dates typed as text in two forms; two proposers split on ，; text before the first
    // section is the 开头.
    let second = letter(&out, "1047");
    assert!(second.contains("date: 2022-07-20"), "{second}");
    assert!(second.contains("addressee: 李晓东、陈海燕委员"), "{second}");
    assert!(
        second.contains("\n您提出的建议对我市科技成果转化工作很有启发。\n"),
        "{second}"
    );
    assert!(letter(&out, "1103").contains("date: 2022-07-25"));
}

#[test]
fn check_lists_a_sheets_unknown_column_by_sheet_row_and_column() {
    let xlsx = fixture("replies.xlsx");
    let run = gongwen(&["check", xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("replies.xlsx:2:8: proposals[0].承办处室")
            && all.contains("(sheet 提案办理情况, row 2, column 承办处室)"),
        "{all}"
    );
}

#[test]
fn broken_rows_are_named_by_row_and_column_and_the_good_ones_still_render() {
    let xlsx = fixture("broken-rows.xlsx");
    let (run, out) = render_md(&[xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken-rows.xlsx:3:4: proposals[1].result: `D` is not a result class (sheet 提案办理情况, row 3, column 办理结果)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("(sheet 提案办理情况, row 4, column 成文日期)")
            && run.stderr.contains("2022年2月 has 28 days"),
        "{}",
        run.stderr
    );
    let written: Vec<String> = files_with_extension(out.path(), "md")
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["0982-关于完善我市科技创新协同机制的建议.md"]);
    // The index lists the bad rows with their mistakes, so the office can follow them up.
    let index = std::fs::read_to_string(out.path().join("index.csv")).unwrap();
    let rows: Vec<&str> = index.lines().collect();
    assert_eq!(rows.len(), 4, "{index}");
    assert!(rows[1].contains(",已生成,"), "{index}");
    assert!(
        rows[2].starts_with("1047,李晓东,") && rows[2].contains("`D` is not a result class"),
        "{index}"
    );
    assert!(
        rows[3].starts_with("1103,民盟市委,") && rows[3].contains("row 4, column 成文日期"),
        "{index}"
    );
}

#[test]
fn a_sheet_without_its_meta_is_refused_with_the_two_ways_to_give_it() {
    let xlsx = fixture("no-meta.xlsx");
    let (run, out) = render_md(&[xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no-meta.xlsx: the sheet has no 文头"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--meta"), "{}", run.stderr);
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn a_csv_takes_its_meta_from_a_yaml_file_whose_mistakes_name_that_file() {
    let csv = fixture("replies.csv");
    let meta = fixture("meta.yaml");
    let (run, out) = render_md(&[csv.to_str().unwrap(), "--meta", meta.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = letter(&out, "0982");
    assert!(
        text.contains("date: 2022-07-12") && text.contains("# 一、关于强化核心技术攻关"),
        "{text}"
    );
    // A mistake in the meta file is reported in that file, at its line.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("meta.yaml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&meta)
            .unwrap()
            .replace("  org:", "  orgg:"),
    )
    .unwrap();
    let (run, _out) = render_md(&[csv.to_str().unwrap(), "--meta", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{}:2:", bad.display())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `org`"), "{}", run.stderr);
}

#[test]
fn zip_packs_the_letters_and_the_index_into_one_archive() {
    let xlsx = fixture("replies.xlsx");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("答复函");
    let run = gongwen(&[
        "render",
        xlsx.to_str().unwrap(),
        "--to",
        "md,docx",
        "-o",
        out.to_str().unwrap(),
        "--zip",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let archive = std::fs::read(out.join("答复函.zip")).unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(&archive)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    // Three letters in two formats, and the index in two.
    assert_eq!(names.len(), 8, "{names:?}");
    for name in ["index.xlsx", "0982-关于完善我市科技创新协同机制的建议.docx"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    // The same run gives the same archive.
    let again = dir.path().join("again");
    let run = gongwen(&[
        "render",
        xlsx.to_str().unwrap(),
        "--to",
        "md,docx",
        "-o",
        again.to_str().unwrap(),
        "--zip",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(again.join("again.zip")).unwrap(), archive);
}

#[test]
fn a_large_batch_draws_no_progress_bar_into_a_pipe() {
    // 24 letters (above the bar's threshold of 20): stderr is a pipe here, so it holds the
    // summary and nothing of a bar.
    let text = std::fs::read_to_string(project_dir().join("data/proposal-replies.yaml")).unwrap();
    let (head, body) = text.split_once("proposals:\n").unwrap();
    let letter = body.split("\n  - number:").next().unwrap().to_string();
    let mut batch = format!("{head}proposals:\n");
    for n in 0..24 {
        batch.push_str(&letter.replacen("\"0982\"", &format!("\"{:04}\"", n + 1), 1));
        batch.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.yaml");
    std::fs::write(&input, batch).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_with_extension(&out, "md").len(), 24);
    assert!(
        !run.stderr.contains('█') && !run.stderr.contains("份  "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}
