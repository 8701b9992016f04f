import Foundation
import Testing
@testable import GalleyText

/// A model of random weights: what is checked here does not depend on what a model learnt (training is tested in
/// NERTrainTests, beside the trainer).
func randomModel(seed: UInt64 = 7) -> EntityModel {
    var random = SplitMix64(seed: seed)
    let buckets = 1 << 12
    return EntityModel(buckets: buckets, weights: (0..<buckets * EntityModel.tags.count).map { _ in Float.random(in: -1...1, using: &random) })
}

@Suite struct EntityRecognizerTests {
    @Test func aModelSurvivesItsFileAndABrokenFileIsRefused() throws {
        let model = randomModel()
        let data = model.encoded()
        #expect(data.count == 24 + (1 << 12) * EntityModel.tags.count * 2)
        let again = try EntityModel(data: data)
        let text = "Maria Costa of Delta Shipping flew to Lima on Monday. Anna Berg of Nordic Bank stayed in Oslo."
        #expect(EntityRecognizer(model: again).entities(in: AnalyzedText(text)) == EntityRecognizer(model: model).entities(in: AnalyzedText(text)))
        #expect(throws: EntityModelError.self) { try EntityModel(data: data.prefix(100)) }
        #expect(throws: EntityModelError.self) { try EntityModel(data: Data("not a model at all, just text".utf8)) }
        // A model of the first format (no lexicon, other features) asks to be trained again.
        var old = Data("GNER".utf8)
        for v: UInt32 in [1, 1 << 12, 9, 0, 0] { withUnsafeBytes(of: v.littleEndian) { old.append(contentsOf: $0) } }
        #expect { try EntityModel(data: old, name: "old.model") } throws: {
            "\($0)" == "'old.model' is an entity model of version 1; this galley reads version 2 (train it again with galley-ner-train)"
        }
    }

    @Test func everyLineBreakEndsTheTaggersContext() {
        // A headline, a dateline and a byline without full stops, then two sentences on one line.
        let text = "NORDIC BANK TAKES OVER\nOSLO 1996-08-30\nBy Anna Berg\nAnna Berg flew to Oslo. She met Omar.\n\nNew paragraph"
        let analyzed = AnalyzedText(text)
        #expect(EntityRecognizer.contexts(of: analyzed).map { analyzed.string(tokens: $0) } == [
            "NORDIC BANK TAKES OVER", "OSLO 1996-08-30", "By Anna Berg", "Anna Berg flew to Oslo.", "She met Omar.", "New paragraph",
        ])
    }
}

/// Random glued pieces (capitalised words, quotes, possessives, dots, emoji) never crash the tagger, and every
/// entity's offsets cut exactly its text, which starts and ends with a word or number.
@Test func theTaggerSurvivesRandomText() {
    let recognizer = EntityRecognizer(model: randomModel())
    let pieces = ["Anna", "Berg", "Oslo", "’s", "'s", "of", "the", "Red", "Cross", ".", ",", "“", "”", "\"", "St.", "U.S.",
                  "&", "AT&T", "iPod", "van", "1996", "😀", "Ж", "é", " ", " ", " ", "\n\n", "-", "Jong-un", "Kim"]
    var random = SplitMix64(seed: 7)
    func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &random) }
    for _ in 0..<800 {
        let text = (0..<next(50)).map { _ in pieces[next(pieces.count)] }.joined()
        let analyzed = AnalyzedText(text)
        for e in recognizer.entities(in: analyzed) {
            #expect(slice(text, e.start, e.end) == e.text)
            #expect(e.start < e.end && EntityModel.types.contains(e.label))
            #expect(!e.text.contains("\n"))
        }
    }
}

@Test func namesAreLabelledConsistentlyWithinADocument() {
    func name(_ words: String, _ type: String) -> TaggedName {
        TaggedName(words: words.split(separator: " ").map { WordKey.of(String($0)) }, type: EntityModel.types.firstIndex(of: type)!)
    }
    var names = [name("Donald Trump", "PER"), name("Trump", "MISC"), name("North Korea", "LOC"), name("North Korea", "ORG"),
                 name("North Korea", "LOC"), name("Kursk", "MISC"), name("Kursk", "LOC"), name("Trump", "ORG")]
    TaggedName.harmonize(&names)
    // "Trump" is the surname of a person named before; "North Korea" goes with the majority; "Kursk" is a tie.
    #expect(names.map { EntityModel.types[$0.type] } == ["PER", "PER", "LOC", "LOC", "LOC", "MISC", "LOC", "PER"])
}
