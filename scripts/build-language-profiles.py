#!/usr/bin/env python3
"""Builds enrich.language's profiles from the translations Debian installs (/usr/share/locale/*/LC_MESSAGES/*.mo).

The text: every translated message (msgstr) of every message catalogue of a language, and for English the
original messages (msgid). Format codes, mnemonics, markup, paths and option names are removed. Of each language's
catalogues about a sixth (chosen by a hash of the catalogue's name, never its only one) is held apart: its messages,
less any that also occur in the profile text, become the evaluation samples (paragraphs of 200+ characters, single
sentences of 40-80 characters) written to Benchmarks/LanguageSamples/samples.tsv. The rest gives frequency counts of
character 1-3-grams over space-padded words and of whole short words; the most frequent of each kept per language,
as quantised negative log probabilities, go into Plugins/EnrichLanguage/Resources/languages.profile.

Only frequency facts leave this script. Run: python3 scripts/build-language-profiles.py [--locale /usr/share/locale]
"""
import argparse, collections, glob, math, os, re, struct, sys, unicodedata, zlib

# ISO 639-1 code -> (locale folders, script)
LANGUAGES = {
    "en": (["*msgid*"], "Latn"), "de": (["de"], "Latn"), "fr": (["fr"], "Latn"), "es": (["es"], "Latn"),
    "it": (["it"], "Latn"), "pt": (["pt", "pt_BR"], "Latn"), "nl": (["nl"], "Latn"), "sv": (["sv"], "Latn"),
    "da": (["da"], "Latn"), "nb": (["nb"], "Latn"), "fi": (["fi"], "Latn"), "pl": (["pl"], "Latn"),
    "cs": (["cs"], "Latn"), "sk": (["sk"], "Latn"), "hu": (["hu"], "Latn"), "ro": (["ro"], "Latn"),
    "hr": (["hr"], "Latn"), "sl": (["sl"], "Latn"), "tr": (["tr"], "Latn"), "id": (["id"], "Latn"),
    "vi": (["vi"], "Latn"), "et": (["et"], "Latn"), "lt": (["lt"], "Latn"), "lv": (["lv"], "Latn"),
    "ca": (["ca"], "Latn"),
    "ru": (["ru"], "Cyrl"), "uk": (["uk"], "Cyrl"), "bg": (["bg"], "Cyrl"), "sr": (["sr"], "Cyrl"),
    "el": (["el"], "Grek"), "ar": (["ar"], "Arab"), "fa": (["fa"], "Arab"), "he": (["he"], "Hebr"),
    "hi": (["hi"], "Deva"), "mr": (["mr"], "Deva"), "th": (["th"], "Thai"), "ko": (["ko"], "Hang"),
    "ja": (["ja"], "Jpan"), "zh": (["zh_CN", "zh_TW"], "Hani"),
}
SCRIPTS = ["Latn", "Cyrl", "Grek", "Arab", "Hebr", "Deva", "Thai", "Hang", "Jpan", "Hani"]
# Catalogues of names and codes rather than prose.
SKIP_DOMAINS = re.compile(r"^(iso_|xkeyboard-config|tzdata|shared-mime-info|gtk20-properties|gsettings-desktop-schemas)")

NGRAMS_PER_LANGUAGE = 4000   # most frequent 1-3-grams kept per language
WORDS_PER_LANGUAGE = 2000    # most frequent whole words (up to MAX_WORD letters) kept per language
MAX_WORD = 10
TRAIN_CHARS = 700_000        # profile text per language, at most
SCALE = 8.0                  # quantisation: q = round(-ln p * SCALE), 0...255
FNV_SEED, FNV_PRIME, MASK = 0xcbf29ce484222325, 0x100000001b3, (1 << 64) - 1
KIND_NGRAM, KIND_WORD = 1, 2


def read_mo(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    e = "<" if magic == 0x950412DE else ">"
    _, n, oo, to = struct.unpack(e + "4I", data[4:20])
    charset = "utf-8"
    for i in range(n):
        l, o = struct.unpack(e + "2I", data[oo + 8 * i:oo + 8 * i + 8])
        if l == 0:
            l, o = struct.unpack(e + "2I", data[to + 8 * i:to + 8 * i + 8])
            m = re.search(rb"charset=([-\w]+)", data[o:o + l])
            if m:
                charset = m.group(1).decode("ascii")
            break
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    for i in range(n):
        l, o = struct.unpack(e + "2I", data[oo + 8 * i:oo + 8 * i + 8])
        mid = data[o:o + l]
        l, o = struct.unpack(e + "2I", data[to + 8 * i:to + 8 * i + 8])
        ms = data[o:o + l]
        if mid:
            yield mid.split(b"\0")[0].decode(charset, "replace"), ms.split(b"\0")[0].decode(charset, "replace")


CLEAN = [
    (re.compile(r"<[^>]{0,80}>"), " "),                      # markup
    (re.compile(r"%(\d+\$)?[-+ #0']*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfgGcsSpnaA%]"), " "),
    (re.compile(r"%\([a-zA-Z_]+\)[sd]|\{[^}]{0,40}\}|\$\{[^}]*\}|\$[A-Za-z_]+"), " "),
    (re.compile(r"(https?://|www\.)\S+|\S+@\S+|\S*[/\\]\S*"), " "),     # URLs, addresses, paths
    (re.compile(r"(^|\s)--?[A-Za-z][\w-]*"), " "),            # command-line options
    (re.compile(r"\\[ntr]|[_&](?=\w)"), " "),                 # escapes, mnemonics
    (re.compile(r"\b[A-Z0-9_]{2,}\b|\b\w*\d\w*\b|\b\w+_\w+\b"), " "),  # identifiers, numbers
    (re.compile(r"\s+"), " "),
]


def clean(s):
    for pattern, repl in CLEAN:
        s = pattern.sub(repl, s)
    return s.strip()


_FOLD = {}


def fold(ch):
    r = _FOLD.get(ch, 0)
    if r == 0:
        r = _FOLD[ch] = _fold(ch)
    return r


def _fold(ch):
    """The letter a scalar counts as (lowercased below U+0600), or None for anything that is not a letter or mark."""
    if unicodedata.category(ch)[0] not in "LM":
        return None
    if ord(ch) < 0x600:
        low = ch.lower()
        if len(low) == 1:
            return low
    return ch


def words_of(text):
    """Runs of letters, folded."""
    out, cur = [], []
    for ch in text:
        f = fold(ch)
        if f is None:
            if cur:
                out.append("".join(cur)); cur = []
        else:
            cur.append(f)
    if cur:
        out.append("".join(cur))
    return out


def key(kind, s):
    h = FNV_SEED ^ kind
    for ch in s:
        h = ((h ^ ord(ch)) * FNV_PRIME) & MASK
    return h


def features(word):
    padded = " " + word + " "
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            g = padded[i:i + n]
            if g != " ":
                yield KIND_NGRAM, g
    if len(word) <= MAX_WORD:
        yield KIND_WORD, word


def script_share(text, script):
    """Share of the letters of a text that belong to the language's script."""
    total = inside = 0
    for ch in text:
        if fold(ch) is None:
            continue
        total += 1
        if script_of(ord(ch)) in (script, "Hani" if script == "Jpan" else script):
            inside += 1
    return inside / total if total else 0


_SCRIPT = {}


def script_of(c):
    r = _SCRIPT.get(c)
    if r is None:
        r = _SCRIPT[c] = _script_of(c)
    return r


def _script_of(c):
    if c < 0x250 or 0x1E00 <= c < 0x1F00: return "Latn"
    if 0x370 <= c < 0x400 or 0x1F00 <= c < 0x2000: return "Grek"
    if 0x400 <= c < 0x530: return "Cyrl"
    if 0x590 <= c < 0x600: return "Hebr"
    if 0x600 <= c < 0x700 or 0x750 <= c < 0x780 or 0xFB50 <= c < 0xFE00 or 0xFE70 <= c < 0xFF00: return "Arab"
    if 0x900 <= c < 0x980: return "Deva"
    if 0xE00 <= c < 0xE80: return "Thai"
    if 0x1100 <= c < 0x1200 or 0x3130 <= c < 0x3190 or 0xAC00 <= c < 0xD7B0: return "Hang"
    if 0x3040 <= c < 0x3100 or 0x31F0 <= c < 0x3200 or 0xFF66 <= c < 0xFFA0: return "Jpan"
    if 0x3400 <= c < 0xA000 or 0xF900 <= c < 0xFB00: return "Hani"
    return "Other"


def catalogues(locale, lang, folders):
    if folders == ["*msgid*"]:
        paths = sorted(glob.glob(os.path.join(locale, "de", "LC_MESSAGES", "*.mo")))
    else:
        paths = sorted(p for f in folders for p in glob.glob(os.path.join(locale, f, "LC_MESSAGES", "*.mo")))
    by_domain = collections.OrderedDict()
    for p in paths:
        domain = os.path.basename(p)[:-3]
        if SKIP_DOMAINS.match(domain):
            continue
        msgs = []
        for mid, ms in read_mo(p):
            s = mid if folders == ["*msgid*"] else ms
            if folders != ["*msgid*"] and (not ms or ms == mid):
                continue
            if len(s) >= 12:
                msgs.append(s)
        if msgs:
            by_domain.setdefault(domain, []).extend(msgs)
    return by_domain


def held_apart(domains):
    """Catalogues in the order of a hash of their names until they hold a sixth of the messages (never all)."""
    names = sorted(domains, key=lambda d: zlib.crc32(d.encode()))
    total = sum(len(m) for m in domains.values())
    held, size = [], 0
    for d in names[:-1]:
        if size >= total / 6:
            break
        held.append(d)
        size += len(domains[d])
    return set(held)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--locale", default="/usr/share/locale")
    ap.add_argument("--profile", default="Plugins/EnrichLanguage/Resources/languages.profile")
    ap.add_argument("--samples", default="Benchmarks/LanguageSamples/samples.tsv")
    ap.add_argument("--stopwords", default="Plugins/EnrichKeywords/Resources/stopwords.txt")
    ap.add_argument("--stopwords-only", action="store_true", help="write only the stop-word lists")
    ap.add_argument("--paragraphs", type=int, default=60)
    ap.add_argument("--sentences", type=int, default=200)
    args = ap.parse_args()

    profiles = {}
    sample_rows = []
    for lang, (folders, script) in LANGUAGES.items():
        domains = catalogues(args.locale, lang, folders)
        if not domains:
            sys.exit(f"no catalogues for {lang} under {args.locale}")
        held = held_apart(domains)
        train_msgs, size = [], 0
        for d, ms in domains.items():
            if d in held:
                continue
            for m in ms:
                if size >= TRAIN_CHARS:
                    break
                m = clean(m)
                if len(m) >= 12:
                    train_msgs.append(m)
                    size += len(m)
        train_set = set(train_msgs)
        ngrams, words, all_words = collections.Counter(), collections.Counter(), collections.Counter()
        for m in train_msgs:
            if script_share(m, script) < 0.6:
                continue
            all_words.update(words_of(m))
        for w, c in all_words.items():
            if len(w) <= MAX_WORD:
                words[w] += c
            if args.stopwords_only:
                continue
            for kind, f in features(w):
                if kind == KIND_NGRAM:
                    ngrams[f] += c
        profiles[lang] = (script, ngrams, words)
        if args.stopwords_only:
            continue

        # Evaluation samples: held-apart messages not in the profile text, mostly in the language's script.
        seen = set()
        evals = []
        for d in sorted(held):
            for m in domains[d][:3000]:
                m = clean(m)
                if len(m) < 12 or m in train_set or m in seen or script_share(m, script) < 0.8:
                    continue
                seen.add(m)
                evals.append(m)
        evals.sort(key=lambda m: zlib.crc32(m.encode()))
        sentences = [m for m in evals if 40 <= len(m) <= 80 and (len(m.split()) >= 4 or script in ("Thai", "Jpan", "Hani"))]
        sentences = sentences[:args.sentences]
        used = set(sentences)
        paragraphs, cur = [], ""
        for m in evals:
            if m in used or len(m) < 20:
                continue
            cur = (cur + " " + m).strip()
            if len(cur) >= 200:
                paragraphs.append(cur[:400]); cur = ""
                if len(paragraphs) >= args.paragraphs:
                    break
        sample_rows += [(lang, "paragraph", p) for p in paragraphs] + [(lang, "sentence", s) for s in sentences]
        print(f"{lang}: {len(train_msgs)} messages from {len(domains) - len(held)} catalogues; held apart "
              f"{', '.join(sorted(held))}: {len(paragraphs)} paragraphs, {len(sentences)} sentences", file=sys.stderr)

    write_stop_words(args.stopwords, profiles)
    if args.stopwords_only:
        return
    write_profile(args.profile, profiles)
    os.makedirs(os.path.dirname(args.samples), exist_ok=True)
    with open(args.samples, "w", encoding="utf-8") as f:
        f.write("language\tkind\ttext\n")
        for lang, kind, text in sample_rows:
            f.write(f"{lang}\t{kind}\t{text.replace(chr(9), ' ')}\n")


# English function words, by hand; the other languages' lists are their most frequent short words.
ENGLISH_STOP_WORDS = """a about above across after afterwards again against all almost alone along already also although always am
among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became because become
becomes becoming been before beforehand behind being below beside besides between beyond both but by can cannot could
did do does doing done down during each either else elsewhere enough etc even ever every everyone everything everywhere
except few first for former formerly from further get gets got had has have having he hence her here hereafter hereby
herein hers herself him himself his how however i if in indeed into is it its itself just last latter least less let
like many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless
next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our
ours ourselves out over own per perhaps please quite rather re really said same say says see seem seemed seeming seems
several she should since so some somehow someone something sometime sometimes somewhere still such than that the their
theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though
through throughout thru thus to together too toward towards under until up upon us very via was we well were what
whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither
who whoever whole whom whose why will with within without would yet you your yours yourself yourselves also told
mr mrs ms dr new year years time times way ways day days week weeks month months lot lots thing things people two three
four five six seven eight nine ten hundred thousand million billion including according
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december today yesterday tomorrow ago percent cent
went goes going gone came come comes make makes made take takes took taken give gives gave given put told asked added called saw seen knew known think thought began begun kept held brought found get gets got become want wanted""".split()

STOP_WORDS_PER_LANGUAGE = 120


def write_stop_words(path, profiles):
    """One line per language: code, a tab, its stop words separated by spaces."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for lang, (script, ngrams, words) in profiles.items():
            if lang == "en":
                chosen = ENGLISH_STOP_WORDS
            else:
                chosen = [w for w, _ in words.most_common(4 * STOP_WORDS_PER_LANGUAGE) if len(w) <= 4][:STOP_WORDS_PER_LANGUAGE]
            f.write(lang + "\t" + " ".join(chosen) + "\n")


def write_profile(path, profiles):
    """GLP1 · u16 languages · per language: 2-byte code, 1-byte script index · u32 features · per feature:
    u64 key, u8 count, count × (u8 language index, u8 q) — sorted by key."""
    langs = list(profiles)
    table = collections.defaultdict(list)
    for li, lang in enumerate(langs):
        script, ngrams, words = profiles[lang]
        for counter, kind, keep in ((ngrams, KIND_NGRAM, NGRAMS_PER_LANGUAGE), (words, KIND_WORD, WORDS_PER_LANGUAGE)):
            total = sum(counter.values())
            for f, c in counter.most_common(keep):
                q = min(255, max(0, round(-math.log(c / total) * SCALE)))
                table[key(kind, f)].append((li, q))
    out = bytearray(b"GLP1")
    out += struct.pack("<H", len(langs))
    for lang in langs:
        out += lang.encode() + struct.pack("<B", SCRIPTS.index(profiles[lang][0]))
    out += struct.pack("<I", len(table))
    for k in sorted(table):
        entries = table[k]
        out += struct.pack("<QB", k, len(entries))
        for li, q in entries:
            out += struct.pack("<BB", li, q)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(out)
    print(f"{path}: {len(langs)} languages, {len(table)} features, {len(out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
