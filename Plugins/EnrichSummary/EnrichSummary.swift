import Foundation
import GalleyCore
import GalleyText

/// The `enrich.summary` stage: an extractive summary of N sentences, in article order. Each sentence scores its
/// degree centrality in the sentence-similarity graph (cosine over words weighted by inverse sentence frequency;
/// the sum of a sentence's similarities to all others is its similarity to the sum of all, so this is linear) with
/// a prior for the lead. A sentence that holds only part of a quote, or opens with a pronoun or connective that
/// points back to a sentence left out, is taken only when nothing else is left.
public struct EnrichSummary: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.summary", kind: .transform,
            summary: "Add summary and summary_sentences: the N most central sentences, lead preferred, in article order",
            parameters: [
                ParameterSpec("sentences", .integer, default: 3, range: 1...100, doc: "sentences in the summary"),
                ParameterSpec("lead_weight", .number, default: 0.5, range: 0...10,
                              doc: "weight of the position prior (the first sentence gains this much, the k-th this much / k)"),
                ParameterSpec("min_words", .integer, default: 6, range: 1...1000, doc: "shorter sentences are left out"),
                ParameterSpec("max_words", .integer, default: 60, range: 1...10_000, doc: "longer sentences are left out"),
            ],
            make: { config in .transform(EnrichSummary(config: config)) }),
    ]

    let count: Int
    let leadWeight: Double
    let minWords: Int
    let maxWords: Int

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        count = config.parameters.int("sentences") ?? 3
        leadWeight = config.parameters.double("lead_weight") ?? 0.5
        minWords = config.parameters.int("min_words") ?? 6
        maxWords = config.parameters.int("max_words") ?? 60
    }

    /// Words that, opening a sentence, point back to an earlier one (English).
    static let dangling = WordSet(["he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "its", "their",
                                   "him", "them", "but", "and", "so", "however", "also", "yet", "still", "then", "there",
                                   "such", "both", "others", "another", "meanwhile", "instead", "thus", "nevertheless"])

    /// Sets `summary` and `summary_sentences`.
    public func process(_ document: inout Document) throws {
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        let picked = pick(analyzed, quotes: document.annotations("quotes").map { ($0.start, $0.end) })
        guard !picked.isEmpty else { return }
        let spans = picked.map { analyzed.span(ofTokens: analyzed.sentenceTokenRanges[$0]) }
        document.fields["summary"] = .string(picked.map { analyzed.string(tokens: analyzed.sentenceTokenRanges[$0]) }.joined(separator: " "))
        document.removeAnnotations("summary_sentences")
        for span in spans { document.annotations.append(Annotation(kind: "summary_sentences", start: span.start, end: span.end)) }
    }

    /// The indices of the chosen sentences, in article order.
    func pick(_ analyzed: AnalyzedText, quotes: [(start: Int, end: Int)]) -> [Int] {
        let sentences = analyzed.sentenceTokenRanges
        let tokens = analyzed.tokens
        guard !sentences.isEmpty else { return [] }
        // Words numbered once per document; each sentence a bag of (word, weight), words in order of first use.
        var vocabulary = KeyIndex(capacity: tokens.count / 2)
        var sentenceFrequency: [Int32] = []
        var lastSentence: [Int32] = []
        var bags: [[(word: Int32, weight: Double)]] = []
        bags.reserveCapacity(sentences.count)
        var wordCounts: [Int] = []
        var slotOf: [Int32] = []  // word → its place in the current sentence's bag
        for (s, range) in sentences.enumerated() {
            var bag: [(word: Int32, weight: Double)] = []
            var words = 0
            for t in range where tokens[t].kind == .word {
                words += 1
                let (n, inserted) = vocabulary.insert(tokens[t].key)
                if inserted { sentenceFrequency.append(0); lastSentence.append(-1); slotOf.append(0) }
                if lastSentence[n] != Int32(s) {
                    lastSentence[n] = Int32(s)
                    sentenceFrequency[n] += 1
                    slotOf[n] = Int32(bag.count)
                    bag.append((Int32(n), 0))
                }
                bag[Int(slotOf[n])].weight += 1
            }
            bags.append(bag)
            wordCounts.append(words)
        }
        // Unit vectors weighted tf · log(1 + N / sf), and their sum.
        let n = Double(sentences.count)
        var total = [Double](repeating: 0, count: vocabulary.count)
        for i in bags.indices {
            var norm = 0.0
            for k in bags[i].indices {
                let w = bags[i][k].weight * log(1 + n / Double(sentenceFrequency[Int(bags[i][k].word)]))
                bags[i][k].weight = w
                norm += w * w
            }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            for k in bags[i].indices {
                bags[i][k].weight /= norm
                total[Int(bags[i][k].word)] += bags[i][k].weight
            }
        }
        // Centrality: similarity to every other sentence.
        var centrality = bags.map { bag in bag.reduce(0.0) { $0 + $1.weight * total[Int($1.word)] } - bag.reduce(0) { $0 + $1.weight * $1.weight } }
        let top = max(centrality.max() ?? 1, 1e-9)
        centrality = centrality.map { $0 / top }

        // Sentences that hold part of a quote (a quote crossing a sentence edge, or unbalanced curly quotes).
        let spans = sentences.map { analyzed.span(ofTokens: $0) }
        var partialQuote = [Bool](repeating: false, count: sentences.count)
        for (i, range) in sentences.enumerated() {
            var open = 0, straight = 0
            for t in range {
                switch tokens[t].kind {
                case .openQuote: open += 1
                case .closeQuote: open -= 1
                case .straightQuote: straight += 1
                default: break
                }
            }
            if open != 0 || straight % 2 == 1 { partialQuote[i] = true }
            let s = spans[i]
            for q in quotes where q.start < s.end && q.end > s.start && (q.start < s.start || q.end > s.end) {
                // A quote reaching outside the sentence by more than its quote marks.
                if q.start < s.start - 1 || q.end > s.end + 1 { partialQuote[i] = true }
            }
        }

        struct Choice { var index: Int; var score: Double; var eligible: Bool; var dangling: Bool }
        var choices: [Choice] = []
        for (i, range) in sentences.enumerated() {
            let score = centrality[i] + leadWeight / Double(i + 1)
            let eligible = wordCounts[i] >= minWords && wordCounts[i] <= maxWords && !partialQuote[i]
            let first = range.first { tokens[$0].kind == .word }
            let dangles = first.map { Self.dangling.contains(tokens[$0]) } ?? false
            choices.append(Choice(index: i, score: score, eligible: eligible, dangling: dangles))
        }
        let ranked = choices.sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        var picked = Set<Int>()
        // Best sentences that stand on their own (or follow one already picked), then the rest if needed.
        for pass in 0..<3 {
            var changed = true
            while changed && picked.count < count {
                changed = false
                for c in ranked where picked.count < count && !picked.contains(c.index) {
                    let ok: Bool
                    switch pass {
                    case 0: ok = c.eligible && (!c.dangling || picked.contains(c.index - 1))
                    case 1: ok = c.eligible
                    default: ok = true
                    }
                    if ok {
                        picked.insert(c.index)
                        changed = pass == 0  // a pick may make the next sentence's pronoun fine
                        if changed { break }
                    }
                }
            }
        }
        return picked.sorted()
    }
}
