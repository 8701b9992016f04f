import FuzzSupport
import GalleyCore

/// libFuzzer entry: any bytes as pipeline YAML must give a pipeline or diagnostics, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipelineLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loader = PipelineLoader(registry: fuzzRegistry, environment: ["HOME": "/home/fuzz", "GALLEY_OUT": "out"])
    do {
        let pipeline = try loader.load(yaml: text, file: "fuzz.yaml", directory: "/tmp/galley-fuzz")
        precondition(!pipeline.stages.isEmpty, "a pipeline without stages was accepted")
    } catch {
        precondition(!error.diagnostics.isEmpty, "an error without diagnostics")
        for d in error.diagnostics { _ = d.rendered(color: false) }
    }
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzPipelineLoader_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzPipelineLoader(data, size) }
}
