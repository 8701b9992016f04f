import Foundation
import GalleyCore
@testable import IngestFiles
import Testing

/// Issue 12, item 17: a file is decoded as a whole — UTF-8 with its few stray bytes replaced (and a warning),
/// Windows-1252 only when the bytes are not overwhelmingly UTF-8, UTF-16 by its byte-order mark.
@Suite struct TextDecodingTests {
    /// An article of UTF-8 prose with curly quotes (whose last byte, 0x9D, is undefined in Windows-1252).
    let prose = String(repeating: "“We are ready,” she said in Zürich. ", count: 200)

    func decoded(_ bytes: [UInt8]) -> (text: String, encoding: String, warning: String?)? {
        guard case .success(let r) = TextDecoding.decode(bytes) else { return nil }
        return r
    }

    @Test func oneStrayByteInALongUTF8FileIsReplacedNotTheWholeFileReread() throws {
        var bytes = Array(prose.utf8)
        bytes.insert(0xFF, at: 1000)
        let r = try #require(decoded(bytes))
        #expect(r.encoding == "utf-8")
        #expect(r.warning == "1 invalid UTF-8 sequences replaced by U+FFFD")
        #expect(r.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 1)
        #expect(r.text.replacingOccurrences(of: "\u{FFFD}", with: "") == prose)
    }

    @Test func validUTF8WithCurlyQuotesIsUTF8WithoutWarning() throws {
        let r = try #require(decoded(Array(prose.utf8)))
        #expect(r.encoding == "utf-8" && r.warning == nil && r.text == prose)
    }

    @Test func windows1252IsUsedOnlyForTextThatIsNotUTF8() throws {
        // “Café” in Windows-1252: 0x93 C a f 0xE9 0x94.
        let r = try #require(decoded([0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x6F, 0x70, 0x65, 0x6E, 0x73, 0x2E]))
        #expect(r.encoding == "windows-1252" && r.text == "“Café” opens." && r.warning == nil)
    }

    @Test func utf16WithAByteOrderMarkIsText() throws {
        let text = "Kim said: “We will win.”\nThe end."
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { u -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { u -> [UInt8] in [UInt8(u >> 8), UInt8(u & 0xFF)] }
        let l = try #require(decoded(le)), b = try #require(decoded(be))
        #expect(l.encoding == "utf-16le" && l.text == text)
        #expect(b.encoding == "utf-16be" && b.text == text)
    }

    @Test func aNULByteWithoutAByteOrderMarkIsBinary() {
        guard case .failure(let reason) = TextDecoding.decode([0x41, 0x42, 0x00, 0x43]) else {
            Issue.record("decoded a file with a NUL byte")
            return
        }
        #expect(reason.message == "binary file (NUL byte at offset 2)")
    }
}
