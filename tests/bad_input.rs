//! One test per class of bad input: exit code, a message naming file, line and field, and no file written.

mod common;
use common::*;
use std::path::Path;

const GOOD_SUMMARY: &str = "kind: work-summary
meta:
  org: 阳江市科学技术局
  date: 2019-06-27
  period: 上半年
indicators:
  - name: 高新技术企业
    value: 71
    unit: 家
achievements:
  - title: 政策体系持续完善
    text: 出台政策。
";

/// Render `text` as `name`; return the run and whether the output folder got any file.
fn render_text(name: &str, text: &[u8]) -> (Run, usize, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    let written = if out.exists() {
        documents_in(&out).len()
    } else {
        0
    };
    (run, written, dir)
}

/// The documents in `out`: every file but a reply batch's index.csv and index.xlsx.
fn documents_in(out: &std::path::Path) -> Vec<std::path::PathBuf> {
    files_in(out)
        .into_iter()
        .filter(|f| f.file_stem().is_none_or(|s| s != "index"))
        .collect()
}

fn assert_data_error(run: &Run, written: usize, needles: &[&str]) {
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    assert_eq!(
        written, 0,
        "no file may be written; stderr:\n{}",
        run.stderr
    );
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "missing `{needle}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn the_good_file_renders() {
    let (run, written, _dir) = render_text("good.yaml", GOOD_SUMMARY.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
}

#[test]
fn misspelt_key_gets_did_you_mean() {
    let text = GOOD_SUMMARY.replace("indicators:", "indicatros:");
    let (run, written, _d) = render_text("typo.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &["typo.yaml:6:1", "indicatros", "did you mean `indicators`"],
    );
}

#[test]
fn misspelt_chinese_alias_gets_did_you_mean() {
    let text = GOOD_SUMMARY.replace("    unit: 家", "    单未: 家");
    let (run, written, _d) = render_text("alias.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &["alias.yaml:9:5", "indicators[0].单未", "单位"],
    );
}

#[test]
fn unknown_kind_gets_did_you_mean() {
    let text = GOOD_SUMMARY.replace("kind: work-summary", "kind: work-sumary");
    let (run, written, _d) = render_text("kind.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "kind.yaml:1:7",
            "unknown kind `work-sumary`",
            "did you mean `work-summary`",
        ],
    );
}

#[test]
fn wrong_type_names_the_field() {
    let text = GOOD_SUMMARY.replace("value: 71", "value: 71家");
    let (run, written, _d) = render_text("type.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "type.yaml:8:12",
            "indicators[0].value",
            "expected a number",
            "unit: 家",
        ],
    );
}

#[test]
fn missing_required_field() {
    let text = GOOD_SUMMARY.replace("  org: 阳江市科学技术局\n", "");
    let (run, written, _d) = render_text("missing.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "missing.yaml:3:3",
            "meta.org",
            "missing the issuing organisation",
        ],
    );
}

#[test]
fn impossible_date_is_rejected() {
    let text = GOOD_SUMMARY.replace("2019-06-27", "2022-02-30");
    let (run, written, _d) = render_text("date.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &["date.yaml:4:9", "meta.date", "2022-02-30", "28 days"],
    );
}

#[test]
fn score_out_of_range_is_rejected() {
    let text = "kind: self-inspection\nmeta: {org: 局, date: 2024-06-30}\nitems:\n  - title: 甲\n    max_score: 10\n    score: 12\n  - title: 乙\n    max_score: 10\n    score: -1\n";
    let (run, written, _d) = render_text("score.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "score.yaml:6:12",
            "items[0].score",
            "above the full score 10",
            "score.yaml:9:12",
            "items[1].score",
            "cannot be negative",
        ],
    );
}

#[test]
fn duplicate_key_is_rejected() {
    let text = GOOD_SUMMARY.replace("  period: 上半年\n", "  period: 上半年\n  org: 另一个局\n");
    let (run, written, _d) = render_text("dup.yaml", text.as_bytes());
    assert_data_error(&run, written, &["dup.yaml:6:3", "duplicate"]);
}

#[test]
fn key_and_alias_together_are_rejected() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  发文机关: 另一个局\n",
    );
    let (run, written, _d) = render_text("both.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "both.yaml:6:3",
            "meta.org",
            "`发文机关` gives the same field as `org` on line 3",
        ],
    );
}

#[test]
fn bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD_SUMMARY.as_bytes());
    let (run, written, _d) = render_text("bom.yaml", &bytes);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
}

#[test]
fn gbk_file_is_decoded_with_a_note() {
    let (bytes, _, _) = encoding_rs::GBK.encode(GOOD_SUMMARY);
    let (run, written, _d) = render_text("gbk.yaml", &bytes);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    assert!(
        run.stderr.contains("warning: ")
            && run.stderr.contains("gbk.yaml")
            && run.stderr.contains("GBK/GB18030"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("iconv -f GB18030 -t UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn binary_file_is_rejected() {
    let (run, written, _d) =
        render_text("word.yaml", b"PK\x03\x04\x14\x00\x06\x00\xff\xfe\x80\x81");
    assert_data_error(&run, written, &["word.yaml", "not UTF-8 text"]);
}

#[test]
fn anchor_bomb_is_refused_at_once() {
    let mut text = String::from("kind: work-summary\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text += &format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        );
    }
    let start = std::time::Instant::now();
    let (run, written, _d) = render_text("bomb.yaml", text.as_bytes());
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert_data_error(&run, written, &["bomb.yaml:", "not valid YAML", "anchors"]);
}

#[test]
fn deep_nesting_is_refused_at_once() {
    let text = format!(
        "kind: work-summary\nmeta: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let start = std::time::Instant::now();
    let (run, written, _d) = render_text("deep.yaml", text.as_bytes());
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert_data_error(&run, written, &["deep.yaml:2:", "not valid YAML", "nested"]);
}

#[test]
fn broken_yaml_points_at_the_line() {
    let text = GOOD_SUMMARY.replace("    unit: 家", "   unit: 家");
    let (run, written, _d) = render_text("broken.yaml", text.as_bytes());
    assert_data_error(&run, written, &["broken.yaml:9:", "not valid YAML"]);
}

#[test]
fn one_bad_proposal_does_not_stop_the_batch() {
    let text = std::fs::read_to_string("data/proposal-replies.yaml")
        .unwrap()
        .replace("    date: 2022-07-20", "    date: 2022-07-32");
    let (run, written, _d) = render_text("batch.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("proposals[1].date") && run.stderr.contains("2022-07-32"),
        "{}",
        run.stderr
    );
    assert_eq!(written, 1, "the good letter is still written");
    assert!(run.stdout.contains("0982-"), "{}", run.stdout);
    // The index lists both: the letter written, the other with its mistake.
    let index = std::fs::read_to_string(_d.path().join("out/index.csv")).unwrap();
    let rows: Vec<&str> = index.lines().collect();
    assert_eq!(rows.len(), 3, "{index}");
    assert!(
        rows[1].starts_with("0982,王济光,") && rows[1].contains(",已生成,"),
        "{index}"
    );
    assert!(
        rows[2].starts_with("1047,") && rows[2].contains("2022-07-32"),
        "{index}"
    );
    assert!(_d.path().join("out/index.xlsx").exists());
}

#[test]
fn proposal_names_stay_inside_the_output_folder() {
    let text = std::fs::read_to_string("data/proposal-replies.yaml")
        .unwrap()
        .replace(
            "title: 关于完善我市科技创新协同机制的建议",
            "title: ../../CON",
        );
    let (run, written, dir) = render_text("names.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 2);
    let names: Vec<String> = documents_in(&dir.path().join("out"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("0982-") && !n.contains('/') && !n.contains("..")),
        "{names:?}"
    );
    assert_eq!(
        files_in(dir.path()).len(),
        1,
        "nothing written beside the input"
    );
}

#[test]
fn markdown_specials_in_data_come_out_literally() {
    let text = GOOD_SUMMARY.replace(
        "text: 出台政策。",
        "text: \"5*3=15，<script>x</script>，`a`\\n\\n# 不是标题\\n\\n1. 不是列表\"",
    );
    let (run, written, dir) = render_text("special.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    let md = std::fs::read_to_string(dir.path().join("out/special.md")).unwrap();
    // Parse the Markdown back and compare the document text.
    let doc = gongwen::document::parse_document(Path::new("special.md"), &md).unwrap();
    let text: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            gongwen::document::Block::Paragraph { content, .. } => {
                Some(gongwen::document::model::plain_text(content))
            }
            _ => None,
        })
        .collect();
    assert!(
        text.iter().any(|t| t == "5*3=15，<script>x</script>，`a`"),
        "{text:?}\n{md}"
    );
    assert!(text.iter().any(|t| t == "# 不是标题"), "{text:?}");
    assert!(
        text.iter().any(|t| t.starts_with("1. 不是列表")),
        "{text:?}"
    );
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b, gongwen::document::Block::List { .. }))
    );
}

/// Render the good summary with `--template` set to a file `name` holding `template`;
/// the run must fail with exit 1 and write nothing. Returns its stderr.
fn render_with_failing_template(name: &str, template: &str) -> String {
    let (_dir, template) = data_file(name, template);
    let (_d2, input) = data_file("good.yaml", GOOD_SUMMARY);
    let out = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(files_in(out.path()).len(), 0);
    run.stderr
}

#[test]
fn template_syntax_error_names_template_line() {
    let stderr = render_with_failing_template(
        "bad.md.tera",
        "---\ntitle: t\n---\n\n{{ meta.org | no_such_filter }}\n",
    );
    assert!(stderr.contains("bad.md.tera:5:"), "{stderr}");
    assert!(stderr.contains("no_such_filter"), "{stderr}");
}

#[test]
fn template_undefined_variable_is_reported() {
    let stderr =
        render_with_failing_template("undef.md.tera", "---\ntitle: t\n---\n\n{{ meta.orgg }}\n");
    assert!(stderr.contains("undef.md.tera:5:"), "{stderr}");
    assert!(stderr.contains("orgg"), "{stderr}");
    // The error names the template's line, and the input whose document it stopped.
    assert!(stderr.contains(": making "), "{stderr}");
    assert!(stderr.contains("good.yaml: "), "{stderr}");
}

#[test]
fn a_template_that_fails_for_one_letter_names_the_letter_and_the_others_are_written() {
    let (_dir, template) = data_file(
        "reply.md.tera",
        "---\ntitle: 答复\n---\n\n{% if proposal.number == \"0982\" %}{{ nosuchvar }}{% endif %}正文。\n",
    );
    let input = project_dir().join("data/proposal-replies.yaml");
    let out = tempfile::tempdir().unwrap();
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("reply.md.tera:5:")
            && run.stderr.contains("the letter to proposal 0982 of ")
            && run.stderr.contains("proposal-replies.yaml: template error"),
        "{}",
        run.stderr
    );
    let written: Vec<String> = files_in(out.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with("1047"), "{written:?}");
}

#[test]
fn user_template_folder_adds_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("briefing.md.tera"), "---\ntitle: {{ meta.title | yaml }}\nsignature: {{ meta.org | yaml }}\n---\n\n{{ extra.summary }}\n").unwrap();
    let input = dir.path().join("b.yaml");
    std::fs::write(
        &input,
        "kind: briefing\nmeta: {org: 局, title: 情况简报, date: 2024-01-02}\nsummary: 本周无事。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let templates = dir.path().to_str().unwrap();
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--templates",
        templates,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(out.join("b.md"))
            .unwrap()
            .contains("本周无事。")
    );
    let kinds = gongwen(&["kinds", "--templates", templates]);
    assert!(kinds.stdout.contains("briefing"), "{}", kinds.stdout);
}

#[test]
fn check_warns_about_placeholders_and_writes_nothing() {
    let text = GOOD_SUMMARY.replace(
        "text: 出台政策。",
        "text: xxxx年新增*个平台，某某同志负责。",
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("draft.yaml");
    std::fs::write(&input, &text).unwrap();
    let run = gongwen(&["check", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    for needle in ["draft.yaml:12:11", "xxxx年", "*个", "某某"] {
        assert!(
            run.stderr.contains(needle),
            "missing `{needle}`: {}",
            run.stderr
        );
    }
    assert_eq!(files_in(dir.path()).len(), 1, "check writes nothing");
    assert!(!project_dir().join("output/draft.md").exists());
}

#[test]
fn check_reports_errors_with_exit_1() {
    let (_d, input) = data_file(
        "bad.yaml",
        &GOOD_SUMMARY.replace("2019-06-27", "2019-13-01"),
    );
    let run = gongwen(&["check", input.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("bad.yaml:4:9") && run.stderr.contains("there is no month 13"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gongwen(&["render"]).code, 2);
    assert_eq!(gongwen(&["render", "data", "--to", "odt"]).code, 2);
    assert_eq!(gongwen(&["render", "no/such/file.yaml"]).code, 2);
    assert_eq!(gongwen(&["frobnicate"]).code, 2);
    let run = gongwen(&["new", "work-sumary"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `work-summary`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_printing_date_without_its_printer_is_an_error_with_line_and_field() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  printed_on: 2019-06-28\n",
    );
    let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("summary.yaml:6:"), "{}", run.stderr);
    assert!(run.stderr.contains("meta.printed_on"), "{}", run.stderr);
    assert!(
        run.stderr.contains("printed_by"),
        "the hint names the fix: {}",
        run.stderr
    );
    assert_eq!(written, 0);
}

#[test]
fn the_printer_and_date_reach_the_front_matter_with_the_date_as_default() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  印发机关: 阳江市科学技术局办公室\n",
    );
    let (run, written, dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(md.contains("printed_by: 阳江市科学技术局办公室"), "{md}");
    assert!(md.contains("printed_on: 2019-06-27"), "{md}");
}

#[test]
fn a_letters_printer_is_left_out_with_a_warning() {
    let text = std::fs::read_to_string(project_dir().join("data/proposal-replies.yaml"))
        .unwrap()
        .replace(
            "  signer: 雷虹\n",
            "  signer: 雷虹\n  printed_by: 市科技局办公室\n",
        );
    let (run, written, dir) = render_text("replies.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("meta.printed_by"), "{}", run.stderr);
    assert!(run.stderr.contains("§10.2"), "{}", run.stderr);
    assert_eq!(written, 2);
    for file in documents_in(&dir.path().join("out")) {
        let md = std::fs::read_to_string(file).unwrap();
        assert!(!md.contains("printed_by"), "{md}");
    }
}

#[test]
fn letterhead_fields_reach_the_front_matter_in_their_printed_form() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  份号: 123\n  密级: 秘密\n  保密期限: 1年\n  紧急程度: 加急\n  行文方向: 下行文\n  版头: 预印\n  签发人: [雷虹, 张明]\n",
    );
    let (run, written, dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    for line in [
        "org_mark: [阳江市科学技术局文件]",
        "copy_number: \"000123\"",
        "secrecy: 秘密",
        "secrecy_term: \"1年\"",
        "urgency: 加急",
        "direction: 下行",
        "letterhead: preprinted",
        "signer: [雷虹, 张明]",
    ] {
        assert!(md.contains(line), "{line} in {md}");
    }
}

#[test]
fn a_misspelt_secrecy_level_is_an_error_with_a_suggestion() {
    let text = GOOD_SUMMARY.replace("  period: 上半年\n", "  period: 上半年\n  密级: 秘蜜\n");
    let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("summary.yaml:6:"), "{}", run.stderr);
    assert!(run.stderr.contains("meta.secrecy"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `秘密`"), "{}", run.stderr);
    assert_eq!(written, 0);
}

#[test]
fn a_copy_number_of_seven_digits_or_a_term_without_a_level_is_an_error() {
    for (line, field) in [
        ("  copy_number: '1234567'\n", "meta.copy_number"),
        ("  secrecy_term: 1年\n", "meta.secrecy_term"),
        ("  direction: sideways\n", "meta.direction"),
    ] {
        let text = GOOD_SUMMARY.replace("  period: 上半年\n", &format!("  period: 上半年\n{line}"));
        let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
        assert_eq!(run.code, 1, "{line}: {}", run.stderr);
        assert!(run.stderr.contains("summary.yaml:6:"), "{}", run.stderr);
        assert!(run.stderr.contains(field), "{}", run.stderr);
        assert_eq!(written, 0);
    }
}

#[test]
fn an_upward_document_with_a_number_and_no_signer_gets_a_warning_from_check() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  doc_number: 阳科〔2019〕12号\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.yaml");
    std::fs::write(&file, &text).unwrap();
    let run = gongwen(&["check", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "a warning, not an error: {}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("summary.yaml:6:"), "{all}");
    assert!(
        all.contains("meta.signer") && all.contains("§7.2.4"),
        "{all}"
    );
    // Going down, or with its 签发人, it is fine.
    for fix in ["  direction: 下行\n", "  signer: 雷虹\n"] {
        std::fs::write(
            &file,
            text.replace("  period: 上半年\n", &format!("  period: 上半年\n{fix}")),
        )
        .unwrap();
        let run = gongwen(&["check", file.to_str().unwrap()]);
        assert!(
            !format!("{}{}", run.stdout, run.stderr).contains("§7.2.4"),
            "{fix}"
        );
    }
}

#[test]
fn an_attachment_row_wider_than_its_header_is_an_error_with_its_line() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  attachments:\n    - title: 项目清单\n      table:\n        header: [序号, 项目]\n        rows:\n          - [1, 甲项目]\n          - [2, 乙项目, 多出]\n",
    );
    let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("summary.yaml:12:13:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("meta.attachments[0].table.rows[1]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 cells, the header 2 columns"),
        "{}",
        run.stderr
    );
    assert_eq!(written, 0);
}

#[test]
fn attachments_with_content_get_pages_and_names_only_do_not() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  附件:\n    - 项目汇总表\n    - {标题: 有关情况说明, 内容: 情况说明的正文。}\n",
    );
    let (run, written, dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(
        md.contains("attachments: [项目汇总表, 有关情况说明]"),
        "{md}"
    );
    assert!(md.contains("::: 附件2\n\n情况说明的正文。"), "{md}");
    assert!(!md.contains("::: 附件1"), "{md}");
}

#[test]
fn a_receipt_for_the_batch_can_be_turned_off_for_one_letter() {
    let text = std::fs::read_to_string(project_dir().join("data/proposal-replies.yaml"))
        .unwrap()
        .replace("proposals:\n", "回执: 是\nproposals:\n")
        .replacen(
            "  - number: \"0982\"\n",
            "  - number: \"0982\"\n    receipt: false\n",
            1,
        );
    let (run, written, dir) = render_text("replies.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 2);
    let mut with_receipt = 0;
    for file in documents_in(&dir.path().join("out")) {
        let md = std::fs::read_to_string(&file).unwrap();
        let has = md.contains("::: 附件1\n") && md.contains("□满意　□基本满意　□不满意");
        assert_eq!(
            has,
            !file.to_string_lossy().contains("0982"),
            "{}",
            file.display()
        );
        with_receipt += usize::from(has);
    }
    assert_eq!(with_receipt, 1);
    let bad = text.replace("回执: 是\n", "回执: 也许\n");
    let (run, written, _dir) = render_text("replies.yaml", bad.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("receipt") && run.stderr.contains("true or false"),
        "{}",
        run.stderr
    );
    assert_eq!(written, 0);
}

#[test]
fn seal_modes_reach_the_front_matter_and_a_signature_seal_needs_a_signer() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  印章: 签名章\n  签发人: 雷虹\n  签发人职务: 局长\n",
    );
    let (run, _, dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(md.contains("seal: signature\nsigner_title: 局长\n"), "{md}");
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  seal: signature\n",
    );
    let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("summary.yaml:6:") && run.stderr.contains("meta.seal"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("signer"), "{}", run.stderr);
    assert_eq!(written, 0);
    let text = GOOD_SUMMARY.replace("  period: 上半年\n", "  period: 上半年\n  seal: stampd\n");
    let (run, _, _dir) = render_text("summary.yaml", text.as_bytes());
    assert!(
        run.stderr.contains("did you mean `stamped`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_or_broken_seal_image_is_an_error_naming_the_data_file() {
    for (setup, problem) in [
        (None, "cannot read"),
        (Some(b"not a png".as_slice()), "not a PNG"),
    ] {
        let text = GOOD_SUMMARY.replace(
            "  period: 上半年\n",
            "  period: 上半年\n  印章图片: 印章.png\n",
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("summary.yaml");
        std::fs::write(&file, &text).unwrap();
        if let Some(bytes) = setup {
            std::fs::write(dir.path().join("印章.png"), bytes).unwrap();
        }
        let out = dir.path().join("out");
        let run = gongwen(&[
            "render",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("summary.yaml"), "{}", run.stderr);
        assert!(
            run.stderr.contains("seal_image") && run.stderr.contains(problem),
            "{}",
            run.stderr
        );
        assert!(
            !out.exists() || files_in(&out).is_empty(),
            "nothing written"
        );
    }
}

#[test]
fn the_config_says_where_the_tables_go_and_a_data_file_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("style.yaml");
    std::fs::write(
        &config,
        "tables:\n  risk_table: body\n  indicator_table: attachment\n",
    )
    .unwrap();
    let risk = project_dir().join("data/risk-report.yaml");
    let summary = dir.path().join("summary.yaml");
    std::fs::write(&summary, GOOD_SUMMARY).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        risk.to_str().unwrap(),
        summary.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let risk_md = std::fs::read_to_string(out.join("risk-report.md")).unwrap();
    assert!(
        risk_md.contains("风险隐患台账如下。") && !risk_md.contains("::: 附件"),
        "{risk_md}"
    );
    let summary_md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary_md.contains("::: 附件1"), "{summary_md}");
    assert!(
        summary_md.contains("attachments: [\"2019年上半年主要指标完成情况表\"]"),
        "{summary_md}"
    );
    // The data file's own word wins over the config's.
    std::fs::write(&summary, format!("{GOOD_SUMMARY}\n指标表: 正文\n")).unwrap();
    let run = gongwen(&[
        "render",
        summary.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary_md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!summary_md.contains("::: 附件"), "{summary_md}");
}

#[test]
fn a_replys_own_attachments_are_listed_and_paged_before_its_receipt() {
    let text = std::fs::read_to_string(project_dir().join("data/npc-suggestions.yaml"))
        .unwrap()
        .replace(
            "  cc: [",
            "  attachments: [有关政策文件清单, {title: 有关政策说明, text: 政策说明的正文。}]\n  cc: [",
        );
    let (run, written, dir) = render_text("replies.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 3);
    for file in documents_in(&dir.path().join("out")) {
        let md = std::fs::read_to_string(&file).unwrap();
        assert!(
            md.contains("attachments: [有关政策文件清单, 有关政策说明, 建议办理情况征询意见表]"),
            "{md}"
        );
        assert!(md.contains("::: 附件2\n\n政策说明的正文。"), "{md}");
        assert!(md.contains("::: 附件3\n"), "{md}");
    }
}

#[test]
fn an_attachment_fence_typed_in_data_is_text_not_a_block() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  attachments:\n    - {title: 说明, text: \"第一段。\\n:::\\n第二段。\\n::: 附件九\"}\n",
    );
    let (run, written, dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(written, 1);
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(
        md.contains("第一段。\n\\:::\n第二段。\n\\::: 附件九"),
        "{md}"
    );
}

#[test]
fn markdown_a_template_makes_wrongly_is_reported_against_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("mine.md.tera");
    std::fs::write(
        &template,
        "---\ntitle: {{ meta.org | yaml }}\nattachments: [甲]\n---\n\n正文。\n\n::: 附件3\n\n文。\n",
    )
    .unwrap();
    let data = dir.path().join("summary.yaml");
    std::fs::write(&data, GOOD_SUMMARY).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        data.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("summary.yaml"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("output/"),
        "names no file that was never written: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 8 of its Markdown"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_markdown_of_a_sealed_document_renders_again_from_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let data = project_dir().join("data/annual-summary-2024.yaml");
    let run = gongwen(&[
        "render",
        data.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(out.join("seal.png")).unwrap(),
        std::fs::read(project_dir().join("data/seal.png")).unwrap()
    );
    let again = dir.path().join("again");
    let md = out.join("annual-summary-2024.md");
    let run = gongwen(&[
        "render",
        md.to_str().unwrap(),
        "--to",
        "docx",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_empty_name_in_the_org_mark_is_an_error_with_its_line() {
    let text = GOOD_SUMMARY.replace(
        "  period: 上半年\n",
        "  period: 上半年\n  org_mark: ['', 阳江市财政局]\n",
    );
    let (run, written, _dir) = render_text("summary.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("summary.yaml:6:") && run.stderr.contains("meta.org_mark"),
        "{}",
        run.stderr
    );
    assert_eq!(written, 0);
}

#[test]
fn a_batch_gives_the_same_letters_streamed_from_disk_or_decoded_whole_whatever_its_key_order() {
    // Read as it is parsed (UTF-8, `kind:` first: the proposals go to a temporary file), with
    // `kind:` after the proposals (they stay in the tree), and decoded whole (GBK).
    let text = std::fs::read_to_string("data/proposal-replies.yaml").unwrap();
    let kind_line = "kind: proposal-reply\n";
    assert!(text.contains(kind_line));
    let kind_last = text.replacen(kind_line, "", 1) + "\n" + kind_line;
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let runs = [
        render_text("batch.yaml", text.as_bytes()),
        render_text("batch.yaml", kind_last.as_bytes()),
        render_text("batch.yaml", &gbk),
    ];
    let letters = |out: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        documents_in(out)
            .into_iter()
            .map(|f| {
                (
                    f.strip_prefix(out).unwrap().to_path_buf(),
                    std::fs::read(&f).unwrap(),
                )
            })
            .collect()
    };
    let first = letters(&runs[0].2.path().join("out"));
    assert_eq!(first.len(), 2, "{}", runs[0].0.stderr);
    for (run, written, dir) in &runs {
        assert_eq!(*written, 2, "{}", run.stderr);
        assert_eq!(letters(&dir.path().join("out")), first);
    }
    assert_eq!(runs[0].0.code, 0, "{}", runs[0].0.stderr);
    assert_eq!(runs[1].0.code, 0, "{}", runs[1].0.stderr);
}

#[test]
fn a_repeated_number_points_at_its_own_entry_after_a_rejected_one() {
    // Entry 1 is rejected; entry 2 repeats entry 0's number: the error names entry 2's line.
    let text = "kind: proposal-reply
meta: {org: 某局, session: 市政协五届五次会议, date: 2022-07-12}
proposals:
  - {number: '0001', proposer: 王某, title: 甲, result: A, sections: [{heading: 关于甲, text: 正文。}]}
  - {number: '0002', proposer: 李某, title: 乙, result: D, sections: [{heading: 关于乙, text: 正文。}]}
  - {number: '0001', proposer: 张某, title: 丙, result: A, sections: [{heading: 关于丙, text: 正文。}]}
";
    let (run, written, d) = render_text("dup.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "dup.yaml:6:5: proposals[2].number: proposal number 0001 appears twice (also proposals[0]); this letter is not made"
        ),
        "{}",
        run.stderr
    );
    // One behaviour for a repeated number: the first entry's letter is written, the later one
    // is not (it was written as 0001-丙.md, under another proposal's number), and the index
    // lists it with the error.
    assert_eq!(written, 1, "{}", run.stdout);
    assert!(d.path().join("out/0001-甲.md").exists());
    let index = std::fs::read_to_string(d.path().join("out/index.csv")).unwrap();
    let row = index
        .lines()
        .find(|l| l.contains(",丙,"))
        .expect("the repeated one is listed");
    assert!(row.contains("appears twice"), "{index}");
}

#[test]
fn numbers_that_would_not_print_as_written_are_errors_with_their_field() {
    // Each once printed garbage with exit 0: 增长inf%, a rounded 30-digit number, and
    // 完成目标的300.0%，超额200.0% for -3 against a target of -1.
    let text = "kind: work-summary
meta: {org: 某局, title: 工作总结, date: 2024-06-30}
indicators:
  - {name: 高新技术企业, value: 1e308, previous: 1e-300, unit: 家}
  - {name: 研发投入, value: 123456789012345678901234567890, unit: 元}
  - {name: 事故, value: -3, target: -1, unit: 起}
  - {name: 精度, value: 1.23456789, unit: 项}
  - {name: 正常, value: 999999999999999, previous: 999999999999998, target: 999999999999999, unit: 元}
achievements:
  - {title: 政策体系持续完善, text: 出台政策。}
";
    let (run, written, _d) = render_text("numbers.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "numbers.yaml:4:27: indicators[0].value: the number 1e308 is too large to print exactly",
            "numbers.yaml:4:44: indicators[0].previous: the number 1e-300 has more than 6 decimal places",
            "numbers.yaml:5:25: indicators[1].value: the number 1.2345678901234568e29 is too large to print exactly",
            "numbers.yaml:6:35: indicators[2].target: indicator `事故`: a target below zero (-1) gives no true completion rate",
            "numbers.yaml:7:23: indicators[3].value: the number 1.23456789 has more than 6 decimal places",
            "hint: gongwen takes numbers below 1000000000000000 (10^15)",
        ],
    );
    assert_eq!(run.stderr.matches("error:").count(), 5, "{}", run.stderr);
    // `check` agrees.
    let input = _d.path().join("numbers.yaml");
    let check = gongwen(&["check", input.to_str().unwrap()]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stderr.matches("error:").count(),
        5,
        "{}",
        check.stderr
    );
    // The largest number taken, and the smallest step, print exactly.
    let fine = text
        .lines()
        .filter(|l| {
            !["高新技术企业", "研发投入", "事故", "精度"]
                .iter()
                .any(|n| l.contains(n))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (run, written, dir) = render_text("numbers.yaml", fine.as_bytes());
    assert_eq!((run.code, written), (0, 1), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out/numbers.md")).unwrap();
    assert!(md.contains("999999999999999元"), "{md}");
}

#[test]
fn a_utf8_file_with_one_line_in_gbk_is_an_error_naming_that_line() {
    // It was decoded whole as GB18030: every Chinese field garbled, exit 0.
    let text = std::fs::read_to_string("data/proposal-replies.yaml").unwrap();
    let mut bytes = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if n + 1 == 16 {
            assert!(line.contains("title: "), "line 16 is a title: {line}");
            let (gbk, _, _) = encoding_rs::GBK.encode(line);
            bytes.extend_from_slice(&gbk);
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.push(b'\n');
    }
    let (run, written, _d) = render_text("mixed.yaml", &bytes);
    assert_data_error(
        &run,
        written,
        &[
            "mixed.yaml:16:12: the file is UTF-8 text except on line 16 (bytes in another encoding, such as a line pasted from a GBK file)",
            "hint: retype the text of those lines",
        ],
    );
    // A file wholly in GBK is still read, with its warning.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (run, written, _d) = render_text("gbk.yaml", &gbk);
    assert_eq!((run.code, written), (0, 2), "{}", run.stderr);
    assert!(run.stderr.contains("GBK/GB18030"), "{}", run.stderr);
}

#[test]
fn a_control_character_in_a_field_is_an_error_at_the_field_in_the_data_file() {
    // A NUL once surfaced as an error about the Markdown made from the file, with no line.
    let text = "kind: work-summary
meta: {org: 某局, title: \"工作\\0总结\", date: 2024-06-30}
achievements:
  - {title: 政策体系持续完善, text: \"出台\\u0001政策。\"}
extra: {备注: \"a\\u0007b\"}
closing: \"\\uFFFF\"
";
    let (run, written, _d) = render_text("nul.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "nul.yaml:2:24: meta.title: the text holds the control character U+0000, which no document can show",
            "nul.yaml:4:29: achievements[0].text: the text holds the control character U+0001",
            "nul.yaml:5:13: extra.备注: the text holds the control character U+0007",
            "nul.yaml:6:10: closing: the text holds the noncharacter U+FFFF",
            "hint: delete it",
        ],
    );
    assert!(!run.stderr.contains("Markdown"), "{}", run.stderr);
}

#[test]
fn a_batch_renders_with_no_usable_temporary_folder() {
    // The batch's entries go to a temporary file beside the input, else in TMPDIR, else stay
    // in memory; index.xlsx's rows go through the output folder. A missing TMPDIR once stopped
    // every batch with "not valid YAML: cannot keep the batch's entries …".
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.yaml");
    std::fs::copy("data/proposal-replies.yaml", &input).unwrap();
    let out = dir.path().join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "render",
            input.to_str().unwrap(),
            "--to",
            "md",
            "-o",
            out.to_str().unwrap(),
        ])
        .env("TMPDIR", dir.path().join("no-such-folder"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert_eq!(documents_in(&out).len(), 2, "{stderr}");
    assert!(out.join("index.xlsx").exists() && out.join("index.csv").exists());
    // Nothing is left beside the input: the temporary file had no name.
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
}

#[test]
fn a_config_value_far_outside_a_real_page_is_an_error_at_its_line() {
    // A million blank lines before the 署名 once made a 45,000-page PDF.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("style.yaml");
    std::fs::write(&config, "signature:\n  blank_lines_before: 1000000\n").unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        "data/annual-summary-2024.yaml",
        "--config",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "style.yaml:2:3: signature.blank_lines_before: signature.blank_lines_before is 1000000: use a value between 0 and 10"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    std::fs::write(&config, "grid:\n  lines: 4000000000\n").unwrap();
    let run = gongwen(&[
        "render",
        "data/annual-summary-2024.yaml",
        "--config",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.stderr
            .contains("grid.lines is 4000000000: use a value between 1 and 60"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_of_several_yaml_documents_is_told_about_its_dashes() {
    let (run, written, _d) = render_text("multi.yaml", b"kind: work-summary\n---\nmeta: {}\n");
    assert_data_error(
        &run,
        written,
        &[
            "multi.yaml:3:1: not valid YAML: the file holds more than one YAML document (a `---` line starts another)",
            "hint: a data file is one document",
        ],
    );
}

#[test]
#[cfg(target_os = "linux")]
fn one_run_at_a_time_writes_into_a_folder_and_a_killed_runs_parts_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("sub")).unwrap();
    // What a run killed mid-write leaves: a hidden part file. One in a folder below may be
    // another run's (that folder its output folder), and stays.
    for part in [".gongwen-a1b2.part", "sub/.gongwen-c3d4.part"] {
        std::fs::write(out.join(part), b"half a file").unwrap();
    }
    std::fs::write(out.join("keep.txt"), b"the user's").unwrap();
    let render = || {
        gongwen(&[
            "render",
            "data/proposal-replies.yaml",
            "--to",
            "md",
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let run = render();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join(".gongwen-a1b2.part").exists());
    assert!(out.join("sub/.gongwen-c3d4.part").exists());
    assert!(out.join("keep.txt").exists());
    // While another run holds the folder, a second is refused and writes nothing.
    let lock = gongwen::output::FolderLock::take(&out).unwrap();
    for f in files_in(&out) {
        if f.extension().is_some_and(|e| e == "md") {
            std::fs::remove_file(f).unwrap();
        }
    }
    let run = render();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: another gongwen run is writing into {}: wait for it to finish, or give this run another folder with -o",
            out.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        !files_in(&out)
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "md"))
    );
    drop(lock);
    assert_eq!(render().code, 0);
}

#[test]
fn filter_arguments_out_of_range_are_errors_not_panics() {
    // percent(digits=65536) hit a formatting limit and panicked.
    for (template, needle) in [
        (
            "{{ 94.14 | percent(digits=65536) }}",
            "filter `percent`: digits=65536, but a figure prints with 0 to 6 decimals",
        ),
        (
            "{{ 2.5 | num(digits=-1) }}",
            "filter `num`: digits=-1, but a figure prints with 0 to 6 decimals",
        ),
        (
            "{{ 1000000000000000000000.0 | amount }}",
            "filter `amount`: the number 1e21 is too large to print exactly",
        ),
    ] {
        let stderr = render_with_failing_template("t.md.tera", template);
        assert!(stderr.contains(needle), "{template}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_template_that_makes_endless_text_is_stopped_with_an_error_naming_it() {
    // 10^10 repetitions of a line: stopped at 16 MB of output, not after gigabytes.
    let template = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}很长的一行文字{% endfor %}{% endfor %}";
    let stderr = render_with_failing_template("endless.md.tera", template);
    assert!(
        stderr.contains("endless.md.tera: making ")
            && stderr
                .contains("good.yaml: the template made more than 16 MB of text for one document"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: a loop repeats far more often"),
        "{stderr}"
    );
}

#[test]
fn a_growth_or_completion_too_large_to_print_is_an_error_at_its_base() {
    let text = "kind: work-summary
meta: {org: 某局, title: 工作总结, date: 2024-06-30}
indicators:
  - {name: 研发投入, value: 999999999999999, previous: 1, unit: 元}
  - {name: 企业, value: 999999999999999, target: 0.5, unit: 家}
achievements:
  - {title: 政策体系持续完善, text: 出台政策。}
";
    let (run, written, _d) = render_text("ratio.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "ratio.yaml:4:52: indicators[0].previous: indicator `研发投入`: its growth in percent is out of range: the number 9.99999999999998e16 is too large to print exactly",
            "ratio.yaml:5:48: indicators[1].target: indicator `企业`: its completion in percent is out of range",
            "hint: check `value` and `previous`: are they in the same unit?",
        ],
    );
}

/// A reply template of the user's: a minimal letter, with `loop` put before its text.
fn reply_template_with(dir: &std::path::Path, loop_part: &str) -> std::path::PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("proposal-reply.md.tera"),
        format!(
            "{loop_part}---\ntitle: {{{{ proposal.title }}}}\n---\n\n{{{{ proposal.title }}}}。\n"
        ),
    )
    .unwrap();
    templates
}

#[test]
fn a_template_that_never_ends_is_stopped_for_its_letter_and_the_others_are_written() {
    // Ten thousand million turns that write nothing, for one letter of two: before, the run
    // never ended.
    let dir = tempfile::tempdir().unwrap();
    let templates = reply_template_with(
        dir.path(),
        "{% if proposal.number == \"1047\" %}{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}{% endif %}",
    );
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let run = gongwen(&[
        "render",
        "data/proposal-replies.yaml",
        "--templates",
        templates.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("proposal-reply.md.tera: the letter to proposal 1047 of data/proposal-replies.yaml: the template ran for more than 10 s for one document and was stopped"),
        "{}",
        run.stderr
    );
    assert!(
        out.join("0982-关于完善我市科技创新协同机制的建议.md")
            .exists()
    );
    assert!(!out.join("1047-关于加快科技成果转移转化的建议.md").exists());
    // Not a timing assertion on the machine's speed: the budget is 10 s, the run has an end.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_template_that_grows_without_bound_is_stopped_with_an_error_naming_it() {
    // A text doubled forty times reached 12.7 GB before the system stopped the whole run.
    let dir = tempfile::tempdir().unwrap();
    let templates = reply_template_with(
        dir.path(),
        "{% set_global s = \"很长\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}",
    );
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        "data/proposal-replies.yaml",
        "--templates",
        templates.to_str().unwrap(),
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("proposal-reply.md.tera: the letter to proposal 0982 of data/proposal-replies.yaml: the template stopped the process that renders it: it needed more than 1 GB of memory"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: look for a text that grows in a loop"),
        "{}",
        run.stderr
    );
    assert_eq!(documents_in(&out).len(), 0);
}

#[test]
fn a_footnote_in_markdown_is_an_error_at_its_line_not_lost() {
    // Footnotes vanished from the DOCX and PDF, with exit 0.
    let (run, written, _d) = render_text(
        "note.md",
        "---\ntitle: 测试脚注\n---\n\n正文有一个脚注[^1]。\n\n[^1]: 这是脚注的内容。\n".as_bytes(),
    );
    assert_data_error(
        &run,
        written,
        &[
            "note.md:5:1: a footnote ([^1]): a 公文 has no footnotes, and it would be lost",
            "hint: write the note into the text",
        ],
    );
}

#[test]
fn a_nested_list_gives_its_items_and_no_empty_paragraphs() {
    // Each level of nesting added an empty paragraph: 14 levels pushed the 落款 to a page of
    // its own.
    let mut markdown = String::from("---\ntitle: 嵌套列表\n---\n\n正文。\n\n");
    for level in 0..14 {
        markdown += &format!("{}- 第{}层\n", "  ".repeat(level), level + 1);
    }
    markdown += "\n结尾段落。\n";
    let document =
        gongwen::document::parse_document(std::path::Path::new("nested.md"), &markdown).unwrap();
    let items: Vec<String> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            gongwen::document::Block::List { items, .. } => Some(items),
            _ => None,
        })
        .flatten()
        .map(|item| gongwen::document::model::plain_text(item))
        .collect();
    let expected: Vec<String> = (1..=14).map(|n| format!("第{n}层")).collect();
    assert_eq!(items, expected);
    // Nothing empty between them.
    assert!(document.blocks.iter().all(|b| match b {
        gongwen::document::Block::Paragraph { content, .. } => !content.is_empty(),
        gongwen::document::Block::List { items, .. } => items.iter().all(|i| !i.is_empty()),
        _ => true,
    }));
    // Numbered items keep the numbers their author gave them, around a nested list.
    let markdown = "---\ntitle: 编号\n---\n\n1. 第一项\n   - 子项甲\n\n   后续段落。\n2. 第二项\n   1. 子一\n3. 第三项\n";
    let document =
        gongwen::document::parse_document(std::path::Path::new("numbered.md"), markdown).unwrap();
    let numbered: Vec<(u64, String)> = document
        .blocks
        .iter()
        .flat_map(|b| match b {
            gongwen::document::Block::List {
                ordered: true,
                start,
                items,
            } => items
                .iter()
                .enumerate()
                .map(|(n, item)| (start + n as u64, gongwen::document::model::plain_text(item)))
                .collect(),
            gongwen::document::Block::List { items, .. } => items
                .iter()
                .map(|item| (0, gongwen::document::model::plain_text(item)))
                .collect(),
            gongwen::document::Block::Paragraph { content, .. } => {
                vec![(0, gongwen::document::model::plain_text(content))]
            }
            _ => Vec::new(),
        })
        .collect();
    let expected: Vec<(u64, String)> = [
        (1, "第一项"),
        (0, "子项甲"),
        (0, "后续段落。"),
        (2, "第二项"),
        (1, "子一"),
        (3, "第三项"),
    ]
    .iter()
    .map(|(n, t)| (*n, t.to_string()))
    .collect();
    assert_eq!(numbered, expected);
}

#[test]
fn a_table_too_wide_to_print_is_refused_by_name_and_nothing_overlaps() {
    // 20 columns split 1443 into 144/3; 50 columns drew glyphs over each other; both exit 0.
    let table = |columns: usize| {
        let head: Vec<String> = (0..columns).map(|c| format!("列{c}")).collect();
        format!(
            "---\ntitle: 宽表\n---\n\n正文。\n\n| {} |\n|{}\n| {} |\n",
            head.join(" | "),
            "---|".repeat(columns),
            vec!["1443"; columns].join(" | ")
        )
    };
    for (columns, why) in [
        (20, "the figure 1443 would be split across lines"),
        (
            50,
            "a column would be narrower than one character, and its text would overlap",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("wide.md");
        std::fs::write(&input, table(columns)).unwrap();
        let out = dir.path().join("out");
        let run = gongwen(&[
            "render",
            input.to_str().unwrap(),
            "--to",
            "docx,pdf",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let expected = format!(
            "the table headed 「列0 | 列1 | 列2 | …」 ({columns} columns) is too wide for the 156 mm text block: {why}"
        );
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
        assert!(!out.join("wide.pdf").exists() && !out.join("wide.docx").exists());
    }
    // Twelve columns of figures still fit, and are written.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fits.md");
    std::fs::write(&input, table(12)).unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        input.to_str().unwrap(),
        "--to",
        "docx,pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("fits.pdf").exists() && out.join("fits.docx").exists());
}

#[test]
fn check_refuses_a_table_that_render_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wide.md");
    let head: Vec<String> = (0..50).map(|c| format!("列{c}")).collect();
    let markdown = format!(
        "---\ntitle: 宽表\n---\n\n| {} |\n|{}\n| {} |\n",
        head.join(" | "),
        "---|".repeat(50),
        vec!["1"; 50].join(" | ")
    );
    std::fs::write(&input, markdown).unwrap();
    let run = gongwen(&["check", input.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "wide.md: wide: the table headed 「列0 | 列1 | 列2 | …」 (50 columns) is too wide"
        ),
        "{}",
        run.stderr
    );
}

#[test]
#[cfg(target_os = "linux")]
fn an_endless_input_is_refused_at_256_mb() {
    // Reading /dev/zero grew to 4 GB before failing.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = gongwen(&[
        "render",
        "/dev/zero",
        "--to",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: /dev/zero: the file is larger than 256 MB, more than gongwen reads"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_figure_of_more_than_15_digits_is_an_error_and_15_print_as_written() {
    // 123456789012.345678 printed as 123456789012.345673, and 99999999999999.9 as
    // 99999999999999.90625, with exit 0.
    let text = "kind: work-summary
meta: {org: 某局, title: 工作总结, date: 2024-06-30}
indicators:
  - {name: 甲, value: 123456789012.345678, unit: 元}
achievements:
  - {title: 政策体系持续完善, text: 出台政策。}
";
    let (run, written, _d) = render_text("digits.yaml", text.as_bytes());
    assert_data_error(
        &run,
        written,
        &[
            "digits.yaml:4:22: indicators[0].value: the number 123456789012.34567 has more than 15 digits",
        ],
    );
    let fine = text.replace("123456789012.345678", "99999999999999.9");
    let (run, written, dir) = render_text("digits.yaml", fine.as_bytes());
    assert_eq!((run.code, written), (0, 1), "{}", run.stderr);
    let md = std::fs::read_to_string(dir.path().join("out/digits.md")).unwrap();
    assert!(
        md.contains("99999999999999.9元") && !md.contains("90625"),
        "{md}"
    );
}

#[test]
fn a_config_message_about_the_whole_page_names_no_field() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("style.yaml");
    std::fs::write(&config, "page: {left_mm: 100, right_mm: 100}\n").unwrap();
    let run = gongwen(&[
        "render",
        "data/annual-summary-2024.yaml",
        "--config",
        config.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("style.yaml: the margins leave no room for text on the page"),
        "{}",
        run.stderr
    );
}
