import Foundation

/// A named entity found in a text: a person, place, organisation or other name (CoNLL-2003's four types).
public struct EntityMention: Sendable, Equatable, CustomStringConvertible {
    /// Scalar offsets into the text.
    public var start: Int
    public var end: Int
    /// The entity's words as written.
    public var text: String
    /// `PER`, `LOC`, `ORG` or `MISC`.
    public var label: String

    public init(start: Int, end: Int, text: String, label: String) {
        self.start = start
        self.end = end
        self.text = text
        self.label = label
    }

    public var description: String { "\(label) \(text) [\(start),\(end)]" }
}

/// Tags named entities with an averaged perceptron over hashed token features, decoding each sentence greedily
/// from left to right with BIO tags (each token's features include the tags given to the two before it).
///
/// Features come from the tokenizer's tokens — their bytes, lower-cased keys and flags — so tagging is a byte scan
/// plus a few hundred multiply-adds per token. `EntityTrainer` learns the weights from CoNLL-format data;
/// `galley-ner-train` trains and evaluates a model, and the `extract.entities` stage loads one.
public final class EntityModel: Sendable {
    /// The tags, `O` first; `B-X` at even and `I-X` at odd indices after it.
    public static let tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
    /// The entity types, in tag order.
    public static let types = ["PER", "LOC", "ORG", "MISC"]
    static let tagCount = tags.count

    /// Feature buckets (a power of two); each holds one weight per tag.
    public let buckets: Int
    /// `buckets × tags` weights.
    let weights: [Float]

    init(buckets: Int, weights: [Float]) {
        precondition(buckets > 0 && buckets & (buckets - 1) == 0 && weights.count == buckets * Self.tagCount)
        self.buckets = buckets
        self.weights = weights
    }

    // MARK: File format
    //
    // "GNER" magic, UInt32 version (1), UInt32 bucket count, UInt32 tag count, Float32 scale, then
    // buckets × tags Int16 weights (weight = Int16 × scale), all little-endian.

    static let magic: [UInt8] = Array("GNER".utf8)

    /// Reads a model file.
    public convenience init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EntityModelError("cannot read the entity model '\(path)'")
        }
        try self.init(data: data, name: path)
    }

    /// Reads a model from its bytes.
    public convenience init(data: Data, name: String = "model") throws {
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        guard bytes.count >= 20, Array(bytes[0..<4]) == Self.magic, u32(4) == 1 else {
            throw EntityModelError("'\(name)' is not a galley entity model (version 1)")
        }
        let buckets = Int(u32(8)), tagCount = Int(u32(12)), scale = Float(bitPattern: u32(16))
        guard tagCount == Self.tagCount, buckets > 0, buckets & (buckets - 1) == 0, bytes.count == 20 + buckets * tagCount * 2 else {
            throw EntityModelError("'\(name)' is damaged: its size does not match its header")
        }
        var weights = [Float](repeating: 0, count: buckets * tagCount)
        bytes.withUnsafeBufferPointer { raw in
            for i in 0..<weights.count {
                let lo = UInt16(raw[20 + 2 * i]), hi = UInt16(raw[21 + 2 * i])
                weights[i] = Float(Int16(bitPattern: lo | hi << 8)) * scale
            }
        }
        self.init(buckets: buckets, weights: weights)
    }

    /// The model as bytes (weights quantized to 16 bits).
    public func encoded() -> Data {
        let largest = weights.reduce(0) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / 32767 : 1
        var out = Self.magic
        func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        u32(1); u32(UInt32(buckets)); u32(UInt32(Self.tagCount)); u32(scale.bitPattern)
        out.reserveCapacity(out.count + weights.count * 2)
        for w in weights {
            let q = UInt16(bitPattern: Int16(max(-32767, min(32767, (w / scale).rounded()))))
            out.append(UInt8(q & 0xFF)); out.append(UInt8(q >> 8))
        }
        return Data(out)
    }

    /// The names in a sequence of tag indices: each `B-X` with the `I-X` after it, as token ranges and types.
    public static func names(inTags tags: [Int]) -> [(tokens: Range<Int>, type: Int)] {
        var out: [(tokens: Range<Int>, type: Int)] = []
        var j = 0
        while j < tags.count {
            guard tags[j] != 0 else { j += 1; continue }
            let type = (tags[j] - 1) / 2
            var k = j + 1
            while k < tags.count && tags[k] == 2 * type + 2 { k += 1 }
            out.append((j..<k, type))
            j = k
        }
        return out
    }

    /// Tag scores for one token: the sum of its features' weights.
    @inline(__always)
    func score(_ features: UnsafeBufferPointer<Int>, into scores: inout [Float]) {
        for t in 0..<Self.tagCount { scores[t] = 0 }
        weights.withUnsafeBufferPointer { w in
            for f in features {
                let row = f * Self.tagCount
                for t in 0..<Self.tagCount { scores[t] += w[row + t] }
            }
        }
    }
}

/// A model file that cannot be used.
public struct EntityModelError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The features of the tokens of one sentence. Word keys and shapes are computed when a token or its neighbour is
/// scored — most tokens are not (see `cannotStartName`) — and kept for the neighbours.
struct EntityFeatures {
    let tokens: [Token]
    let range: Range<Int>
    let bytes: [UInt8]
    /// Word keys and shapes of the sentence's tokens with two sentinel positions on each side; 0 = not yet computed.
    private var keys: [UInt64], shapes: [UInt64]
    private static let sentinel: UInt64 = 0x5EED

    /// Features per token that do not depend on the tags before it.
    static let staticCount = 22

    init(tokens: [Token], range: Range<Int>, bytes: [UInt8]) {
        self.tokens = tokens
        self.range = range
        self.bytes = bytes
        keys = [UInt64](repeating: 0, count: range.count + 4)
        shapes = keys
        for i in [0, 1, range.count + 2, range.count + 3] { keys[i] = Self.sentinel; shapes[i] = Self.sentinel }
    }

    /// Computes the key and shape of position `p` (token `p - 2` of the sentence) if not done yet.
    @inline(__always) private mutating func fill(_ p: Int) {
        guard keys[p] == 0 else { return }
        let t = tokens[range.lowerBound + p - 2], s = Int(t.start)
        bytes.withUnsafeBufferPointer { b in
            // "Korea's" and "Korea’s" are one token here but two in CoNLL ("Korea 's"): the stem stands for both.
            let e = s + Self.stemLength(b, s, Int(t.end))
            keys[p] = (e == Int(t.end) ? t.key : Self.key(b, s, e)) | 1
            shapes[p] = Self.shape(b, s, e) | 1
        }
    }

    /// The static feature hashes of token `j` (index in the sentence), then its word and shape hashes.
    mutating func hashes(_ j: Int, into out: inout [UInt64]) {
        let p = j + 2
        for q in (p - 2)...(p + 2) { fill(q) }
        let t = tokens[range.lowerBound + j], s = Int(t.start), e = Int(t.end), len = e - s
        let w = keys[p], shape = shapes[p]
        let (prefix, suffix3, suffix2, suffix4, prefix4) = bytes.withUnsafeBufferPointer { b in
            (Self.key(b, s, s + min(3, len)), Self.key(b, e - min(3, len), e), Self.key(b, e - min(2, len), e),
             Self.key(b, e - min(4, len), e), Self.key(b, s, s + min(4, len)))
        }
        let values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
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
            w &* 31 &+ shapes[p + 1])
        withUnsafeBytes(of: values) { raw in
            for k in 0..<Self.staticCount { out[k] = Self.mix(UInt64(k + 1), raw.load(fromByteOffset: k * 8, as: UInt64.self)) }
        }
    }

    /// Hash of template `t` with value `v`.
    @inline(__always) static func mix(_ t: UInt64, _ v: UInt64) -> UInt64 {
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
    @inline(__always) static func stemLength(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let n = end - start
        guard n > 2, b[end - 1] | 0x20 == 0x73 else { return n }  // s or S
        if b[end - 2] == 0x27 { return n - 2 }  // 's
        if n > 4, b[end - 2] == 0x99, b[end - 3] == 0x80, b[end - 4] == 0xE2 { return n - 4 }  // ’s
        return n
    }

    /// Whether a token can be part of a name: words, numbers, and the `.` of `St. Louis` or `&` of `AT&T`; never
    /// quotation marks, commas, brackets or other symbols, nor a lower-case word other than the few that join
    /// names ("Bank of England", "Ludwig van Beethoven") or that hold a capital (`iPod`).
    @inline(__always) static func canBeName(_ t: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
    @inline(__always) static func cannotStartName(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.isLowercaseWord && !t.flags.contains(.allCaps)
        case .number: return false
        default: return true
        }
    }

    /// Lower-cased hash of bytes `start..<end`.
    @inline(__always) static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = WordKey.seed
        for i in start..<end { hash = WordKey.combine(hash, bytes[i]) }
        return hash
    }

}

/// Greedy BIO decoding shared by tagging and training.
enum EntityDecoder {
    /// Whether tag `t` may follow tag `prev` (`I-X` only after `B-X` or `I-X`).
    @inline(__always) static func allowed(_ t: Int, after prev: Int) -> Bool {
        t == 0 || t % 2 == 1 || prev == t || prev == t - 1
    }

    /// The bucket indices of token `j`'s features given the two tags before it; `scratch` holds
    /// `EntityFeatures.staticCount` hashes.
    @inline(__always)
    static func features(_ fx: inout EntityFeatures, _ j: Int, _ p1: Int, _ p2: Int, mask: Int,
                         scratch: inout [UInt64], into out: inout [Int]) {
        fx.hashes(j, into: &scratch)
        for k in 0..<EntityFeatures.staticCount { out[k] = Int(truncatingIfNeeded: scratch[k]) & mask }
        let n = EntityFeatures.staticCount
        out[n] = Int(truncatingIfNeeded: EntityFeatures.mix(20, UInt64(p1))) & mask
        out[n + 1] = Int(truncatingIfNeeded: EntityFeatures.mix(21, UInt64(p2 * 16 + p1))) & mask
        out[n + 2] = Int(truncatingIfNeeded: EntityFeatures.mix(22, scratch[1] &+ UInt64(p1))) & mask  // tag before + word
        out[n + 3] = Int(truncatingIfNeeded: EntityFeatures.mix(23, scratch[2] &+ UInt64(p1))) & mask  // tag before + shape
    }
    static let featureCount = EntityFeatures.staticCount + 4
}

/// Finds entities in analyzed text with a model.
public struct EntityRecognizer: Sendable {
    public let model: EntityModel

    public init(model: EntityModel) { self.model = model }

    /// Tags for each token of `tokens[range]`.
    func tags(tokens: [Token], range: Range<Int>, bytes: [UInt8]) -> [Int] {
        var fx = EntityFeatures(tokens: tokens, range: range, bytes: bytes)
        var scratch = [UInt64](repeating: 0, count: EntityFeatures.staticCount)
        var tags = [Int](repeating: 0, count: range.count)
        var feats = [Int](repeating: 0, count: EntityDecoder.featureCount)
        var scores = [Float](repeating: 0, count: EntityModel.tagCount)
        let mask = model.buckets - 1
        var p1 = 0, p2 = 0
        for j in 0..<range.count {
            var best = 0
            let token = tokens[range.lowerBound + j]
            if !(p1 == 0 && EntityFeatures.cannotStartName(token)) && bytes.withUnsafeBufferPointer({ EntityFeatures.canBeName(token, $0) }) {
                EntityDecoder.features(&fx, j, p1, p2, mask: mask, scratch: &scratch, into: &feats)
                feats.withUnsafeBufferPointer { model.score($0, into: &scores) }
                var bestScore = -Float.infinity
                for t in 0..<EntityModel.tagCount where EntityDecoder.allowed(t, after: p1) && scores[t] > bestScore {
                    best = t; bestScore = scores[t]
                }
            }
            tags[j] = best
            p2 = p1; p1 = best
        }
        return tags
    }

    /// Tag indices (into `EntityModel.tags`) of a sentence's tokens.
    public func tags(of tokens: [Token], bytes: [UInt8]) -> [Int] { tags(tokens: tokens, range: 0..<tokens.count, bytes: bytes) }

    /// The entities of a text, sentence by sentence.
    public func entities(in analyzed: AnalyzedText) -> [EntityMention] {
        var out: [EntityMention] = [], names: [TaggedName] = []
        for sentence in analyzed.sentenceTokenRanges where !sentence.isEmpty {
            let tags = tags(tokens: analyzed.tokens, range: sentence, bytes: analyzed.bytes)
            for (tokens, type) in EntityModel.names(inTags: tags) {
                let first = sentence.lowerBound + tokens.lowerBound
                var last = sentence.lowerBound + tokens.upperBound - 1
                // A name ends with a word: "Russia" in "… to Russia.", where the sentence's full stop was tagged too.
                while last > first && analyzed.tokens[last].kind != .word && analyzed.tokens[last].kind != .number { last -= 1 }
                let lower = Int(analyzed.tokens[first].start), lastStart = Int(analyzed.tokens[last].start)
                // Without a possessive ending: "North Korea" in "North Korea’s".
                let upper = analyzed.bytes.withUnsafeBufferPointer {
                    lastStart + EntityFeatures.stemLength($0, lastStart, Int(analyzed.tokens[last].end))
                }
                let words = analyzed.bytes.withUnsafeBufferPointer { b in
                    (first...last).map { t in EntityFeatures.key(b, Int(analyzed.tokens[t].start), t == last ? upper : Int(analyzed.tokens[t].end)) }
                }
                names.append(TaggedName(words: words, type: type))
                let span = analyzed.span(bytes: lower..<upper)
                out.append(EntityMention(start: span.start, end: span.end, text: analyzed.string(bytes: lower..<upper),
                                         label: EntityModel.types[type]))
            }
        }
        TaggedName.harmonize(&names)
        for i in out.indices { out[i].label = EntityModel.types[names[i].type] }
        return out
    }
}

/// A name tagged in a document: the lower-cased keys of its words and its type (index into `EntityModel.types`).
public struct TaggedName: Sendable, Equatable {
    public var words: [UInt64]
    public var type: Int

    public init(words: [UInt64], type: Int) {
        self.words = words
        self.type = type
    }

    /// Labels a document's names consistently, as a reader would: a one-word name that is the last word of a longer
    /// person's name is that person ("Trump" after "Donald Trump"); then every occurrence of the same words takes
    /// the type most of them got (a tie keeps each its own).
    public static func harmonize(_ names: inout [TaggedName]) {
        let person = 0
        var surnames = Set<UInt64>()
        for n in names where n.type == person && n.words.count > 1 { surnames.insert(n.words[n.words.count - 1]) }
        for i in names.indices where names[i].words.count == 1 && surnames.contains(names[i].words[0]) { names[i].type = person }
        var votes: [[UInt64]: [Int]] = [:]
        for n in names { votes[n.words, default: [0, 0, 0, 0]][n.type] += 1 }
        for i in names.indices {
            let v = votes[names[i].words]!
            if let best = v.indices.max(by: { v[$0] < v[$1] }), v[best] > v[names[i].type] { names[i].type = best }
        }
    }
}

/// Learns an `EntityModel` with the averaged perceptron: after each token, the weights of its features move
/// towards the gold tag and away from the predicted one; the model keeps the average of the weights over all
/// updates, which generalises better than the last ones.
public final class EntityTrainer {
    /// One training sentence: its text, tokens and the gold tag index of each token.
    public struct Sentence: Sendable {
        public var bytes: [UInt8]
        public var tokens: [Token]
        public var tags: [Int]

        /// Builds a sentence from pre-tokenized words and their tags (CoNLL format): the words are joined with
        /// spaces and tokenized again as galley tokenizes text, each word's tag going to its first token and the
        /// matching `I-` tag to the rest.
        public init(words: [String], tags wordTags: [String]) {
            var text = "", starts: [Int] = []
            for w in words {
                if !text.isEmpty { text += " " }
                starts.append(text.utf8.count)
                text += w
            }
            bytes = Array(text.utf8)
            tokens = Tokenizer.tokenize(bytes)
            var tags: [Int] = []
            var w = 0
            for t in tokens {
                while w + 1 < starts.count && starts[w + 1] <= Int(t.start) { w += 1 }
                var tag = EntityModel.tags.firstIndex(of: wordTags[w]) ?? 0
                if tag != 0 && tag % 2 == 1 && Int(t.start) != starts[w] { tag += 1 }  // B- on a later piece → I-
                tags.append(tag)
            }
            // A word's pieces may have made I- follow O (a word split oddly): repair to B-.
            for i in tags.indices where tags[i] != 0 && tags[i] % 2 == 0 {
                if i == 0 || !EntityDecoder.allowed(tags[i], after: tags[i - 1]) { tags[i] -= 1 }
            }
            self.tags = tags
        }
    }

    let buckets: Int
    var weights: [Float]
    var totals: [Float]
    var stamps: [Int32]
    var clock: Int32 = 0

    public init(buckets: Int = 1 << 18) {
        self.buckets = buckets
        let n = buckets * EntityModel.tagCount
        weights = [Float](repeating: 0, count: n)
        totals = [Float](repeating: 0, count: n)
        stamps = [Int32](repeating: 0, count: n)
    }

    /// One pass over the sentences; returns the share of tokens tagged correctly before the updates.
    public func epoch(_ sentences: [Sentence]) -> Double {
        var correct = 0, total = 0
        var feats = [Int](repeating: 0, count: EntityDecoder.featureCount)
        var scores = [Float](repeating: 0, count: EntityModel.tagCount)
        let mask = buckets - 1, tagCount = EntityModel.tagCount
        for s in sentences where !s.tokens.isEmpty {
            var fx = EntityFeatures(tokens: s.tokens, range: 0..<s.tokens.count, bytes: s.bytes)
            var scratch = [UInt64](repeating: 0, count: EntityFeatures.staticCount)
            var p1 = 0, p2 = 0
            for j in 0..<s.tokens.count {
                guard !(p1 == 0 && EntityFeatures.cannotStartName(s.tokens[j])),
                      s.bytes.withUnsafeBufferPointer({ EntityFeatures.canBeName(s.tokens[j], $0) }) else { p2 = p1; p1 = 0; continue }
                EntityDecoder.features(&fx, j, p1, p2, mask: mask, scratch: &scratch, into: &feats)
                for t in 0..<tagCount { scores[t] = 0 }
                for f in feats { for t in 0..<tagCount { scores[t] += weights[f * tagCount + t] } }
                var guess = 0, best = -Float.infinity
                for t in 0..<tagCount where EntityDecoder.allowed(t, after: p1) && scores[t] > best { guess = t; best = scores[t] }
                let gold = s.tags[j]
                clock += 1
                if guess != gold {
                    for f in feats {
                        update(f * tagCount + gold, 1)
                        update(f * tagCount + guess, -1)
                    }
                } else {
                    correct += 1
                }
                total += 1
                // The tags before are the ones the model gave, as when tagging.
                p2 = p1; p1 = guess
            }
        }
        return total == 0 ? 0 : Double(correct) / Double(total)
    }

    @inline(__always) private func update(_ i: Int, _ delta: Float) {
        totals[i] += Float(clock - stamps[i]) * weights[i]
        stamps[i] = clock
        weights[i] += delta
    }

    /// The averaged model.
    public func model() -> EntityModel {
        var averaged = [Float](repeating: 0, count: weights.count)
        let now = Float(max(clock, 1))
        for i in weights.indices {
            let total = totals[i] + Float(clock - stamps[i]) * weights[i]
            averaged[i] = total / now
        }
        return EntityModel(buckets: buckets, weights: averaged)
    }
}
