import Foundation

/// Tags named entities with an averaged perceptron over hashed token features, decoding each sentence greedily
/// from left to right with BIO tags (each token's features include the tags given to the two before it).
///
/// Features come from the tokenizer's tokens — their bytes, lower-cased keys and flags — so tagging is a byte scan
/// plus a few hundred multiply-adds per token. `galley-ner-train` (Benchmarks/NERTrain) learns the weights from
/// CoNLL-format data and evaluates a model; the `extract.entities` stage loads one.
public final class EntityModel: Sendable {
    /// The tags, `O` first; `B-X` at even and `I-X` at odd indices after it.
    public static let tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
    /// The entity types, in tag order.
    public static let types = ["PER", "LOC", "ORG", "MISC"]
    package static let tagCount = tags.count

    /// Feature buckets (a power of two); each holds one weight per tag.
    public let buckets: Int
    /// `buckets × tags` weights.
    let weights: [Float]
    /// The word classes and name lists the features look words up in.
    package let lexicon: EntityLexicon

    /// A model from its weights (`galley-ner-train` learns them).
    public convenience init(buckets: Int, weights: [Float]) {
        self.init(buckets: buckets, weights: weights, lexicon: .empty)
    }

    /// A model from its weights and lexicon.
    package init(buckets: Int, weights: [Float], lexicon: EntityLexicon) {
        precondition(buckets > 0 && buckets & (buckets - 1) == 0 && weights.count == buckets * Self.tagCount)
        self.buckets = buckets
        self.weights = weights
        self.lexicon = lexicon
    }

    // MARK: File format
    //
    // "GNER" magic, UInt32 version (2), UInt32 bucket count, UInt32 tag count, Float32 scale, UInt32 lexicon size L,
    // then buckets × tags Int16 weights (weight = Int16 × scale), then L × (UInt64 word key, UInt32 classes,
    // UInt32 lists) — see `EntityLexicon` — all little-endian.

    static let magic: [UInt8] = Array("GNER".utf8)
    static let version: UInt32 = 2
    static let headerSize = 24

    /// Reads a model file.
    public convenience init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EntityModelError("cannot read the entity model '\(path)'")
        }
        try self.init(data: data, name: path)
    }

    /// Reads a model from its bytes.
    public convenience init(data: Data, name: String = "model") throws {
        // Read in place (the file's bytes are not copied first: a model is megabytes).
        let (buckets, weights, lexicon) = try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> (Int, [Float], EntityLexicon) in
            func u32(_ at: Int) -> UInt32 {
                UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            }
            guard bytes.count >= Self.headerSize, bytes[0..<4].elementsEqual(Self.magic) else {
                throw EntityModelError("'\(name)' is not a galley entity model")
            }
            guard u32(4) == Self.version else {
                throw EntityModelError("'\(name)' is an entity model of version \(u32(4)); this galley reads version \(Self.version) (train it again with galley-ner-train)")
            }
            let buckets = Int(u32(8)), tagCount = Int(u32(12)), scale = Float(bitPattern: u32(16)), words = Int(u32(20))
            let (weightBytes, o1) = buckets.multipliedReportingOverflow(by: tagCount * 2)
            let (lexiconBytes, o2) = words.multipliedReportingOverflow(by: 16)
            let weightsEnd = Self.headerSize + weightBytes
            guard tagCount == Self.tagCount, buckets > 0, buckets & (buckets - 1) == 0, !o1, !o2,
                  bytes.count - Self.headerSize - lexiconBytes == weightBytes else {
                throw EntityModelError("'\(name)' is damaged: its size does not match its header")
            }
            var weights = [Float](repeating: 0, count: buckets * tagCount)
            var keys = [UInt64](repeating: 0, count: words), classes = [UInt32](repeating: 0, count: words), lists = classes
            for i in 0..<weights.count {
                let lo = UInt16(bytes[Self.headerSize + 2 * i]), hi = UInt16(bytes[Self.headerSize + 1 + 2 * i])
                weights[i] = Float(Int16(bitPattern: lo | hi << 8)) * scale
            }
            for i in 0..<words {
                let at = weightsEnd + 16 * i
                keys[i] = UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
                classes[i] = u32(at + 8)
                lists[i] = u32(at + 12)
            }
            guard !keys.contains(0), Set(keys).count == keys.count else {
                throw EntityModelError("'\(name)' is damaged: its lexicon repeats a word")
            }
            return (buckets, weights, EntityLexicon(keys: keys, classes: classes, names: lists))
        }
        self.init(buckets: buckets, weights: weights, lexicon: lexicon)
    }

    /// The model as bytes (weights quantized to 16 bits).
    public func encoded() -> Data {
        let largest = weights.reduce(0) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / 32767 : 1
        var out = Self.magic
        func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        u32(Self.version); u32(UInt32(buckets)); u32(UInt32(Self.tagCount)); u32(scale.bitPattern); u32(UInt32(lexicon.keys.count))
        out.reserveCapacity(out.count + weights.count * 2 + lexicon.keys.count * 16)
        for w in weights {
            let q = UInt16(bitPattern: Int16(max(-32767, min(32767, (w / scale).rounded()))))
            out.append(UInt8(q & 0xFF)); out.append(UInt8(q >> 8))
        }
        for i in lexicon.keys.indices {
            u32(UInt32(truncatingIfNeeded: lexicon.keys[i])); u32(UInt32(truncatingIfNeeded: lexicon.keys[i] >> 32))
            u32(lexicon.classes[i]); u32(lexicon.names[i])
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

