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
    var doc = fuzzDocument(data, size)
    do throws(DocumentError) {
        try runner.transform(&doc)
    } catch {
        return 0
    }
    checkInvariants(doc)
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzNewsPipeline_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzNewsPipeline(data, size) }
}
