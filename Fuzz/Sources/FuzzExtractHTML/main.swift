import ExtractHTML
import FuzzSupport
import GalleyCore
import IngestFiles

let stage: BuiltStage = {
    var parameters = Parameters()
    parameters.values["min_chars"] = .int(0)
    let spec = StageSpec(id: "extract.html", type: "extract.html", parameters: parameters)
    let type = ExtractHTML.stageTypes[0]
    let config = StageConfig(id: spec.id, type: spec.type, parameters: spec.parameters, pipelineDirectory: "/tmp")
    return BuiltStage(spec: spec, type: type, instance: try! type.make(config))
}()

/// libFuzzer entry: any bytes as a web page — decoded as ingest.files decodes pages, then through `extract.html` —
/// either fail the document or give a body whose spans lie inside `text`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let (text, encoding) = IngestFiles.decodeWebPage(bytes) else { return 0 }
    var doc = Document(id: "fuzz", source: DocumentSource(path: "fuzz.html", format: "html", bytes: size, encoding: encoding), text: text)
    do throws(DocumentError) {
        try stage.apply(to: &doc, limits: PipelineLimits())
    } catch {
        return 0
    }
    checkInvariants(doc)
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzExtractHTML_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzExtractHTML(data, size) }
}
