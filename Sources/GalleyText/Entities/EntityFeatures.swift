/// The features of the tokens of one context (a sentence or line, see `EntityRecognizer.contexts`). Word keys,
/// shapes and what the lexicon knows of a word are computed when a token or its neighbour is scored — most tokens
/// are not (see `cannotStartName`) — and kept for the neighbours.
package struct EntityFeatures {
    let tokens: [Token]
    let range: Range<Int>
    let bytes: [UInt8]
    let lexicon: EntityLexicon
    /// The types given earlier in the document to names holding a word (bit per type), by word key.
    let memory: [UInt64: UInt8]
    /// Whether the context is written in capitals (a headline): case then tells nothing.
    let capitals: Bool
    /// Word keys, shapes, classes and lists (`EntityLexicon`) of the context's tokens with two sentinel positions on
    /// each side; key 0 = not yet computed.
    private var keys: [UInt64], shapes: [UInt64], classes: [UInt32], names: [UInt32]
    private static let sentinel: UInt64 = 0x5EED

    /// Features per token that do not depend on the tags before it.
    package static let staticCount = 36

    package init(tokens: [Token], range: Range<Int>, bytes: [UInt8], lexicon: EntityLexicon, memory: [UInt64: UInt8] = [:]) {
        self.tokens = tokens
        self.range = range
        self.bytes = bytes
        self.lexicon = lexicon
        self.memory = memory
        keys = [UInt64](repeating: 0, count: range.count + 4)
        shapes = keys
        classes = [UInt32](repeating: 0, count: range.count + 4)
        names = classes
        for i in [0, 1, range.count + 2, range.count + 3] { keys[i] = Self.sentinel; shapes[i] = Self.sentinel }
        var capitalWords = 0, otherWords = 0
        for t in tokens[range] where t.kind == .word {
            if t.flags.contains(.allCaps) { capitalWords += 1 } else if t.length > 1 { otherWords += 1 }
        }
        capitals = capitalWords >= 2 && otherWords == 0
    }

    /// Computes the key, shape, classes and lists of position `p` (token `p - 2` of the context) if not done yet.
    @inline(__always) private mutating func fill(_ p: Int) {
        guard keys[p] == 0 else { return }
        let t = tokens[range.lowerBound + p - 2], s = Int(t.start)
        bytes.withUnsafeBufferPointer { b in
            // "Korea's" and "Korea’s" are one token here but two in CoNLL ("Korea 's"): the stem stands for both.
            let e = s + Self.stemLength(b, s, Int(t.end))
            let key = e == Int(t.end) ? t.key : Self.key(b, s, e)
            (classes[p], names[p]) = lexicon.lookup(key)
            keys[p] = key | 1
            shapes[p] = Self.shape(b, s, e) | 1
        }
    }

    /// The word key of token `j` of the context as the features and the document's memory take it.
    package mutating func wordKey(_ j: Int) -> UInt64 {
        fill(j + 2)
        return keys[j + 2]
    }

    /// The static feature hashes of token `j` (index in the context), then its word and shape hashes.
    package mutating func hashes(_ j: Int, into out: inout [UInt64]) {
        let p = j + 2
        for q in (p - 2)...(p + 2) { fill(q) }
        let t = tokens[range.lowerBound + j], s = Int(t.start), e = Int(t.end), len = e - s
        let w = keys[p], shape = shapes[p]
        let (prefix, suffix3, suffix2, suffix4, prefix4) = bytes.withUnsafeBufferPointer { b in
            (Self.key(b, s, s + min(3, len)), Self.key(b, e - min(3, len), e), Self.key(b, e - min(2, len), e),
             Self.key(b, e - min(4, len), e), Self.key(b, s, s + min(4, len)))
        }
        let c = UInt64(classes[p]), coarse = c & 0xFF, middle = (c >> 8) & 0x3FF, fine = c >> 18
        let middleBefore = UInt64(classes[p - 1] >> 8) & 0x3FF, middleAfter = UInt64(classes[p + 1] >> 8) & 0x3FF
        let listed = UInt64(names[p]), caps: UInt64 = capitals ? 1 : 0
        let remembered = memory.isEmpty ? 0 : UInt64(memory[w] ?? 0)
        let values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
            0,  // bias
            w,
            shape,
            prefix,
            suffix3,
            suffix2,
            keys[p - 1],  // previous word
            keys[p + 1],  // next word
            keys[p - 2] &* 31 &+ keys[p - 1],  // two words before
            keys[p + 1] &* 31 &+ keys[p + 2],  // two words after
            shapes[p - 1] &* 31 &+ shape,
            shape &* 31 &+ shapes[p + 1],
            keys[p - 1] &* 31 &+ w,
            w &* 31 &+ keys[p + 1],
            UInt64(t.flags.rawValue) &* 8 &+ UInt64(t.kind.rawValue),
            UInt64(j == 0 ? 2 : 0) &+ UInt64(t.flags.contains(.capitalized) ? 1 : 0),  // sentence start
            shapes[p - 1] &* 31 &+ w,
            UInt64(min(len, 12)),
            suffix4,
            prefix4,
            (shapes[p - 1] &* 31 &+ shape) &* 31 &+ shapes[p + 1],
            w &* 31 &+ shapes[p + 1],
            // Word classes: the word's three, its neighbours' middle ones.
            fine,
            middle,
            coarse,
            middleBefore,
            middleAfter,
            middleBefore &* 1031 &+ middle,
            shape &* 1031 &+ middle,
            // Name lists: the facts', the training data's, the neighbours'.
            listed & 0xFFF,
            listed >> 12,
            UInt64(names[p - 1]),
            UInt64(names[p + 1]),
            // A headline in capitals: the word and its class without its case.
            caps == 0 ? 0 : w,
            caps == 0 ? 0 : (middle &+ 1) &* 4099 &+ (j == 0 ? 1 : 0),
            // The types the word's names had earlier in the document.
            remembered &* 4 &+ UInt64(j == 0 ? 2 : 0) &+ UInt64(t.flags.contains(.capitalized) ? 1 : 0))
        withUnsafeBytes(of: values) { raw in
            for k in 0..<Self.staticCount { out[k] = Self.mix(UInt64(k + 1), raw.load(fromByteOffset: k * 8, as: UInt64.self)) }
        }
    }

    /// Hash of template `t` with value `v`.
    @inline(__always) package static func mix(_ t: UInt64, _ v: UInt64) -> UInt64 {
        var h = (v ^ (t &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return h &* 0x94D0_49BB_1331_11EB
    }

    /// Word shape: `X` upper, `x` lower (non-ASCII letters too), `d` digit, other bytes as themselves; runs of one
    /// class longer than 3 are cut to 3 (`Xxxx` → `Xxxx`, `Washington` → `Xxxx`… as `Xxxx`).
    static func shape(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = WordKey.seed, last: UInt8 = 0, run = 0
        var i = start
        while i < end {
            let b = bytes[i]
            var c: UInt8
            if b >= 0x41 && b <= 0x5A { c = 88 }  // X
            else if b >= 0x61 && b <= 0x7A { c = 120 }  // x
            else if b >= 0x30 && b <= 0x39 { c = 100 }  // d
            else if b >= 0xC0 { c = 120 }  // a non-ASCII letter, taken as lower case
            else if b >= 0x80 { i += 1; continue }  // continuation byte
            else { c = b }
            if c == last { run += 1 } else { run = 1; last = c }
            if run <= 3 { hash = (hash ^ UInt64(c)) &* WordKey.prime }
            i += 1
        }
        return hash
    }

    /// Length in bytes of a word without a possessive `'s` / `’s` ending (the whole length when it has none).
    @inline(__always) package static func stemLength(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let n = end - start
        guard n > 2, b[end - 1] | 0x20 == 0x73 else { return n }  // s or S
        if b[end - 2] == 0x27 { return n - 2 }  // 's
        if n > 4, b[end - 2] == 0x99, b[end - 3] == 0x80, b[end - 4] == 0xE2 { return n - 4 }  // ’s
        return n
    }

    /// Whether a token can be part of a name: words, numbers, and the `.` of `St. Louis` or `&` of `AT&T`; never
    /// quotation marks, commas, brackets or other symbols, nor a lower-case word other than the few that join
    /// names ("Bank of England", "Ludwig van Beethoven") or that hold a capital (`iPod`).
    @inline(__always) package static func canBeName(_ t: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch t.kind {
        case .number: return true
        case .word:
            guard t.isLowercaseWord, !t.flags.contains(.allCaps) else { return true }
            if connectors.contains(t.key) { return true }
            for i in Int(t.start)..<Int(t.end) where bytes[i] >= 0x41 && bytes[i] <= 0x5A { return true }
            return false
        case .punctuation, .symbol: return t.length == 1 && (bytes[Int(t.start)] == 0x2E || bytes[Int(t.start)] == 0x26)
        default: return false
        }
    }

    /// Lower-case words found inside names.
    static let connectors: Set<UInt64> = Set([
        "of", "de", "del", "della", "der", "den", "des", "van", "von", "la", "le", "les", "du", "da", "di", "dos", "das",
        "al", "el", "bin", "ibn", "y", "e", "and", "the", "for", "upon", "on", "at", "zu", "und", "am", "in",
    ].map(WordKey.of))

    /// Whether a token is tagged `O` without scoring: outside a name, one that cannot start one — punctuation and
    /// symbols, and words starting with a lower-case letter (about two thirds of news text; in CoNLL-2003 names
    /// start with a lower-case word some 0.3% of the time, "de" or "van", so skipping them costs ~0.1 F1).
    @inline(__always) package static func cannotStartName(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.isLowercaseWord && !t.flags.contains(.allCaps)
        case .number: return false
        default: return true
        }
    }

    /// A token's lower-cased word key without a possessive ending, as the lexicon holds words.
    @inline(__always) package static func stemKey(_ t: Token, _ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let s = Int(t.start), e = s + stemLength(b, s, Int(t.end))
        return e == Int(t.end) ? t.key : key(b, s, e)
    }

    /// Lower-cased hash of bytes `start..<end`.
    @inline(__always) package static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = WordKey.seed
        for i in start..<end { hash = WordKey.combine(hash, bytes[i]) }
        return hash
    }

}

