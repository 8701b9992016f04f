import FuzzSupport
import GalleyCore

/// The transforms of Pipelines/news.yaml, in its order (its output stages are not run, so they are left out).
let runner: Runner = {
    let yaml = """
        pipeline: fuzz-news
        stages:
          - use: ingest.files
          - use: extract.article
          - use: extract.sentences
          - use: extract.quotes
          - use: extract.quantities
          - use: extract.dates
          - use: enrich.dates
          - use: enrich.stats
          - use: output.jsonl
            with: { path: /dev/null }
        """
    let pipeline = try! PipelineLoader(registry: fuzzRegistry, environment: [:]).load(yaml: yaml, file: "fuzz.yaml", directory: "/tmp")
    return try! Runner(pipeline: pipeline, registry: fuzzRegistry)
}()

/// libFuzzer entry: any text through every stage of the news pipeline either fails the document or gives spans inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNewsPipeline(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var doc = Document(id: "fuzz", source: DocumentSource(path: "fuzz.txt", format: "txt", bytes: size, encoding: "utf-8"), text: text)
    do throws(DocumentError) {
        try runner.transform(&doc)
    } catch {
        return 0
    }
    let length = doc.text.unicodeScalars.count
    for a in doc.annotations {
        precondition(a.start >= 0 && a.start <= a.end && a.end <= length, "annotation \(a.kind) \(a.start)..<\(a.end) outside 0..<\(length)")
    }
    _ = DocumentJSON.object(doc)
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzNewsPipeline_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzNewsPipeline(data, size) }
}
