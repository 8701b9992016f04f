import ExtractArticle
import FuzzSupport
import GalleyCore

let stage: BuiltStage = {
    let spec = StageSpec(id: "extract.article", type: "extract.article",
                         parameters: Parameters())
    let type = ExtractArticle.stageTypes[0]
    let config = StageConfig(id: spec.id, type: spec.type, parameters: spec.parameters, pipelineDirectory: "/tmp")
    return BuiltStage(spec: spec, type: type, instance: try! type.make(config))
}()

/// libFuzzer entry: any text through `extract.article` either fails the document or gives spans inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractArticle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    var doc = fuzzDocument(data, size)
    do throws(DocumentError) {
        try stage.apply(to: &doc, limits: PipelineLimits())
    } catch {
        return 0
    }
    checkInvariants(doc)
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzExtractArticle_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzExtractArticle(data, size) }
}
