/// Splits UTF-8 text into tokens in one pass over its bytes.
public enum Tokenizer {
    /// Byte classes: 1 upper-case ASCII letter, 2 lower-case ASCII letter, 4 digit, 8 non-ASCII letter lead.
    static let byteClasses: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        if byte >= 0x41 && byte <= 0x5A { return 1 }
        if byte >= 0x61 && byte <= 0x7A { return 2 }
        if byte >= 0x30 && byte <= 0x39 { return 4 }
        if isNonASCIILetterLead(byte) { return 8 }
        return 0
    }

    /// ASCII lower-casing table used for token keys.
    static let foldTable: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The longest text tokenized: tokens hold Int32 offsets, so bytes past `Int32.max` are left out (a text of more
    /// than 2 GiB, as `max_bytes` up to 4 GB lets in, gets the tokens of its first 2 GiB rather than a trap).
    public static let maxBytes = Int(Int32.max)

    /// Tokenizes UTF-8 bytes (the first `limit` of them; tests lower it).
    public static func tokenize(_ bytes: [UInt8], limit: Int = maxBytes) -> [Token] {
        byteClasses.withUnsafeBufferPointer { classes in
            foldTable.withUnsafeBufferPointer { fold in
                bytes.withUnsafeBufferPointer {
                    tokenize(buffer: UnsafeBufferPointer(rebasing: $0[0..<min($0.count, max(0, min(limit, maxBytes)))]), classes: classes, fold: fold)
                }
            }
        }
    }

    /// Tokenizes a string's UTF-8 view.
    public static func tokenize(_ text: String) -> [Token] {
        tokenize(Array(text.utf8))
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// Whether a byte starts a non-ASCII scalar that the tokenizer treats as a letter.
    @inline(__always) static func isNonASCIILetterLead(_ byte: UInt8) -> Bool {
        byte >= 0xC3 && byte != 0xE2 && byte != 0xEF && byte != 0xE3
    }

    @inline(__always) static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4)
    }

    @inline(__always) static func isWordByte(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index < buffer.count else { return false }
        let byte = buffer[index]
        return isASCIILetter(byte) || isDigit(byte) || isNonASCIILetterLead(byte)
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    static func tokenize(buffer b: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>,
                         fold: UnsafeBufferPointer<UInt8>) -> [Token] {
        let n = b.count
        var tokens: [Token] = []
        tokens.reserveCapacity(n / 4)
        var i = 0
        var newlines = 0
        var space = true
        var first = true
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0D { space = true; i += 1; continue }
            if c == 0x0A || c == 0x0B || c == 0x0C { newlines += 1; space = true; i += 1; continue }
            if c == 0xC2, i + 1 < n, b[i + 1] == 0xA0 || b[i + 1] == 0xAD { space = true; i += 2; continue }
            if c == 0xE2, i + 2 < n, b[i + 1] == 0x80 {
                let d = b[i + 2]
                if d <= 0x8B || d == 0xAF { space = true; i += 3; continue }
                if d == 0xA8 { newlines += 1; space = true; i += 3; continue }
                if d == 0xA9 { newlines += 2; space = true; i += 3; continue }
            }
            if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF { space = true; i += 3; continue }
            if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 { space = true; i += 3; continue }

            var flags: Token.Flags = []
            if space { flags.insert(.spaceBefore) }
            if first || newlines >= 2 { flags.insert(.paragraphStart) }
            if first || newlines >= 1 { flags.insert(.lineStart) }
            newlines = 0
            space = false
            first = false
            let start = i
            var kind = Token.Kind.punctuation

            if isASCIILetter(c) || isNonASCIILetterLead(c) {
                kind = .word
                if c >= 0x41 && c <= 0x5A {
                    flags.insert(.capitalized)
                } else if c == 0xC3, i + 1 < n, b[i + 1] >= 0x80, b[i + 1] <= 0x9E, b[i + 1] != 0x97 {
                    flags.insert(.capitalized)
                } else if (c == 0xC4 || c == 0xC5), i + 1 < n, b[i + 1] & 1 == 0 {
                    flags.insert(.capitalized)
                }
                var upper = 0
                var lower = 0
                var hash = WordKey.seed
                while i < n {
                    let x = b[i]
                    let byteClass = classes[Int(x)]
                    if byteClass & 7 != 0 {
                        upper &+= Int(byteClass & 1)
                        lower &+= Int((byteClass >> 1) & 1)
                        hash = (hash ^ UInt64(fold[Int(x)])) &* WordKey.prime
                        i += 1
                        continue
                    }
                    if x < 0x80 {
                        if x == 0x2D, isWordByte(b, i + 1) {
                            flags.insert(.hyphenated)
                            hash = (hash ^ 0x2D) &* WordKey.prime
                            i += 1
                            continue
                        }
                        if x == 0x27, i + 1 < n, isASCIILetter(b[i + 1]) {
                            hash = (hash ^ 0x27) &* WordKey.prime
                            i += 1
                            continue
                        }
                        if x == 0x2E, i == start + 1, i + 2 < n, isASCIILetter(b[i + 1]), b[i + 2] == 0x2E {
                            while i + 2 < n, b[i] == 0x2E, isASCIILetter(b[i + 1]), b[i + 2] == 0x2E {
                                hash = (hash ^ 0x2E) &* WordKey.prime
                                hash = (hash ^ UInt64(fold[Int(b[i + 1])])) &* WordKey.prime
                                i += 2
                            }
                            hash = (hash ^ 0x2E) &* WordKey.prime
                            i += 1
                            flags.insert(.dottedAbbreviation)
                        }
                        break
                    }
                    if x == 0xE2 {
                        if i + 3 < n, b[i + 1] == 0x80, b[i + 2] == 0x99, isASCIILetter(b[i + 3]) {
                            hash = (hash ^ 0x27) &* WordKey.prime
                            i += 3
                            continue
                        }
                        if i + 3 < n, b[i + 1] == 0x80, b[i + 2] == 0x91, isWordByte(b, i + 3) {
                            flags.insert(.hyphenated)
                            for offset in 0..<3 { hash = (hash ^ UInt64(b[i + offset])) &* WordKey.prime }
                            i += 3
                            continue
                        }
                        break
                    }
                    if byteClass == 8 {
                        lower += 1
                        let end = min(n, i + scalarLength(x))
                        while i < end {
                            hash = (hash ^ UInt64(b[i])) &* WordKey.prime
                            i += 1
                        }
                        continue
                    }
                    if x >= 0xC0 { break }
                    hash = (hash ^ UInt64(x)) &* WordKey.prime
                    i += 1
                }
                if upper >= 2 && lower == 0 { flags.insert(.allCaps) }
                tokens.append(Token(start: Int32(start), end: Int32(i), kind: .word, flags: flags, key: hash))
                continue
            } else if isDigit(c) {
                kind = .number
                i += 1
                while i < n {
                    let x = b[i]
                    if isDigit(x) { i += 1; continue }
                    if (x == 0x2C || x == 0x2E), i + 1 < n, isDigit(b[i + 1]) { i += 2; continue }
                    break
                }
            } else if c < 0x80 {
                i += 1
                switch c {
                case 0x22: kind = .straightQuote
                case 0x27: kind = .singleQuote
                case 0x2E:
                    while i < n, b[i] == 0x2E { i += 1 }
                case 0x3F, 0x21:
                    while i < n, b[i] == 0x3F || b[i] == 0x21 { i += 1 }
                case 0x2D:
                    while i < n, b[i] == 0x2D { i += 1 }
                case 0x24, 0x25, 0x26, 0x23, 0x40, 0x2B, 0x3D, 0x3C, 0x3E, 0x2A, 0x5E, 0x7E, 0x7C, 0x5C, 0x60:
                    kind = .symbol
                default:
                    kind = .punctuation
                }
            } else if c == 0xE2, i + 2 < n {
                let d = b[i + 1]
                let e = b[i + 2]
                i += 3
                if d == 0x80 {
                    switch e {
                    case 0x9C, 0x9E: kind = .openQuote
                    case 0x9D: kind = .closeQuote
                    case 0x98, 0x99, 0x9A, 0x9B: kind = .singleQuote
                    case 0xB2, 0xB3: kind = .symbol
                    default: kind = .punctuation
                    }
                } else {
                    kind = .symbol
                }
            } else if c == 0xC2, i + 1 < n {
                let d = b[i + 1]
                i += 2
                switch d {
                case 0xAB: kind = .openQuote
                case 0xBB: kind = .closeQuote
                case 0xA1, 0xBF, 0xB7: kind = .punctuation
                default: kind = .symbol
                }
            } else {
                kind = .symbol
                i = min(n, i + (c >= 0xC0 ? scalarLength(c) : 1))
            }

            var hash = WordKey.seed
            var k = start
            while k < i {
                let x = b[k]
                if x == 0xE2, k + 2 < i, b[k + 1] == 0x80, b[k + 2] == 0x99 {
                    hash = WordKey.combine(hash, 0x27)
                    k += 3
                } else {
                    hash = WordKey.combine(hash, x)
                    k += 1
                }
            }
            tokens.append(Token(start: Int32(start), end: Int32(i), kind: kind, flags: flags, key: hash))
        }
        return tokens
    }
}
