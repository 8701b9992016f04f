import OrderedCollections

/// Appends compact JSON to a byte buffer; keys keep their order.
public struct JSONWriter {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty writer.
    public init() { bytes.reserveCapacity(4096) }

    /// The written JSON as a string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends raw ASCII text.
    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends one value.
    public mutating func write(_ value: Value) {
        switch value {
        case .null: raw("null")
        case .bool(let b): b ? raw("true") : raw("false")
        case .int(let i): writeInt(i)
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let a):
            bytes.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(v)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in o {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(k)
                bytes.append(UInt8(ascii: ":"))
                write(v)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends an integer.
    public mutating func writeInt(_ i: Int) {
        if i >= 0 && i < 10 { bytes.append(UInt8(ascii: "0") + UInt8(i)); return }
        bytes.append(contentsOf: String(i).utf8)
    }

    /// Appends a number; whole numbers print without a fraction, non-finite ones as null.
    public mutating func writeDouble(_ d: Double) {
        guard d.isFinite else { raw("null"); return }
        if d.rounded() == d && abs(d) < 1e15 {
            bytes.append(contentsOf: String(Int(d)).utf8)
        } else {
            bytes.append(contentsOf: "\(d)".utf8)
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a quoted, escaped string.
    public mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var runStart = 0
            var i = 0
            let n = buf.count
            while i < n {
                let c = buf[i]
                if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { i += 1; continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i])) }
                bytes.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 48, 48, Self.hex[Int(c >> 4)], Self.hex[Int(c & 15)]])
                }
                i += 1
                runStart = i
            }
            if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<n])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A JSON syntax error with the byte offset where it was found.
public struct JSONError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let message: String
    /// Byte offset into the input.
    public let offset: Int
    /// `message at byte N`.
    public var description: String { "\(message) at byte \(offset)" }
}

/// Parses JSON text into `Value`s, keeping object key order.
public struct JSONParser {
    /// Maximum nesting depth accepted.
    public static let maxDepth = 512

    /// Parses one complete JSON value from bytes.
    public static func parse<C: Collection>(_ bytes: C) throws -> Value where C.Element == UInt8 {
        if let r = try bytes.withContiguousStorageIfAvailable({ try parseBuffer($0) }) { return r }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { try parseBuffer($0) }
    }

    /// Parses one complete JSON value from a string.
    public static func parse(_ string: String) throws -> Value {
        var s = string
        return try s.withUTF8 { try parseBuffer($0) }
    }

    private static func parseBuffer(_ buf: UnsafeBufferPointer<UInt8>) throws -> Value {
        var p = JSONParser(buf: buf)
        p.skipWhitespace()
        let v = try p.parseValue(depth: 0)
        p.skipWhitespace()
        if p.pos != buf.count { throw JSONError(message: "unexpected text after the JSON value", offset: p.pos) }
        return v
    }

    private let buf: UnsafeBufferPointer<UInt8>
    private var pos = 0

    private init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    private mutating func skipWhitespace() {
        while pos < buf.count {
            let c = buf[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    private func fail(_ message: String) -> JSONError { JSONError(message: message, offset: pos) }

    private mutating func parseValue(depth: Int) throws -> Value {
        guard depth < Self.maxDepth else { throw fail("JSON nested too deeply") }
        guard pos < buf.count else { throw fail("unexpected end of JSON") }
        switch buf[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var obj = OrderedDictionary<String, Value>()
            skipWhitespace()
            if pos < buf.count && buf[pos] == UInt8(ascii: "}") { pos += 1; return .object(obj) }
            while true {
                skipWhitespace()
                guard pos < buf.count, buf[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                guard pos < buf.count, buf[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                pos += 1
                skipWhitespace()
                obj[key] = try parseValue(depth: depth + 1)
                skipWhitespace()
                guard pos < buf.count else { throw fail("unexpected end of JSON") }
                if buf[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if buf[pos] == UInt8(ascii: "}") { pos += 1; return .object(obj) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            pos += 1
            var arr: [Value] = []
            skipWhitespace()
            if pos < buf.count && buf[pos] == UInt8(ascii: "]") { pos += 1; return .array(arr) }
            while true {
                skipWhitespace()
                arr.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard pos < buf.count else { throw fail("unexpected end of JSON") }
                if buf[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if buf[pos] == UInt8(ascii: "]") { pos += 1; return .array(arr) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return try parseNumber()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard pos + n <= buf.count else { throw fail("invalid literal") }
        for i in 0..<n where buf[pos + i] != word.utf8Start[i] { throw fail("invalid literal") }
        pos += n
    }

    private mutating func parseNumber() throws -> Value {
        let start = pos
        var isDouble = false
        if pos < buf.count && buf[pos] == UInt8(ascii: "-") { pos += 1 }
        let digitsStart = pos
        while pos < buf.count {
            let c = buf[pos]
            if c >= 48 && c <= 57 { pos += 1; continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && pos > start && (buf[pos - 1] | 0x20) == UInt8(ascii: "e"))
            {
                isDouble = true; pos += 1; continue
            }
            break
        }
        guard pos > digitsStart else { throw fail("unexpected character '\(Character(Unicode.Scalar(buf[start])))'") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
        if !isDouble, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw JSONError(message: "invalid number '\(text)'", offset: start) }
        return .double(d)
    }

    private mutating func parseString() throws -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string") }
            pos += 1
        }
        var out = Array(buf[start..<pos])
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < buf.count else { break }
            let e = buf[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    if pos + 1 < buf.count && buf[pos] == UInt8(ascii: "\\") && buf[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else { code = 0xFFFD }
                    } else { code = 0xFFFD }
                } else if code >= 0xDC00 && code < 0xE000 { code = 0xFFFD }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= buf.count else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[pos]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 97...102: d = UInt32(c - 87)
            case 65...70: d = UInt32(c - 55)
            default: throw fail("invalid \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
