import FuzzSupport
import GalleyCore
import IngestFiles

let source: any SourceStage = {
    let type = IngestFiles.stageTypes[0]
    let config = StageConfig(id: "ingest.files", type: type.name,
                             parameters: Parameters(), pipelineDirectory: "/tmp")
    guard case .source(let s) = try! type.make(config) else { fatalError("ingest.files is not a source") }
    return s
}()

/// libFuzzer entry: any bytes as one JSON line of input give exactly one document or one failure with a reason.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngestLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let results = source.load(SourceItem(path: "-", relativePath: "-", inline: bytes, line: 1))
    precondition(results.count == 1, "one line gave \(results.count) results")
    if case .failure(let e) = results[0] { precondition(!e.message.isEmpty && !e.message.contains("\n"), "reason is not one line: \(e.message)") }
    if case .success(let doc) = results[0] { _ = DocumentJSON.object(doc) }
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzIngestLine_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzIngestLine(data, size) }
}
