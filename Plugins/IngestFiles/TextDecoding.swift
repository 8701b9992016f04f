import Foundation

/// Decodes article bytes: UTF-16 by its BOM, UTF-8 (BOM stripped, stray bytes replaced), else Windows-1252; refuses binary data.
enum TextDecoding {
    /// Windows-1252 code points for 0x80–0x9F; 0 marks the five undefined bytes.
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The decoded text, the encoding's name and a warning when bytes were replaced, or a one-line reason it cannot be
    /// decoded. UTF-16 needs its BOM; UTF-8 is taken with invalid bytes replaced (U+FFFD) when the file is overwhelmingly
    /// UTF-8, so one stray byte does not turn a whole article into mojibake.
    static func decode(_ bytes: [UInt8]) -> Result<(String, String, String?), StageFailureReason> {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(bytes).flatMap { s in
                controlCharacterCheck(s).map { .failure($0) } ?? .success((breakingLoneCRs(s), bytes[0] == 0xFF ? "utf-16le" : "utf-16be", nil))
            }
        }
        if let nul = firstNUL(bytes) {
            return .failure(StageFailureReason("binary file (NUL byte at offset \(nul))"))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var warning: String?
        let s: String, encoding: String
        if let valid = String(validating: body, as: UTF8.self) {
            (s, encoding) = (valid, "utf-8")
        } else if isMostlyUTF8(body) {
            s = String(decoding: body, as: UTF8.self)
            let replaced = s.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
            (encoding, warning) = ("utf-8", "\(replaced) invalid UTF-8 sequences replaced by U+FFFD")
        } else {
            (s, encoding) = (windows1252(body), "windows-1252")
        }
        return controlCharacterCheck(s).map { .failure($0) } ?? .success((breakingLoneCRs(s), encoding, warning))
    }

    /// A carriage return not followed by a line feed (classic Mac OS line ends) becomes a line feed, so that its lines
    /// and paragraphs are seen; CR LF is kept as it is. One memchr when the text holds no CR at all.
    static func breakingLoneCRs(_ s: String) -> String {
        var s = s
        let lone = s.withUTF8 { u -> Bool in
            guard let base = u.baseAddress else { return false }
            var i = 0
            while i < u.count, let hit = memchr(base + i, 0x0D, u.count - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if at + 1 == u.count || u[at + 1] != 0x0A { return true }
                i = at + 2
            }
            return false
        }
        guard lone else { return s }
        var bytes = Array(s.utf8)
        for i in bytes.indices where bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A) { bytes[i] = 0x0A }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first NUL byte, found with memchr.
    static func firstNUL(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, let hit = memchr(base, 0, b.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether the non-ASCII bytes are overwhelmingly well-formed UTF-8 (at most one bad sequence in 50 good ones).
    static func isMostlyUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var good = 0, bad = 0
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? (b <= 0xEF ? 3 : 0) : b >= 0xC2 ? 2 : 0
            if n > 0 && i + n <= end && bytes[(i + 1)..<(i + n)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                good += 1
                i += n
            } else {
                bad += 1
                i += 1
            }
        }
        return good > 0 && bad * 50 <= good
    }

    /// Windows-1252 as browsers read it: 0x80–0x9F by the table, its five undefined bytes as the C1 controls.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            if b < 0x80 || b >= 0xA0 {
                scalars.append(Unicode.Scalar(b))
            } else {
                let cp = cp1252High[Int(b - 0x80)]
                scalars.append(Unicode.Scalar(cp == 0 ? UInt32(b) : cp) ?? "\u{FFFD}")
            }
        }
        return String(scalars)
    }

    /// UTF-16 with its byte-order mark; unpaired surrogates become U+FFFD.
    static func utf16(_ bytes: [UInt8]) -> Result<String, StageFailureReason> {
        let little = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        return .success(String(decoding: units, as: UTF16.self))
    }

    /// Text with many control characters is binary data in disguise.
    private static func controlCharacterCheck(_ s: String) -> StageFailureReason? {
        var controls = 0, total = 0
        for b in s.utf8 {
            total += 1
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { controls += 1 }
        }
        if total > 0 && controls * 20 > total { return StageFailureReason("binary file (\(controls) control characters in \(total) bytes)") }
        return nil
    }
}

/// A one-line reason, as a typed error value.
struct StageFailureReason: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
