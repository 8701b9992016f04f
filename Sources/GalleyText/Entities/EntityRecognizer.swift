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

/// Finds entities in analyzed text with a model.
public struct EntityRecognizer: Sendable {
    public let model: EntityModel

    public init(model: EntityModel) { self.model = model }

    /// Tags for each token of `tokens[range]`, given the types of the names found before in the document.
    package func tags(tokens: [Token], range: Range<Int>, bytes: [UInt8], memory: [UInt64: UInt8] = [:]) -> [Int] {
        var fx = EntityFeatures(tokens: tokens, range: range, bytes: bytes, lexicon: model.lexicon, memory: memory)
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
                let word = EntityDecoder.isWord(token)
                for t in 0..<EntityModel.tagCount where EntityDecoder.allowed(t, after: p1, word: word) && scores[t] > bestScore {
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

    /// Adds the types of the names in `tags` (of `tokens[range]`) to a document's memory, by word.
    package static func remember(_ tags: [Int], range: Range<Int>, tokens: [Token], bytes: [UInt8], into memory: inout [UInt64: UInt8]) {
        bytes.withUnsafeBufferPointer { b in
            for (span, type) in EntityModel.names(inTags: tags) {
                for i in span where EntityDecoder.isWord(tokens[range.lowerBound + i]) {
                    memory[EntityFeatures.stemKey(tokens[range.lowerBound + i], b) | 1, default: 0] |= 1 << UInt8(type)
                }
            }
        }
    }

    /// The stretches of tokens tagged alone: the sentences, each cut again at every line break inside it — a
    /// headline, dateline, byline or table row ends without a full stop, and no name runs on into the next line.
    public static func contexts(of analyzed: AnalyzedText) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(analyzed.sentenceTokenRanges.count)
        for sentence in analyzed.sentenceTokenRanges where !sentence.isEmpty {
            var start = sentence.lowerBound
            for i in (sentence.lowerBound + 1)..<sentence.upperBound where analyzed.tokens[i].flags.contains(.lineStart) {
                out.append(start..<i)
                start = i
            }
            out.append(start..<sentence.upperBound)
        }
        return out
    }

    /// Words whose full stop belongs to the name they end (`AMR Corp.`, `Sammy Davis Jr.`, `Pasadena, Calif.`), besides
    /// single capital letters (the initial in `N. McLean`).
    static let abbreviatedNameEnds = WordSet([
        "corp", "inc", "ltd", "co", "cos", "plc", "bros", "jr", "sr", "st", "mt", "ft", "ave", "calif", "fla", "mass",
        "conn", "ill", "wash", "ariz", "colo", "tenn", "mich", "wis", "minn", "okla", "ore", "nev", "ky", "md", "va",
        "ga", "ala", "miss", "neb", "kan", "penn", "pa", "del", "mo",
    ])

    /// The byte range of the name on tokens `first...last` (words or numbers): without a possessive ending
    /// ("North Korea" in "North Korea’s"), with the full stop that ends an abbreviated word or an initial.
    static func nameBytes(_ tokens: [Token], _ first: Int, _ last: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let lower = Int(tokens[first].start), t = tokens[last]
        if last + 1 < tokens.count, tokens[last + 1].start == t.end, tokens[last + 1].length == 1, bytes[Int(t.end)] == 0x2E,
           t.kind == .word, (t.length == 1 && t.flags.contains(.capitalized)) || abbreviatedNameEnds.contains(t) {
            return lower..<Int(t.end) + 1
        }
        return lower..<Int(t.start) + EntityFeatures.stemLength(bytes, Int(t.start), Int(t.end))
    }

    /// The entities of a text, context by context (see `contexts(of:)`) with the types of the names before them
    /// remembered, labelled consistently across the text. Tagging stops after the context in which `limit` names
    /// are reached.
    public func entities(in analyzed: AnalyzedText, limit: Int = .max) -> [EntityMention] {
        var out: [EntityMention] = [], names: [TaggedName] = []
        var memory: [UInt64: UInt8] = [:]
        let tokens = analyzed.tokens
        for context in Self.contexts(of: analyzed) where out.count < limit {
            let tags = tags(tokens: tokens, range: context, bytes: analyzed.bytes, memory: memory)
            Self.remember(tags, range: context, tokens: tokens, bytes: analyzed.bytes, into: &memory)
            for (span, type) in EntityModel.names(inTags: tags) {
                var first = context.lowerBound + span.lowerBound
                var last = context.lowerBound + span.upperBound - 1
                // A name starts and ends with a word: "Russia" in "… to Russia.", where the sentence's full stop was
                // tagged too.
                while last > first && !EntityDecoder.isWord(tokens[last]) { last -= 1 }
                while first < last && !EntityDecoder.isWord(tokens[first]) { first += 1 }
                guard EntityDecoder.isWord(tokens[first]) else { continue }
                let (range, words) = analyzed.bytes.withUnsafeBufferPointer { b in
                    let range = Self.nameBytes(tokens, first, last, b)
                    let words = (first...last).map { t in
                        let s = Int(tokens[t].start), e = Int(tokens[t].end)
                        return EntityFeatures.key(b, s, t == last ? s + EntityFeatures.stemLength(b, s, e) : e)
                    }
                    return (range, words)
                }
                names.append(TaggedName(words: words, type: type))
                let scalars = analyzed.span(bytes: range)
                out.append(EntityMention(start: scalars.start, end: scalars.end, text: analyzed.string(bytes: range),
                                         label: EntityModel.types[type]))
            }
        }
        TaggedName.harmonize(&names)
        for i in out.indices { out[i].label = EntityModel.types[names[i].type] }
        return out
    }
}
