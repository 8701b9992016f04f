import Foundation
import GalleyText

// galley-ner-train train TRAIN.conll --out MODEL [--dev DEV.conll] [--epochs N] [--buckets N]
// galley-ner-train eval MODEL TEST.conll
//
// Trains the entity model of `extract.entities` on CoNLL-2003-format data (one `word … tag` line per token, blank
// lines between sentences, IOB2 tags) and evaluates it: precision, recall and F1 of exact entity spans, per type
// and overall, as conlleval counts them, and tagging speed.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("galley-ner-train: \(message)\n".utf8))
    exit(2)
}

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

/// Tags every sentence and counts exact span matches; returns the score and the tagging time. With `documents`,
/// each document's names are then labelled consistently (`TaggedName.harmonize`), as `extract.entities` does.
func evaluate(_ recognizer: EntityRecognizer, _ sentences: [EntityTrainer.Sentence], documents: [Int]? = nil) -> (Score, Double, Int) {
    var score = Score()
    var tokens = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var predicted: [[(span: [Int], name: TaggedName)]] = []
    predicted.reserveCapacity(sentences.count)
    for s in sentences {
        predicted.append(spans(recognizer.tags(of: s.tokens, bytes: s.bytes), s))
        tokens += s.tokens.count
    }
    if let documents {
        var i = 0
        while i < sentences.count {
            var k = i
            while k < sentences.count && documents[k] == documents[i] { k += 1 }
            var names = predicted[i..<k].flatMap { $0.map(\.name) }
            TaggedName.harmonize(&names)
            var n = 0
            for si in i..<k {
                for e in predicted[si].indices { predicted[si][e].span[2] = names[n].type; predicted[si][e].name = names[n]; n += 1 }
            }
            i = k
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    for (s, found) in zip(sentences, predicted) {
        let g = Set(spans(s.tags, s).map(\.span)), p = Set(found.map(\.span))
        for e in g { score.gold[e[2]] += 1 }
        for e in p { score.found[e[2]] += 1; if g.contains(e) { score.correct[e[2]] += 1 } }
    }
    return (score, seconds, tokens)
}

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}

switch args.first {
case "train":
    guard let out = option("--out") else { fail("give --out MODEL") }
    let dev = option("--dev")
    let epochs = Int(option("--epochs") ?? "12") ?? 12
    let buckets = Int(option("--buckets") ?? "262144") ?? 262144
    guard args.count == 2 else { fail("usage: galley-ner-train train TRAIN.conll --out MODEL [--dev DEV] [--epochs N] [--buckets N]") }
    let train = readCoNLL(args[1]).map { EntityTrainer.Sentence(words: $0.words, tags: $0.tags) }
    let devSentences = dev.map { readCoNLL($0).map { EntityTrainer.Sentence(words: $0.words, tags: $0.tags) } }
    print("training on \(train.count) sentences, \(train.reduce(0) { $0 + $1.tokens.count }) tokens, \(buckets) feature buckets")
    let trainer = EntityTrainer(buckets: buckets)
    // A fixed shuffle per epoch, so a model is reproducible.
    var generator = SplitMix64(seed: 2003)
    var order = train
    for epoch in 1...epochs {
        order.shuffle(using: &generator)
        let accuracy = trainer.epoch(order)
        var line = String(format: "epoch %2d  training tokens right %.2f%%", epoch, accuracy * 100)
        if let devSentences {
            let model = trainer.model()
            let (score, _, _) = evaluate(EntityRecognizer(model: model), devSentences)
            line += String(format: "  dev F1 %.2f", score.overall * 100)
        }
        print(line)
    }
    // The last epoch's model: the dev set is for reporting, not for picking an epoch.
    do { try trainer.model().encoded().write(to: URL(fileURLWithPath: out)) } catch { fail("cannot write \(out): \(error)") }
    print("wrote \(out)")
case "eval":
    guard args.count == 3 else { fail("usage: galley-ner-train eval MODEL TEST.conll") }
    let model: EntityModel
    do { model = try EntityModel(contentsOf: args[1]) } catch { fail("\(error)") }
    let read = readCoNLL(args[2])
    let sentences = read.map { EntityTrainer.Sentence(words: $0.words, tags: $0.tags) }
    let (score, seconds, tokens) = evaluate(EntityRecognizer(model: model), sentences)
    print("\(args[2]): \(sentences.count) sentences, \(tokens) tokens")
    print("each sentence alone:")
    print(score.report())
    let (consistent, _, _) = evaluate(EntityRecognizer(model: model), sentences, documents: read.map(\.document))
    print("names labelled consistently within each of the \(Set(read.map(\.document)).count) documents (as extract.entities does):")
    print(consistent.report())
    print(String(format: "tagging: %.3f s, %.0f tokens/s, %.1f µs per sentence", seconds, Double(tokens) / seconds, seconds / Double(max(1, sentences.count)) * 1e6))
default:
    fail("usage: galley-ner-train train TRAIN.conll --out MODEL [--dev DEV] [--epochs N] | eval MODEL TEST.conll")
}
