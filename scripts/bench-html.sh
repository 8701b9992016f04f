#!/usr/bin/env bash
# bench-html.sh: main text and metadata of real web pages — galley's extract.html next to trafilatura 2.3.1,
# both on one core (taskset -c 0), scored the same way against CORPUS/expectations.json by scripts/bench_html.py:
# share of `with` snippets found and `without` snippets absent in the text, exact title / author / date rates,
# pages/s and peak RSS. Also checks that galley's memory stays flat on a folder 4× as large.
#
# Usage: scripts/bench-html.sh GALLEY_BIN [CORPUS]      (or: make bench-html)
#   GALLEY_BIN  the galley binary (e.g. .build/release/galley); `-` measures trafilatura only.
#   CORPUS      folder with pages/*.html.gz and expectations.json (default ../shared/corpora/html-dev,
#               relative to the repository).
#   Environment: BENCH_VENV (default .build/bench-venv; made once and reused) holds trafilatura.
#
# galley: `galley run Benchmarks/html/bench-html.yaml CORPUS/pages --jobs 1 --quiet`, 3 runs, best wall time
#   (the process's start and reading/gunzipping the files included), peak RSS from /usr/bin/time -v.
# trafilatura: bare_extraction(bytes, with_metadata=True, url=...) on each gunzipped page, one process;
#   the time of the extraction loop (reading and gunzip included, Python's start and imports excluded).
# Work files (outputs, per-page diagnostics for tuning) go to a temp dir that is kept and printed.
# Exit: 0; 1 when the galley half could not run (no binary, no extract.html, a run error) — trafilatura's
# numbers are printed all the same.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
usage="usage: scripts/bench-html.sh GALLEY_BIN [CORPUS]"
[[ $# -ge 1 && $# -le 2 ]] || { echo "$usage" >&2; exit 2; }
abspath() { [[ $1 = /* ]] && echo "$1" || echo "$caller/$1"; }

galley=$1
if [[ $galley != - && $galley = */* ]]; then galley=$(abspath "$galley"); fi
if [[ $# -ge 2 ]]; then corpus=$(abspath "$2"); else corpus=../shared/corpora/html-dev; fi
[[ -d $corpus/pages && -f $corpus/expectations.json ]] ||
  { echo "no web-page corpus at $corpus (needs pages/ and expectations.json)" >&2; exit 2; }
pipeline=Benchmarks/html/bench-html.yaml
pages=$(find "$corpus/pages" -maxdepth 1 -type f \( -name '*.html' -o -name '*.htm' -o -name '*.html.gz' -o -name '*.htm.gz' \) | wc -l)

# --- trafilatura in a virtual environment. lxml >= 5.2 moved lxml.html.clean (which jusText, a trafilatura
# dependency, imports) to the separate package lxml_html_clean, and the lxml pip picks no longer provides the
# extra that would pull it in, so it is installed by name.
VENV=${BENCH_VENV:-.build/bench-venv}
PY=$VENV/bin/python
if ! "$PY" -c 'import sys, trafilatura; sys.exit(trafilatura.__version__ != "2.3.1")' 2>/dev/null; then
  echo "== setting up $VENV (trafilatura 2.3.1)"
  [[ -x $PY ]] || python3 -m venv "$VENV"
  "$PY" -m pip install -q --disable-pip-version-check trafilatura==2.3.1 lxml_html_clean==0.4.6
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/galley-bench-html.XXXXXX")
trap 'rm -rf "$work/x4" "$work/galley-x4"' EXIT   # the 4× copy is big; the rest is kept for reading
echo "== web pages: $corpus ($pages pages), $(nproc) cores, everything pinned to core 0; work dir $work"

# --- galley
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
galley_ok=0 galley_why=""
run_galley() { # out_dir input_dir -> sets secs, kb, rc
  rm -rf "$1"; mkdir -p "$1"
  rc=0
  GALLEY_OUT=$1 taskset -c 0 /usr/bin/time -v -o "$work/time.txt" \
    "$galley" run "$pipeline" "$2" --jobs 1 --quiet 2>"$1.stderr" || rc=$?
  [[ -f $1/bench-html.jsonl ]] || : >"$1/bench-html.jsonl"   # every page failed: no output file
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time.txt")
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
}
if [[ $galley = - ]]; then
  galley_why="skipped (GALLEY_BIN is -)"
elif ! command -v "$galley" >/dev/null 2>&1; then
  galley_why="no galley binary at $galley (build it: make build, or swift build -c release --product galley)"
elif ! validate=$("$galley" validate "$pipeline" 2>&1); then
  if grep -q "extract.html" <<<"$validate"; then
    galley_why="$galley does not know the stage extract.html yet (rebuild it once extract.html is in):"
  else
    galley_why="$galley validate $pipeline failed:"
  fi
  galley_why+=$'\n'"$(sed 's/^/    /' <<<"$validate")"
else
  best="" rss=0
  for round in 1 2 3; do
    run_galley "$work/galley" "$corpus/pages"
    # exit 3 = some pages failed (no article): those count as empty text
    if [[ $rc -ne 0 && $rc -ne 3 ]]; then
      galley_why="galley run failed (exit $rc) in round $round; stderr: $work/galley.stderr"$'\n'"$(tail -5 "$work/galley.stderr" | sed 's/^/    /')"
      break
    fi
    echo "galley round $round: $secs s, peak RSS $(mb "$kb"), $(wc -l < "$work/galley/bench-html.jsonl") pages written"
    best=$(awk -v a="${best:-1e9}" -v b="$secs" 'BEGIN { print (b < a) ? b : a }')
    if (( kb > rss )); then rss=$kb; fi
  done
  if [[ -z $galley_why ]]; then
    galley_ok=1
    # One more run, untimed and without --quiet, for the reason each failed page gives (for the diagnostics).
    rm -rf "$work/galley-reasons"; mkdir -p "$work/galley-reasons"
    GALLEY_OUT=$work/galley-reasons "$galley" run "$pipeline" "$corpus/pages" --jobs 1 >/dev/null 2>"$work/galley-failures.txt" || true
    rm -rf "$work/galley-reasons"
    printf '{"label": "galley", "pages": %d, "seconds": %s, "peak_rss_kb": %d, "timing": "best of 3 runs, wall clock of the whole process"}\n' \
      "$pages" "$best" "$rss" > "$work/galley.stats.json"
    # Memory flat: the same pages 4 times under different names.
    mkdir -p "$work/x4"
    for i in 1 2 3 4; do
      find "$corpus/pages" -maxdepth 1 -type f -print0 | while IFS= read -r -d '' f; do cp "$f" "$work/x4/c$i-${f##*/}"; done
    done
    run_galley "$work/galley-x4" "$work/x4"
    if [[ $rc -ne 0 && $rc -ne 3 ]]; then x4="the 4× run failed (exit $rc; stderr: $work/galley-x4.stderr)"
    else x4="peak RSS $(mb "$rss") on $pages pages, $(mb "$kb") on $((4 * pages)) pages ($(awk -v a="$kb" -v b="$rss" 'BEGIN { printf "%.2f", a / b }')×; $secs s)"; fi
  fi
fi
[[ $galley_ok = 1 ]] || echo "galley: $galley_why"

# --- trafilatura
taskset -c 0 "$PY" scripts/bench_html.py trafilatura "$corpus" "$work/trafilatura.jsonl" "$work/trafilatura.stats.json"

# --- scores
systems=()
[[ $galley_ok = 1 ]] && systems+=(--system galley "$work/galley/bench-html.jsonl" "$work/galley.stats.json")
systems+=(--system trafilatura "$work/trafilatura.jsonl" "$work/trafilatura.stats.json")
"$PY" scripts/bench_html.py score "$corpus" "${systems[@]}" \
  --diagnostics "$work/$([[ $galley_ok = 1 ]] && echo galley || echo trafilatura)-diagnostics.txt" \
  --failures "$work/galley-failures.txt"
if [[ $galley_ok = 1 ]]; then
  echo "galley memory flat: $x4"
else
  echo "galley: not measured — $galley_why"
  [[ $galley = - ]] || exit 1
fi
