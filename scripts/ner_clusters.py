#!/usr/bin/env python3
"""ner_clusters.py: word classes for the entity tagger, learnt offline from unlabeled news text.

  ner_clusters.py OUT.tsv TEXT_SOURCE... [--min-count N] [--seed N]

TEXT_SOURCE is a folder (every *.txt under it is read as plain text) or a CoNLL file (its first column is read,
one sentence per line; its tags are not looked at). Words are split roughly as galley's tokenizer splits them,
lower-cased, with a possessive 's cut off (as the tagger's word keys are).

Each word seen at least --min-count times gets a vector of its neighbours: counts of the 2,000 most frequent
words one and two places to its left and right, weighted by positive pointwise mutual information, reduced to
100 dimensions (truncated SVD) and normalised. Spherical k-means puts the words into 1,000 classes; the class
centres are clustered again into 250 and 60 classes, so a word has three nested classes, fine to coarse (as the
prefixes of a Brown-cluster path give). OUT.tsv gets one line per word: word, coarse, middle and fine class.

Needs numpy and scipy. Deterministic for a given --seed.
"""
import argparse
import collections
import os
import re
import sys

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:[-'’][^\W_]+)*|\d+(?:[.,]\d+)*|\S")


def words_of(line):
    out = []
    for w in TOKEN.findall(line):
        w = w.lower().replace("’", "'")
        if w.endswith("'s") and len(w) > 2:
            w = w[:-2]
        out.append(w)
    return out


def sentences(sources):
    for src in sources:
        if os.path.isdir(src):
            for root, _, files in sorted(os.walk(src)):
                for f in sorted(files):
                    if f.endswith(".txt"):
                        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                            for line in fh:
                                ws = words_of(line)
                                if ws:
                                    yield ws
        else:
            with open(src, encoding="utf-8") as fh:
                sent = []
                for line in fh:
                    fields = line.split()
                    if not fields or fields[0] == "-DOCSTART-":
                        if sent:
                            yield words_of(" ".join(sent))
                        sent = []
                        continue
                    sent.append(fields[0])
                if sent:
                    yield words_of(" ".join(sent))


def kmeans(x, k, rng, iters=25):
    """Spherical k-means on unit rows of x; returns (labels, centres)."""
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    labels = None
    for _ in range(iters):
        sims = x @ centres.T
        new = sims.argmax(1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(0)
                centres[c] = v / (np.linalg.norm(v) + 1e-9)
            else:
                centres[c] = x[rng.integers(len(x))]
    return labels, centres


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2003)
    args = ap.parse_args()
    sents = list(sentences(args.sources))
    counts = collections.Counter(w for s in sents for w in s)
    print(f"{sum(counts.values())} words, {len(counts)} distinct", file=sys.stderr)
    vocab = [w for w, c in counts.most_common() if c >= args.min_count]
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, w in enumerate(vocab[:2000])}
    nc = len(contexts)
    rows, cols = [], []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        cids = [contexts.get(w, -1) for w in s]
        n = len(s)
        for i, wi in enumerate(ids):
            if wi < 0:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                j = i + off
                c = cids[j] if 0 <= j < n else -2
                if c == -2:
                    c = nc  # sentence edge
                if c >= 0:
                    rows.append(wi)
                    cols.append(slot * (nc + 1) + c)
    m = sp.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                      shape=(len(vocab), 4 * (nc + 1))).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row = np.asarray(m.sum(1)).ravel()
    col = np.asarray(m.sum(0)).ravel() ** 0.75
    col = col / col.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row[m.row] * col[m.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = svds(ppmi, k=100, random_state=args.seed)
    x = u * np.sqrt(s)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    x = x.astype(np.float32)
    rng = np.random.default_rng(args.seed)
    fine, centres = kmeans(x, 1000, rng)
    mid_of_fine, mid_centres = kmeans(centres, 250, rng)
    coarse_of_mid, _ = kmeans(mid_centres, 60, rng)
    with open(args.out, "w", encoding="utf-8") as f:
        for w, i in index.items():
            if "\t" in w or " " in w:
                continue
            c3 = int(fine[i])
            c2 = int(mid_of_fine[c3])
            c1 = int(coarse_of_mid[c2])
            f.write(f"{w}\t{c1}\t{c2}\t{c3}\n")
    print(f"wrote {len(index)} words to {args.out}", file=sys.stderr)
    # A look at a few classes.
    for probe in ["london", "germany", "john", "reuters", "monday", "said", "bank"]:
        if probe in index:
            c3 = fine[index[probe]]
            same = [w for w in vocab if fine[index[w]] == c3][:12]
            print(f"  {probe}: {' '.join(same)}", file=sys.stderr)


if __name__ == "__main__":
    main()
