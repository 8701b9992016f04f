import Testing
@testable import GalleyText

/// (text, speaker, role, kind) of every quote in a text.
private func attributed(_ text: String) -> [(String, String?, String?, Quote.Kind)] {
    QuoteExtractor.quotes(in: text).map { ($0.text, $0.speaker, $0.speakerRole, $0.kind) }
}

private func speakers(_ text: String) -> [String?] { QuoteExtractor.quotes(in: text).map(\.speaker) }

@Test func seedDirectQuotesAndSpeakers() {
    let quotes = QuoteExtractor.quotes(in: seedText).filter { $0.kind == .direct }
    #expect(quotes.count == 5)
    #expect(quotes[0].text == "North Korea is not sending troops but rather cannon-fodder mercenaries")
    #expect(quotes[0].speaker == "Kim Yong-hyun")
    #expect(quotes[0].speakerRole == "South Korean Defence Minister")
    #expect(quotes[1].text.hasPrefix("You cannot control people in a battlefield"))
    #expect(quotes[1].speaker == "Lee Min-bok")
    #expect(quotes[1].speakerRole == "a North Korean defector in Soeul")
    #expect(quotes[2].text.hasPrefix("I expect more and more North Korean soldiers will desert"))
    #expect(quotes[2].speaker == "Lee Min-bok")
    #expect(quotes[3].text.hasPrefix("Kim is in a corner."))
    #expect(quotes[4].text.hasSuffix("on which Kim must rely"))
    #expect(quotes[3].speaker == "A Western diplomat who has served in Pyongyang")
    #expect(quotes[4].speaker == quotes[3].speaker)
    for quote in quotes { #expect(slice(seedText, quote.start, quote.end) == quote.text) }
}

@Test func seedIndirectQuote() {
    let indirect = QuoteExtractor.quotes(in: seedText).filter { $0.kind == .indirect }
    #expect(indirect.count == 1)
    #expect(indirect.first?.speaker == "Lee Hae-jung")
    #expect(indirect.first?.speakerRole == "a research fellow at the Hyundai Research Institute")
    #expect(indirect.first?.text ==
        "as long as the current sanctions regime remained in place, prospects for North Korea’s economic growth were limited")
}

@Test func seedQuotesNeverNameANonPerson() {
    let forbidden: Set<String> = ["Putin", "Vladimir Putin", "It", "The", "October", "August", "Kim", "North Korea", "Russia"]
    for quote in QuoteExtractor.quotes(in: seedText) {
        #expect(!forbidden.contains(quote.speaker ?? ""))
    }
}

@Test func quoteThenNameRoleAndVerb() {
    let text = "“We will not retreat,” Anna Petrova, the city's mayor, told reporters on Monday."
    #expect(attributed(text).map(\.0) == ["We will not retreat"])
    #expect(attributed(text).map(\.1) == ["Anna Petrova"])
    #expect(attributed(text).map(\.2) == ["the city's mayor"])
}

@Test func quoteThenVerbAndName() {
    let text = "\"Prices will rise again,\" said John Carter, chief economist at Lloyds."
    let found = attributed(text)
    #expect(found.map(\.1) == ["John Carter"])
    #expect(found.map(\.2) == ["chief economist at Lloyds"])
}

@Test func quoteThenRoleWordsAndName() {
    let text = "\"Our performance was strong,\" chairman and chief executive Richard Parsons said."
    #expect(attributed(text).map(\.1) == ["Richard Parsons"])
    #expect(attributed(text).map(\.2) == ["chairman and chief executive"])
}

@Test func nameSaidColonBeforeTheQuote() {
    let text = "Maria Lopez said: “The harvest failed twice this year.”"
    #expect(attributed(text).map(\.1) == ["Maria Lopez"])
    #expect(attributed(text).map(\.0) == ["The harvest failed twice this year."])
}

@Test func describedPersonBeforeTheQuote() {
    let text = "A senior police officer who asked not to be named said: “We were not ready for this.”"
    #expect(attributed(text).map(\.1) == ["A senior police officer who asked not to be named"])
}

@Test func pronounResolvesToTheNearestSpeaker() {
    let text = """
        Tom Hughes, the club's manager, was calm after the defeat.

        “We played well for an hour and then we stopped,” he said.
        """
    #expect(speakers(text) == ["Tom Hughes"])
}

@Test func pronounResolvesToASentenceSubject() {
    let text = "Sarah Jones runs the shelter. “Nobody has come to help us this winter,” she said."
    #expect(speakers(text) == ["Sarah Jones"])
}

@Test func pronounWithoutAnyPersonStaysUnattributed() {
    let text = "The report was published on Monday. “Nothing will change for years to come,” he said."
    #expect(speakers(text) == [nil])
}

@Test func quoteContinuingInTheNextParagraphKeepsTheSpeaker() {
    let text = """
        “The market has turned against us,” said Peter Walsh, a fund manager.

        “Nobody wants to hold these bonds any more.”
        """
    #expect(speakers(text) == ["Peter Walsh", "Peter Walsh"])
}

@Test func quoteSpansAParagraphBreak() {
    let text = """
        An aid worker in the camp said: “The water ran out on Tuesday. Children are sick.

        “We have asked for trucks but none have come,” she said.
        """
    let quotes = QuoteExtractor.quotes(in: text)
    #expect(quotes.map(\.text) == ["The water ran out on Tuesday. Children are sick.", "We have asked for trucks but none have come"])
    #expect(quotes.map(\.speaker) == ["An aid worker in the camp", "An aid worker in the camp"])
}

@Test func quoteWithNoSpeaker() {
    let text = "The banner read: “No more war in our name.” Thousands marched."
    let quotes = QuoteExtractor.quotes(in: text)
    #expect(quotes.map(\.text) == ["No more war in our name."])
    #expect(quotes.map(\.speaker) == [nil])
}

@Test func shortScareQuotesAreNotQuotations() {
    #expect(QuoteExtractor.quotes(in: "Critics called the plan a “cash grab” and left.").isEmpty)
}

@Test func laterSurnameUsesTheFullName() {
    let text = """
        Kim Yong-hyun spoke first.

        “The border is quiet tonight,” said Kim.
        """
    #expect(speakers(text) == ["Kim Yong-hyun"])
}

@Test func honorificAndSurname() {
    let text = "\"We had no choice in the matter,\" Mr Straw said."
    #expect(speakers(text) == ["Mr Straw"])
}

@Test func lonelyCapitalizedWordsAreNotSpeakers() {
    let text = """
        “Nobody expected the vote to pass,” It said.

        “The talks resume next week in Geneva,” October said.

        “Everyone is waiting for the result,” said Reuters.
        """
    #expect(speakers(text) == [nil, nil, nil])
}

@Test func organisationsAreNotSpeakers() {
    let text = "Time Warner said on Friday that it now owns 8% of search-engine Google."
    #expect(QuoteExtractor.quotes(in: text).isEmpty)
}

@Test func indirectSpeechWithSays() {
    let text = "Professor Ann Cole says the ice is melting faster than anyone predicted."
    let found = attributed(text)
    #expect(found.map(\.0) == ["the ice is melting faster than anyone predicted"])
    #expect(found.map(\.1) == ["Ann Cole"])
    #expect(found.map(\.2) == ["Professor"])
    #expect(found.map(\.3) == [.indirect])
}

@Test func indirectSpeechByADescribedPerson() {
    let text = "Firstly, the prime minister insisted on Wednesday that he had been involved in the proposals."
    let found = attributed(text)
    #expect(found.map(\.1) == ["the prime minister"])
    #expect(found.map(\.0) == ["he had been involved in the proposals"])
}

@Test func groupsOfPeopleWithoutADeterminerAreNotSpeakers() {
    let text = "On the Internet, Ukrainian and Russian military commentators say that the soldiers are handicapped."
    #expect(QuoteExtractor.quotes(in: text).isEmpty)
}

@Test func partialQuoteInsideItsSpeakersSentence() {
    let text = "Governor Anna Lindqvist told reporters that the bank would \"look carefully at every new figure\" before deciding."
    let found = attributed(text)
    #expect(found.map(\.0) == ["look carefully at every new figure"])
    #expect(found.map(\.1) == ["Anna Lindqvist"])
    #expect(found.map(\.2) == ["Governor"])
}

@Test func relativeClauseAfterTheNameIsNotARole() {
    let text = "\"It came up so fast,\" said Gwen Morgan, whose house was under a metre of water."
    #expect(attributed(text).map(\.1) == ["Gwen Morgan"])
    #expect(attributed(text).map(\.2) == [nil])
}

@Test func invertedReportedSpeech() {
    let text = "The sale has destroyed Yukos, once the owner of the unit, said founder Mikhail Khodorkovsky."
    let found = attributed(text)
    #expect(found.map(\.0) == ["The sale has destroyed Yukos, once the owner of the unit"])
    #expect(found.map(\.1) == ["Mikhail Khodorkovsky"])
    #expect(found.map(\.2) == ["founder"])
    #expect(found.map(\.3) == [.indirect])
}

@Test func theListenerOfToldIsNotASpeaker() {
    let text = """
        Anais Faraj, an analyst, told World Business Report that prices would rise.

        “Nobody should be surprised by this at all,” he said.
        """
    #expect(speakers(text) == ["Anais Faraj", "Anais Faraj"])
}

@Test func companiesNamedLikePeopleAreNotSpeakers() {
    let text = "Miner Highland Gold said it regretted any limit on privatisation. Calyon Securities says the market will fall sharply."
    #expect(QuoteExtractor.quotes(in: text).isEmpty)
}

@Test func titleNameAndAffiliation() {
    let text = "\"The headline numbers are in line with forecasts,\" said analyst Alex Potter at Lehman Brothers."
    #expect(attributed(text).map(\.1) == ["Alex Potter"])
    #expect(attributed(text).map(\.2) == ["analyst at Lehman Brothers"])
}

@Test func middleInitialsBelongToTheName() {
    let text = "Charles A Blixt, executive vice-president of RJ Reynolds, said the ruling \"dramatically transforms\" the case."
    #expect(attributed(text).map(\.1) == ["Charles A Blixt"])
    #expect(attributed(text).map(\.2) == ["executive vice-president of RJ Reynolds"])
}

@Test func possessiveRoleBeforeTheName() {
    let text = "Merck's head of research Peter Kim said that it withdrew Vioxx \"based on the information available to us\"."
    #expect(attributed(text).map(\.1) == ["Peter Kim"])
    #expect(attributed(text).map(\.2) == ["Merck's head of research"])
}

// MARK: long texts (issue 12 item 15: the nearest mention is looked up, not scanned)

@Test func pronounsAndSurnamesResolveAcrossManyQuotes() {
    let paragraph = "Maria Lopez said: “We will open the new bridge in the spring.” “It is going well,” she said. "
        + "Tom Reed, a builder, told reporters that the deck would “need more steel than planned”. “The work is hard,” Reed said."
    let text = Array(repeating: paragraph, count: 200).joined(separator: "\n\n")
    let quotes = QuoteExtractor.quotes(in: text)
    #expect(quotes.count == 800)
    #expect(quotes.filter { $0.speaker == "Maria Lopez" }.count == 400)
    #expect(quotes.filter { $0.speaker == "Tom Reed" }.count == 400)
    #expect(quotes.filter { $0.text == "need more steel than planned" }.count == 200)
}

@Test func aPartialQuotationFarIntoALongSentenceFindsItsSpeaker() {
    let filler = Array(repeating: "and the next town", count: 300).joined(separator: " ")
    let text = "Mr Lee told reporters that the bank would \(filler) “look carefully at the figures” and then “act quickly if needed”."
    let quotes = QuoteExtractor.quotes(in: text)
    #expect(quotes.map(\.text) == ["look carefully at the figures", "act quickly if needed"])
    #expect(quotes.map(\.speaker) == ["Mr Lee", "Mr Lee"])
}
