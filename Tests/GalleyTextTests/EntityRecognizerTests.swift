import Foundation
import Testing
@testable import GalleyText

/// The perceptron tagger learns from CoNLL-style sentences written for the test, and its model survives a file.
@Suite struct EntityRecognizerTests {
    /// Sentences of a tiny made-up world: people, places and organisations in a few patterns.
    static let training: [EntityTrainer.Sentence] = {
        let people = [["Anna", "Berg"], ["Omar", "Haddad"], ["Li", "Wei"], ["Maria", "Costa"]]
        let places = ["Oslo", "Cairo", "Lima", "Perth"]
        let orgs = [["Nordic", "Bank"], ["Delta", "Shipping"], ["Red", "Cross"]]
        var out: [EntityTrainer.Sentence] = []
        for (i, p) in people.enumerated() {
            for (j, place) in places.enumerated() {
                let org = orgs[(i + j) % orgs.count]
                out.append(EntityTrainer.Sentence(
                    words: p + ["of"] + org + ["flew", "to", place, "on", "Monday", "."],
                    tags: ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O", "O", "O"]))
                out.append(EntityTrainer.Sentence(
                    words: ["The", "talks", "in", place, "were", "led", "by", p[1], "."],
                    tags: ["O", "O", "O", "B-LOC", "O", "O", "O", "B-PER", "O"]))
            }
        }
        return out
    }()

    @Test func aTrainedModelTagsNewSentences() {
        let trainer = EntityTrainer(buckets: 1 << 12)
        var accuracy = 0.0
        for _ in 0..<8 { accuracy = trainer.epoch(Self.training) }
        #expect(accuracy == 1.0)
        let recognizer = EntityRecognizer(model: trainer.model())
        // Seen names in a new order.
        let text = "Omar Haddad of Red Cross flew to Perth on Monday.\n\nThe talks in Oslo were led by Berg."
        let found = recognizer.entities(in: AnalyzedText(text))
        #expect(found.map(\.description) == [
            "PER Omar Haddad [0,11]", "ORG Red Cross [15,24]", "LOC Perth [33,38]", "LOC Oslo [64,68]", "PER Berg [81,85]",
        ])
    }

    @Test func quotesAndTrailingStopsAreNeverPartOfAName() {
        let trainer = EntityTrainer(buckets: 1 << 12)
        for _ in 0..<8 { _ = trainer.epoch(Self.training) }
        let recognizer = EntityRecognizer(model: trainer.model())
        // A possessive ending stays outside the name, so does the full stop and the quotation marks.
        let text = "“Anna Berg’s plan,” said Lima’s mayor in Cairo."
        let found = recognizer.entities(in: AnalyzedText(text))
        #expect(found.contains { $0.text == "Anna Berg" && $0.label == "PER" && slice(text, $0.start, $0.end) == "Anna Berg" })
        #expect(found.allSatisfy { !$0.text.contains("“") && !$0.text.contains("’") && !$0.text.hasSuffix(".") })
        #expect(found.contains { $0.text == "Cairo" && $0.label == "LOC" })
    }

    @Test func aModelSurvivesItsFileAndABrokenFileIsRefused() throws {
        let trainer = EntityTrainer(buckets: 1 << 12)
        for _ in 0..<4 { _ = trainer.epoch(Self.training) }
        let model = trainer.model()
        let data = model.encoded()
        #expect(data.count == 20 + (1 << 12) * EntityModel.tags.count * 2)
        let again = try EntityModel(data: data)
        let text = "Maria Costa of Delta Shipping flew to Lima on Monday."
        #expect(EntityRecognizer(model: again).entities(in: AnalyzedText(text)) == EntityRecognizer(model: model).entities(in: AnalyzedText(text)))
        #expect(throws: EntityModelError.self) { try EntityModel(data: data.prefix(100)) }
        #expect(throws: EntityModelError.self) { try EntityModel(data: Data("not a model at all, just text".utf8)) }
    }

    @Test func coNLLWordsAreRetokenizedWithTheirTags() {
        // "U.S.-based" is one CoNLL word; "Korea 's" two. Tags follow galley's own tokens.
        let s = EntityTrainer.Sentence(words: ["Seoul", "-", "based", "Korea", "'s", "Samsung", "Electronics"],
                                       tags: ["B-LOC", "O", "O", "B-LOC", "O", "B-ORG", "I-ORG"])
        let words = s.tokens.map { String(decoding: s.bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        let tags = s.tags.map { EntityModel.tags[$0] }
        #expect(Array(zip(words, tags)).map { "\($0)/\($1)" }.joined(separator: " ")
                == "Seoul/B-LOC -/O based/O Korea/B-LOC '/O s/O Samsung/B-ORG Electronics/I-ORG")
    }
}

/// Random glued pieces (capitalised words, quotes, possessives, dots, emoji) never crash the tagger, and every
/// entity's offsets cut exactly its text, which starts and ends with a word or number.
@Test func theTaggerSurvivesRandomText() {
    let trainer = EntityTrainer(buckets: 1 << 12)
    for _ in 0..<3 { _ = trainer.epoch(EntityRecognizerTests.training) }
    let recognizer = EntityRecognizer(model: trainer.model())
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
