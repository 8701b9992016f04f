import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import OrderedCollections

/// Paths, runs and small articles shared by the output tests.
enum Fixtures {
    /// The seed article.
    static let seed = Repository.seedArticle
    /// The seed article's id and source path as ingest.files gives them for `seed`.
    static let seedID = try! seedDocument().id
    /// The seed article's stored path.
    static let seedPath = try! seedDocument().source.path
    /// The seed article's title.
    static let seedTitle = "Troops to Russia -- risk and opportunity for Kim Jong-un"

    /// Runs `ingest.files` + `extract.article` + the given output stages (YAML list items) over inputs.
    @discardableResult
    static func run(outputs: String, inputs: [String], in dir: String, resume: Bool = false) throws -> RunSummary {
        let yaml = """
            pipeline: test
            stages:
              - use: ingest.files
              - use: extract.article
            \(outputs)
            """
        let pipeline = try PipelineLoader(registry: Builtins.registry).load(yaml: yaml, file: dir + "/test.yaml", directory: dir)
        let runner = try Runner(pipeline: pipeline, registry: Builtins.registry)
        var options = RunOptions()
        options.jobs = 2
        options.resume = resume
        return try runner.run(InputSelection(paths: inputs), options: options)
    }

    /// The seed article as extract.article leaves it.
    static func seedDocument() throws -> Document {
        let pipeline = try PipelineLoader(registry: Builtins.registry).load(
            yaml: "pipeline: t\nstages:\n  - use: ingest.files\n  - use: extract.article\n", file: Repository.root + "/t.yaml", directory: Repository.root)
        let runner = try Runner(pipeline: pipeline, registry: Builtins.registry)
        var docs: [Document] = []
        try runner.source!.enumerate(InputSelection(paths: [seed])) { item in
            for case .success(var d) in runner.source!.load(item) {
                try runner.transform(&d)
                docs.append(d)
            }
            return true
        }
        return docs[0]
    }

    /// An article with entities, a quote, a figure and a date, written for the tests.
    static func summitArticle(id: String = "summit-1", title: String = "Kim meets Putin in Moscow") -> Document {
        let text = "Kim Jong-un met Vladimir Putin in Moscow on Tuesday.\n\n“We are ready to help,” Putin said after the talks, which the UN criticised.\n\nTrade rose 12% in 2024."
        var doc = Document(id: id, source: DocumentSource(path: "summit.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
        doc.fields["title"] = .string(title)
        doc.fields["published"] = "2024-11-26T09:00:00"
        doc.fields["author"] = "A. Writer"
        func span(_ s: String, after: Int = 0) -> (Int, Int) {
            let scalars = Array(text.unicodeScalars), needle = Array(s.unicodeScalars)
            for i in after...(scalars.count - needle.count) where Array(scalars[i..<(i + needle.count)]) == needle { return (i, i + needle.count) }
            fatalError("'\(s)' not in text")
        }
        func add(_ kind: String, _ s: String, after: Int = 0, _ attrs: OrderedDictionary<String, Value>) {
            let (a, b) = span(s, after: after)
            var attributes: OrderedDictionary<String, Value> = ["text": .string(s)]
            for (k, v) in attrs { attributes[k] = v }
            doc.annotations.append(Annotation(kind: kind, start: a, end: b, attributes: attributes))
        }
        add("entities", "Kim Jong-un", ["label": "PER"])
        add("entities", "Vladimir Putin", ["label": "PER"])
        add("entities", "Moscow", ["label": "LOC"])
        add("quotes", "“We are ready to help,”", ["speaker": "Vladimir Putin", "kind": "direct"])
        add("entities", "Putin", after: 60, ["label": "PER", "canonical": "Vladimir Putin"])
        add("entities", "UN", ["label": "ORG"])
        add("quantities", "12%", ["kind": "percent", "value": 12, "unit": "%"])
        add("dates", "2024", after: 100, ["value": "2024", "grain": "year"])
        doc.trace = [TraceEntry(stage: "ingest.files", seconds: 0.001), TraceEntry(stage: "extract.article", seconds: 0.002)]
        return doc
    }

    /// A stage configuration for a sink.
    static func config(_ type: String, _ params: OrderedDictionary<String, Value>) -> StageConfig {
        var values = params
        for spec in Builtins.registry[type]!.parameters where values[spec.name] == nil {
            if let d = spec.defaultValue { values[spec.name] = d }
        }
        return StageConfig(id: type, type: type, parameters: Parameters(values), pipelineDirectory: Repository.root)
    }
}
