/// One token of a text: a byte range into its UTF-8 bytes, a kind, flags and a case-folded key.
public struct Token: Sendable, Equatable {
    /// What a token is made of.
    public enum Kind: UInt8, Sendable {
        /// Letters, with inner hyphens, apostrophes and digits (`Jong-un`, `Korea’s`, `U.S.`).
        case word
        /// Digits with inner `,` or `.` separators (`10,000`, `1.3`, `98,3`).
        case number
        /// Sentence and clause punctuation, dashes and ellipses.
        case punctuation
        /// Currency and other symbols (`$`, `£`, `€`, `%`, `&`).
        case symbol
        /// A curly opening double quote `“` (or `„`).
        case openQuote
        /// A curly closing double quote `”`.
        case closeQuote
        /// A straight double quote `"`, direction unknown.
        case straightQuote
        /// A single quote mark standing alone (`‘`, `’`, `'`).
        case singleQuote
    }

    /// Boolean properties of a token.
    public struct Flags: OptionSet, Sendable, Equatable {
        /// The raw bit set.
        public let rawValue: UInt8
        /// Creates flags from raw bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The first letter is upper case.
        public static let capitalized = Flags(rawValue: 1 << 0)
        /// Every ASCII letter is upper case and there are at least two.
        public static let allCaps = Flags(rawValue: 1 << 1)
        /// Whitespace separates this token from the previous one (or it starts the text).
        public static let spaceBefore = Flags(rawValue: 1 << 2)
        /// The token is the first of a paragraph (the text start or after a blank line).
        public static let paragraphStart = Flags(rawValue: 1 << 3)
        /// A line break precedes the token.
        public static let lineStart = Flags(rawValue: 1 << 4)
        /// A word made of single letters and dots, ending with a dot (`U.S.`, `e.g.`).
        public static let dottedAbbreviation = Flags(rawValue: 1 << 5)
        /// The word contains a hyphen.
        public static let hyphenated = Flags(rawValue: 1 << 6)
    }

    /// Byte offset of the first byte.
    public var start: Int32
    /// Byte offset one past the last byte.
    public var end: Int32
    /// The token's kind.
    public var kind: Kind
    /// The token's flags.
    public var flags: Flags
    /// FNV-1a hash of the ASCII-lower-cased bytes (`’` folded to `'`); compare with `WordKey.of`.
    public var key: UInt64

    /// Byte length of the token.
    @inline(__always) public var length: Int { Int(end - start) }
    /// Whether the token is a word starting with an upper-case letter.
    @inline(__always) public var isCapitalizedWord: Bool { kind == .word && flags.contains(.capitalized) }
    /// Whether the token is a word starting with a lower-case letter.
    @inline(__always) public var isLowercaseWord: Bool { kind == .word && !flags.contains(.capitalized) }
    /// Whether whitespace precedes the token.
    @inline(__always) public var hasSpaceBefore: Bool { flags.contains(.spaceBefore) }
    /// Whether the token opens a paragraph.
    @inline(__always) public var startsParagraph: Bool { flags.contains(.paragraphStart) }
}

/// Case-folded word keys shared by the tokenizer and every lexicon.
public enum WordKey {
    /// FNV-1a offset basis.
    public static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    /// FNV-1a prime.
    public static let prime: UInt64 = 0x100_0000_01b3

    /// Folds one more byte into a key, lower-casing ASCII letters.
    @inline(__always)
    public static func combine(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        let folded = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
        return (hash ^ UInt64(folded)) &* prime
    }

    /// The key of a word as the tokenizer computes it.
    public static func of(_ word: String) -> UInt64 {
        var hash = seed
        let bytes = Array(word.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
                hash = combine(hash, 0x27)
                index += 3
                continue
            }
            hash = combine(hash, bytes[index])
            index += 1
        }
        return hash
    }
}
