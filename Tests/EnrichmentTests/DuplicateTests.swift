import Foundation
import GalleyCore
import GalleyTesting
import Testing

/// A corpus stage of enrich.duplicates.
func duplicates(_ parameters: [String: Value] = [:]) throws -> any CorpusStage {
    guard case .corpus(let c) = try stage("enrich.duplicates", parameters) else { throw StageFailure("not a corpus stage") }
    return c
}

/// A long text of numbered, distinct sentences.
func story(_ n: Int, changing changed: Set<Int> = [], topic: String = "harbour") -> String {
    (0..<n).map { i in
        changed.contains(i) ? "An entirely different remark number \(i) appears here instead." : "The \(topic) committee discussed item \(i) of the plan at length on day \(i * 7 % 31)."
    }.joined(separator: " ")
}

func mark(_ c: any CorpusStage, _ docs: [Document]) throws -> [String] {
    try docs.map { d in
        var d = d
        try c.process(&d)
        return [d.fields["duplicate_of"]?.stringValue, d.fields["similarity"].map { $0.description }].compactMap { $0 }.joined(separator: " ")
    }
}

@Test func exactAndNearDuplicatesPointAtTheFirstDocument() throws {
    let base = story(40)
    let docs = [
        document(base, id: "a"),
        document(story(40, topic: "railway"), id: "b"),
        document(base.uppercased().replacingOccurrences(of: " ", with: "\n  "), id: "c"),  // same words: exact
        document(story(40, changing: [5]), id: "d"),                                       // one sentence of 40 changed
        document(story(40, changing: Set(0..<20)), id: "e"),                               // half changed: not near
        document(base, id: "f"),
    ]
    let result = try mark(try duplicates(), docs)
    #expect(result[0] == "" && result[1] == "" && result[4] == "")
    #expect(result[2] == "a 1")
    #expect(result[5] == "a 1")
    #expect(result[3].hasPrefix("a 0.") && Double(result[3].dropFirst(2))! >= 0.8)
}

@Test func thresholdDecidesNearDuplicates() throws {
    let docs = [document(story(40), id: "a"), document(story(40, changing: [1, 9, 17, 25]), id: "b")]
    #expect(try mark(try duplicates(["threshold": 0.95]), docs)[1] == "")
    #expect(try mark(try duplicates(["threshold": 0.5]), docs)[1].hasPrefix("a "))
}

@Test func signaturesStoredForResume() throws {
    let dir = TemporaryDirectory()
    let store = dir.path + "/signatures.sqlite"
    let first = try duplicates(["store": .string(store)])
    try first.open(resume: false)
    _ = try mark(first, [document(story(30), id: "a"), document(story(30, topic: "airport"), id: "b")])
    try first.finish()
    #expect(FileManager.default.fileExists(atPath: store))
    // A later run with --resume sees neither a nor b, but finds them through the store.
    let second = try duplicates(["store": .string(store)])
    try second.open(resume: true)
    #expect(try mark(second, [document(story(30, topic: "airport"), id: "c"), document(story(30), id: "a")]) == ["b 1", ""])
    try second.finish()
    // Without --resume the store starts over.
    let third = try duplicates(["store": .string(store)])
    try third.open(resume: false)
    #expect(try mark(third, [document(story(30), id: "x")]) == [""])
    try third.finish()
}
