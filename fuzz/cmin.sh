#!/usr/bin/env bash
# Minimize a run's queue with afl-cmin and make it the target's seed corpus, if it is small.
#
#   bash fuzz/cmin.sh TARGET [MAX_KB]     # after bash fuzz/run.sh TARGET MINUTES
#
# Reads out/TARGET/default/queue, writes corpus/TARGET/ (replacing it) when the minimized set
# is under MAX_KB (default 2048) in all; else leaves the corpus as it was and says so.
# corpus/markdown is the shared seed set of markdown, docx and pdf; run.sh uses
# corpus/TARGET when it exists, so a docx or pdf run's own minimized corpus goes to
# corpus/docx or corpus/pdf.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
target="${1:?usage: bash fuzz/cmin.sh TARGET [MAX_KB]}"
max_kb="${2:-2048}"
queue="out/$target/default/queue"
[[ -d "$queue" ]] || { echo "cmin.sh: no $queue: run run.sh $target first" >&2; exit 1; }

# cargo afl cmin runs cargo-afl's afl-cmin, which calls afl-showmap from PATH: put cargo-afl's
# own first (Debian's afl++ 4.04c does not take its options).
afl_bin="$(ls -d "$HOME"/.local/share/afl.rs/rustc-*/afl.rs-*/afl/bin 2>/dev/null | tail -1)"
[[ -n "$afl_bin" ]] && export PATH="$afl_bin:$PATH"
export AFL_SKIP_CPUFREQ=1

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
timeout_ms="${AFL_TIMEOUT_MS:-2000}"
cargo afl cmin -i "$queue" -o "$tmp/min" -t "$timeout_ms" -T 1 -- "target/release/$target" >"$tmp/log" 2>&1 || {
  tail -20 "$tmp/log" >&2
  exit 1
}
files=$(find "$tmp/min" -maxdepth 1 -type f | wc -l)
bytes=$(find "$tmp/min" -maxdepth 1 -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
echo "cmin.sh: $target: $(find "$queue" -maxdepth 1 -type f | wc -l) queue files -> $files files, $bytes bytes"
if ((bytes > max_kb * 1024)); then
  echo "cmin.sh: over ${max_kb} KB: corpus/$target left as it was" >&2
  exit 0
fi
rm -rf "corpus/$target"
mkdir -p "corpus/$target"
# A seed keeps its own name (AFL's queue names it id:…,orig:NAME); what AFL found gets a plain
# one (its id:…,src:… names hold ':' and ',').
n=0
for f in "$tmp/min"/*; do
  [[ -f "$f" ]] || continue
  n=$((n + 1))
  base="$(basename "$f")"
  if [[ "$base" == *orig:* ]]; then
    name="${base##*orig:}"
  else
    name="$(printf 'min-%05d' "$n")"
  fi
  cp "$f" "corpus/$target/$name"
done
echo "cmin.sh: corpus/$target now holds $n files"
