#!/usr/bin/env python3
"""galley_pipe.py: a galley pipeline over a folder of articles, run by PySpark.

    spark-submit --files galley,news.yaml contrib/spark/galley_pipe.py [OPTIONS] INPUT [INPUT ...] OUTPUT

(docs/scale.md has the options, what differs from a plain run, and how to run it on a cluster.)

INPUT is a folder (walked recursively) or a file on any file system Spark reads (local, HDFS, S3 …): text (.txt),
Markdown (.md), JSON (.json), JSON lines (.jsonl), web pages (.html, .htm, .xhtml, .html.gz) and web archives
(.warc, .warc.gz), selected as galley selects them (the `include` globs of the shipped pipelines, hidden names and
corpus documentation such as README.TXT left out). OUTPUT is a folder of JSON-lines part files (or Parquet with
--format parquet), one line per document, each as `galley run PIPELINE INPUT` over the same files would write it:
the same ids, the same `source`, the same fields.

How the work is split (docs/scale.md):
- text files and web pages become one JSON-lines document each ({"id", "source", "text"} or {"id", "source", "html"},
  the id and `source` made as ingest.files makes them from the file), and the lines of JSON-lines files pass through
  (given the id ingest.files would give a line without one): each partition pipes its documents through one
  `galley run PIPELINE -` and reads its output back from stdout;
- Markdown (front matter), JSON files (arrays), web archives, and text or web pages whose bytes are not plain UTF-8
  (UTF-16, Windows-1252, a declared charset, NUL bytes) are given to galley as files: each partition writes them to a
  temporary folder (or, for a .warc/.warc.gz on a local or shared file system, passes its path as it is) and runs one
  `galley run PIPELINE FILE ...` over them; `source.path` is then set back to the path the file was found at.

The galley binary and the pipeline file are shipped to the executors with spark-submit's --files (or passed here as
local paths: the job then ships them with SparkContext.addFile) and found there with SparkFiles.get.
"""

import argparse
import gzip
import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

# The include globs of every pipeline in Pipelines/ (docs/ingest.md).
DEFAULT_INCLUDE = ["**/*.txt", "**/*.md", "**/*.json", "**/*.jsonl", "**/*.html", "**/*.htm", "**/*.xhtml",
                   "**/*.html.gz", "**/*.htm.gz", "**/*.warc", "**/*.warc.gz"]
CORPUS_DOCUMENTATION = {"readme", "license", "licence", "copying", "changelog", "changes", "notice", "authors",
                        "contributing"}
MAX_BYTES = 20_000_000  # ingest.files' default max_bytes: larger files go to galley as files, which fails them

# MARK: ids, paths and formats as ingest.files makes them


def fnv1a64(data, h=0xCBF29CE484222325):
    """FNV-1a 64 over bytes, as StableHash.fnv1a64."""
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def hex16(h):
    return "%016x" % h


def escape_name(raw):
    """A name's bytes as galley prints them in `source.path`: UTF-8 kept, `\\`, `\\n`, `\\t`, `\\r`, other control
    characters and bytes that are not UTF-8 as `\\xHH` (PathText.escape in Plugins/IngestFiles/Walker.swift)."""
    if all(0x20 <= b < 0x7F and b != 0x5C for b in raw):
        return raw.decode("ascii")
    out, i = [], 0
    while i < len(raw):
        b = raw[i]
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif b == 0x0D:
            out.append("\\r")
        elif b < 0x20 or b == 0x7F:
            out.append("\\x%02X" % b)
        elif b < 0x7F:
            out.append(chr(b))
        else:
            n = 4 if b >= 0xF0 else 3 if b >= 0xE0 else 2 if b >= 0xC2 else 0
            try:
                s = raw[i:i + n].decode("utf-8") if n and i + n <= len(raw) else None
            except UnicodeDecodeError:
                s = None
            if s and len(s) == 1 and not 0x80 <= ord(s) <= 0x9F:
                out.append(s)
                i += n
                continue
            out.append("\\x%02X" % b)
        i += 1
    return "".join(out)


def file_format(name):
    """IngestFiles.format(of:): the format a file name gives."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    ext = lower.rsplit(".", 1)[1] if "." in lower.lstrip(".") else ""
    return {"md": "md", "markdown": "md", "json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "html": "html",
            "htm": "html", "xhtml": "html", "warc": "warc"}.get(ext, "txt")


def glob_matches(pattern, path):
    """Glob.matches: `*` within a name, `?` one character, `**/` any number of folders; a pattern without `/` matches
    the file name anywhere."""
    if "/" not in pattern and "/" in path:
        path = path.rsplit("/", 1)[1]
    return _glob(pattern, path)


def _glob(pat, s):
    while pat:
        c = pat[0]
        if c == "*":
            if pat.startswith("**/"):
                rest = pat[3:]
                if _glob(rest, s):
                    return True
                while "/" in s:
                    s = s[s.index("/") + 1:]
                    if _glob(rest, s):
                        return True
                return False
            if pat.startswith("**"):
                return True
            rest = pat[1:]
            while True:
                if _glob(rest, s):
                    return True
                if not s or s[0] == "/":
                    return False
                s = s[1:]
        if not s or (c == "?" and s[0] == "/") or (c != "?" and c != s[0]):
            return False
        pat, s = pat[1:], s[1:]
    return not s


def selected(relative, include, exclude):
    """Whether the walk of a folder reads a file at this relative path (Walker.matchesFile, hidden names and corpus
    documentation): None when it does, else why not."""
    parts = relative.split("/")
    if any(p.startswith(".") for p in parts):
        return "hidden"
    if not any(glob_matches(g, relative) for g in include) or any(glob_matches(g, relative) for g in exclude):
        return "not included"
    literal = {g.split("/")[-1].lower() for g in include if "*" not in g.split("/")[-1] and "?" not in g.split("/")[-1]}
    name = parts[-1]
    if name.split(".", 1)[0].lower() in CORPUS_DOCUMENTATION and name.lower() not in literal:
        return "corpus documentation"
    return None


def sort_key(root_index, relative):
    """The walk's order: roots in the order given, then names by their bytes, folder by folder."""
    return (root_index, tuple(p.encode("utf-8", "surrogateescape") for p in relative.split("/")) if relative else ())


# MARK: documents


def _plain_utf8(data):
    """The text of bytes that ingest.files decodes as clean UTF-8 (BOM stripped), or None."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"\0" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _binary_text(text):
    """TextDecoding's control-character check: more than one byte in 20 a control character."""
    encoded = text.encode("utf-8")
    controls = sum(1 for b in encoded if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return bool(encoded) and controls * 20 > len(encoded)


_CR = re.compile(r"\r(?!\n)")
_UTF8_LABELS = {"utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode"}


def _declared_charset(data):
    """The charset a <meta> in the page's first 16 KB declares (HTMLDecoding.sniff), lower-cased, or None."""
    head = data[:16384].lower()
    i = 0
    while True:
        at = head.find(b"<", i)
        if at < 0:
            return None
        i = at + 1
        if not (at + 5 < len(head) and head[at + 1:at + 5] == b"meta"):
            continue
        end = head.find(b">", at + 5)
        end = len(head) if end < 0 else end
        tag = head[at:end]
        c = tag.find(b"charset")
        if c >= 0:
            j = c + 7
            while j < len(tag) and tag[j] in b" =\"'":
                j += 1
            k = j
            while k < len(tag) and tag[k] not in b"\"'; />":
                k += 1
            if k > j:
                return tag[j:k].decode("utf-8", "replace")
        i = end


def document_line(doc_id, source, key, value):
    """One JSON line for `galley run PIPELINE -`: the id and `source` ingest.files would give the file, and its text."""
    return json.dumps({"id": doc_id, "source": source, key: value}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def file_documents(display, name, data):
    """The JSON lines (bytes) that stand for one text file, web page or JSON-lines file, or None when galley must read
    the file itself (its format or its bytes are not ones this job reproduces exactly)."""
    fmt = file_format(name)
    raw_name = name.encode("utf-8", "surrogateescape")
    if fmt == "jsonl":
        return None if name.lower().endswith(".gz") else list(jsonl_documents(display, raw_name, data))
    if fmt not in ("txt", "html") or len(data) > MAX_BYTES:
        return None
    if name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, ValueError):
            return None
        if len(data) > MAX_BYTES:
            return None
    text = _plain_utf8(data)
    if not data or text is None or _binary_text(text):
        return None
    doc_id = hex16(fnv1a64(data, fnv1a64(raw_name + b"\0")))
    source = {"path": display, "format": fmt, "bytes": len(data), "encoding": "utf-8"}
    if fmt == "txt":
        return [document_line(doc_id, source, "text", _CR.sub("\n", text))]
    declared = _declared_charset(data)
    if declared is not None and declared.strip() not in _UTF8_LABELS:
        return None
    return [document_line(doc_id, source, "html", text)]


def jsonl_documents(display, raw_name, data):
    """The lines of a JSON-lines file, each given the id and `source` ingest.files gives it (lines with an id of their
    own keep it); a line that is not a JSON object passes as it is, for galley to report."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip(b" \t\r"):
            continue
        body = line[3:] if line.startswith(b"\xef\xbb\xbf") else line
        try:
            obj = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            obj = None
        if not isinstance(obj, dict) or len(line) > MAX_BYTES:
            yield line
            continue
        fallback = hex16(fnv1a64(raw_name + b":%d\0" % number + line))
        fmt = "html" if "text" not in obj and "html" in obj else "jsonl"
        source = {"path": "%s:%d" % (display, number), "format": fmt, "bytes": len(line), "encoding": "utf-8"}
        own = obj.get("source")
        prefix = {}
        if not (isinstance(obj.get("id"), str) or (isinstance(obj.get("id"), int) and not isinstance(obj.get("id"), bool))):
            prefix["id"] = fallback
        if isinstance(own, dict):
            # The line's own source wins member by member, as in a plain run; the rest is this file's.
            for k, v in source.items():
                ok = isinstance(own.get(k), int) and not isinstance(own.get(k), bool) if k == "bytes" else isinstance(own.get(k), str)
                if not ok:
                    own[k] = v
            if "id" in prefix:
                obj["id"] = fallback
            yield json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            continue
        if "source" in obj:
            obj["source"] = source
            if "id" in prefix:
                obj["id"] = fallback
            yield json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            continue
        # The line's own bytes, with the id and source put in front of its members.
        prefix["source"] = source
        head = json.dumps(prefix, ensure_ascii=False, separators=(",", ":")).encode("utf-8")[:-1]
        rest = body.lstrip(b" \t\r")[1:].lstrip(b" \t\r")
        yield head + (b"" if rest.startswith(b"}") else b",") + rest


# MARK: running galley on an executor


class Galley:
    """The galley command an executor runs: the shipped binary and pipeline, the options, a scratch folder."""

    def __init__(self, galley, pipeline, options, label):
        from pyspark import SparkFiles
        self.binary = SparkFiles.get(galley)
        if not os.access(self.binary, os.X_OK):
            os.chmod(self.binary, os.stat(self.binary).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        self.pipeline = SparkFiles.get(pipeline)
        self.options = options
        self.label = label
        self.work = tempfile.mkdtemp(prefix="galley-spark-")
        self.env = dict(os.environ, GALLEY_OUT=os.path.join(self.work, "out"), NO_COLOR="1")
        self.failed = 0

    def run(self, inputs, stdin_lines=None, rename=None, describe=None):
        """Runs galley over `inputs` ('-' with `stdin_lines` fed by a thread, as RDD.pipe does) and yields its stdout
        lines; `rename` maps a `source.path` galley prints to the one to write. Exit 0 and 3 (some documents failed,
        each reported on stderr) are a finished run; anything else fails the task."""
        cmd = [self.binary, "run", self.pipeline] + inputs + self.options
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin_lines is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, cwd=self.work)
        errors = []

        def feed():
            try:
                for line in stdin_lines:
                    proc.stdin.write(line + b"\n")
            except BrokenPipeError:
                pass
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        def drain():
            for raw in proc.stderr:
                text = raw.decode("utf-8", "replace").rstrip("\n")
                for printed, shown in (rename or {}).items():
                    text = text.replace(printed, shown)
                if describe:
                    text = describe(text)
                if text.startswith("failed: "):
                    self.failed += 1
                errors.append(text)
                sys.stderr.write("[galley %s] %s\n" % (self.label, text))

        threads = [threading.Thread(target=drain, daemon=True)]
        if stdin_lines is not None:
            threads.append(threading.Thread(target=feed, daemon=True))
        for t in threads:
            t.start()
        for line in proc.stdout:
            line = line.rstrip(b"\n").decode("utf-8")
            yield rewrite_source_path(line, rename) if rename else line
        proc.wait()
        for t in threads:
            t.join()
        if proc.returncode not in (0, 3):
            raise RuntimeError("galley exited with %d: %s\n%s" % (proc.returncode, " ".join(cmd), "\n".join(errors[-20:])))

    def close(self):
        shutil.rmtree(self.work, ignore_errors=True)


_SOURCE_PATH = '"source":{"path":'


def rewrite_source_path(line, rename):
    """The line with `source.path` put back to where the file was found: `rename` maps the path galley was given
    (printed as galley prints it) to that path; a record's `:N` or an array item's `[n]` is kept."""
    at = line.find(_SOURCE_PATH)
    if at < 0:
        return line
    start = at + len(_SOURCE_PATH)
    path, end = json.JSONDecoder().raw_decode(line, start)
    for cut in (len(path), path.rfind(":"), path.rfind("[")):
        if cut > 0 and path[:cut] in rename:
            new = rename[path[:cut]] + path[cut:]
            return line[:start] + json.dumps(new, ensure_ascii=False) + line[end:]
    return line


def run_partition(index, items, settings, counters):
    """One partition: its documents through `galley run PIPELINE -`, then its other files through one
    `galley run PIPELINE FILE ...`; yields the output lines."""
    galley = Galley(settings["galley"], settings["pipeline"], settings["options"], "partition %d" % index)
    try:
        files, rename, lines_from = [], {}, []
        folder = os.path.join(galley.work, "in")

        def documents():
            for display, name, payload in items:
                if isinstance(payload, str):  # a path galley reads where it is
                    files.append(payload)
                    rename[escape_name(payload.encode("utf-8", "surrogateescape"))] = display
                    continue
                lines = file_documents(display, name, payload)
                if lines is None:
                    slot = os.path.join(folder, "%06d" % len(files))
                    os.makedirs(slot)
                    with open(os.path.join(slot, name), "wb") as f:
                        f.write(payload)
                    files.append(os.path.join(slot, name))
                    rename[escape_name(os.path.join(slot, name).encode("utf-8", "surrogateescape"))] = display
                    continue
                for line in lines:
                    lines_from.append(display)
                    yield line

        stream = documents()
        first = next(stream, None)  # galley fails a run on empty stdin: start it only when there is a document
        if first is not None:
            def stdin_path(text):  # 'failed: -:N: …' names the file the line came from
                m = re.match(r"failed: -:(\d+): ", text)
                return "failed: %s: %s" % (lines_from[int(m.group(1)) - 1], text[m.end():]) if m else text
            for line in galley.run(["-"], stdin_lines=itertools.chain([first], stream), describe=stdin_path):
                counters["documents"].add(1)
                yield line
        if files:
            for line in galley.run(files, rename=rename):
                counters["documents"].add(1)
                yield line
        counters["failed"].add(galley.failed)
    finally:
        galley.close()


# MARK: the driver


def binary_files(spark, paths):
    """Spark's binaryFile source over files or folders (recursively): a DataFrame of path, length and content (read
    only when selected). Like every Spark file source it never lists names starting with '.' or '_'."""
    escaped = [re.sub(r"([\\{}\[\]*?])", r"\\\1", p) for p in paths]  # the source reads globs
    return spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(escaped)


def list_inputs(spark, roots, include, exclude):
    """The files to read, listed by Spark (so any file system it reads works), in the walk's order: (uri, path as
    galley would print it, file name, scheme) and what was passed over, by reason."""
    sc = spark.sparkContext
    conf = sc._jsc.hadoopConfiguration()
    found, passed = [], {}
    for r, root in enumerate(roots):
        path = sc._jvm.org.apache.hadoop.fs.Path(root)
        status = path.getFileSystem(conf).getFileStatus(path)
        qualified = status.getPath().toString()
        scheme = status.getPath().toUri().getScheme() or "file"
        if not status.isDirectory():
            found.append((sort_key(r, ""), qualified, root, qualified.rsplit("/", 1)[-1], scheme))
            continue
        for row in binary_files(spark, [root]).select("path").collect():
            uri = row.path
            relative = uri[len(qualified):].lstrip("/")
            why = selected(relative, include, exclude)
            if why is not None:
                passed.setdefault(why, []).append(uri)
                continue
            shown = "/".join(escape_name(p.encode("utf-8", "surrogateescape")) for p in relative.split("/"))
            display = root + shown if root.endswith("/") else root + "/" + shown
            found.append((sort_key(r, relative), uri, display, relative.split("/")[-1], scheme))
    found.sort(key=lambda f: f[0])
    return [f[1:] for f in found], passed


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run a galley pipeline over articles with PySpark.",
                                     epilog="Example: spark-submit --files galley,news.yaml galley_pipe.py "
                                            "--pipeline news.yaml hdfs:///corpus/bbc hdfs:///out/bbc")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="INPUT ... OUTPUT: folders or files to read, then the output folder")
    parser.add_argument("--galley", default="galley",
                        help="the galley binary: a name shipped with --files, or a local path to ship (default: galley)")
    parser.add_argument("--pipeline", default="news.yaml",
                        help="the pipeline YAML: a name shipped with --files, or a local path to ship (default: news.yaml)")
    parser.add_argument("--stdout-stage", default="write", metavar="ID",
                        help="the output.jsonl stage whose path is set to '-' (default: write, as in Pipelines/news.yaml)")
    parser.add_argument("--set", action="append", default=[], metavar="STAGE.PARAM=VALUE", help="passed to galley run")
    parser.add_argument("--jobs", type=int, help="galley's --jobs in each task (default: spark.task.cpus)")
    parser.add_argument("--include", action="append", metavar="GLOB",
                        help="files read from folders (repeatable; default: the include of the shipped pipelines)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--partitions", type=int, help="partitions, one galley run each (default: one a core, at most 5,000 files in one)")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT when it exists")
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one INPUT and the OUTPUT folder")
    roots, output = args.paths[:-1], args.paths[-1]

    from pyspark import SparkFiles, StorageLevel
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("galley_pipe").getOrCreate()
    sc = spark.sparkContext
    shipped = {os.path.basename(f) for f in sc.getConf().get("spark.files", "").split(",") if f}
    names = {}
    for what in ("galley", "pipeline"):
        value = getattr(args, what)
        name = os.path.basename(value)
        if name not in shipped:
            if not os.path.isfile(value):
                parser.error("--%s %s: not shipped with --files and not a local file" % (what, value))
            sc.addFile(os.path.abspath(value))
        names[what] = name
    jobs = args.jobs or int(sc.getConf().get("spark.task.cpus", "1"))
    options = ["--quiet", "--jobs", str(jobs), "--set", "%s.path=-" % args.stdout_stage]
    for s in args.set:
        options += ["--set", s]

    files, passed = list_inputs(spark, roots, args.include or DEFAULT_INCLUDE, args.exclude)
    for why, uris in sorted(passed.items()):
        print("galley_pipe: passed over %d files (%s): %s%s" % (len(uris), why, ", ".join(uris[:3]), " …" if len(uris) > 3 else ""),
              file=sys.stderr)
    if not files:
        sys.exit("galley_pipe: no input: nothing to read in %s" % ", ".join(roots))
    meta = {uri: (display, name) for uri, display, name, _ in files}
    # A web archive on a local or shared file system is read by galley where it is, as it streams; the rest is read by
    # Spark (any file system) and handed over as bytes.
    local_warcs = [f for f in files if file_format(f[2]) == "warc" and f[3] == "file"]
    read = [f for f in files if f not in local_warcs]
    # At least one partition a core, and at most 5,000 files in one (a failed task is retried whole).
    partitions = args.partitions or max(sc.defaultParallelism, -(-len(files) // 5000))
    meta_b = sc.broadcast(meta)
    rdds = []
    if read:
        # The roots as folders when no archive is left to galley (listing thousands of paths is slow), else the files.
        paths = [f[0] for f in read] if local_warcs else roots
        rdds.append(binary_files(spark, paths).select("path", "content").rdd
                    .filter(lambda row: row.path in meta_b.value)
                    .map(lambda row: meta_b.value[row.path] + (bytes(row.content),)))
    if local_warcs:
        rdds.append(sc.parallelize([(d, n, local_path(u)) for u, d, n, _ in local_warcs], min(partitions, len(local_warcs))))
    items = rdds[0] if len(rdds) == 1 else sc.union(rdds)
    if items.getNumPartitions() > partitions:  # a split holds a few files: one galley for several splits
        items = items.coalesce(partitions)
    elif items.getNumPartitions() < partitions:  # or packs small files into too few: spread them
        items = items.repartition(partitions)

    counters = {"documents": sc.accumulator(0), "failed": sc.accumulator(0)}
    settings = {"galley": names["galley"], "pipeline": names["pipeline"], "options": options}
    out = items.mapPartitionsWithIndex(lambda i, it: run_partition(i, it, settings, counters))
    out.persist(StorageLevel.MEMORY_AND_DISK)
    mode = "overwrite" if args.overwrite else "errorifexists"
    if args.format == "parquet":
        spark.read.json(out).write.mode(mode).parquet(output)
    else:
        spark.createDataFrame(out.map(lambda line: (line,)), "value string").write.mode(mode).text(output)
    print("galley_pipe: %d files, %d documents written to %s (%s), %d failed%s" % (
        len(files), counters["documents"].value, output, args.format, counters["failed"].value,
        " (their 'failed:' lines are in the executors' stderr)" if counters["failed"].value else ""), file=sys.stderr)
    out.unpersist()
    return spark


def local_path(uri):
    """A file: URI as a local path."""
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(uri).path)


if __name__ == "__main__":
    main().stop()
