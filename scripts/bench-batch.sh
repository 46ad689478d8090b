#!/usr/bin/env bash
# Batch speed: N proposal replies (default 1000) made from data/proposal-replies.yaml's two
# letters under new numbers, rendered to Markdown, DOCX and PDF by the release binary.
# Prints each run's wall time and the median, and the letters per second.
#
#   bash scripts/bench-batch.sh [N] [RUNS]      # e.g. bash scripts/bench-batch.sh 1000 3
#
# Absolute times on a shared 2-core machine are noisy: compare medians from one session.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"; runs="${2:-3}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
python3 - "$n" > "$work/batch.yaml" <<'PY'
import re, sys
n = int(sys.argv[1])
text = open("data/proposal-replies.yaml", encoding="utf-8").read()
head, body = text.split("proposals:\n", 1)
letters = [l for l in re.split(r"\n(?=  - number:)", body.strip("\n")) if l.strip()]
print(head + "proposals:")
for i in range(n):
    letter = letters[i % len(letters)]
    letter = re.sub(r'number: "\d+"', f'number: "{i + 1:04d}"', letter, count=1)
    letter = re.sub(r"〔2022〕\d+号", f"〔2022〕{i + 1}号", letter, count=1)
    print(letter)
PY
times=()
for r in $(seq "$runs"); do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  ./target/release/gongwen render "$work/batch.yaml" -o "$work/out" >/dev/null
  end=$(date +%s.%N)
  t=$(python3 -c "print(f'{$end - $start:.2f}')")
  times+=("$t")
  echo "run $r: $t s, $(ls "$work/out" | wc -l) files"
done
python3 - "$n" "${times[@]}" <<'PY'
import statistics, sys
n, times = int(sys.argv[1]), [float(t) for t in sys.argv[2:]]
m = statistics.median(times)
print(f"median {m:.2f} s for {n} letters (md+docx+pdf): {n / m:.0f} letters/s")
PY
