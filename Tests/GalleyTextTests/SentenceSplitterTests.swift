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

// MARK: list items, spaced ellipses, the pronoun I, numero signs, URLs, citations, times (issue 13)

@Test func numberedListItemsEachMakeASentence() {
    #expect(sentenceTexts("1.) Buy some bread 2.) Feed the cat") == ["1.) Buy some bread", "2.) Feed the cat"])
    #expect(sentenceTexts("1.) Buy some bread. 2.) Feed the cat.") == ["1.) Buy some bread.", "2.) Feed the cat."])
    #expect(sentenceTexts("1) Open the box 2) Read the manual 3) Plug it in") ==
        ["1) Open the box", "2) Read the manual", "3) Plug it in"])
    #expect(sentenceTexts("1) Open the box. 2) Read the manual.") == ["1) Open the box.", "2) Read the manual."])
    #expect(sentenceTexts("1. Preheat the oven 2. Mix the flour") == ["1. Preheat the oven", "2. Mix the flour"])
    #expect(sentenceTexts("1. Preheat the oven. 2. Mix the flour.") == ["1. Preheat the oven.", "2. Mix the flour."])
    #expect(sentenceTexts("Steps:\n1. Preheat the oven\n2. Mix the flour") == ["Steps:", "1. Preheat the oven", "2. Mix the flour"])
}

@Test func letteredItemsAndBulletsEachMakeASentence() {
    #expect(sentenceTexts("a. Check the tyres b. Fill the tank c. Wash the windows") ==
        ["a. Check the tyres", "b. Fill the tank", "c. Wash the windows"])
    #expect(sentenceTexts("• 4. Check the tyres • 5. Fill the tank") == ["• 4. Check the tyres", "• 5. Fill the tank"])
    #expect(sentenceTexts("⁃4. Check the tyres ⁃5. Fill the tank") == ["⁃4. Check the tyres", "⁃5. Fill the tank"])
}

@Test func numbersInProseAreNotListItems() {
    #expect(sentenceTexts("Arsenal won 2. Then they lost 3. The fans left.") == ["Arsenal won 2.", "Then they lost 3.", "The fans left."])
    #expect(sentenceTexts("He was born (in 1950) in Leeds and had 2) children.") == ["He was born (in 1950) in Leeds and had 2) children."])
    #expect(sentenceTexts("She got a. Then she left.") == ["She got a.", "Then she left."])
}

@Test func spacedEllipses() {
    #expect(sentenceTexts("He said the results were . . . unexpected, and left.") == ["He said the results were . . . unexpected, and left."])
    #expect(sentenceTexts("The plan was to wait . . . I never saw it work.") == ["The plan was to wait . . . I never saw it work."])
    #expect(sentenceTexts("The report ends there . . . . Nobody asked why.") == ["The report ends there . . . .", "Nobody asked why."])
    #expect(sentenceTexts("She wrote that “the river would rise again. . . .”") == ["She wrote that “the river would rise again. . . .”"])
    #expect(sentenceTexts("The tide was slow . . . and the boats waited for hours. . . .") ==
        ["The tide was slow . . . and the boats waited for hours. . . ."])
    #expect(sentenceTexts("He waited.... Then the bus came.") == ["He waited....", "Then the bus came."])
}

@Test func thePronounIEndsASentenceButAnInitialDoesNot() {
    #expect(sentenceTexts("The winners were Maria and I. Did you meet Henry I. Walsh there?") ==
        ["The winners were Maria and I.", "Did you meet Henry I. Walsh there?"])
    #expect(sentenceTexts("Nobody knew it but I. Later we told them.") == ["Nobody knew it but I.", "Later we told them."])
}

@Test func numeroAndNoBeforeNumbers() {
    #expect(sentenceTexts("The map marks it as N°. 4410.7.2. Dig there.") == ["The map marks it as N°. 4410.7.2.", "Dig there."])
    #expect(sentenceTexts("She lives at No. 12 on the hill. It is red.") == ["She lives at No. 12 on the hill.", "It is red."])
}

@Test func urlsAndEmailAddressesKeepTheirDots() {
    #expect(sentenceTexts("Go to https://shop.example.24.org/new-items/list_2.html. Prices fell.") ==
        ["Go to https://shop.example.24.org/new-items/list_2.html.", "Prices fell."])
    #expect(sentenceTexts("Write to Ann.Lee@mail.example.net. She replies fast.") ==
        ["Write to Ann.Lee@mail.example.net.", "She replies fast."])
}

@Test func aCitationAfterAQuotationStaysWithIt() {
    #expect(sentenceTexts("\"Nobody [...] expected the vote to pass [...]\" (Jones 112). The vote passed.") ==
        ["\"Nobody [...] expected the vote to pass [...]\" (Jones 112).", "The vote passed."])
    #expect(sentenceTexts("“Who voted?” (Baker 7). Nobody knows.") == ["“Who voted?” (Baker 7).", "Nobody knows."])
    #expect(sentenceTexts("She left. (He stayed.) They met later.") == ["She left.", "(He stayed.)", "They met later."])
}

@Test func aTimeEndsASentenceUnlessItOpensIt() {
    #expect(sentenceTexts("By 7 a.m. Mrs. Patel had opened the shop. She closed it at 9 P.M. Mrs. Patel then went home.") ==
        ["By 7 a.m. Mrs. Patel had opened the shop.", "She closed it at 9 P.M.", "Mrs. Patel then went home."])
    #expect(sentenceTexts("The train leaves at 6 p.m. on weekdays.") == ["The train leaves at 6 p.m. on weekdays."])
}
