import Foundation
import GalleyText

/// Reads a file as UTF-8, falling back to Latin-1.
func readArticle(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "--show" {
    guard let text = readArticle(arguments[2]) else { exit(1) }
    let analyzed = AnalyzedText(text)
    print("== sentences")
    for span in analyzed.sentences { print("[\(span.start),\(span.end)] \(Array(text.unicodeScalars)[span.start..<span.end].map(String.init).joined())") }
    print("== quotes")
    for quote in QuoteExtractor.quotes(in: analyzed) { print(quote) }
    print("== quantities")
    for quantity in QuantityExtractor.quantities(in: analyzed) { print(quantity) }
    print("== dates")
    let published = arguments.count >= 4 ? CalendarDate(iso: arguments[3]) : nil
    for date in DateExtractor.dates(in: analyzed) { print(date.text, date.grain, DateResolver.resolve(date.expression, published: published)) }
    print("== stats")
    print(TextStatistics(analyzed))
    exit(0)
}
print("todo")
