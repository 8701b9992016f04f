#!/usr/bin/env python3
"""Misbehaving plugins for the host's tests: `fixture.py MODE [MARKER]` (MARKER only tags the process for the tests)."""
import json
import signal
import sys
import time

mode = sys.argv[1]
STAGE = "enrich.fixture"


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if mode == "slowstart":
    time.sleep(1.0)
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("fixture %s: started" % mode, file=sys.stderr, flush=True)

for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("type") == "hello":
        if mode == "nohello":
            time.sleep(3600)
        if mode == "hellogarbage":
            print("Hello! I am not JSON", flush=True)
            continue
        send({"type": "hello", "protocol": 2 if mode == "version" else 1, "stages": [STAGE]})
        continue
    doc = msg["document"]
    text = doc.get("text", "")
    if "DAEMON" in text:
        # A grandchild in a session of its own, keeping the plugin's stdout open: galley must still end it.
        import subprocess
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)", sys.argv[-1] + "-daemon"], start_new_session=True)
        print("fixture: daemon started", file=sys.stderr, flush=True)
    if "LONG" in text:
        # Hold the request queued behind this one, then answer this one with a line over the host's limit.
        print("fixture: got LONG", file=sys.stderr, flush=True)
        queued = json.loads(sys.stdin.readline())
        send({"id": msg["id"], "fields": {"big": "x" * (2 << 20)}})
        send({"id": queued["id"], "fields": {"queued": True}})
        continue
    if "IDSTRING" in text:
        send({"id": str(msg["id"]), "fields": {"x": 1}})
        continue
    if "SWAP" in text:
        # Answer this request with the id of the one queued behind it (each answer names its document).
        print("fixture: got SWAP", file=sys.stderr, flush=True)
        queued = json.loads(sys.stdin.readline())
        send({"id": queued["id"], "document": doc["id"], "fields": {"swapped": True}})
        send({"id": msg["id"], "document": queued["document"]["id"], "fields": {"swapped": True}})
        continue
    if "PARAGRAPHSFIELD" in text:
        send({"id": msg["id"], "fields": {"paragraphs": 2}})
        continue
    if mode == "alwayscrash":
        print("fixture: cannot go on (%s)" % doc["id"][:8], file=sys.stderr, flush=True)
        sys.exit(7)
    if "CRASH" in text:
        print("fixture: crashing on purpose", file=sys.stderr, flush=True)
        sys.exit(3)
    if "HANG" in text:
        print("fixture: hanging on purpose", file=sys.stderr, flush=True)
        time.sleep(3600)
    if "GARBAGE" in text:
        print("this is not json GARBAGE", flush=True)
    if "BADDOC" in text:
        send({"id": msg["id"], "error": "cannot handle BADDOC documents"})
        continue
    if mode == "outside":
        send({"id": msg["id"], "annotations": [{"kind": "spans", "start": 0, "end": len(text) + 5}]})
        continue
    if mode == "slow":
        time.sleep(0.05)
    first = text.split(" ", 1)[0]
    second_start = len(first) + 1
    second = text[second_start:].split(" ", 1)[0]
    send({"id": msg["id"],
          "fields": {"echo": {"stage": msg["stage"], "params": msg["params"], "scalars": len(text), "doc": doc["id"]}},
          "annotations": [{"kind": "second_word", "start": second_start, "end": second_start + len(second), "text": second}],
          "warnings": ["checked"] if "WARN" in text else []})

if mode == "stubborn":
    time.sleep(3600)
