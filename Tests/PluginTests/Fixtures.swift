import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting

/// The seed article's path.
let seedArticle = Repository.seedArticle

/// Builds one stage of a builtin type with parameters.
func makeStage(_ type: String, _ parameters: [String: Value] = [:]) throws -> StageInstance {
    let t = Builtins.registry[type]!
    var values = Parameters()
    for p in t.parameters { if let d = p.defaultValue { values.values[p.name] = d } }
    for (k, v) in parameters { values.values[k] = v }
    return try t.make(StageConfig(id: type, type: type, parameters: values, pipelineDirectory: "."))
}

/// Loads one file with ingest.files.
func ingest(_ path: String, _ parameters: [String: Value] = [:]) throws -> [Result<Document, DocumentError>] {
    guard case .source(let s) = try makeStage("ingest.files", parameters) else { fatalError() }
    return s.load(SourceItem(path: path, relativePath: (path as NSString).lastPathComponent))
}

/// Loads one file and runs extract.article on it.
func article(_ path: String) throws -> Document {
    guard case .success(var doc)? = try ingest(path).first else { throw StageFailure("cannot load \(path)") }
    guard case .transform(let t) = try makeStage("extract.article") else { fatalError() }
    try t.process(&doc)
    return doc
}

/// Extracts an article from text written in a test.
func article(text: String, name: String = "t.txt") throws -> Document {
    let dir = TemporaryDirectory()
    return try article(dir.write(name, text))
}

/// The text covered by an annotation.
func covered(_ doc: Document, _ a: Annotation) -> String {
    let scalars = Array(doc.text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[a.start..<a.end]))
}
