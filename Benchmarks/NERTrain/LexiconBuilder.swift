import Foundation
import GalleyText

/// Builds the tagger's `EntityLexicon`: word classes from `scripts/ner_clusters.py`, name lists from
/// `scripts/ner_gazetteer.py`, and the names of training sentences.
struct LexiconBuilder {
    /// Word key → packed classes.
    var classes: [UInt64: UInt32] = [:]
    /// Word key → list bits of the facts (lists 0–3).
    var facts: [UInt64: UInt32] = [:]

    /// Reads a classes file (word, coarse, middle, fine per line, tab-separated).
    mutating func readClasses(_ path: String) throws {
        for line in try lines(path) {
            let f = line.split(separator: "\t")
            guard f.count == 4, let a = Int(f[1]), let b = Int(f[2]), let c = Int(f[3]) else {
                throw EntityModelError("\(path): a line is not word, coarse, middle, fine: '\(line)'")
            }
            classes[WordKey.of(String(f[0]))] = EntityLexicon.pack(a, b, c)
        }
    }

    /// Reads a name list (type, name per line, tab-separated).
    mutating func readNames(_ path: String) throws {
        for line in try lines(path) {
            let f = line.split(separator: "\t", maxSplits: 1)
            guard f.count == 2, let type = EntityModel.types.firstIndex(of: String(f[0])) else {
                throw EntityModelError("\(path): a line is not TYPE<tab>name: '\(line)'")
            }
            let bytes = Array(f[1].utf8)
            let words = Tokenizer.tokenize(bytes).filter { $0.kind == .word || $0.kind == .number }
            Self.mark(words.map { Self.stemKey($0, bytes) }, list: type, into: &facts)
        }
    }

    /// The lexicon: classes, the facts' lists and the lists of the names in `sentences` (lists 4–7).
    func lexicon(trainingNames sentences: [EntityTrainer.Sentence]) -> EntityLexicon {
        var lists = facts
        for s in sentences {
            for (range, type) in EntityModel.names(inTags: s.tags) {
                let words = s.tokens[range].filter { $0.kind == .word || $0.kind == .number }
                Self.mark(words.map { Self.stemKey($0, s.bytes) }, list: 4 + type, into: &lists)
            }
        }
        let keys = Array(Set(classes.keys).union(lists.keys)).sorted()
        return EntityLexicon(keys: keys, classes: keys.map { classes[$0] ?? 0 }, names: keys.map { lists[$0] ?? 0 })
    }

    /// Marks the words of one name: a whole name, a first word, a later word.
    static func mark(_ keys: [UInt64], list: Int, into lists: inout [UInt64: UInt32]) {
        for (i, key) in keys.enumerated() {
            let place = keys.count == 1 ? 0 : (i == 0 ? 1 : 2)
            lists[key, default: 0] |= 1 << UInt32(3 * list + place)
        }
    }

    /// A token's word key as the features look it up (a possessive ending cut off).
    static func stemKey(_ t: Token, _ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { EntityFeatures.stemKey(t, $0) }
    }

    private func lines(_ path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { throw EntityModelError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
    }
}
