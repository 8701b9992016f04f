#!/usr/bin/env python3
"""bench_html.py: the Python half of scripts/bench-html.sh (main text and metadata of web pages).

  bench_html.py trafilatura CORPUS OUT.jsonl STATS.json
      Runs trafilatura.bare_extraction over CORPUS/pages/*.html[.gz] (one process; the caller pins it to a core)
      and writes one JSON line per page (file, text, title, author, date, error). STATS.json gets the time of the
      extraction loop (reading, gunzip and extraction of every page; imports excluded) and the process's peak RSS.

  bench_html.py score CORPUS --system NAME RESULTS.jsonl STATS.json [--system ...] [--diagnostics PATH]
      [--failures GALLEY_STDERR]
      Scores each system's RESULTS against CORPUS/expectations.json and prints one table. RESULTS is either
      the JSONL written above or galley's output.jsonl (matched to expectations by the basename of source.path).
      A page missing from RESULTS (galley: no article, the document failed) counts as empty text.
      --diagnostics writes, for the first system, every missed `with` snippet, every present `without` snippet
      and every title/author/date mismatch, page by page. --failures reads galley's `failed: PATH: STAGE: REASON`
      lines so that the diagnostics say why a page has no output.

Scoring (the same for every system), over the pages of expectations.json that exist in CORPUS/pages:
  text     whitespace collapsed (runs of whitespace -> one space, trimmed); a `with` snippet (collapsed the same
           way) is found if it is a substring, a `without` snippet is absent if it is not. Shares are over all
           snippets of all pages.
  title    equal after whitespace collapse;               n = pages whose expected title is non-empty
  author   equal after whitespace collapse and casefold;  n = pages whose expected author is non-empty
  date     first 10 characters equal the expected date;   n = pages whose expected date is non-empty
Standard library only, except the trafilatura command.
"""
import argparse
import gzip
import json
import os
import sys

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def collapse(s):
    return " ".join(str(s or "").split())


def as_text(v):
    """A field as one string: lists (several authors) joined with '; ', as trafilatura does."""
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(as_text(x) for x in v if x)
    return str(v)


def load_expectations(corpus):
    with open(os.path.join(corpus, "expectations.json"), encoding="utf-8") as f:
        by_url = json.load(f)
    pages = set(os.listdir(os.path.join(corpus, "pages")))
    exp = {}
    for url, e in by_url.items():
        if e.get("file") in pages:
            exp[e["file"]] = dict(e, url=e.get("url") or url)
    return exp


# ---------------------------------------------------------------------------------------------- trafilatura

def run_trafilatura(corpus, out_path, stats_path):
    import logging
    import resource
    import time
    import trafilatura

    logging.disable(logging.WARNING)  # trafilatura/htmldate/courlan log per-page warnings to stderr
    exp = load_expectations(corpus)
    pages_dir = os.path.join(corpus, "pages")
    files = sorted(f for f in os.listdir(pages_dir) if f.endswith(PAGE_SUFFIXES))
    results = []
    start = time.perf_counter()
    for name in files:
        with open(os.path.join(pages_dir, name), "rb") as f:
            data = f.read()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        row = {"file": name, "text": "", "title": "", "author": "", "date": "", "error": None}
        try:
            doc = trafilatura.bare_extraction(data, with_metadata=True, url=exp.get(name, {}).get("url"))
        except Exception as e:  # one bad page must not stop the benchmark
            doc, row["error"] = None, f"{type(e).__name__}: {e}"
        if doc is not None:
            d = doc if isinstance(doc, dict) else doc.as_dict()
            for k in ("text", "title", "author", "date"):
                row[k] = as_text(d.get(k))
        results.append(row)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    with open(out_path, "w", encoding="utf-8") as f:
        for row in results:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    stats = {"label": f"trafilatura {trafilatura.__version__}", "pages": len(files), "seconds": seconds,
             "peak_rss_kb": peak_kb, "timing": "extraction loop, imports excluded"}
    with open(stats_path, "w") as f:
        json.dump(stats, f)
    print(f"trafilatura {trafilatura.__version__}: {len(files)} pages in {seconds:.2f} s, "
          f"peak RSS {peak_kb / 1024:.1f} MB", flush=True)


# ---------------------------------------------------------------------------------------------- scoring

def read_results(path, exp):
    """file name -> {text, title, author, date} from trafilatura's rows or galley's output.jsonl."""
    got = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if "source" in r:  # galley
                name = os.path.basename((r.get("source") or {}).get("path", ""))
                if name not in exp and name + ".gz" in exp:
                    name += ".gz"
                date = r.get("published", r.get("date"))
            else:
                name, date = r.get("file", ""), r.get("date")
            got[name] = {"text": as_text(r.get("text")), "title": as_text(r.get("title")),
                         "author": as_text(r.get("author")), "date": as_text(date)}
    return got


def score_page(e, g):
    """Per-page outcome: missed `with`, present `without`, and (expected, got) for each mismatched field."""
    text = collapse(g["text"]) if g else ""
    with_snips = [collapse(s) for s in e.get("with") or [] if collapse(s)]
    without_snips = [collapse(s) for s in e.get("without") or [] if collapse(s)]
    r = {"with_n": len(with_snips), "without_n": len(without_snips),
         "missed": [s for s in with_snips if s not in text],
         "present": [s for s in without_snips if s in text],
         "has_text": bool(text), "fields": {}}
    checks = {
        "title": lambda x: collapse(x),
        "author": lambda x: collapse(x).casefold(),
        "date": lambda x: collapse(x)[:10],
    }
    for field, norm in checks.items():
        want = collapse(e.get(field))
        if not want:
            continue
        have = g[field] if g else ""
        r["fields"][field] = (norm(want) == norm(have), want, collapse(have))
    return r


def score_system(exp, got):
    pages = {name: score_page(e, got.get(name)) for name, e in exp.items()}
    s = {"pages": pages, "n": len(pages), "with_n": 0, "with_found": 0, "without_n": 0, "without_absent": 0,
         "has_text": sum(p["has_text"] for p in pages.values())}
    for p in pages.values():
        s["with_n"] += p["with_n"]
        s["with_found"] += p["with_n"] - len(p["missed"])
        s["without_n"] += p["without_n"]
        s["without_absent"] += p["without_n"] - len(p["present"])
    for field in ("title", "author", "date"):
        outcomes = [p["fields"][field][0] for p in pages.values() if field in p["fields"]]
        s[field] = (sum(outcomes), len(outcomes))
    return s


def share(k, n):
    return f"{100 * k / n:5.1f}% ({k}/{n})" if n else "n/a"


def print_table(corpus, systems):
    names = [label for label, _, _ in systems]
    width = max(24, *(len(n) + 2 for n in names))
    rows = [("pages with text", lambda s, st: share(s["has_text"], s["n"])),
            ("with snippets found", lambda s, st: share(s["with_found"], s["with_n"])),
            ("without snippets absent", lambda s, st: share(s["without_absent"], s["without_n"])),
            ("title exact", lambda s, st: share(*s["title"])),
            ("author exact", lambda s, st: share(*s["author"])),
            ("date exact", lambda s, st: share(*s["date"])),
            ("pages/s (one core)", lambda s, st: f"{st['pages'] / max(st['seconds'], 1e-9):.1f}"),
            ("seconds", lambda s, st: f"{st['seconds']:.2f}"),
            ("peak RSS MB", lambda s, st: f"{st['peak_rss_kb'] / 1024:.1f}")]
    n = systems[0][1]["n"]
    print(f"\nweb pages: {corpus} ({n} pages with expectations)")
    print(f"{'':26}" + "".join(f"{label:>{width}}" for label in names))
    for title, cell in rows:
        print(f"{title:26}" + "".join(f"{cell(s, st):>{width}}" for _, s, st in systems))
    for label, _, st in systems:
        print(f"  {label}: time = {st.get('timing', '')}")
    by = {label: st for label, _, st in systems}
    g = next((st for label, st in by.items() if label.startswith("galley")), None)
    t = next((st for label, st in by.items() if label.startswith("trafilatura")), None)
    if g and t:
        ratio = (g["pages"] / g["seconds"]) / (t["pages"] / t["seconds"])
        print(f"speed galley/trafilatura: {ratio:.2f}x (pages/s on one core)")


def read_failures(path):
    """path basename -> 'STAGE: REASON' from galley's `failed: PATH: STAGE: REASON` stderr lines."""
    reasons = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("failed: "):
                    rest = line[len("failed: "):].rstrip("\n")
                    # PATH may contain ': ' itself; the stage id never does, so split at the first ': <known>'.
                    for marker in (": ingest.files: ", ": extract.html: ", ": write: "):
                        if marker in rest:
                            p, why = rest.split(marker, 1)
                            reasons[os.path.basename(p)] = marker[2:] + why
                            break
                    else:
                        p, _, why = rest.partition(": ")
                        reasons[os.path.basename(p)] = why
    return reasons


def write_diagnostics(path, corpus, exp, label, s, reference, failures):
    """Per page: what the system missed, what it let in, which metadata it got wrong; [ref] = reference got it."""
    ref_label, ref = reference if reference else (None, None)
    def ref_mark(ok):
        return f"   [{ref_label}: ok]" if ref and ok else ""
    bad = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {label} on {corpus}: per page, missed `with` snippets, present `without` snippets, and\n"
                f"# title/author/date mismatches (expected vs got); pages with nothing wrong are left out.\n")
        if ref:
            f.write(f"# [{ref_label}: ok] = {ref_label} gets this one right.\n")
        for name in sorted(exp):
            p = s["pages"][name]
            rp = ref["pages"][name] if ref else None
            wrong = {k: v for k, v in p["fields"].items() if not v[0]}
            if not (p["missed"] or p["present"] or wrong or not p["has_text"]):
                continue
            bad += 1
            f.write(f"\n== {name}  {exp[name].get('url', '')}\n")
            if not p["has_text"]:
                why = failures.get(name)
                f.write(f"  no text{': ' + why if why else ''}\n")
            for snip in p["missed"]:
                f.write(f"  missed with:     {json.dumps(snip, ensure_ascii=False)}"
                        f"{ref_mark(rp and snip not in rp['missed'])}\n")
            for snip in p["present"]:
                f.write(f"  present without: {json.dumps(snip, ensure_ascii=False)}"
                        f"{ref_mark(rp and snip not in rp['present'])}\n")
            for field, (_, want, have) in wrong.items():
                f.write(f"  {field + ':':8} expected {json.dumps(want, ensure_ascii=False)}, "
                        f"got {json.dumps(have, ensure_ascii=False)}"
                        f"{ref_mark(rp and rp['fields'][field][0])}\n")
        f.write(f"\n# {bad} of {len(exp)} pages listed\n")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("trafilatura")
    t.add_argument("corpus"); t.add_argument("out"); t.add_argument("stats")
    sc = sub.add_parser("score")
    sc.add_argument("corpus")
    sc.add_argument("--system", nargs=3, action="append", required=True, metavar=("NAME", "RESULTS", "STATS"))
    sc.add_argument("--diagnostics")
    sc.add_argument("--failures")
    a = ap.parse_args()
    if a.command == "trafilatura":
        run_trafilatura(a.corpus, a.out, a.stats)
        return
    exp = load_expectations(a.corpus)
    systems = []
    for name, results, stats_path in a.system:
        with open(stats_path) as f:
            stats = json.load(f)
        systems.append((stats.get("label", name), score_system(exp, read_results(results, exp)), stats))
    print_table(a.corpus, systems)
    if a.diagnostics:
        label, s, _ = systems[0]
        reference = (systems[1][0], systems[1][1]) if len(systems) > 1 else None
        bad = write_diagnostics(a.diagnostics, a.corpus, exp, label, s, reference, read_failures(a.failures))
        print(f"diagnostics ({label}, {bad} pages with something wrong): {a.diagnostics}")


if __name__ == "__main__":
    main()
