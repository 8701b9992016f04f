import GalleyCore
import Testing

/// A short news story written for these tests.
let portStory = """
Dock workers at the port of Rotterdam went on strike on Monday. The port strike halted container traffic, and the \
dock workers said the strike would last until the port authority raised wages.

The port authority said talks with the dock workers' union would resume on Thursday. Shipping companies diverted \
container ships to Antwerp while the strike lasted.
"""

func keywords(_ d: Document) -> [String] { d.annotations("keywords").map { $0.attributes["text"]?.stringValue ?? "" } }

@Test func keyPhrasesOfAShortStory() throws {
    let d = try run(["extract.sentences", "enrich.keywords"], on: document(portStory), ["enrich.keywords": ["count": 6]])
    #expect(keywords(d) == ["Dock workers", "Rotterdam", "port", "port authority", "strike", "container"])
    let scores = d.annotations("keywords").map { $0.attributes["score"]?.doubleValue ?? 0 }
    #expect(scores.first == 1)
    #expect(scores == scores.sorted(by: >))
}

@Test func noStopWordOrNumberPhrases() throws {
    let text = "In 2024 there were 42 of them and 17 of those were there. They said it was what it was, and 2025 will be the same."
    let d = try run(["extract.sentences", "enrich.keywords"], on: document(text))
    for k in keywords(d) {
        #expect(!k.allSatisfy { $0.isNumber || $0 == " " }, "\(k)")
        #expect(!["in", "there", "were", "of", "them", "and", "those", "they", "said", "it", "was", "what", "will", "be", "the", "same"].contains(k.lowercased()), "\(k)")
    }
}

@Test func seedKeywordsNameTheSoldiersAndKursk() throws {
    let d = try run(["extract.sentences", "extract.entities", "enrich.entities", "enrich.keywords"], on: try loadedSeed())
    let top = keywords(d)
    #expect(top == ["Kim Jong-un", "North Korean", "North Korean soldier", "Korean War", "Vladimir Putin", "Donald Trump",
                    "North Korean defectors", "Russia", "Volodymyr Zelenskyy", "Kursk"])
    // Every `Kim` counts for Kim Jong-un, shown as the full name at its first occurrence.
    #expect(d.annotations("keywords")[0].start == 225)
}
