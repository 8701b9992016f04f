#!/usr/bin/env bash
# Usage: bench-rules.sh GALLEY CORPUS — a rules plugin with 10,000 terms over CORPUS: what the rule stage adds per article.
set -euo pipefail
galley=$1 corpus=$2; shift 2
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS=...)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Plugins/BenchTerms" "$work/Pipelines"
# 10,000 gazetteer terms taken from the corpus itself: two-word phrases that occur exactly twice, in 10 categories.
find "$corpus" -type f -name '*.txt' -print0 | xargs -0 cat \
  | tr -cs "A-Za-z'" '\n' | awk 'length($0) > 2 { if (prev != "") print prev " " $0; prev = $0 }' \
  | sort | uniq -c | awk '$1 == 2 { print $2 " " $3 }' | sort -u | awk 'NR % 3 == 0 && n++ < 10000' > "$work/terms.txt"
terms=$(wc -l < "$work/terms.txt")
for c in 0 1 2 3 4 5 6 7 8 9; do awk -v c="$c" 'NR % 10 == c' "$work/terms.txt" > "$work/Plugins/BenchTerms/cat$c.txt"; done
{
  echo "name: bench-terms"; echo "protocol: 1"; echo "kind: rules"; echo "stages:"
  echo "  - name: enrich.bench_terms"; echo "    summary: $terms corpus phrases in 10 categories."; echo "    field: bench_counts"
  echo "    term_files:"; for c in 0 1 2 3 4 5 6 7 8 9; do echo "      cat$c: cat$c.txt"; done
} > "$work/Plugins/BenchTerms/plugin.yaml"
cat > "$work/Pipelines/rules.yaml" <<YAML
pipeline: bench-rules
stages:
  - use: ingest.files
  - use: enrich.bench_terms
  - id: write
    use: output.jsonl
    with: { path: "$work/out.jsonl" }
YAML
docs=$(find "$corpus" -type f -name '*.txt' | wc -l)
best=""
for _ in 1 2 3; do
  ms=$("$galley" run "$work/Pipelines/rules.yaml" "$corpus" "$@" 2>&1 | awk '$1 == "enrich.bench_terms" { print $2 }')
  best=$(awk -v a="${best:-999999}" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')
done
matches=$( (grep -o '"start"' "$work/out.jsonl" || true) | wc -l)
awk -v t="$terms" -v d="$docs" -v ms="$best" -v m="$matches" \
  'BEGIN { printf "rules plugin, %d terms: %.1f ms over %d articles = %.4f ms per article (%d matches)\n", t, ms, d, ms / d, m }'
