import Foundation
import GalleyText

/// Sentences of a CoNLL file: words, their last-column tags (IOB1 tags are turned into IOB2) and the number of the
/// document (`-DOCSTART-`) each is in.
func readCoNLL(_ path: String) -> [(words: [String], tags: [String], document: Int)] {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        fail("cannot read \(path)")
    }
    var sentences: [(words: [String], tags: [String], document: Int)] = []
    var words: [String] = [], tags: [String] = [], document = 0
    func flush() {
        if !words.isEmpty {
            // IOB1 → IOB2: an I- tag that does not continue an entity of its type starts one.
            for i in tags.indices where tags[i].hasPrefix("I-") {
                let type = tags[i].dropFirst(2)
                if i == 0 || tags[i - 1].dropFirst(2) != type || tags[i - 1] == "O" { tags[i] = "B-" + type }
            }
            sentences.append((words, tags, document))
        }
        words = []; tags = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let fields = line.split(separator: " ")
        if fields.isEmpty { flush(); continue }
        if fields[0] == "-DOCSTART-" { flush(); document += 1; continue }
        words.append(String(fields[0]))
        tags.append(String(fields[fields.count - 1]))
    }
    flush()
    return sentences
}

/// Entity spans (first byte, end byte, type) from per-token tags, with each name's word keys.
func spans(_ tags: [Int], _ s: EntityTrainer.Sentence) -> [(span: [Int], name: TaggedName)] {
    EntityModel.names(inTags: tags).map { name in
        let (r, type) = (name.tokens, name.type)
        return ([Int(s.tokens[r.lowerBound].start), Int(s.tokens[r.upperBound - 1].end), type],
                TaggedName(words: s.tokens[r].map(\.key), type: type))
    }
}

struct Score {
    var found = [Int](repeating: 0, count: 4), gold = [Int](repeating: 0, count: 4), correct = [Int](repeating: 0, count: 4)

    static func f1(_ c: Int, _ f: Int, _ g: Int) -> (Double, Double, Double) {
        let p = f == 0 ? 0 : Double(c) / Double(f), r = g == 0 ? 0 : Double(c) / Double(g)
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r))
    }
    var overall: Double { Self.f1(correct.reduce(0, +), found.reduce(0, +), gold.reduce(0, +)).2 }

    mutating func count(_ s: EntityTrainer.Sentence, _ found: [(span: [Int], name: TaggedName)]) {
        let g = Set(spans(s.tags, s).map(\.span)), p = Set(found.map(\.span))
        for e in g { gold[e[2]] += 1 }
        for e in p { self.found[e[2]] += 1; if g.contains(e) { correct[e[2]] += 1 } }
    }

    func report() -> String {
        var lines: [String] = []
        for (i, type) in EntityModel.types.enumerated() {
            let (p, r, f) = Self.f1(correct[i], found[i], gold[i])
            lines.append(String(format: "  %@  precision %5.1f%%  recall %5.1f%%  F1 %5.1f  (%d entities)", type.padding(toLength: 4, withPad: " ", startingAt: 0), p * 100, r * 100, f * 100, gold[i]))
        }
        let (p, r, f) = Self.f1(correct.reduce(0, +), found.reduce(0, +), gold.reduce(0, +))
        lines.append(String(format: "  all   precision %5.1f%%  recall %5.1f%%  F1 %5.1f  (%d entities)", p * 100, r * 100, f * 100, gold.reduce(0, +)))
        return lines.joined(separator: "\n")
    }
}

/// CPU time of the calling thread in seconds: what the tagging costs on one core, however busy the machine is.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Tags documents two ways and counts exact span matches: each sentence alone, and each document's sentences in
/// order with the types of earlier names remembered and the names then labelled consistently
/// (`TaggedName.harmonize`), as `extract.entities` does. The time is the CPU time of the document way.
func evaluate(_ recognizer: EntityRecognizer, _ documents: [[EntityTrainer.Sentence]]) -> (alone: Score, document: Score, seconds: Double, tokens: Int) {
    var alone = Score(), document = Score(), tokens = 0
    for doc in documents {
        for s in doc { alone.count(s, spans(recognizer.tags(of: s.tokens, bytes: s.bytes), s)) }
    }
    let start = cpuSeconds()
    var predicted: [[[(span: [Int], name: TaggedName)]]] = []
    predicted.reserveCapacity(documents.count)
    for doc in documents {
        var memory: [UInt64: UInt8] = [:]
        var found = doc.map { s -> [(span: [Int], name: TaggedName)] in
            tokens += s.tokens.count
            let tags = recognizer.tags(tokens: s.tokens, range: 0..<s.tokens.count, bytes: s.bytes, memory: memory)
            EntityRecognizer.remember(tags, range: 0..<s.tokens.count, tokens: s.tokens, bytes: s.bytes, into: &memory)
            return spans(tags, s)
        }
        var names = found.flatMap { $0.map(\.name) }
        TaggedName.harmonize(&names)
        var n = 0
        for si in found.indices {
            for e in found[si].indices { found[si][e].span[2] = names[n].type; found[si][e].name = names[n]; n += 1 }
        }
        predicted.append(found)
    }
    let seconds = cpuSeconds() - start
    for (doc, found) in zip(documents, predicted) {
        for (s, f) in zip(doc, found) { document.count(s, f) }
    }
    return (alone, document, seconds, tokens)
}
