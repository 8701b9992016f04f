import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

/// The repository's seed article.
let seedArticle = Repository.seedArticle

/// Builds a transform stage of a builtin type, defaults filled in.
func transform(_ type: String, _ parameters: [String: Value] = [:]) throws -> any TransformStage {
    let stageType = try #require(Builtins.registry[type])
    var values = Parameters()
    for parameter in stageType.parameters { if let value = parameter.defaultValue { values.values[parameter.name] = value } }
    for (key, value) in parameters { values.values[key] = value }
    guard case .transform(let stage) = try stageType.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: ".")) else {
        throw StageFailure("\(type) is not a transform")
    }
    return stage
}

/// Runs transform stages in order over a document.
func run(_ types: [String], on document: Document) throws -> Document {
    var document = document
    for type in types { try transform(type).process(&document) }
    return document
}

/// The text stages in pipeline order.
let textStages = ["extract.sentences", "extract.quotes", "extract.quantities", "extract.dates", "enrich.dates", "enrich.stats"]

/// The seed article after ingest.files, extract.article and the text stages.
func processedSeed() throws -> Document {
    guard case .source(let source) = try Builtins.registry["ingest.files"]!.make(
        StageConfig(id: "ingest", type: "ingest.files", parameters: Parameters(defaults("ingest.files")), pipelineDirectory: "."))
    else { throw StageFailure("ingest.files is not a source") }
    guard case .success(let document)? = source.load(SourceItem(path: seedArticle, relativePath: "000_f33259cb4be8492d.txt")).first else {
        throw StageFailure("cannot load the seed")
    }
    return try run(["extract.article"] + textStages, on: document)
}

/// Default parameter values of a builtin type.
func defaults(_ type: String) -> [String: Value] {
    var values: [String: Value] = [:]
    for parameter in Builtins.registry[type]?.parameters ?? [] { if let value = parameter.defaultValue { values[parameter.name] = value } }
    return values
}

extension Parameters {
    /// Parameters from a plain dictionary.
    init(_ values: [String: Value]) {
        self.init()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) { self.values[key] = value }
    }
}

/// A document holding raw text, as from JSON-lines input.
func rawDocument(_ text: String, published: String? = nil) -> Document {
    var document = Document(id: "t", source: DocumentSource(path: "t.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
    if let published { document.fields["published"] = .string(published) }
    return document
}

/// The text an annotation covers.
func covered(_ document: Document, _ annotation: Annotation) -> String {
    let scalars = Array(document.text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[annotation.start..<annotation.end]))
}
