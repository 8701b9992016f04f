#!/usr/bin/env python3
"""make_warc.py: a WARC file of web pages, as Common Crawl writes them (one gzip member per record).

Usage: scripts/make_warc.py PAGES_DIR OUT.warc.gz [COPIES]
  PAGES_DIR  folder of *.html / *.html.gz pages (e.g. ../shared/corpora/html-dev/pages); the URL of each comes from
             PAGES_DIR/../expectations.json when it names the file, else https://pages.invalid/NAME.
  COPIES     how many times the pages are written (each copy a new record id and URL), default 1.
Each page becomes a request record and a response record (HTTP/1.1 200, Content-Type text/html, the page's bytes);
a warcinfo record comes first. Prints: records, pages, payload bytes.
"""
import gzip, json, os, sys, uuid

def member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)

def record(kind: str, uri: str, block: bytes, content_type: str, date: str = "2024-05-01T10:00:00Z") -> bytes:
    # Record ids derived from the kind and URL, so that the same pages give the same file (and document ids).
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind} {uri}")
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{rid}>\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"

def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    pages_dir, out = sys.argv[1], sys.argv[2]
    copies = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    urls = {}
    expectations = os.path.join(pages_dir, "..", "expectations.json")
    if os.path.exists(expectations):
        for url, e in json.load(open(expectations, encoding="utf-8")).items():
            urls[e.get("file", "")] = url
    names = sorted(n for n in os.listdir(pages_dir) if n.endswith((".html", ".htm", ".html.gz", ".htm.gz")))
    records = pages = payload = 0
    with open(out, "wb") as f:
        f.write(member(record("warcinfo", "", b"software: galley scripts/make_warc.py\r\n", "application/warc-fields")))
        records += 1
        for copy in range(copies):
            for name in names:
                raw = open(os.path.join(pages_dir, name), "rb").read()
                page = gzip.decompress(raw) if name.endswith(".gz") else raw
                url = urls.get(name, "https://pages.invalid/" + name)
                if copy:
                    url += ("&" if "?" in url else "?") + f"copy={copy}"
                host = url.split("/")[2] if "://" in url else "pages.invalid"
                request = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
                response = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" +
                            f"Content-Length: {len(page)}\r\n\r\n".encode() + page)
                f.write(member(record("request", url, request, "application/http; msgtype=request")))
                f.write(member(record("response", url, response, "application/http; msgtype=response")))
                records += 2
                pages += 1
                payload += len(page)
    print(f"{records} records, {pages} pages, {payload} payload bytes")

if __name__ == "__main__":
    main()
