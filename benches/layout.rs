//! Layout and rendering speed: `cargo bench --bench layout`. Prints the median of repeated runs
//! for the line breaker on a 120,000-character paragraph, and for each shared example (its copy
//! in data/) rendered to Markdown, DOCX and PDF (single-threaded, fonts loaded once). Absolute
//! times on shared machines are noisy: compare medians taken in the same session.

use gongwen::layout::linebreak::{Item, Measure, break_lines};
use gongwen::pipeline::{Checks, draft_file};
use gongwen::render::{Format, RenderContext, renderer_for};
use gongwen::style::Style;
use gongwen::template::{TemplateSource, Templates};
use std::path::Path;
use std::time::{Duration, Instant};

/// The median time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let unit = "关于2022年度科技计划项目94.1%的“经费”（含12,875元）——见第0982号，";
    let items: Vec<Item> = unit
        .chars()
        .cycle()
        .take(120_000)
        .map(|ch| Item {
            ch,
            advance: if ch.is_ascii() { 7.75 } else { 15.75 },
            glue: false,
        })
        .collect();
    let measure = Measure {
        width: 442.2,
        first_indent: 31.5,
        autospace: 4.0,
        justify: true,
        squeeze: true,
        keeps: true,
    };
    let t = median(21, || {
        std::hint::black_box(break_lines(&items, &measure));
    });
    println!("break_lines, 120,000 characters: {t:.2?}");

    // The shared examples, from their unchanged copies in data/.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let templates = Templates::load(&TemplateSource::default()).expect("built-in templates");
    let style = Style::default();
    let renderers: Vec<_> = [Format::Markdown, Format::Docx, Format::Pdf]
        .into_iter()
        .map(|f| renderer_for(f, &style).expect("run bash scripts/install-fonts.sh first"))
        .collect();
    let files: Vec<_> = [
        "annual-summary.yaml",
        "half-year-summary.yaml",
        "proposal-replies.yaml",
        "risk-report.yaml",
        "self-inspection.yaml",
    ]
    .iter()
    .map(|name| data.join(name))
    .collect();
    for file in files {
        let outcome = draft_file(&file, &templates, Checks::default());
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let t = median(21, || {
            std::hint::black_box(draft_file(&file, &templates, Checks::default()));
        });
        println!("{name}: data → Markdown drafts: {t:.2?}");
        for draft in &outcome.drafts {
            for renderer in &renderers {
                let t = median(21, || {
                    std::hint::black_box(
                        renderer
                            .render(&RenderContext::new(&draft.document))
                            .unwrap(),
                    );
                });
                let size = renderer
                    .render(&RenderContext::new(&draft.document))
                    .unwrap()
                    .len();
                println!(
                    "  {} → {}: {t:.2?} ({size} bytes)",
                    draft.name,
                    renderer.format()
                );
            }
        }
    }
}
