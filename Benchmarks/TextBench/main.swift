import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyText

/// Reads a file as UTF-8, falling back to Latin-1.
func readArticle(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "--dump" {
    let published = CalendarDate(year: 2005, month: 3, day: 1)
    for path in arguments.dropFirst(2) {
        guard let text = readArticle(path) else { continue }
        let analyzed = AnalyzedText(text)
        let name = path.split(separator: "/").suffix(2).joined(separator: "/")
        print("\(name) sentences \(analyzed.sentenceTokenRanges.count)")
        for quote in QuoteExtractor.quotes(in: analyzed) { print("\(name) quote \(quote)") }
        for quantity in QuantityExtractor.quantities(in: analyzed) { print("\(name) quantity \(quantity)") }
        for date in DateExtractor.dates(in: analyzed) {
            print("\(name) date \(date.text) \(DateResolver.resolve(date.expression, published: published))")
        }
    }
    exit(0)
}
if arguments.count >= 3, arguments[1] == "--quotes" {
    for path in arguments.dropFirst(2) {
        guard let text = readArticle(path) else { continue }
        for quote in QuoteExtractor.quotes(in: text) {
            let role = quote.speakerRole.map { " (\($0))" } ?? ""
            print("\(path.split(separator: "/").suffix(2).joined(separator: "/")) \(quote.kind.rawValue) [\(quote.speaker ?? "-")\(role)] \(quote.text.prefix(70))")
        }
    }
    exit(0)
}
if arguments.count >= 3, arguments[1] == "--show" {
    guard let text = readArticle(arguments[2]) else { exit(1) }
    let analyzed = AnalyzedText(text)
    print("== sentences")
    for span in analyzed.sentences { print("[\(span.start),\(span.end)] \(Array(text.unicodeScalars)[span.start..<span.end].map(String.init).joined())") }
    print("== quotes")
    for quote in QuoteExtractor.quotes(in: analyzed) { print(quote) }
    print("== quantities")
    for quantity in QuantityExtractor.quantities(in: analyzed) { print(quantity) }
    print("== dates")
    let published = arguments.count >= 4 ? CalendarDate(iso: arguments[3]) : nil
    for date in DateExtractor.dates(in: analyzed) { print(date.text, date.grain, DateResolver.resolve(date.expression, published: published)) }
    print("== stats")
    print(TextStatistics(analyzed))
    exit(0)
}
if arguments.count >= 3, arguments[1] == "--boundaries" {
    // Every sentence end of every article under a folder with a little context: diff two builds' outputs.
    guard let enumerator = FileManager.default.enumerator(atPath: arguments[2]) else { exit(1) }
    var relatives: [String] = []
    while let relative = enumerator.nextObject() as? String { if relative.hasSuffix(".txt") { relatives.append(relative) } }
    for relative in relatives.sorted() {
        guard let text = readArticle(arguments[2] + "/" + relative) else { continue }
        let scalars = Array(text.unicodeScalars)
        func piece(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(scalars[max(0, range.lowerBound)..<min(scalars.count, range.upperBound)]))
                .replacingOccurrences(of: "\n", with: "⏎")
        }
        for span in AnalyzedText(text).sentences {
            print("\(relative)\t\(span.end)\t\(piece(span.end - 30..<span.end))|\(piece(span.end..<span.end + 30))")
        }
    }
    exit(0)
}
if arguments.count >= 3, arguments[1] == "--score-quantities" {
    // Overlap F1 and value accuracy of money and percent mentions on a TSV dev set (Benchmarks/TextBench/quantities-dev.tsv).
    guard let file = readArticle(arguments[2]) else { exit(1) }
    var gold = 0, predicted = 0, matched = 0, valuesRight = 0
    for line in file.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
        let columns = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        let sentence = String(columns[0])
        let scalars = Array(sentence.unicodeScalars)
        var expected: [(start: Int, end: Int, kind: String, value: Double, currency: String)] = []
        var searchFrom = 0
        for item in (columns.count > 1 ? columns[1] : "").split(separator: ";;") where !item.isEmpty {
            let fields = item.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let target = Array(fields[0].unicodeScalars)
            var at = searchFrom
            while at + target.count <= scalars.count, Array(scalars[at..<(at + target.count)]) != target { at += 1 }
            guard at + target.count <= scalars.count else { print("gold text not in sentence: \(fields[0]) | \(sentence)"); exit(1) }
            searchFrom = at + target.count
            expected.append((at, at + target.count, fields[1], Double(fields[2])!, fields.count > 3 ? fields[3] : ""))
        }
        let found = QuantityExtractor.quantities(in: sentence).filter { $0.kind == .money || $0.kind == .percent }
        gold += expected.count
        predicted += found.count
        var used = Set<Int>()
        for quantity in found {
            guard let index = expected.indices.first(where: { !used.contains($0) && expected[$0].start < quantity.end && quantity.start < expected[$0].end }) else {
                print("spurious: \(quantity.text) \(quantity.kind.rawValue) \(quantity.value) | \(sentence)")
                continue
            }
            used.insert(index)
            matched += 1
            let want = expected[index]
            let right = quantity.kind.rawValue == want.kind && abs(quantity.value - want.value) <= 1e-9 * max(1, abs(want.value))
                && (quantity.currency ?? "") == want.currency
            if right { valuesRight += 1 } else {
                print("wrong value: \(quantity.text) \(quantity.kind.rawValue) \(quantity.value) \(quantity.currency ?? "-") want \(want.kind) \(want.value) \(want.currency) | \(sentence)")
            }
        }
        for index in expected.indices where !used.contains(index) {
            print("missed: \(String(String.UnicodeScalarView(scalars[expected[index].start..<expected[index].end]))) | \(sentence)")
        }
    }
    let precision = Double(matched) / Double(max(predicted, 1)), recall = Double(matched) / Double(max(gold, 1))
    let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    print(String(format: "money+percent: %d gold, %d found, %d overlapping: P %.1f R %.1f F1 %.1f; values right %.1f%% (%d/%d)",
                 gold, predicted, matched, precision * 100, recall * 100, f1 * 100, Double(valuesRight) / Double(max(matched, 1)) * 100, valuesRight, matched))
    exit(0)
}
/// Text made by repeating `unit` to at least `bytes` bytes.
func repeated(_ unit: String, toBytes bytes: Int) -> String {
    String(repeating: unit, count: max(1, bytes / max(1, unit.utf8.count)))
}

/// Generated inputs that have made text stages slower than linear (issue 12 item 15); one line adds a case.
let pathologicalInputs: [(name: String, make: (Int) -> String)] = [
    ("long sentence", { repeated("on Friday, the minister said that 5% of $3 million went to Mr Smith, ", toBytes: $0) }),
    ("no punctuation", { repeated("words without any stop or capital letter go on and on ", toBytes: $0) }),
    ("one huge paragraph", { repeated("Mr Smith said on Friday that it was fine. “It is over,” he said. Prices rose 5%. ", toBytes: $0) }),
    ("quote marks", { repeated("\" ", toBytes: $0) }),
    ("curly quotes", { repeated("“a b c d,” he said ", toBytes: $0) }),
    ("names and quotes", { repeated("John Smith said: “We will win the next one.” Mr Smith told reporters that Jane Doe would “look again”, ", toBytes: $0) }),
]

/// The stages the pathological benchmark times; one line adds a stage.
let pathologicalStages: [String] = [
    "extract.sentences",
    "extract.quotes",
    "extract.quantities",
]

if arguments.contains("--pathological") {
    // Thread CPU per MB of each stage on each generated input at three sizes: flat when the stage is linear.
    func transform(_ type: String) -> any TransformStage {
        let stageType = Builtins.registry[type]!
        var values = Parameters()
        for parameter in stageType.parameters { if let value = parameter.defaultValue { values.values[parameter.name] = value } }
        guard case .transform(let stage) = try! stageType.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: ".")) else {
            fatalError("\(type) is not a transform")
        }
        return stage
    }
    // Past the analysis cache's 1 MB texts, so every stage pays for its own analysis at every size alike.
    let sizes = [3 << 19, 3 << 20, 3 << 21]
    print("pathological inputs: ms per MB at \(sizes.map { String(format: "%.1f MB", Double($0) / Double(1 << 20)) }.joined(separator: ", "))"
        + " (thread CPU of the stage, its analysis included; flat = linear)")
    var worst = 0.0
    for input in pathologicalInputs {
        let texts = sizes.map(input.make)
        for type in pathologicalStages {
            let stage = transform(type)
            var perMB: [Double] = []
            for text in texts {
                var document = Document(id: "p", source: DocumentSource(path: "p.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"),
                                        text: text, fields: ["published": "2005-03-01"])
                let start = threadCPUSeconds()
                try! stage.process(&document)
                perMB.append((threadCPUSeconds() - start) * 1e3 / (Double(text.utf8.count) / Double(1 << 20)))
            }
            let growth = perMB[perMB.count - 1] / max(perMB[0], 1e-9)
            worst = max(worst, growth)
            print("  \(input.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) "
                + perMB.map { String(format: "%8.1f", $0) }.joined() + String(format: "   ×%.2f", growth))
        }
    }
    print(String(format: "largest growth of ms/MB from the smallest to the largest size: ×%.2f", worst))
    exit(0)
}
/// Collects `.txt` files under a folder, sorted.
func articlePaths(under root: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    var paths: [String] = []
    while let relative = enumerator.nextObject() as? String {
        if relative.hasSuffix(".txt") { paths.append(root + "/" + relative) }
    }
    return paths.sorted()
}

let root = arguments.count >= 2 ? arguments[1] : "../shared/corpora/bbc"
let rounds = arguments.count >= 3 ? Int(arguments[2]) ?? 5 : 5
let articles = articlePaths(under: root).compactMap(readArticle)
guard !articles.isEmpty else {
    print("no .txt files under \(root)")
    exit(1)
}
let published = CalendarDate(year: 2024, month: 11, day: 24)
var bytes = 0
var words = 0
for article in articles {
    bytes += article.utf8.count
    words += TextStatistics(article).words
}
var checksum = 0
/// CPU seconds used by this thread: unlike wall time, not inflated by other processes on a busy machine.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

var best = Double.infinity
var bestCPU = Double.infinity
for _ in 0..<rounds {
    let clock = ContinuousClock()
    let cpuStart = threadCPUSeconds()
    let elapsed = clock.measure {
        for article in articles {
            let analyzed = AnalyzedText(article)
            checksum &+= analyzed.sentences.count
            checksum &+= QuoteExtractor.quotes(in: analyzed).count
            checksum &+= QuantityExtractor.quantities(in: analyzed).count
            for date in DateExtractor.dates(in: analyzed) {
                if DateResolver.resolve(date.expression, published: published).value != nil { checksum &+= 1 }
            }
            checksum &+= TextStatistics(analyzed).words
        }
    }
    bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    best = min(best, seconds)
}
let perArticle = best / Double(articles.count) * 1e6
/// Best-of-rounds seconds per article for one piece of work.
func timePerArticle(_ label: String, _ work: (String) -> Int) {
    var best = Double.infinity
    var sum = 0
    for _ in 0..<rounds {
        let elapsed = ContinuousClock().measure {
            for article in articles { sum &+= work(article) }
        }
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    print("  \(label): \(String(format: "%.1f", best / Double(articles.count) * 1e6)) µs/article (\(sum % 7))")
}
if arguments.contains("--breakdown") {
    let analyzedArticles = articles.map(AnalyzedText.init)
    timePerArticle("utf8 copy") { Array($0.utf8).count }
    timePerArticle("tokenize") { Tokenizer.tokenize($0).count }
    timePerArticle("analyze (tokens+sentences+offsets)") { AnalyzedText($0).tokens.count }
    var index = 0
    timePerArticle("quotes") { _ in index = (index + 1) % analyzedArticles.count; return QuoteExtractor.quotes(in: analyzedArticles[index]).count }
    timePerArticle("quantities") { _ in index = (index + 1) % analyzedArticles.count; return QuantityExtractor.quantities(in: analyzedArticles[index]).count }
    timePerArticle("dates") { _ in index = (index + 1) % analyzedArticles.count; return DateExtractor.dates(in: analyzedArticles[index]).count }
    timePerArticle("stats") { _ in index = (index + 1) % analyzedArticles.count; return TextStatistics(analyzedArticles[index]).words }
}
if arguments.contains("--stages") {
    // The six text stages as the runner calls them, on documents after extract.article, timed in thread CPU.
    func transform(_ type: String) -> any TransformStage {
        let stageType = Builtins.registry[type]!
        var values = Parameters()
        for parameter in stageType.parameters { if let value = parameter.defaultValue { values.values[parameter.name] = value } }
        guard case .transform(let stage) = try! stageType.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: ".")) else {
            fatalError("\(type) is not a transform")
        }
        return stage
    }
    let article = transform("extract.article")
    let documents: [Document] = articles.enumerated().map { index, text in
        var document = Document(id: "\(index)", source: DocumentSource(path: "\(index).txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"),
                                text: text, fields: ["published": "2005-03-01"])
        try! article.process(&document)
        return document
    }
    let types = ["extract.sentences", "extract.quotes", "extract.quantities", "extract.dates", "enrich.dates", "enrich.stats"]
    let stages = types.map(transform)
    var bestPerStage = [Double](repeating: .infinity, count: types.count)
    var bestTotal = Double.infinity
    for _ in 0..<rounds {
        var perStage = [Double](repeating: 0, count: types.count)
        for var document in documents {
            for (index, stage) in stages.enumerated() {
                let start = threadCPUSeconds()
                try! stage.process(&document)
                perStage[index] += threadCPUSeconds() - start
            }
        }
        for index in types.indices { bestPerStage[index] = min(bestPerStage[index], perStage[index]) }
        bestTotal = min(bestTotal, perStage.reduce(0, +))
    }
    for (index, type) in types.enumerated() {
        print("  \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%5.1f", bestPerStage[index] / Double(documents.count) * 1e6)) µs/article CPU")
    }
    print("text stages together: \(String(format: "%.1f", bestTotal / Double(documents.count) * 1e6)) µs/article CPU, best of \(rounds) rounds, \(documents.count) articles after extract.article")
    exit(0)
}
print("articles: \(articles.count), mean \(bytes / articles.count) bytes, \(words / articles.count) words")
print("all GalleyText stages, best of \(rounds) rounds: \(String(format: "%.1f", perArticle)) µs/article wall, "
    + "\(String(format: "%.1f", bestCPU / Double(articles.count) * 1e6)) µs/article CPU, "
    + "\(String(format: "%.0f", Double(articles.count) / best)) articles/s on one core (checksum \(checksum))")
