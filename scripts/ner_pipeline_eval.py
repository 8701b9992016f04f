#!/usr/bin/env python3
"""ner_pipeline_eval.py: entity F1 of the real pipeline (ingest.files -> extract.entities) on CoNLL-format data.

  ner_pipeline_eval.py GALLEY CONLL_FILE [--model MODEL] [--keep DIR] [--errors N]

Writes each CoNLL document (-DOCSTART- to -DOCSTART-) as a text file, one sentence per line (its words joined by
single spaces), runs `GALLEY run` on a pipeline of ingest.files, extract.entities (the bundled model, or MODEL)
and output.jsonl, and scores the `entities` of each document against the gold names: exact scalar spans and
label, micro-averaged per label and overall, as conlleval counts them. Also counts the names found across a line
break (there should be none). --errors prints the first N missed and spurious names with their line.
Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

LABELS = ["PER", "LOC", "ORG", "MISC"]


def read_conll(path):
    """Documents, each a list of sentences, each a list of (word, IOB2 tag)."""
    docs, doc, sent = [], [], []

    def flush_sentence():
        nonlocal sent
        if sent:
            tags = [t for _, t in sent]
            for i, t in enumerate(tags):  # IOB1 -> IOB2
                if t.startswith("I-") and (i == 0 or tags[i - 1] == "O" or tags[i - 1][2:] != t[2:]):
                    tags[i] = "B-" + t[2:]
            doc.append([(w, tags[i]) for i, (w, _) in enumerate(sent)])
        sent = []

    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if not fields:
                flush_sentence()
                continue
            if fields[0] == "-DOCSTART-":
                flush_sentence()
                if doc:
                    docs.append(doc)
                doc = []
                continue
            sent.append((fields[0], fields[-1]))
    flush_sentence()
    if doc:
        docs.append(doc)
    return docs


def render(doc):
    """The document's text (one sentence per line) and its gold names as (start, end, label) scalar offsets."""
    text, gold = "", set()
    for sentence in doc:
        starts = []
        line = ""
        for w, _ in sentence:
            if line:
                line += " "
            starts.append(len(text) + len(line))
            line += w
        i = 0
        while i < len(sentence):
            tag = sentence[i][1]
            if tag.startswith("B-"):
                k = i + 1
                while k < len(sentence) and sentence[k][1] == "I-" + tag[2:]:
                    k += 1
                gold.add((starts[i], starts[k - 1] + len(sentence[k - 1][0]), tag[2:]))
                i = k
            else:
                i += 1
        text += line + "\n"
    return text, gold


def f1(c, f, g):
    p = c / f if f else 0.0
    r = c / g if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("conll")
    ap.add_argument("--model")
    ap.add_argument("--keep")
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    docs = read_conll(args.conll)
    work = args.keep or tempfile.mkdtemp(prefix="ner-eval-")
    os.makedirs(os.path.join(work, "docs"), exist_ok=True)
    golds, texts = {}, {}
    for n, doc in enumerate(docs):
        text, gold = render(doc)
        name = "%04d.txt" % n
        with open(os.path.join(work, "docs", name), "w", encoding="utf-8") as f:
            f.write(text)
        golds[name], texts[name] = gold, text
    model = ""
    if args.model:
        model = "\n    with: { model: %s }" % json.dumps(os.path.abspath(args.model))
    out = os.path.join(work, "entities.jsonl")
    if os.path.exists(out):
        os.remove(out)
    pipeline = os.path.join(work, "ner-eval.yaml")
    with open(pipeline, "w") as f:
        f.write(f"""pipeline: ner-eval
input:
  path: docs
  include: ["*.txt"]
stages:
  - use: ingest.files
  - use: extract.entities{model}
  - use: output.jsonl
    with: {{ path: {json.dumps(out)} }}
""")
    subprocess.run([args.galley, "run", pipeline, "--quiet"], check=True)
    found, correct, gold_count = [0] * 4, [0] * 4, [0] * 4
    crossing, seen, errors = 0, 0, []
    with open(out, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            name = os.path.basename(d["source"]["path"])
            text = texts[name]
            if d["text"] != text:
                sys.exit(f"{name}: galley's text differs from the file's")
            seen += 1
            pred = {(e["start"], e["end"], e["label"]) for e in d.get("entities", [])}
            gold = golds[name]
            crossing += sum(1 for s, e, _ in pred if "\n" in text[s:e])
            for s, e, l in gold:
                gold_count[LABELS.index(l)] += 1
            for s, e, l in pred:
                found[LABELS.index(l)] += 1
                if (s, e, l) in gold:
                    correct[LABELS.index(l)] += 1
            if len(errors) < args.errors:
                for s, e, l in sorted(gold ^ pred):
                    ls = text.rfind("\n", 0, s) + 1
                    le = text.find("\n", e)
                    errors.append(("missed" if (s, e, l) in gold else "spurious", l, text[s:e], text[ls:le]))
    if seen != len(docs):
        sys.exit(f"galley wrote {seen} of {len(docs)} documents")
    print(f"{args.conll} through the pipeline (ingest.files -> extract.entities), {len(docs)} documents, one sentence per line:")
    for i, l in enumerate(LABELS):
        p, r, f = f1(correct[i], found[i], gold_count[i])
        print(f"  {l:<4}  precision {p * 100:5.1f}%  recall {r * 100:5.1f}%  F1 {f * 100:5.1f}  ({gold_count[i]} entities)")
    p, r, f = f1(sum(correct), sum(found), sum(gold_count))
    print(f"  all   precision {p * 100:5.1f}%  recall {r * 100:5.1f}%  F1 {f * 100:5.1f}  ({sum(gold_count)} entities)")
    print(f"  names found across a line break: {crossing}")
    for kind, l, name, line in errors[: args.errors]:
        print(f"  {kind:8} {l:<4} {name!r:30} in: {line}")


if __name__ == "__main__":
    main()
