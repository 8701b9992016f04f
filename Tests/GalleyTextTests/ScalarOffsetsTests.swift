import Testing
@testable import GalleyText

@Test func asciiTextMapsBytesToThemselves() {
    let offsets = ScalarOffsets(utf8: Array("plain ascii".utf8))
    #expect(offsets.isIdentity)
    #expect(offsets.scalarOffset(ofByte: 6) == 6)
}

@Test func multiByteScalarsCountOnce() {
    let text = "“Kim” £5 €2 é"
    let bytes = Array(text.utf8)
    let offsets = ScalarOffsets(utf8: bytes)
    #expect(!offsets.isIdentity)
    // “ is 3 bytes, so "Kim" starts at byte 3 and scalar 1.
    #expect(offsets.scalarOffset(ofByte: 3) == 1)
    // ” ends at byte 9, scalar 5; the end of the text is its scalar count.
    #expect(offsets.scalarOffset(ofByte: 9) == 5)
    #expect(offsets.scalarOffset(ofByte: bytes.count) == text.unicodeScalars.count)
}

@Test func spansSliceTheSameTextAsPythonIndices() {
    let analyzed = AnalyzedText("Korea’s “big” day.\n\nNext – paragraph.")
    let spans = analyzed.paragraphs
    #expect(spans == [TextSpan(start: 0, end: 18), TextSpan(start: 20, end: 37)])
    #expect(slice(analyzed.text, spans[1].start, spans[1].end) == "Next – paragraph.")
}
