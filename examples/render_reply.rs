//! One proposal reply built in code and written as DOCX and PDF, with no data file and no CLI:
//! `cargo run --example render_reply -- DIR` writes DIR/0001-….docx and .pdf (and the data it
//! rendered, DIR/reply.json).
//!
//! The data is a `serde_json` value with the same keys as a data file (JSON is YAML too, so it
//! goes through the same loader, validation and messages as a file would).

use gongwen::{Checks, Format, Renderers, Style, TemplateSource, Templates, draft_data};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --example render_reply -- DIR");
        return ExitCode::from(2);
    };
    match render_reply(&dir) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::FAILURE
        }
    }
}

/// Build the reply, render it to DOCX and PDF into `dir`, and return the files written; or
/// every problem, one a line.
pub fn render_reply(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let reply = serde_json::json!({
        "kind": "proposal-reply",
        "meta": {
            "org": "重庆市科学技术局",
            "session": "市政协五届五次会议",
            "proposal_type": "提案",
            "signer": "雷虹",
            "signer_title": "市科技局党委副书记",
            "contact": {"name": "张敏", "phone": "023-63012345"},
            "cc": ["市政协提案委员会", "市政府督查办"]
        },
        "proposals": [{
            "number": "0001",
            "proposer": "王济光",
            "title": "关于加强科技成果转化服务的建议",
            "doc_number": "渝科局函〔2022〕401号",
            "result": "B",
            "date": "2022-08-01",
            "sections": [
                {"heading": "关于技术转移服务",
                 "text": "我局已会同有关部门制定技术转移机构培育方案，计划2022年底前新培育市级技术转移示范机构10家。"},
                {"heading": "关于成果转化资金",
                 "text": "该建议已列入2023年工作计划，我局将会同市财政局研究设立成果转化引导基金，重点支持高校和科研院所的科技成果在本市转化落地，并对成效显著的项目给予后补助。"},
                {"heading": "关于人才队伍建设",
                 "text": "我局将联合市人力社保局开展技术经纪人培训，每年培训技术经纪人200人以上，并将技术转移服务业绩纳入专业技术人员职称评审的参考内容。"}
            ]
        }]
    });
    let templates = Templates::load(&TemplateSource::default()).map_err(|e| e.to_string())?;
    let data = reply.to_string();
    let outcome = draft_data(
        Path::new("reply.json"),
        data.as_bytes(),
        &templates,
        Checks::default(),
    );
    if outcome.diagnostics.has_errors() {
        let problems: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(problems.join("\n"));
    }
    let (renderers, unavailable) =
        Renderers::for_formats(&[Format::Docx, Format::Pdf], &Style::default());
    if !unavailable.is_empty() {
        let problems: Vec<String> = unavailable
            .iter()
            .map(|(format, e)| format!("no {format}: {e}"))
            .collect();
        return Err(problems.join("\n"));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    // The data beside the documents, so that the CLI can be run on it too
    // (`gongwen render DIR/reply.json`): it gives the same bytes.
    std::fs::write(dir.join("reply.json"), &data)
        .map_err(|e| format!("cannot write the data: {e}"))?;
    let mut written = Vec::new();
    for draft in &outcome.drafts {
        for (format, rendered) in renderers.render(&draft.document) {
            let path = dir.join(format!("{}.{}", draft.name, format.extension()));
            let bytes = rendered.map_err(|e| format!("{}: {e}", path.display()))?;
            gongwen::output::write_atomically(&path, &bytes)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(path);
        }
    }
    Ok(written)
}
