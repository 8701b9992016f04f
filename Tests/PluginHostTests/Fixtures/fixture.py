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
