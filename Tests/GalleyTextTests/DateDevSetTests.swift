import Foundation
import Testing
@testable import GalleyText

/// One marked sentence of the dev set: the plain text, its publication day and the gold mentions.
private struct DevSentence {
    var text: String
    var published: CalendarDate
    /// (start, end) in scalars, TIMEX3 value.
    var gold: [(Int, Int, String)]
}

/// Reads `Tests/Fixtures/dates-dev.txt`: `# published` lines and sentences with `[text|VALUE]` marks.
private func devSet() -> [DevSentence] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dates-dev.txt")
    guard let content = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var published = CalendarDate(year: 2000, month: 1, day: 1)
    var sentences: [DevSentence] = []
    for line in content.split(separator: "\n") {
        if line.hasPrefix("# published ") {
            published = CalendarDate(iso: String(line.dropFirst(12)))!
            continue
        }
        if line.hasPrefix("#") { continue }
        var text = String.UnicodeScalarView()
        var gold: [(Int, Int, String)] = []
        var scalars = Array(line.unicodeScalars)[...]
        while let open = scalars.firstIndex(of: "[") {
            text.append(contentsOf: scalars[scalars.startIndex..<open])
            let bar = scalars[open...].firstIndex(of: "|")!
            let close = scalars[bar...].firstIndex(of: "]")!
            let start = text.count
            text.append(contentsOf: scalars[(open + 1)..<bar])
            gold.append((start, text.count, String(String.UnicodeScalarView(scalars[(bar + 1)..<close]))))
            scalars = scalars[(close + 1)...]
        }
        text.append(contentsOf: scalars)
        sentences.append(DevSentence(text: String(text), published: published, gold: gold))
    }
    return sentences
}

/// The class of a gold TIMEX3 value.
private func valueClass(_ value: String) -> String {
    if value == "XXXX" { return "anchored" }
    if value.hasPrefix("P") { return "duration" }
    if value.hasSuffix("_REF") { return "reference" }
    if value.contains("-Q") { return "quarter" }
    if value.contains("-H") { return "half" }
    if value.hasSuffix("-SP") || value.hasSuffix("-SU") || value.hasSuffix("-FA") || value.hasSuffix("-WI") { return "season" }
    if value.contains("-W") { return "week" }
    if value.contains("T") { return "day+part" }
    switch value.count {
    case 10: return "day"
    case 7: return "month"
    case 4: return "year"
    case 3: return "decade"
    case 2: return "century"
    default: return "other"
    }
}

/// Overlap scores over the dev set, per class, printed for the report; floors guard against regressions.
@Test func dateDevSetScores() {
    let sentences = devSet()
    #expect(sentences.count >= 150)
    var goldCount = 0, found = 0, predicted = 0, correct = 0, comparable = 0, rightValue = 0
    var perClass: [String: (gold: Int, found: Int, comparable: Int, right: Int)] = [:]
    var notes: [String] = []
    for sentence in sentences {
        let mentions = DateExtractor.dates(in: sentence.text)
        predicted += mentions.count
        for mention in mentions {
            if sentence.gold.contains(where: { $0.0 < mention.end && mention.start < $0.1 }) {
                correct += 1
            } else {
                notes.append("spurious: \(mention.text) in: \(sentence.text)")
            }
        }
        for (start, end, value) in sentence.gold {
            goldCount += 1
            let name = valueClass(value)
            var entry = perClass[name] ?? (0, 0, 0, 0)
            entry.gold += 1
            if let mention = mentions.first(where: { start < $0.end && $0.start < end }) {
                found += 1
                entry.found += 1
                if value != "XXXX" {
                    comparable += 1
                    entry.comparable += 1
                    let got = DateResolver.resolve(mention.expression, published: sentence.published).value ?? "-"
                    if got == value {
                        rightValue += 1
                        entry.right += 1
                    } else {
                        notes.append("value: \(mention.text) = \(got), expected \(value) in: \(sentence.text)")
                    }
                }
            } else {
                let scalars = Array(sentence.text.unicodeScalars)[start..<end]
                notes.append("missed: \(String(String.UnicodeScalarView(scalars))) (\(value)) in: \(sentence.text)")
            }
            perClass[name] = entry
        }
    }
    let precision = Double(correct) / Double(max(predicted, 1))
    let recall = Double(found) / Double(max(goldCount, 1))
    let f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    let accuracy = Double(rightValue) / Double(max(comparable, 1))
    func percent(_ value: Double) -> String { String(format: "%.1f", value * 100) }
    var report = "date dev set: \(goldCount) gold mentions, \(predicted) predicted; overlap P \(percent(precision)) R \(percent(recall)) "
        + "F1 \(percent(f1)); value accuracy \(percent(accuracy)) (\(rightValue)/\(comparable))\n"
    for name in perClass.keys.sorted() {
        let entry = perClass[name]!
        report += "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) gold \(entry.gold)  recall \(percent(Double(entry.found) / Double(entry.gold)))"
            + "  value \(entry.comparable > 0 ? percent(Double(entry.right) / Double(entry.comparable)) : "-")\n"
    }
    print(report + notes.map { "  " + $0 }.joined(separator: "\n"))
    #expect(goldCount >= 200)
    #expect(f1 >= 0.90)
    #expect(accuracy >= 0.93)
}
