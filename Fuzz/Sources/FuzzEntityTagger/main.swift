import FuzzSupport
import GalleyText

/// A small model of random weights: the weights do not matter for what is checked, the feature, decoding and
/// consistency code does (the trainer lives in galley-ner-train, outside the runtime library).
let recognizer: EntityRecognizer = {
    var random = SplitMix64(seed: 2003)
    let buckets = 1 << 12
    let weights = (0..<buckets * EntityModel.tags.count).map { _ in Float.random(in: -1...1, using: &random) }
    return EntityRecognizer(model: EntityModel(buckets: buckets, weights: weights))
}()

/// libFuzzer entry: any UTF-8 text gives entities whose offsets cut exactly their text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntityTagger(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let scalars = Array(text.unicodeScalars)
    for e in recognizer.entities(in: AnalyzedText(text)) {
        precondition(e.start < e.end && e.end <= scalars.count, "entity \(e) outside the text")
        precondition(String(String.UnicodeScalarView(scalars[e.start..<e.end])) == e.text, "entity \(e) does not cut its text")
        precondition(EntityModel.types.contains(e.label), "unknown label in \(e)")
    }
    return 0
}

/// The entry point SwiftPM links as `main`: hands the arguments to libFuzzer.
@_cdecl("FuzzEntityTagger_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzzEntityTagger(data, size) }
}
