import FuzzSupport
import GalleyText

/// A small model trained at start on sentences written here: the weights do not matter for what is checked, the
/// feature, decoding and consistency code does.
let recognizer: EntityRecognizer = {
    let trainer = EntityTrainer(buckets: 1 << 12)
    let sentences = [
        (["Anna", "Berg", "of", "Nordic", "Bank", "flew", "to", "Oslo", "."], ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O"]),
        (["“", "We", "agree", ",", "”", "said", "Omar", "Haddad", "in", "St.", "Louis", "."],
         ["O", "O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"]),
        (["The", "Olympic", "Games", "open", "in", "Paris", "'s", "centre", "."], ["O", "B-MISC", "I-MISC", "O", "O", "B-LOC", "O", "O", "O"]),
    ].map { EntityTrainer.Sentence(words: $0.0, tags: $0.1) }
    for _ in 0..<5 { _ = trainer.epoch(sentences) }
    return EntityRecognizer(model: trainer.model())
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
