/// Readability and size figures of a text.
public struct TextStatistics: Sendable, Equatable {
    /// Word count (words and numbers).
    public var words: Int
    /// Sentence count.
    public var sentences: Int
    /// Paragraph count.
    public var paragraphs: Int
    /// Syllable count (heuristic).
    public var syllables: Int
    /// Reading time at 238 words per minute, rounded to one decimal.
    public var readingMinutes: Double
    /// Flesch reading ease, rounded to one decimal (0 for an empty text).
    public var fleschReadingEase: Double

    /// Computes the statistics of a text.
    public init(_ text: String) { self.init(AnalyzedText(text)) }

    /// Computes the statistics of an analyzed text.
    public init(_ analyzed: AnalyzedText) {
        var words = 0
        var syllables = 0
        let bytes = analyzed.bytes
        for token in analyzed.tokens {
            switch token.kind {
            case .word:
                words += 1
                syllables += Self.syllables(bytes[Int(token.start)..<Int(token.end)])
            case .number:
                words += 1
                syllables += 1
            default:
                break
            }
        }
        self.words = words
        self.syllables = syllables
        sentences = analyzed.sentenceTokenRanges.count
        paragraphs = analyzed.paragraphTokenRanges.count
        readingMinutes = Self.round1(Double(words) / 238)
        if words == 0 || sentences == 0 {
            fleschReadingEase = 0
        } else {
            let ease = 206.835 - 1.015 * Double(words) / Double(sentences) - 84.6 * Double(syllables) / Double(words)
            fleschReadingEase = Self.round1(ease)
        }
    }

    /// Rounds half away from zero to one decimal.
    static func round1(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// Counts vowel groups in a word, dropping a silent final `e`; at least one.
    public static func syllables(_ word: ArraySlice<UInt8>) -> Int {
        var count = 0
        var previousVowel = false
        var last: UInt8 = 0
        var beforeLast: UInt8 = 0
        for byte in word {
            let lower = byte | 0x20
            let isLetter = lower >= 0x61 && lower <= 0x7A
            if !isLetter {
                if byte == 0x2D { previousVowel = false }
                continue
            }
            let vowel = lower == 0x61 || lower == 0x65 || lower == 0x69 || lower == 0x6F || lower == 0x75 || lower == 0x79
            if vowel && !previousVowel { count += 1 }
            previousVowel = vowel
            beforeLast = last
            last = lower
        }
        if last == 0x65, count > 1, beforeLast != 0x6C, !isVowel(beforeLast) { count -= 1 }
        return max(1, count)
    }

    @inline(__always) static func isVowel(_ lower: UInt8) -> Bool {
        lower == 0x61 || lower == 0x65 || lower == 0x69 || lower == 0x6F || lower == 0x75 || lower == 0x79
    }
}
