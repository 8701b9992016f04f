import Foundation
@testable import GalleyText

/// The repository's seed article, read relative to this file so tests run from a fresh clone.
let seedText: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds/000_f33259cb4be8492d.txt")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()

/// The seed's publication day.
let seedPublished = CalendarDate(year: 2024, month: 11, day: 24)

/// The text between two scalar offsets (Python `text[start:end]`).
func slice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[start..<end]))
}

/// The texts of a text's sentences.
func sentenceTexts(_ text: String) -> [String] {
    SentenceSplitter.sentences(in: text).map { slice(text, $0.start, $0.end) }
}
