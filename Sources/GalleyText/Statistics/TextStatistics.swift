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
        Self.letterClasses.withUnsafeBufferPointer { classes in
            analyzed.bytes.withUnsafeBufferPointer { bytes in
                for token in analyzed.tokens {
                    switch token.kind {
                    case .word:
                        words += 1
                        let word = UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
                        syllables += Self.syllables(word, classes: classes)
                    case .number:
                        words += 1
                        syllables += 1
                    default:
                        break
                    }
                }
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

    /// Letter classes for syllable counting: 0 other, 1 consonant, 2 vowel, 3 hyphen.
    private static let letterClasses: [UInt8] = (0..<256).map { byte -> UInt8 in
        let lower = UInt8(byte) | 0x20
        if byte == 0x2D { return 3 }
        guard lower >= 0x61 && lower <= 0x7A else { return 0 }
        return "aeiouy".utf8.contains(lower) ? 2 : 1
    }

    /// Counts vowel groups in a word, dropping a silent final `e` (not `-le`); at least one.
    public static func syllables(_ word: ArraySlice<UInt8>) -> Int {
        letterClasses.withUnsafeBufferPointer { classes in
            word.withUnsafeBufferPointer { syllables($0, classes: classes) }
        }
    }

    @inline(__always)
    static func syllables(_ word: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> Int {
        // Branch-free over the bytes: vowel letters that follow a non-vowel open a syllable; other letters close it,
        // a hyphen closes it, and anything else (apostrophes, digits, non-ASCII) leaves it as it was.
        var count = 0
        var previousVowel = 0
        for byte in word {
            let letterClass = Int(classes[Int(byte)])
            let vowel = (letterClass >> 1) & ~letterClass & 1
            count &+= vowel & (previousVowel ^ 1)
            let keep = letterClass == 0 ? previousVowel : 0
            previousVowel = (letterClass == 1 || letterClass == 2) ? vowel : keep
        }
        // A final silent "e" after a consonant ("make", not "table").
        var end = word.count
        while end > 0, classes[Int(word[end - 1])] == 0 { end -= 1 }
        if count > 1, end >= 2, word[end - 1] | 0x20 == 0x65 {
            let beforeLast = word[end - 2] | 0x20
            if beforeLast != 0x6C, classes[Int(beforeLast)] == 1 { count -= 1 }
        }
        return max(1, count)
    }
}
