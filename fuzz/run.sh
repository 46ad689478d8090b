#!/usr/bin/env bash
# Build the AFL targets and fuzz one of them for a while, then keep what it found.
#
#   bash fuzz/run.sh TARGET MINUTES        # TARGET: yaml markdown docx pdf template
#
# Needs cargo-afl (cargo install cargo-afl; it builds its own AFL++ on first use with
# `cargo afl config --build`). Runs ONE afl-fuzz process. Output goes to fuzz/out/TARGET
# (not tracked); crashes and hangs are copied to fuzz/crashes/TARGET/ (tracked).
# Environment: RESUME=1 continues an earlier run in out/TARGET instead of starting afresh;
# NO_BUILD=1 skips the build; AFL_FLAGS adds afl-fuzz options.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

target="${1:-}"
minutes="${2:-}"
case "$target" in
  yaml | markdown | docx | pdf | template) ;;
  *)
    echo "usage: bash fuzz/run.sh TARGET MINUTES   (TARGET: yaml markdown docx pdf template)" >&2
    exit 2
    ;;
esac
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 ]] || {
  echo "run.sh: MINUTES must be a whole number above 0" >&2
  exit 2
}

# markdown, docx and pdf share the Markdown seeds and dictionary, unless corpus/TARGET exists
# (a minimized corpus of that target's own, from cmin.sh).
case "$target" in
  yaml) corpus=yaml dict=yaml ;;
  template) corpus=template dict=template ;;
  *) corpus=markdown dict=markdown ;;
esac

if ! cargo afl --version >/dev/null 2>&1; then
  echo "run.sh: cargo-afl is missing: cargo install cargo-afl" >&2
  exit 1
fi
# cargo-afl's AFL++ runtime (built once per Rust version; 'already built' is fine).
cargo afl config --build >/dev/null 2>&1 || true

if [[ "${NO_BUILD:-}" != 1 ]]; then
  # -j1: the machine has 2 cores and the fuzzer gets one of them.
  cargo afl build --release -j1 --bin "$target"
fi

# The PDF (and the DOCX's page layout) needs the fonts.
if [[ "$target" == pdf ]] && ! ls "$HOME"/.local/share/fonts/gongwen/*.otf >/dev/null 2>&1; then
  echo "run.sh: the PDF target needs fonts; installing them (scripts/install-fonts.sh)" >&2
  bash ../scripts/install-fonts.sh
fi

export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_NO_AFFINITY=1 # another build may be running: don't pin a core
export AFL_SKIP_CRASHES=1

[[ -d "corpus/$target" ]] && corpus=$target
input=(-i "corpus/$corpus")
if [[ "${RESUME:-}" == 1 && -d "out/$target/default" ]]; then
  input=(-i -)
elif [[ -d "out/$target" ]]; then
  rm -rf "out/$target.prev"
  mv "out/$target" "out/$target.prev"
fi
mkdir -p "out/$target"

dict_args=()
[[ -f "dict/$dict.dict" ]] && dict_args=(-x "dict/$dict.dict")

# -t: ms per input (a PDF of a long document takes a while; AFL marks slower ones as hangs).
timeout_ms="${AFL_TIMEOUT_MS:-2000}"

set +e
# shellcheck disable=SC2086
cargo afl fuzz "${input[@]}" -o "out/$target" -V $((minutes * 60)) -t "$timeout_ms" \
  "${dict_args[@]}" ${AFL_FLAGS:-} -- "target/release/$target"
status=$?
set -e

stats="out/$target/default/fuzzer_stats"
if [[ -f "$stats" ]]; then
  echo "== $target: fuzzer_stats"
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|stability|bitmap_cvg) ' "$stats"
fi

# Keep the findings (README.txt that AFL writes is left out).
for kind in crashes hangs; do
  dir="out/$target/default/$kind"
  [[ -d "$dir" ]] || continue
  found=$(find "$dir" -maxdepth 1 -type f -name 'id:*' | wc -l)
  if ((found > 0)); then
    dest="crashes/$target"
    mkdir -p "$dest"
    for f in "$dir"/id:*; do
      # ':' and ',' in AFL's names trouble some tools; keep the id and the signal/kind.
      name="$kind-$(basename "$f" | tr ':,' '_.')"
      cp "$f" "$dest/$name"
    done
    echo "== $target: $found $kind copied to fuzz/$dest/"
  fi
done
exit $status
