/// A text tokenized once, with its paragraphs and sentences, shared by every extractor.
public struct AnalyzedText: Sendable {
    /// The original text.
    public let text: String
    /// The text's UTF-8 bytes.
    public let bytes: [UInt8]
    /// Tokens in text order.
    public let tokens: [Token]
    /// Byte → scalar offset mapping.
    public let offsets: ScalarOffsets
    /// Token index ranges of the paragraphs (blank-line separated).
    public let paragraphTokenRanges: [Range<Int>]
    /// Token index ranges of the sentences; none crosses a paragraph break.
    public let sentenceTokenRanges: [Range<Int>]

    /// Tokenizes and segments a text.
    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        tokens = Tokenizer.tokenize(bytes)
        offsets = ScalarOffsets(utf8: bytes)
        var paragraphs: [Range<Int>] = []
        var start = 0
        for index in tokens.indices where index > start && tokens[index].startsParagraph {
            paragraphs.append(start..<index)
            start = index
        }
        if start < tokens.count { paragraphs.append(start..<tokens.count) }
        paragraphTokenRanges = paragraphs
        sentenceTokenRanges = SentenceSplitter.split(tokens: tokens, bytes: bytes)
    }

    /// Paragraph spans in scalar offsets.
    public var paragraphs: [TextSpan] { paragraphTokenRanges.map(span(ofTokens:)) }

    /// Sentence spans in scalar offsets.
    public var sentences: [TextSpan] { sentenceTokenRanges.map(span(ofTokens:)) }

    /// The scalar span covering a non-empty range of tokens.
    public func span(ofTokens range: Range<Int>) -> TextSpan {
        span(bytes: Int(tokens[range.lowerBound].start)..<Int(tokens[range.upperBound - 1].end))
    }

    /// The scalar span of a byte range.
    @inline(__always)
    public func span(bytes range: Range<Int>) -> TextSpan {
        TextSpan(start: offsets.scalarOffset(ofByte: range.lowerBound), end: offsets.scalarOffset(ofByte: range.upperBound))
    }

    /// The text of a byte range.
    public func string(bytes range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The text covering a non-empty range of tokens.
    public func string(tokens range: Range<Int>) -> String {
        string(bytes: Int(tokens[range.lowerBound].start)..<Int(tokens[range.upperBound - 1].end))
    }

    /// The byte at an offset, or 0 past the end.
    @inline(__always)
    func byte(_ offset: Int32) -> UInt8 {
        Int(offset) < bytes.count ? bytes[Int(offset)] : 0
    }

    /// Whether a token is the single ASCII byte `ascii`.
    @inline(__always)
    public func token(_ index: Int, is ascii: UInt8) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        let token = tokens[index]
        return token.length == 1 && bytes[Int(token.start)] == ascii
    }
}
