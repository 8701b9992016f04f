/// Finds whole-word terms (single words or phrases) by hashing the text's tokens and looking token sequences up in one
/// open-addressing table — a word-level Aho–Corasick equivalent that touches each byte once and each token a few times.
///
/// Tokens are runs of letters and digits (non-ASCII letters included), and single punctuation characters; whitespace
/// separates tokens, so a term matches whatever whitespace separates its words in the text. Leftmost-longest,
/// non-overlapping; case folding (when asked) is ASCII-only.
struct WordSequenceMatcher: Sendable {
    /// One match: the term, and its byte range.
    struct Match: Sendable {
        var term: Int
        var start: Int
        var end: Int
    }

    private var keys: [UInt64]
    /// For each slot: bit 31 = some term continues past this sequence; bits 0–30 = term index + 1 (0: none).
    private var entries: [UInt32]
    private let mask: Int
    private let foldCase: Bool
    /// Longest term, in tokens.
    private let longest: Int

    /// Compiles terms (given with their indices) once.
    init(terms: [(index: Int, text: String)], foldCase: Bool) {
        self.foldCase = foldCase
        var sequences: [(Int, [UInt64])] = []
        var maxTokens = 0
        for (index, text) in terms {
            let bytes = Array(text.utf8)
            let hashes = Self.tokens(bytes, foldCase: foldCase).map(\.hash)
            guard !hashes.isEmpty else { continue }
            maxTokens = max(maxTokens, hashes.count)
            sequences.append((index, hashes))
        }
        longest = maxTokens
        var capacity = 16
        while capacity < sequences.reduce(0, { $0 + $1.1.count }) * 2 { capacity <<= 1 }
        mask = capacity - 1
        keys = [UInt64](repeating: 0, count: capacity)
        entries = [UInt32](repeating: 0, count: capacity)
        for (index, hashes) in sequences {
            var key = Self.seed
            for (n, h) in hashes.enumerated() {
                key = Self.extend(key, h)
                let slot = slotFor(key)
                keys[slot] = key
                if n < hashes.count - 1 {
                    entries[slot] |= 0x8000_0000
                } else if entries[slot] & 0x7FFF_FFFF == 0 {
                    entries[slot] |= UInt32(index + 1)
                }
            }
        }
    }

    private static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) private static func extend(_ key: UInt64, _ token: UInt64) -> UInt64 {
        var h = (key ^ token) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return h == 0 ? 1 : h
    }

    /// The slot holding `key`, or the empty slot where it belongs.
    @inline(__always) private func slotFor(_ key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    @inline(__always) private func lookup(_ key: UInt64) -> UInt32? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[slot]
            if k == key { return entries[slot] }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// A token's byte range and hash.
    struct Token {
        var start: Int32
        var end: Int32
        var hash: UInt64
    }

    /// Splits bytes into word and punctuation tokens with FNV-1a hashes (ASCII-folded when asked).
    static func tokens(_ bytes: [UInt8], foldCase: Bool) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(bytes.count / 5)
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0x0C || c == 0x0B { i += 1; continue }
                let start = i
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                if let width = punctuationWidth(b, i) {
                    if width == 2 && c == 0xC2 && b[i + 1] == 0xA0 { i += 2; continue }   // no-break space
                    for k in i..<(i + width) { h = (h ^ UInt64(b[k])) &* 0x100_0000_01b3 }
                    i += width
                } else {
                    while i < n, punctuationWidth(b, i) == nil {
                        let d = b[i]
                        if d == 0x20 || d == 0x0A || d == 0x0D || d == 0x09 || d == 0x0C || d == 0x0B { break }
                        let f = foldCase && d >= 0x41 && d <= 0x5A ? d | 0x20 : d
                        h = (h ^ UInt64(f)) &* 0x100_0000_01b3
                        i += 1
                    }
                }
                out.append(Token(start: Int32(start), end: Int32(i), hash: h))
            }
        }
        return out
    }

    /// The byte width of the punctuation character at `i`, or nil when it is part of a word (letters, digits,
    /// non-ASCII letters) — ASCII punctuation, U+0080–U+00BF and U+2000–U+206F are punctuation.
    @inline(__always) static func punctuationWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let c = b[i]
        if c < 0x80 {
            let lower = c | 0x20
            if (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) { return nil }
            return 1
        }
        if c == 0xC2, i + 1 < b.count, b[i + 1] >= 0x80, b[i + 1] <= 0xBF { return 2 }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80 || b[i + 1] == 0x81 { return 3 }
        return nil
    }

    /// Leftmost-longest non-overlapping matches over tokens made by `tokens(_:foldCase:)` with this matcher's folding.
    func matches(_ tokens: [Token]) -> [Match] {
        var result: [Match] = []
        var i = 0
        let n = tokens.count
        while i < n {
            var key = Self.seed
            var best: (term: Int, end: Int)?
            var j = i
            while j < n && j - i < longest {
                key = Self.extend(key, tokens[j].hash)
                guard let entry = lookup(key) else { break }
                let term = Int(entry & 0x7FFF_FFFF)
                if term > 0 { best = (term - 1, j + 1) }
                if entry & 0x8000_0000 == 0 { break }
                j += 1
            }
            if let best {
                result.append(Match(term: best.term, start: Int(tokens[i].start), end: Int(tokens[best.end - 1].end)))
                i = best.end
            } else {
                i += 1
            }
        }
        return result
    }
}
