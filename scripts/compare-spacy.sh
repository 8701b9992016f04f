#!/usr/bin/env bash
# compare-spacy.sh: trains spaCy's NER (CPU "efficiency" config, no pretrained vectors or models) on CoNLL-2003
# train, scores it on CoNLL-2003 dev with `spacy evaluate` (exact-span P/R/F1, overall and per type), times
# `nlp.pipe` over the dev sentences, and prints that next to galley's own entity tagger
# (`.build/release/galley-ner-train eval`, if that binary is built) on the same dev set.
#
# Usage: scripts/compare-spacy.sh [CONLL_DIR]        (default ../shared/corpora/conll2003, relative to the repo)
#   CONLL_DIR holds train.txt and dev.txt (`word POS chunk NER` lines, IOB2 tags, -DOCSTART- lines).
#   Environment: SPACY_VENV (default ${XDG_CACHE_HOME:-$HOME/.cache}/galley-spacy-venv; made and reused),
#   SPACY_EPOCHS (default 20), SPACY_VERSION (pip requirement, default 'spacy>=3.8,<3.9').
# Takes about 10 minutes on 2 cores (9 of them training); work files go to a temp dir, none into the repo.
#
# To keep the comparison fair with galley (which keeps its last epoch and uses dev only for reporting), spaCy
# trains a fixed number of epochs with early stopping off, and the score reported is model-last's.
# model-best (picked on this same dev set, so optimistic) is shown for reference only.
set -euo pipefail
cd "$(dirname "$0")/.."
CONLL_DIR=${1:-../shared/corpora/conll2003}
VENV=${SPACY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/galley-spacy-venv}
EPOCHS=${SPACY_EPOCHS:-20}
for f in train.txt dev.txt; do [[ -f $CONLL_DIR/$f ]] || { echo "no $CONLL_DIR/$f" >&2; exit 2; }; done

[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
PY=$VENV/bin/python
"$PY" -c 'import spacy' 2>/dev/null || "$PY" -m pip install -q "${SPACY_VERSION:-spacy>=3.8,<3.9}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/galley-spacy.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "== spaCy $("$PY" -c 'import spacy; print(spacy.__version__)'), work dir $WORK"

# `spacy convert -c ner` expects the document delimiter "-DOCSTART- -X- O O"; this corpus has
# "-DOCSTART- -X- -X- O", so the converter keeps each -DOCSTART- as a one-word document. Convert here instead:
# one Doc per sentence (as galley tags them), -DOCSTART- dropped, and entity counts checked against the B- tags.
"$PY" - "$CONLL_DIR/train.txt" "$WORK/train.spacy" "$CONLL_DIR/dev.txt" "$WORK/dev.spacy" <<'EOF'
import sys, spacy
from spacy.tokens import Doc, DocBin
vocab = spacy.blank("en").vocab
def sentences(path):
    words, tags = [], []
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f or f[0] == "-DOCSTART-":
            if words: yield words, tags
            words, tags = [], []
        else:
            words.append(f[0]); tags.append(f[-1])
    if words: yield words, tags
for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
    db, ents, b_tags = DocBin(), 0, 0
    for words, tags in sentences(src):
        b_tags += sum(t.startswith("B-") for t in tags)
        # IOB1 -> IOB2 (a no-op on IOB2 data): an I- that does not continue its type starts an entity.
        tags = ["B-" + t[2:] if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:]) else t
                for i, t in enumerate(tags)]
        doc = Doc(vocab, words=words, ents=tags)
        ents += len(doc.ents); db.add(doc)
    db.to_disk(dst)
    print(f"{src}: {len(db)} sentences, {ents} entities")
    if ents != b_tags: sys.exit(f"entity count {ents} != {b_tags} B- tags in {src}")
EOF

"$PY" -m spacy init config --lang en --pipeline ner --optimize efficiency "$WORK/config.cfg" >/dev/null
echo "== training: $EPOCHS epochs, no early stopping (log: dev score every 500 steps)"
start=$(date +%s)
"$PY" -m spacy train "$WORK/config.cfg" --output "$WORK/out" \
    --paths.train "$WORK/train.spacy" --paths.dev "$WORK/dev.spacy" \
    --training.max_epochs "$EPOCHS" --training.max_steps 0 --training.patience 0 --training.eval_frequency 500 \
    2>&1 | grep -vE '^\s*$|Created output|Saving to output'
train_seconds=$(( $(date +%s) - start ))
echo "== training took ${train_seconds}s"

for m in last best; do
    "$PY" -m spacy evaluate "$WORK/out/model-$m" "$WORK/dev.spacy" --output "$WORK/$m.json" >"$WORK/$m.txt" 2>&1
done
echo "== spacy evaluate model-last on dev:"; sed -n '/NER (per type)/,$p' "$WORK/last.txt" | grep -v '^\s*$'

# Speed: words/s of nlp.pipe over the dev sentences' texts (words joined by spaces; includes spaCy's tokenizer),
# one process, batch_size 256, model load and a warm-up batch excluded. Also over pre-tokenized Docs, which is
# the scope of galley's own timing (galley tokenizes before its clock starts).
"$PY" - "$WORK" "$EPOCHS" "$train_seconds" <<'EOF' >"$WORK/summary.txt"
import json, sys, time, spacy
from spacy.tokens import DocBin, Doc
work, epochs, train_seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
nlp = spacy.load(f"{work}/out/model-last")
sents = [[t.text for t in d] for d in DocBin().from_disk(f"{work}/dev.spacy").get_docs(nlp.vocab)]
texts, words = [" ".join(s) for s in sents], sum(map(len, sents))
list(nlp.pipe(texts[:256], batch_size=256))
t = time.perf_counter(); list(nlp.pipe(texts, batch_size=256)); text_s = time.perf_counter() - t
docs = [Doc(nlp.vocab, words=s) for s in sents]
t = time.perf_counter(); list(nlp.pipe(docs, batch_size=256)); doc_s = time.perf_counter() - t
def line(m):
    s = json.load(open(f"{work}/{m}.json"))
    return f"P {100*s['ents_p']:.1f} R {100*s['ents_r']:.1f} F1 {100*s['ents_f']:.1f}", s["ents_per_type"]
prf, per_type = line("last")
print(f"spaCy {spacy.__version__} ner (efficiency config, trained on CoNLL-2003 train, {epochs} epochs, "
      f"{train_seconds}s): dev {prf}, {words / text_s:.0f} words/s")
for k in ("PER", "LOC", "ORG", "MISC"):
    v = per_type[k]; print(f"  {k:4}  P {100*v['p']:.1f} R {100*v['r']:.1f} F1 {100*v['f']:.1f}")
print(f"  speed: {len(sents)} sentences, {words} words: {words / text_s:.0f} words/s from text, "
      f"{words / doc_s:.0f} words/s pre-tokenized")
print(f"  (model-best, picked on this dev set so optimistic: dev {line('best')[0]})")
EOF
echo; echo "================ summary ================"
cat "$WORK/summary.txt"
if [[ -x .build/release/galley-ner-train ]]; then
    echo "galley (.build/release/galley-ner-train eval Plugins/ExtractEntities/Resources/conll2003.model):"
    .build/release/galley-ner-train eval Plugins/ExtractEntities/Resources/conll2003.model "$CONLL_DIR/dev.txt" | sed 's/^/  /'
else
    echo "galley: .build/release/galley-ner-train not built (swift build -c release --product galley-ner-train)"
fi
