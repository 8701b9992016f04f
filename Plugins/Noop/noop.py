#!/usr/bin/env python3
"""enrich.noop: the smallest galley plugin. Copy it to start a new one (see docs/plugin-protocol.md)."""
import json
import sys

for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("type") == "hello":
        reply = {"type": "hello", "protocol": 1, "stages": ["enrich.noop"]}
    else:
        reply = {"id": msg["id"], "fields": {}, "annotations": []}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
