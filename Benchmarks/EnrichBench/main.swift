import Foundation
import GalleyBuiltins
import GalleyCore

/// galley-enrich-bench: release-build timing of the enrichment stages, and their outputs for scripts/bench_enrich.py.
///   galley-enrich-bench cost CORPUS              per-stage cost (ms per document, one core) over the .txt files
///   galley-enrich-bench language SAMPLES.tsv     language of each sample (tab-separated: language, kind, text)
///   galley-enrich-bench keywords CORPUS          the top 10 keywords of each article, one JSON line each
func make(_ type: String, _ parameters: [String: Value] = [:]) -> StageInstance {
    let stageType = Builtins.registry[type]!
    var values = Parameters()
    for p in stageType.parameters { if let v = p.defaultValue { values.values[p.name] = v } }
    for (k, v) in parameters { values.values[k] = v }
    return try! stageType.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: "."))
}

func apply(_ stage: StageInstance, _ d: inout Document) {
    switch stage {
    case .transform(let t): try? t.process(&d)
    case .corpus(let c): try? c.process(&d)
    default: break
    }
}

func articles(_ root: String) -> [(String, Document)] {
    let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    guard case .source(let source) = make("ingest.files") else { fatalError() }
    let article = make("extract.article")
    return files.compactMap { rel in
        guard case .success(var d)? = source.load(SourceItem(path: root + "/" + rel, relativePath: rel)).first else { return nil }
        apply(article, &d)
        return (rel, d)
    }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

let args = CommandLine.arguments
guard args.count == 3 else { print("usage: galley-enrich-bench cost|language|keywords PATH"); exit(2) }
switch args[1] {
case "cost":
    // As in a pipeline: each document goes through the extract stages (untimed; they leave the text's analysis in
    // the shared cache) and then the five enrichments one after another, each timed. Best of 5 rounds per stage.
    let docs = articles(args[2])
    let before = ["extract.sentences", "extract.entities"].map { make($0) }
    let stages = ["enrich.language", "enrich.entities", "enrich.keywords", "enrich.summary", "enrich.duplicates"]
    print("enrichment cost over \(docs.count) documents (\(docs.reduce(0) { $0 + $1.1.text.utf8.count } / max(1, docs.count)) bytes each on average), one core, best of 5, the text's analysis shared with the extract stages as in a pipeline:")
    var best = [Double](repeating: .infinity, count: stages.count)
    for _ in 0..<5 {
        let round = stages.map { make($0) }  // new stages each round: duplicates starts empty
        var seconds = [Double](repeating: 0, count: stages.count)
        for (_, original) in docs {
            var d = original
            for s in before { apply(s, &d) }
            for (k, stage) in round.enumerated() {
                let t0 = now()
                apply(stage, &d)
                seconds[k] += now() - t0
            }
        }
        for k in stages.indices { best[k] = min(best[k], seconds[k]) }
    }
    for (k, type) in stages.enumerated() {
        print(String(format: "  %-18@ %7.4f ms/doc", type as NSString, best[k] / Double(docs.count) * 1000))
    }
    print(String(format: "  %-18@ %7.4f ms/doc", "all five" as NSString, best.reduce(0, +) / Double(docs.count) * 1000))
case "language":
    guard case .transform(let stage) = make("enrich.language") else { fatalError() }
    let lines = try! String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").dropFirst()
    for line in lines {
        let f = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard f.count == 3 else { continue }
        var d = Document(id: "s", source: DocumentSource(path: "s", format: "txt", bytes: 0, encoding: "utf-8"), text: String(f[2]))
        try? stage.process(&d)
        print(d.fields["language"]?.stringValue ?? "-")
    }
case "keywords":
    var docs = articles(args[2])
    let entities = make("extract.entities"), sentences = make("extract.sentences"), keywords = make("enrich.keywords")
    var seconds = 0.0
    for i in docs.indices {
        apply(sentences, &docs[i].1)
        apply(entities, &docs[i].1)
        let t0 = now()
        apply(keywords, &docs[i].1)
        seconds += now() - t0
        let words = docs[i].1.annotations("keywords").compactMap { $0.attributes["text"]?.stringValue }
        print(Value.object(["path": .string(docs[i].0), "text": .string(docs[i].1.text), "keywords": .array(words.map(Value.string))]).jsonString)
    }
    FileHandle.standardError.write("galley keywords: \(String(format: "%.4f", seconds / Double(max(1, docs.count)) * 1000)) ms/doc\n".data(using: .utf8)!)
default:
    print("unknown mode \(args[1])"); exit(2)
}
