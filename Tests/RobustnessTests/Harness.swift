import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The seed article's text.
let seedArticle: [UInt8] = [UInt8](FileManager.default.contents(atPath: Repository.seedArticle)!)

/// Whether the tests run as root, where permission bits do not stop reads or writes.
let runningAsRoot = GalleyProcess.runningAsRoot

/// Whether a test can run galley without root's powers (see `GalleyProcess.unprivileged`).
let canRunUnprivileged = GalleyProcess.canRunUnprivileged

/// The JSON objects of a JSON-lines file; records an issue for any line that does not parse.
func jsonLines(_ path: String) -> [Value] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let bytes = [UInt8](data)
    if let last = bytes.last { #expect(last == 0x0A, "\(path) does not end with a newline") }
    var out: [Value] = []
    for line in bytes.split(separator: 0x0A) {
        do { out.append(try JSONParser.parse(line)) } catch {
            Issue.record("\(path): a line does not parse: \(String(decoding: line.prefix(120), as: UTF8.self))")
        }
    }
    return out
}

/// The `id` of each record in a JSON-lines file, in order.
func ids(_ path: String) -> [String] { jsonLines(path).compactMap { $0["id"]?.stringValue } }

/// Size of a file in bytes, 0 when missing.
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}

/// `count` numbered articles in `dir/in` (`a00000.txt` …): a headline, a byline, a paragraph of `sentences` quoted
/// sentences and, when `secondParagraph`, a short one after it. The `failing` ones are empty files (they fail).
func writeNumberedArticles(_ dir: TemporaryDirectory, count: Int, failing: Set<Int> = [], sentences: Int,
                           secondParagraph: Bool = false) {
    for i in 0..<count {
        let name = "in/a\(String(format: "%05d", i)).txt"
        if failing.contains(i) { dir.write(name, [UInt8]()); continue }
        let body = String(repeating: "Paragraph about event \(i), with a quote: “it went well,” said the mayor. ", count: sentences)
        dir.write(name, "Headline number \(i)\n\nBy Reporter \(i)\n\n\(body)\n" + (secondParagraph ? "\nSecond paragraph of article \(i).\n" : ""))
    }
}

