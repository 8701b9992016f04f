import Foundation
import Testing
@testable import GalleyText
@testable import galley_ner_train

/// The perceptron tagger learns from CoNLL-style sentences written for the test.
@Suite struct EntityTrainerTests {
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
                // Initials and company suffixes keep their full stop (one CoNLL word each).
                out.append(EntityTrainer.Sentence(
                    words: [String(p[0].prefix(1)) + ".", p[1], "joined", org[0], "Inc.", "in", place, "."],
                    tags: ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]))
            }
        }
        return out
    }()

    static func trained(epochs: Int = 8) -> EntityRecognizer {
        let trainer = EntityTrainer(buckets: 1 << 12)
        for _ in 0..<epochs { _ = trainer.epoch(training) }
        return EntityRecognizer(model: trainer.model())
    }

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
        let recognizer = Self.trained()
        // A possessive ending stays outside the name, so does the full stop and the quotation marks.
        let text = "“Anna Berg’s plan,” said Lima’s mayor in Cairo."
        let found = recognizer.entities(in: AnalyzedText(text))
        #expect(found.contains { $0.text == "Anna Berg" && $0.label == "PER" && slice(text, $0.start, $0.end) == "Anna Berg" })
        #expect(found.allSatisfy { !$0.text.contains("“") && !$0.text.contains("’") && !$0.text.hasSuffix(".") })
        #expect(found.contains { $0.text == "Cairo" && $0.label == "LOC" })
    }

    @Test func initialsAndCompanySuffixesKeepTheirFullStop() {
        let recognizer = Self.trained()
        // Mid-sentence and at the end of the sentence, where the full stop is also the sentence's.
        let text = "O. Haddad joined Nordic Inc. in Perth. Later L. Wei joined Delta Inc."
        #expect(recognizer.entities(in: AnalyzedText(text)).map(\.description) == [
            "PER O. Haddad [0,9]", "ORG Nordic Inc. [17,28]", "LOC Perth [32,37]", "PER L. Wei [45,51]", "ORG Delta Inc. [59,69]",
        ])
    }

    @Test func noNameCrossesALineBreak() {
        let recognizer = Self.trained()
        // A headline and a dateline without full stops, then the story: "Lima" and "Anna Berg" stay apart.
        let text = "Talks in Lima\nAnna Berg flew to Oslo on Monday.\nNordic Bank\nRed Cross"
        #expect(recognizer.entities(in: AnalyzedText(text)).map(\.description) == [
            "LOC Lima [9,13]", "PER Anna Berg [14,23]", "LOC Oslo [32,36]", "ORG Nordic Bank [48,59]", "ORG Red Cross [60,69]",
        ])
    }

    @Test func coNLLWordsAreRetokenizedWithTheirTags() {
        // "U.S.-based" is one CoNLL word; "Korea 's" two. Tags follow galley's own tokens; the full stop of "N." only
        // continues the name.
        let s = EntityTrainer.Sentence(words: ["Seoul", "-", "based", "Korea", "'s", "Samsung", "Electronics", "N.", "McLean"],
                                       tags: ["B-LOC", "O", "O", "B-LOC", "O", "B-ORG", "I-ORG", "B-PER", "I-PER"])
        let words = s.tokens.map { String(decoding: s.bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        let tags = s.tags.map { EntityModel.tags[$0] }
        #expect(Array(zip(words, tags)).map { "\($0)/\($1)" }.joined(separator: " ")
                == "Seoul/B-LOC -/O based/O Korea/B-LOC '/O s/O Samsung/B-ORG Electronics/I-ORG N/B-PER ./I-PER McLean/I-PER")
    }

    @Test func aTrainedModelSurvivesItsFile() throws {
        let trainer = EntityTrainer(buckets: 1 << 12)
        for _ in 0..<4 { _ = trainer.epoch(Self.training) }
        let model = trainer.model()
        let again = try EntityModel(data: model.encoded())
        let text = "Maria Costa of Delta Shipping flew to Lima on Monday."
        let found = EntityRecognizer(model: again).entities(in: AnalyzedText(text))
        #expect(found == EntityRecognizer(model: model).entities(in: AnalyzedText(text)))
        #expect(found.map(\.description) == ["PER Maria Costa [0,11]", "ORG Delta Shipping [15,29]", "LOC Lima [38,42]"])
    }
}

/// The text between two scalar offsets (Python `text[start:end]`).
func slice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[start..<end]))
}
