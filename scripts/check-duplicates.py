#!/usr/bin/env python3
"""Checks enrich.duplicates on a run's JSON lines against the corpus it read.

Usage: check-duplicates.py OUTPUT.jsonl CORPUS [--threshold 0.8] [--shingle 5]
- every group of byte-identical input files: each later file (input order) has duplicate_of = the first file's id;
- every flagged pair has an exact word-shingle Jaccard similarity of at least the threshold (the same words as the
  stage: runs of ASCII letters and digits and non-ASCII bytes, ASCII lower-cased);
- lists the near duplicates (flagged, not byte-identical) with their exact similarity and estimated similarity.
"""
import argparse, collections, hashlib, json, os, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("jsonl"); ap.add_argument("corpus")
ap.add_argument("--threshold", type=float, default=0.8); ap.add_argument("--shingle", type=int, default=5)
args = ap.parse_args()

docs = [json.loads(l) for l in open(args.jsonl, encoding="utf-8")]
by_path = {}
for d in docs:
    by_path[os.path.relpath(os.path.realpath(d["source"]["path"]), os.path.realpath(args.corpus))] = d
by_id = {d["id"]: d for d in docs}
order = {d["id"]: i for i, d in enumerate(docs)}

groups = collections.defaultdict(list)
for rel in sorted(by_path):
    groups[hashlib.sha256(open(os.path.join(args.corpus, rel), "rb").read()).hexdigest()].append(rel)
groups = [g for g in groups.values() if len(g) > 1]
missed = 0
for g in groups:
    g.sort(key=lambda rel: order[by_path[rel]["id"]])
    first = by_path[g[0]]["id"]
    for rel in g[1:]:
        if by_path[rel].get("duplicate_of") != first:
            missed += 1
            print(f"missed: {rel} should be duplicate_of {g[0]} ({first}), has {by_path[rel].get('duplicate_of')}")
print(f"byte-identical groups: {len(groups)} ({sum(len(g) - 1 for g in groups)} later files); later files not pointing at the first: {missed}")

WORD = re.compile(rb"[A-Za-z0-9\x80-\xff]+")
def shingles(text):
    words = [w.lower() for w in WORD.findall(text.encode("utf-8"))]
    k = min(args.shingle, len(words))
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)} if words else set()

identical = {rel for g in groups for rel in g[1:]}
below, near = [], []
for d in docs:
    first = d.get("duplicate_of")
    if not first:
        continue
    a, b = shingles(by_id[first]["text"]), shingles(d["text"])
    j = len(a & b) / len(a | b) if a | b else 1.0
    if j < args.threshold:
        below.append((d["source"]["path"], first, j, d.get("similarity")))
    rel = os.path.relpath(os.path.realpath(d["source"]["path"]), os.path.realpath(args.corpus))
    if rel not in identical:
        near.append((j, d.get("similarity"), rel, os.path.relpath(os.path.realpath(by_id[first]["source"]["path"]), os.path.realpath(args.corpus))))
print(f"flagged: {sum(1 for d in docs if d.get('duplicate_of'))}; below the threshold {args.threshold} by exact Jaccard: {len(below)}")
for p in below:
    print("  below:", p)
print(f"near duplicates beyond the byte-identical ones: {len(near)}")
for j, s, rel, first in sorted(near, reverse=True):
    print(f"  {rel} ~ {first}: exact Jaccard {j:.3f}, estimated {s}")
sys.exit(1 if missed or below else 0)
