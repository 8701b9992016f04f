import GalleyCore
import Testing

func summary(_ d: Document) -> [String] { d.annotations("summary_sentences").map { covered(d, $0) } }

@Test func summaryOfAShortStory() throws {
    let d = try run(["extract.sentences", "extract.quotes", "enrich.summary"], on: document(portStory), ["enrich.summary": ["sentences": 2]])
    #expect(summary(d) == ["Dock workers at the port of Rotterdam went on strike on Monday.",
                           "The port strike halted container traffic, and the dock workers said the strike would last until the port authority raised wages."])
    #expect(d.fields["summary"] == .string(summary(d).joined(separator: " ")))
}

@Test func summaryAvoidsDanglingPronounsAndHalfQuotes() throws {
    let text = """
    The city council approved a new budget for public transport on Tuesday evening.

    It will add forty buses to the fleet by the end of next year, officials said.

    “We have waited a long time for this. The buses are old and the routes are slow,” said the mayor of the city, \
    who backed the public transport budget from the start.

    The public transport budget also pays for new bus lanes on the main roads of the city.
    """
    let d = try run(["extract.sentences", "extract.quotes", "enrich.summary"], on: document(text), ["enrich.summary": ["sentences": 2]])
    // Not "It will add…" (its "It" needs the sentence before), not the first half of the mayor's quote.
    #expect(summary(d) == ["The city council approved a new budget for public transport on Tuesday evening.",
                           "The public transport budget also pays for new bus lanes on the main roads of the city."])
}

@Test func seedSummary() throws {
    let d = try run(["extract.sentences", "extract.quotes", "enrich.summary"], on: try loadedSeed())
    #expect(summary(d) == [
        "The North Korean soldier lay on the ground in terror as a Ukrainian drone circled above him.",
        "The image, on sites on the Internet that cover the Ukrainian war, showed the risk that Kim Jong-un is running by sending more than 10,000 men to fight for Russia.",
        "For the Koreans, it is the first large-scale combat since the end of the Korean War in 1953.",
    ])
}
