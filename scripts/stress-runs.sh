#!/bin/sh
# Issue 12's must-show: the 1M tiny JSON lines run at --jobs 16 and the 50,000 small files run complete N of N times
# (default 10), with a release build. Each run must exit 0 and write every document; a crash (a trap: exit 132/133/134)
# or a missing document counts as a failure. CPU-heavy: run it on a quiet machine.
#
#   scripts/stress-runs.sh [RUNS] [WORKDIR]     (RUNS default 10, WORKDIR default a fresh mktemp -d)
set -eu
RUNS=${1:-10}
WORK=${2:-$(mktemp -d /tmp/galley-stress.XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$ROOT/.build/release/galley}
[ -x "$GALLEY" ] || { echo "building the release galley…" >&2; (cd "$ROOT" && swift build -c release --product galley >&2); }
mkdir -p "$WORK"
cd "$WORK"

cat > lines.yaml <<'YAML'
pipeline: stress-lines
stages:
  - use: ingest.files
  - id: write
    use: output.jsonl
    with: { path: out/lines.jsonl }
YAML
cat > files.yaml <<'YAML'
pipeline: stress-files
stages:
  - use: ingest.files
  - use: extract.article
  - id: write
    use: output.jsonl
    with: { path: out/files.jsonl }
YAML

if [ ! -s lines.jsonl ]; then
  echo "writing 1,000,000 tiny JSON lines…" >&2
  awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "{\"id\":\"l%07d\",\"title\":\"T%d\",\"text\":\"Line %d.\"}\n", i, i, i }' > lines.jsonl
fi
if [ ! -d files ]; then
  echo "writing 50,000 small files…" >&2
  mkdir -p files
  awk 'BEGIN { for (d = 0; d < 50; d++) { system("mkdir -p files/d" d) }
               for (i = 0; i < 50000; i++) { f = sprintf("files/d%d/f%05d.txt", i % 50, i)
                 printf "Headline %d\n\nBy Reporter %d\n\nThe council met on Monday and agreed item %d, said the mayor.\n", i, i, i > f; close(f) } }'
fi

fail=0
check() {  # name, status, output, expected count, seconds
  n=$(wc -l < "$3" 2>/dev/null || echo 0)
  if [ "$2" -eq 0 ] && [ "$n" -eq "$4" ]; then r=ok; else r=FAILED; fail=$((fail + 1)); fi
  printf '%-6s run %2d: exit %3d, %7d documents, %6.1f s  %s\n' "$1" "$6" "$2" "$n" "$5" "$r"
}
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  set +e; "$GALLEY" run lines.yaml lines.jsonl --jobs 16 --quiet 2> lines.err; s=$?; set -e
  t1=$(date +%s.%N)
  check lines "$s" out/lines.jsonl 1000000 "$(echo "$t1 - $t0" | bc)" "$i"
  [ "$s" -eq 0 ] || tail -3 lines.err
  t0=$(date +%s.%N)
  set +e; "$GALLEY" run files.yaml files --quiet 2> files.err; s=$?; set -e
  t1=$(date +%s.%N)
  check files "$s" out/files.jsonl 50000 "$(echo "$t1 - $t0" | bc)" "$i"
  [ "$s" -eq 0 ] || tail -3 files.err
done
echo "$((2 * RUNS - fail)) of $((2 * RUNS)) runs complete (work folder $WORK)"
[ "$fail" -eq 0 ]
