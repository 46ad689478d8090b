//! Run one fuzz target on saved inputs without AFL, to see a panic's message and backtrace:
//!
//!     cargo build --release --bin repro --target-dir target/plain
//!     RUST_BACKTRACE=1 target/plain/release/repro [-v] TARGET FILE...
//!
//! -v prints what each input gave (gongwen's own errors), to check that seeds reach deep.
//!
//! Each file is run in turn and named on stderr first; a panic ends the run as it would the
//! fuzzer's.
fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "-v") {
        args.remove(0);
        gongwen_fuzz::VERBOSE.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let Some((target, files)) = args.split_first() else {
        eprintln!(
            "usage: repro [-v] TARGET FILE...  (targets: {:?})",
            gongwen_fuzz::TARGETS
        );
        std::process::exit(2);
    };
    if !gongwen_fuzz::TARGETS.contains(&target.as_str()) {
        eprintln!("unknown target {target}; the targets are {:?}", gongwen_fuzz::TARGETS);
        std::process::exit(2);
    }
    gongwen_fuzz::init(target);
    for file in files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
        eprintln!("repro {target}: {file} ({} bytes)", data.len());
        let start = std::time::Instant::now();
        gongwen_fuzz::run(target, &data);
        eprintln!("repro {target}: {file} done in {:.3} s", start.elapsed().as_secs_f64());
    }
}
