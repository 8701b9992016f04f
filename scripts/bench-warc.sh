#!/usr/bin/env bash
# bench-warc.sh: WARC input throughput — a .warc.gz made from the web pages of CORPUS/pages by
# scripts/make_warc.py (one request and one response record per page, one gzip member each, as Common Crawl
# writes them), run through Benchmarks/html/bench-html.yaml (ingest.files + extract.html + output.jsonl).
# Prints pages/s and MB/s (of HTML payload, and of the .warc.gz file), best of 3 runs, and peak RSS.
#
# Usage: scripts/bench-warc.sh GALLEY_BIN [CORPUS] [COPIES]   (make bench runs it)
#   CORPUS  folder with pages/*.html.gz (default ../shared/corpora/html-dev, relative to the repository)
#   COPIES  how many times the pages are written into the WARC (default 4: 1,200 pages)
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
abspath() { [[ $1 = /* ]] && echo "$1" || echo "$caller/$1"; }
[[ $# -ge 1 && $# -le 3 ]] || { echo "usage: scripts/bench-warc.sh GALLEY_BIN [CORPUS] [COPIES]" >&2; exit 2; }
galley=$(abspath "$1")
corpus=${2:+$(abspath "$2")}
corpus=${corpus:-../shared/corpora/html-dev}
copies=${3:-4}
[[ -d $corpus/pages ]] || { echo "no web-page corpus at $corpus (needs pages/)"; exit 0; }
work=$(mktemp -d "${TMPDIR:-/tmp}/galley-bench-warc.XXXXXX")
trap 'rm -rf "$work"' EXIT
made=$(python3 scripts/make_warc.py "$corpus/pages" "$work/crawl.warc.gz" "$copies")
pages=$(awk '{print $3}' <<<"$made")
payload=$(awk '{print $5}' <<<"$made")
size=$(stat -c %s "$work/crawl.warc.gz")
echo "== WARC input: $work/crawl.warc.gz ($made; $size bytes gzipped), $(nproc) cores"
best=
for run in 1 2 3; do
  start=$(date +%s.%N)
  GALLEY_OUT=$work/out /usr/bin/time -f %M -o "$work/rss" "$galley" run Benchmarks/html/bench-html.yaml "$work/crawl.warc.gz" \
    --quiet >/dev/null 2>"$work/stderr" || [[ $? -eq 3 ]] || { cat "$work/stderr"; exit 1; }
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  if [[ -z $best ]] || (( $(echo "$t < $best" | bc -l) )); then best=$t; rss=$(cat "$work/rss"); fi
done
written=$(wc -l <"$work/out/bench-html.jsonl")
awk -v t="$best" -v p="$pages" -v w="$written" -v b="$payload" -v z="$size" -v r="$rss" 'BEGIN {
  printf "warc: %d pages (%d written) in %.2f s: %.0f pages/s, %.1f MB/s of HTML, %.1f MB/s of .warc.gz; peak RSS %.0f MB\n",
         p, w, t, p / t, b / t / 1e6, z / t / 1e6, r / 1024 }'
