import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

/// Builds a stage of a builtin type, defaults filled in.
func stage(_ type: String, _ parameters: [String: Value] = [:]) throws -> StageInstance {
    let stageType = try #require(Builtins.registry[type])
    var values = Parameters()
    for parameter in stageType.parameters { if let value = parameter.defaultValue { values.values[parameter.name] = value } }
    for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { values.values[key] = value }
    return try stageType.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: "."))
}

/// Runs transform stages in order over a document.
func run(_ types: [String], on document: Document, _ parameters: [String: [String: Value]] = [:]) throws -> Document {
    var document = document
    for type in types {
        guard case .transform(let t) = try stage(type, parameters[type] ?? [:]) else { throw StageFailure("\(type) is not a transform") }
        try t.process(&document)
    }
    return document
}

/// A document holding raw text.
func document(_ text: String, id: String = "t", fields: [String: Value] = [:]) -> Document {
    var d = Document(id: id, source: DocumentSource(path: "\(id).txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
    for (k, v) in fields.sorted(by: { $0.key < $1.key }) { d.fields[k] = v }
    return d
}

/// The seed article after ingest.files and extract.article.
func loadedSeed() throws -> Document {
    guard case .source(let source) = try stage("ingest.files") else { throw StageFailure("ingest.files is not a source") }
    guard case .success(let d)? = source.load(SourceItem(path: Repository.seedArticle, relativePath: "000_f33259cb4be8492d.txt")).first else {
        throw StageFailure("cannot load the seed")
    }
    return try run(["extract.article"], on: d)
}

/// The text an annotation covers.
func covered(_ document: Document, _ a: Annotation) -> String {
    let scalars = Array(document.text.unicodeScalars)
    var s = String.UnicodeScalarView()
    s.append(contentsOf: scalars[a.start..<a.end])
    return String(s)
}
