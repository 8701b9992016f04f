import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a web page's bytes, deciding the encoding as a browser does, in order: a byte-order mark, the page's
/// `<meta charset>` or `http-equiv` declaration, UTF-8 when the bytes are valid UTF-8, else Windows-1252.
/// Encodings other than UTF-8 and Windows-1252 (Shift_JIS, GBK, EUC-KR, KOI8-R, ISO-8859-x …) go through iconv.
enum HTMLDecoding {
    /// The text, the encoding's name, and a warning when bytes had to be replaced.
    static func decode(_ bytes: [UInt8], declared http: String? = nil) -> Result<(text: String, encoding: String, warning: String?), StageFailureReason> {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .success(utf8(bytes[3...])) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return TextDecoding.utf16(bytes).map { ($0, bytes[0] == 0xFF ? "utf-16le" : "utf-16be", nil) }
        }
        if let label = http.flatMap(canonical) ?? sniff(bytes).flatMap(canonical) {
            switch label {
            case "utf-8": return .success(utf8(bytes[...]))
            case "windows-1252": return .success((TextDecoding.windows1252(bytes[...]), "windows-1252", nil))
            default:
                if let text = iconv(bytes, from: label) { return .success((text.0, label, text.1)) }
            }
        }
        if let s = String(validating: bytes, as: UTF8.self) { return .success((s, "utf-8", nil)) }
        if TextDecoding.isMostlyUTF8(bytes[...]) { return .success(utf8(bytes[...])) }
        return .success((TextDecoding.windows1252(bytes[...]), "windows-1252", nil))
    }

    /// UTF-8, with invalid bytes replaced by U+FFFD and a warning saying how many.
    private static func utf8(_ bytes: ArraySlice<UInt8>) -> (text: String, encoding: String, warning: String?) {
        if let s = String(validating: bytes, as: UTF8.self) { return (s, "utf-8", nil) }
        let s = String(decoding: bytes, as: UTF8.self)
        let replaced = s.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        return (s, "utf-8", "\(replaced) invalid UTF-8 sequences replaced by U+FFFD")
    }

    /// The charset a `<meta>` in the page's first 16 KB declares; memchr finds each `<`.
    static func sniff(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { all -> String? in
            let head = UnsafeBufferPointer(rebasing: all[0..<min(all.count, 16_384)])
            guard let base = head.baseAddress else { return nil }
            let n = head.count
            @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            var i = 0
            while i < n, let hit = memchr(base + i, 0x3C, n - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                i = at + 1
                guard at + 5 < n, lower(head[at + 1]) == 0x6D, lower(head[at + 2]) == 0x65, lower(head[at + 3]) == 0x74, lower(head[at + 4]) == 0x61 else { continue }
                var end = at + 5
                while end < n && head[end] != 0x3E { end += 1 }
                let tag = head[at..<end].map(lower)
                if let c = find(Array("charset".utf8), in: tag, from: 0) {
                    var j = c + 7
                    while j < tag.count && (tag[j] == 0x20 || tag[j] == 0x3D || tag[j] == 0x22 || tag[j] == 0x27) { j += 1 }
                    var k = j
                    while k < tag.count, tag[k] != 0x22, tag[k] != 0x27, tag[k] != 0x3B, tag[k] != 0x20, tag[k] != 0x2F, tag[k] != 0x3E { k += 1 }
                    if k > j { return String(decoding: tag[j..<k], as: UTF8.self) }
                }
                i = end
            }
            return nil
        }
    }

    /// The charset parameter of an HTTP `Content-Type` value.
    static func charset(contentType: String) -> String? {
        let lower = contentType.lowercased()
        guard let r = lower.range(of: "charset=") else { return nil }
        let rest = lower[r.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        let name = rest.prefix { $0 != ";" && $0 != " " && $0 != "\"" && $0 != "'" }
        return name.isEmpty ? nil : String(name)
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// A charset label in its canonical form (WHATWG's mapping: Latin-1 and ASCII labels mean Windows-1252,
    /// GB2312 means GBK, a UTF-16 label inside a page means UTF-8); nil for a label iconv does not know.
    static func canonical(_ raw: String) -> String? {
        let label = raw.trimmingCharacters(in: .whitespaces).lowercased()
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode": return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp1252", "windows-1252", "x-cp1252", "us-ascii", "ascii",
             "iso_8859-1", "cp819", "ibm819", "iso-ir-100": return "windows-1252"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932": return "shift_jis"
        case "gb2312", "gbk", "x-gbk", "cp936", "chinese", "csgb2312", "euc-cn": return "gbk"
        case "gb18030": return "gb18030"
        case "big5", "big5-hkscs", "x-x-big5": return "big5"
        case "euc-kr", "ks_c_5601-1987", "cp949", "windows-949": return "euc-kr"
        case "euc-jp", "x-euc-jp": return "euc-jp"
        case "iso-2022-jp": return "iso-2022-jp"
        case "koi8-r", "koi8": return "koi8-r"
        case "koi8-u": return "koi8-u"
        default:
            guard !label.isEmpty, label.count <= 40, label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else { return nil }
            let cd = iconv_open("UTF-8", label)
            if cd == iconv_t(bitPattern: -1) { return nil }
            iconv_close(cd)
            return label
        }
    }

    /// The iconv name for a canonical label.
    private static func iconvName(_ label: String) -> String {
        switch label {
        case "shift_jis": return "CP932"
        case "gbk": return "GBK"
        case "euc-kr": return "CP949"
        default: return label.uppercased()
        }
    }

    /// `bytes` converted from `label` to UTF-8 by iconv; bytes it cannot convert become U+FFFD (counted in the warning).
    static func iconv(_ bytes: [UInt8], from label: String) -> (String, String?)? {
        let cd = iconv_open("UTF-8", iconvName(label))
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
        var replaced = 0
        var written = 0
        var input = bytes
        input.withUnsafeMutableBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                if out.count - written < 16 { out.append(contentsOf: repeatElement(0, count: out.count)) }
                let (result, outUsed): (Int, Int) = out.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + written).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - written
                    let before = outLeft
                    let r = Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (r, before - outLeft)
                }
                written += outUsed
                if result == -1 {
                    if errno == E2BIG { continue }
                    // EILSEQ or EINVAL: one byte that does not convert.
                    if out.count - written < 3 { out.append(contentsOf: repeatElement(0, count: 64)) }
                    out[written] = 0xEF; out[written + 1] = 0xBF; out[written + 2] = 0xBD
                    written += 3
                    replaced += 1
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        let text = String(decoding: out[0..<written], as: UTF8.self)
        return (text, replaced > 0 ? "\(replaced) bytes not valid \(label) replaced by U+FFFD" : nil)
    }
}
