import Foundation
import GalleyTesting
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
    }

    @Test func initialsAndCompanySuffixesKeepTheirFullStop() {
        let recognizer = Self.trained()
        // Mid-sentence and at the end of the sentence, where the full stop is also the sentence's.
        let text = "O. Haddad joined Nordic Inc. in Perth. L. Wei joined Delta Inc."
        #expect(recognizer.entities(in: AnalyzedText(text)).map(\.description) == [
            "PER O. Haddad [0,9]", "ORG Nordic Inc. [17,28]", "LOC Perth [32,37]", "PER L. Wei [39,45]", "ORG Delta Inc. [53,63]",
        ])
    }

    @Test func noNameCrossesALineBreak() {
        let recognizer = Self.trained()
        // A byline without a full stop, then the story: "Anna Berg" and "Omar Haddad" stay two names.
        let text = "Anna Berg\nOmar Haddad of Red Cross flew to Perth on Monday."
        #expect(recognizer.entities(in: AnalyzedText(text)).map(\.description) == [
            "PER Anna Berg [0,9]", "PER Omar Haddad [10,21]", "ORG Red Cross [25,34]", "LOC Perth [43,48]",
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

/// The lexicon: word classes and name lists from files, the training data's names, all kept in the model file.
@Test func aLexiconHoldsClassesAndNamesAndSurvivesTheModelFile() throws {
    let folder = TemporaryDirectory()
    let classes = folder.write("classes.tsv", "oslo\t1\t2\t3\nberg\t4\t5\t6\n")
    let names = folder.write("names.tsv", "LOC\tNew York\nMISC\tNorwegian\n")
    var builder = LexiconBuilder()
    try builder.readClasses(classes)
    try builder.readNames(names)
    let lexicon = builder.lexicon(trainingNames: [EntityTrainer.Sentence(words: ["Anna", "Berg's", "flat", "in", "Oslo"],
                                                                         tags: ["B-PER", "I-PER", "O", "O", "B-LOC"])])
    func entry(_ word: String) -> [UInt32] { let e = lexicon.lookup(WordKey.of(word)); return [e.classes, e.names] }
    // Bit 3 × list + place: lists PER 0, LOC 1, ORG 2, MISC 3 (facts), 4–7 (training names); places whole, first, later.
    #expect(entry("oslo") == [EntityLexicon.pack(1, 2, 3), 1 << (3 * 5 + 0)])
    #expect(entry("berg") == [EntityLexicon.pack(4, 5, 6), 1 << (3 * 4 + 2)])  // "Berg's": the possessive cut off
    #expect(entry("anna") == [0, 1 << (3 * 4 + 1)])
    #expect(entry("new") == [0, 1 << (3 * 1 + 1)])
    #expect(entry("york") == [0, 1 << (3 * 1 + 2)])
    #expect(entry("norwegian") == [0, 1 << (3 * 3 + 0)])
    #expect(entry("flat") == [0, 0])
    let trainer = EntityTrainer(buckets: 1 << 12)
    _ = trainer.epoch(EntityTrainerTests.training)
    let again = try EntityModel(data: trainer.model(lexicon: lexicon).encoded())
    #expect(again.lexicon.keys == lexicon.keys && again.lexicon.classes == lexicon.classes && again.lexicon.names == lexicon.names)
}

/// A document remembers the types its names were given, word by word, for the sentences after.
@Test func aDocumentRemembersTheTypesOfItsNames() {
    let s = EntityTrainer.Sentence(words: ["Anna", "Berg", "of", "Nordic", "Bank", "met", "Berg"],
                                   tags: ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-ORG"])
    var memory: [UInt64: UInt8] = [:]
    EntityRecognizer.remember(s.tags, range: 0..<s.tokens.count, tokens: s.tokens, bytes: s.bytes, into: &memory)
    #expect(memory == [WordKey.of("anna") | 1: 1, WordKey.of("berg") | 1: 1 | 4, WordKey.of("nordic") | 1: 4, WordKey.of("bank") | 1: 4])
}

/// The text between two scalar offsets (Python `text[start:end]`).
func slice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[start..<end]))
}
