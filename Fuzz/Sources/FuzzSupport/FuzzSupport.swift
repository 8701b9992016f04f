import Dates
import EnrichStats
import ExtractArticle
import ExtractQuantities
import ExtractQuotes
import ExtractSentences
import GalleyCore
import IngestFiles
import OutputJSONL

/// The stage types the fuzzers use: every builtin except the database and report outputs, whose dependencies
/// (SQLite, SwiftNIO) would make a sanitized build take many minutes and are not reached by these inputs.
public let fuzzRegistry = StageRegistry(
    IngestFiles.stageTypes + ExtractArticle.stageTypes + ExtractSentences.stageTypes + ExtractQuotes.stageTypes
        + ExtractQuantities.stageTypes + DateStages.stageTypes + EnrichStats.stageTypes + OutputJSONL.stageTypes)

/// libFuzzer's driver, from the fuzzer runtime that `-sanitize=fuzzer` links in (named as the C symbol).
// swift-format-ignore: AlwaysUseLowerCamelCase
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// Runs libFuzzer with the process arguments over `callback`.
///
/// SwiftPM links an executable target with `main` defined as `<Target>_main`, which keeps libFuzzer's own `main`
/// out; each fuzzer defines that symbol and calls this instead.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}

/// The fuzzer's bytes as a plain-text document, as `ingest.files` gives one for a `.txt` file.
public func fuzzDocument(_ data: UnsafePointer<UInt8>, _ size: Int) -> Document {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    return Document(id: "fuzz", source: DocumentSource(path: "fuzz.txt", format: "txt", bytes: size, encoding: "utf-8"), text: text)
}

/// Traps when an annotation lies outside the text, then exports the document: what every stage must guarantee.
public func checkInvariants(_ doc: Document) {
    let length = doc.text.unicodeScalars.count
    for a in doc.annotations {
        precondition(a.start >= 0 && a.start <= a.end && a.end <= length, "annotation \(a.kind) \(a.start)..<\(a.end) outside 0..<\(length)")
    }
    _ = DocumentJSON.object(doc)
}
