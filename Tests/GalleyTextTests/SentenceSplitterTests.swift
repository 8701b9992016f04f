import Testing
@testable import GalleyText

@Test func seedQuestionIsASentenceOfItsOwn() {
    let sentences = sentenceTexts(seedText)
    #expect(sentences.contains("Will it kill him, or simply photograph him?"))
    #expect(sentences.contains("The North Korean soldier lay on the ground in terror as a Ukrainian drone circled above him."))
}

@Test func seedUSPresidentDoesNotEndASentence() {
    let sentences = sentenceTexts(seedText)
    #expect(sentences.contains(
        "He has ordered his generals to recapture the lost territory before January 20 when Donald Trump will begin his second term as U.S. president."))
    #expect(!sentences.contains { $0.hasSuffix("U.S.") })
}

@Test func seedSentenceCountAndQuotedSentences() {
    let sentences = sentenceTexts(seedText)
    #expect(sentences.count == 49)
    #expect(sentences.contains("“I expect more and more North Korean soldiers will desert their units as the war drags on.”"))
    #expect(sentences.contains("“They are under-trained."))
}

@Test func titlesAndInitialsDoNotEndSentences() {
    #expect(sentenceTexts("Mr. Smith met Dr. Jones and Mrs. Brown at St. Paul's. Gen. Lee left.") ==
        ["Mr. Smith met Dr. Jones and Mrs. Brown at St. Paul's.", "Gen. Lee left."])
    #expect(sentenceTexts("The author J. K. Rowling spoke. The crowd cheered.") ==
        ["The author J. K. Rowling spoke.", "The crowd cheered."])
}

@Test func monthAndLatinAbbreviations() {
    #expect(sentenceTexts("It opened on Jan. 5 in Leeds. Fruit, e.g. apples, i.e. food, sold well.") ==
        ["It opened on Jan. 5 in Leeds.", "Fruit, e.g. apples, i.e. food, sold well."])
    #expect(sentenceTexts("They sold pens, pencils, etc. and paper. Then they left, etc. Next day came.") ==
        ["They sold pens, pencils, etc. and paper.", "Then they left, etc.", "Next day came."])
}

@Test func dottedAbbreviationEndsASentenceBeforeASentenceStarter() {
    #expect(sentenceTexts("He moved to the U.S. The move paid off.") == ["He moved to the U.S.", "The move paid off."])
}

@Test func decimalsAndEllipses() {
    #expect(sentenceTexts("Growth was 1.3 per cent. Wait... what? It fell… Then rose.") ==
        ["Growth was 1.3 per cent.", "Wait... what?", "It fell…", "Then rose."])
}

@Test func closingQuotesAndBracketsBelongToTheSentence() {
    #expect(sentenceTexts("“It is over.” She left. (He stayed.) \"Why?\" he asked. Stop!") ==
        ["“It is over.”", "She left.", "(He stayed.)", "\"Why?\" he asked.", "Stop!"])
}

@Test func aSentenceNeverCrossesAParagraphBreak() {
    #expect(sentenceTexts("A heading without a stop\n\nThe body starts here. It goes on\n\nand on.") ==
        ["A heading without a stop", "The body starts here.", "It goes on", "and on."])
}

@Test func paragraphsSplitOnBlankLines() {
    let analyzed = AnalyzedText("First line\nsame paragraph.\n\n\n  Second.\n\t\nThird.")
    #expect(analyzed.paragraphs.map { slice(analyzed.text, $0.start, $0.end) } ==
        ["First line\nsame paragraph.", "Second.", "Third."])
}

@Test func attributionAfterAQuotedQuestionStaysInTheSentence() {
    #expect(sentenceTexts("\"How can you be happy about that?\" Dechy said. She left.") ==
        ["\"How can you be happy about that?\" Dechy said.", "She left."])
    #expect(sentenceTexts("“Who knows?” Ann Cole asked. Nobody did.") == ["“Who knows?” Ann Cole asked.", "Nobody did."])
    #expect(sentenceTexts("Is it over? Smith thinks so.") == ["Is it over?", "Smith thinks so."])
}

@Test func domainNamesDoNotEndSentences() {
    #expect(sentenceTexts("Claude Errera, editor of Halo.Bungie.Org, agreed. Then he left.") ==
        ["Claude Errera, editor of Halo.Bungie.Org, agreed.", "Then he left."])
}

@Test func aNewSentenceWithASpeechVerbAfterAQuoteStillSplits() {
    #expect(sentenceTexts("\"It is over.\" That said, we go on. \"We are checking the courts.\" Mr Lamberty explained that they would sue.") ==
        ["\"It is over.\"", "That said, we go on.", "\"We are checking the courts.\"", "Mr Lamberty explained that they would sue."])
}
