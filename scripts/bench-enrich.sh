#!/usr/bin/env bash
# Usage: bench-enrich.sh CORPUS — the enrichment stages' cost per document, enrich.language against lingua and
# langid on the held-apart samples, enrich.keywords against yake on CORPUS (a venv with those is made once, in
# .build/bench-venv).
set -euo pipefail
corpus=$1
bench=.build/release/galley-enrich-bench
venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet lingua-language-detector langid yake
fi
if [ -d "$corpus" ]; then "$bench" cost "$corpus"; else echo "no corpus at $corpus (set CORPUS=...)"; fi
"$venv/bin/python" scripts/bench_enrich.py language "$bench" Benchmarks/LanguageSamples/samples.tsv
if [ -d "$corpus" ]; then "$venv/bin/python" scripts/bench_enrich.py keywords "$bench" "$corpus"; fi
