#!/usr/bin/env python3
"""enrich.readability: readability formulas for galley, speaking galley's plugin protocol v1 (docs/plugin-protocol.md).

Standard library only. Reads one JSON request per line on stdin, writes one JSON response per line on stdout.
"""
import json
import math
import re
import sys

STAGE = "enrich.readability"
FORMULAS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog", "coleman_liau", "automated_readability")

WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019\-][A-Za-z\u00C0-\u024F]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"[.!?]+[\"'\u201D\u2019)\]]*(?=\s|$)")
VOWELS = re.compile(r"[aeiouy]+")


def syllables(word):
    """Heuristic English syllable count: vowel groups, minus a silent final e, at least one."""
    w = word.lower()
    if w[0].isdigit():
        return max(1, len(w) // 2)
    w = re.sub(r"[^a-z]", "", w)
    if not w:
        return 1
    count = len(VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def sentences(text):
    """(start, end) of each sentence: paragraphs split at blank lines, then at sentence-ending punctuation."""
    spans = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        if para.strip() and not para.startswith("\n"):
            start = pos
            for m in SENTENCE_END.finditer(para):
                chunk = para[start - pos:m.end()]
                if chunk.strip():
                    lead = len(chunk) - len(chunk.lstrip())
                    spans.append((start + lead, pos + m.end()))
                start = pos + m.end()
            tail = para[start - pos:]
            if tail.strip():
                lead = len(tail) - len(tail.lstrip())
                spans.append((start + lead, pos + len(para.rstrip())))
        pos += len(para)
    return spans


def analyse(text, params):
    spans = sentences(text)
    words = WORD.findall(text)
    n_words = len(words)
    n_sentences = max(1, len(spans))
    result = {"words": n_words, "sentences": len(spans)}
    if n_words == 0:
        return result, []
    syl = [syllables(w) for w in words]
    n_syllables = sum(syl)
    complex_words = sum(1 for s in syl if s >= 3)
    letters = sum(sum(1 for c in w if c.isalnum()) for w in words)
    wps = n_words / n_sentences
    spw = n_syllables / n_words
    result["syllables"] = n_syllables
    result["complex_words"] = complex_words
    scores = {
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100.0 * complex_words / n_words),
        "smog": 1.0430 * math.sqrt(complex_words * 30.0 / n_sentences) + 3.1291,
        "coleman_liau": 0.0588 * (letters * 100.0 / n_words) - 0.296 * (n_sentences * 100.0 / n_words) - 15.8,
        "automated_readability": 4.71 * letters / n_words + 0.5 * wps - 21.43,
    }
    for name in params.get("formulas") or FORMULAS:
        if name not in scores:
            raise ValueError("unknown formula '%s' (known: %s)" % (name, ", ".join(FORMULAS)))
        result[name] = round(scores[name], 2)
    annotations = []
    limit = params.get("long_sentence_words", 40)
    if limit and limit > 0:
        for start, end in spans:
            count = len(WORD.findall(text, start, end))
            if count >= limit:
                annotations.append({"kind": "long_sentences", "start": start, "end": end, "words": count})
    return result, annotations


def main():
    out = sys.stdout
    for line in sys.stdin:
        msg = json.loads(line)
        if msg.get("type") == "hello":
            out.write(json.dumps({"type": "hello", "protocol": 1, "name": "readability", "stages": [STAGE]}) + "\n")
            out.flush()
            continue
        try:
            params = msg.get("params") or {}
            fields, annotations = analyse(msg["document"].get("text", ""), params)
            reply = {"id": msg["id"], "fields": {params.get("field", "readability"): fields}, "annotations": annotations}
        except Exception as e:  # the document fails, the plugin goes on
            reply = {"id": msg["id"], "error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    print("readability: ready (python %d.%d)" % sys.version_info[:2], file=sys.stderr, flush=True)
    main()
