#!/usr/bin/env bash
# Usage: bench.sh GALLEY PIPELINE CORPUS — runs the pipeline over CORPUS and prints documents/s, MB/s and peak RSS.
set -euo pipefail
galley=$1 pipeline=$2 corpus=$3
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS=...)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
docs=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.json' -o -name '*.jsonl' \) | wc -l)
bytes=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.json' -o -name '*.jsonl' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
measure() { # label, extra args...
  local label=$1; shift
  local best=999999 rss=0
  for _ in 1 2 3; do
    rm -f "$out"/news.*  # each run writes new outputs (writing into the last run's database is measured below)
    /usr/bin/time -f '%e %M' -o "$out/time" env GALLEY_OUT="$out" "$galley" run "${bench_pipeline:-$pipeline}" "$corpus" --quiet "$@" || true
    [ -n "${bench_once:-}" ] && { read -r secs kb < "$out/time"; best=$secs; rss=$kb; break; }
    read -r secs kb < "$out/time"
    best=$(awk -v a="$best" -v b="$secs" 'BEGIN {print (b < a) ? b : a}')
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  awk -v l="$label" -v d="$docs" -v b="$bytes" -v s="$best" -v r="$rss" \
    'BEGIN { if (s < 0.001) s = 0.001; printf "%-28s %6d docs  %6.2f s  %8.0f docs/s  %6.1f MB/s  peak RSS %5.1f MB\n", l, d, s, d/s, b/s/1e6, r/1024 }'
}
echo "corpus: $corpus ($docs files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b/1e6}')), pipeline: $pipeline, $(nproc) cores"
measure "$(basename "$pipeline") (all cores)"
measure "$(basename "$pipeline") (--jobs 1)" --jobs 1
# The same pipeline without its output.sqlite stage (a copy beside it, so relative paths still resolve), then
# the SQLite writer alone: galley-sink-bench reads the documents the pipeline wrote to JSONL into memory and times
# output.sqlite writing them to a new database (best of 5), then once more over the same database (every document
# replaced).
if grep -q 'use: output.sqlite' "$pipeline"; then
  nosql="$(dirname "$pipeline")/.bench-nosqlite-$$.yaml"
  trap 'rm -rf "$out" "$nosql"' EXIT
  awk '/^  - |^[^ ]/{skip=0} /^  - id: sqlite$/{skip=1} !skip' "$pipeline" > "$nosql"
  bench_pipeline=$nosql measure "$(basename "$pipeline") without output.sqlite"
  measure "$(basename "$pipeline") with output.sqlite"
  GALLEY_BENCH_ROUNDS=5 "$(dirname "$galley")/galley-sink-bench" "$out/news.jsonl" output.sqlite | sed 's/^/output.sqlite writer alone: /'
fi
# Memory flat as the folder grows: the corpus ten times under other names (so other ids), one run each.
if [ -z "${BENCH_NO_X10:-}" ] && [ "$(basename "$pipeline")" = news.yaml ]; then
  x10=$(mktemp -d)
  trap 'rm -rf "$out" "${nosql:-}" "$x10"' EXIT
  for i in 0 1 2 3 4 5 6 7 8 9; do
    (cd "$corpus" && find . -type f -name '*.txt' -print0) | while IFS= read -r -d '' f; do
      mkdir -p "$x10/$(dirname "$f")"; cp "$corpus/$f" "$x10/$(dirname "$f")/c$i-$(basename "$f")"
    done
  done
  ( corpus=$x10 bench_once=1
    docs=$(find "$x10" -type f | wc -l) bytes=$(find "$x10" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    measure "$(basename "$pipeline") 10× (all cores)"
    measure "$(basename "$pipeline") 10× (--jobs 1)" --jobs 1 )
fi
