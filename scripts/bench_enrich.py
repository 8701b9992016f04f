#!/usr/bin/env python3
"""Compares galley's enrich.language with lingua-language-detector and langid on the held-apart samples, and
galley's enrich.keywords with yake on a corpus. Run by scripts/bench-enrich.sh (which makes the venv)."""
import collections, json, subprocess, sys, time


def language(bench, samples):
    rows = [l.rstrip("\n").split("\t", 2) for l in open(samples, encoding="utf-8")][1:]
    t0 = time.time()
    galley = subprocess.run([bench, "language", samples], capture_output=True, text=True, check=True).stdout.split("\n")
    galley_s = time.time() - t0
    import langid
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    codes = sorted({r[0] for r in rows})
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*[IsoCode639_1.from_str(c) for c in codes if c != "nb"] +
                                                            [IsoCode639_1.from_str("nb")]).build()
    langid.set_languages([c if c != "nb" else "no" for c in codes])
    results = {"galley": [], "lingua": [], "langid": []}
    times = {"galley": galley_s, "lingua": 0.0, "langid": 0.0}
    for i, (lang, kind, text) in enumerate(rows):
        results["galley"].append(galley[i])
        t0 = time.time()
        r = detector.detect_language_of(text)
        times["lingua"] += time.time() - t0
        results["lingua"].append(r.iso_code_639_1.name.lower() if r else "-")
        t0 = time.time()
        g = langid.classify(text)[0]
        times["langid"] += time.time() - t0
        results["langid"].append("nb" if g == "no" else g)
    print(f"language: {len(rows)} held-apart samples in {len(codes)} languages (paragraphs of 200-400 characters, "
          f"sentences of 40-80), each detector limited to these languages")
    print(f"{'':6} {'galley par':>10} {'sent':>6} {'lingua par':>10} {'sent':>6} {'langid par':>10} {'sent':>6}   (n par/sent)")
    totals = collections.defaultdict(lambda: [0, 0])
    for code in codes:
        line = f"{code:6}"
        for name in ("galley", "lingua", "langid"):
            for kind in ("paragraph", "sentence"):
                idx = [i for i, r in enumerate(rows) if r[0] == code and r[1] == kind]
                ok = sum(results[name][i] == code for i in idx)
                totals[(name, kind)][0] += ok
                totals[(name, kind)][1] += len(idx)
                line += f" {100 * ok / max(1, len(idx)):{10 if kind == 'paragraph' else 6}.1f}"
        n_p = sum(1 for r in rows if r[0] == code and r[1] == "paragraph")
        n_s = sum(1 for r in rows if r[0] == code and r[1] == "sentence")
        print(line + f"   ({n_p}/{n_s})")
    line = f"{'all':6}"
    for name in ("galley", "lingua", "langid"):
        for kind in ("paragraph", "sentence"):
            ok, n = totals[(name, kind)]
            line += f" {100 * ok / max(1, n):{10 if kind == 'paragraph' else 6}.1f}"
    print(line)
    for name in ("galley", "lingua", "langid"):
        print(f"  {name}: {times[name] / len(rows) * 1000:.3f} ms per sample" + (" (including process start and profile load)" if name == "galley" else ""))


def keywords(bench, corpus):
    t0 = time.time()
    proc = subprocess.run([bench, "keywords", corpus], capture_output=True, text=True, check=True)
    docs = [json.loads(l) for l in proc.stdout.splitlines()]
    import yake
    extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
    exact = contained = 0
    n = 0
    t_yake = 0.0
    for d in docs:
        t0 = time.time()
        theirs = [k for k, _ in extractor.extract_keywords(d["text"])]
        t_yake += time.time() - t0
        ours = [k.lower() for k in d["keywords"]]
        theirs = [k.lower() for k in theirs]
        exact += len(set(ours) & set(theirs))
        contained += sum(any(o in t or t in o for t in theirs) for o in ours)
        n += 1
    print(f"keywords on {n} articles of {corpus}: top-10 overlap with yake (n=3): {exact / n:.2f} of 10 the same phrase, "
          f"{contained / n:.2f} of 10 the same or one inside the other")
    print(f"  {proc.stderr.strip()}; yake: {t_yake / n * 1000:.3f} ms/doc")


if __name__ == "__main__":
    mode, bench, path = sys.argv[1:4]
    {"language": language, "keywords": keywords}[mode](bench, path)
