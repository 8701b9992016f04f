import GalleyBuiltins
import GalleyCore
import Testing

@Test func textStagesAreRegistered() {
    for type in textStages { #expect(Builtins.registry[type] != nil, "\(type) missing") }
}

@Test func seedSentences() throws {
    let document = try processedSeed()
    let sentences = document.annotations("sentences").map { covered(document, $0) }
    #expect(sentences.count == 45)
    #expect(sentences[1] == "Will it kill him, or simply photograph him?")
    #expect(sentences.contains { $0.hasSuffix("his second term as U.S. president.") })
}

@Test func seedQuotes() throws {
    let document = try processedSeed()
    let quotes = document.annotations("quotes")
    let rows = quotes.map { quote in
        [quote.attributes["kind"]?.stringValue ?? "", quote.attributes["speaker"]?.stringValue ?? "-",
         String((quote.attributes["text"]?.stringValue ?? "").prefix(40))]
    }
    #expect(rows == [
        ["direct", "Kim Yong-hyun", "North Korea is not sending troops but ra"],
        ["indirect", "Lee Hae-jung", "as long as the current sanctions regime "],
        ["direct", "Lee Min-bok", "You cannot control people in a battlefie"],
        ["direct", "Lee Min-bok", "I expect more and more North Korean sold"],
        ["direct", "A Western diplomat who has served in Pyongyang", "Kim is in a corner. He cannot make the p"],
        ["direct", "A Western diplomat who has served in Pyongyang", "They are under-trained. They are not all"],
    ])
    #expect(quotes[0].attributes["speaker_role"] == "South Korean Defence Minister")
    #expect(quotes[5].attributes["text"]?.stringValue?.hasSuffix("on which Kim must rely") == true)
    for quote in quotes { #expect(covered(document, quote) == quote.attributes["text"]?.stringValue) }
}

@Test func seedQuantities() throws {
    let document = try processedSeed()
    let rows = document.annotations("quantities").map { quantity in
        "\(quantity.attributes["text"]!)|\(quantity.attributes["kind"]!)|\(quantity.attributes["value"]!.jsonString)|\(quantity.attributes["currency"] ?? "")"
    }
    #expect(rows == [
        "10,000|count|10000|", "50,000|count|50000|", "42,000|count|42000|", "US$2.29 billion|money|2290000000|USD",
        "98,3 per cent|percent|98.3|", "US$34 million|money|34000000|USD", "25 per cent|percent|25|",
        "1.3 million|count|1300000|", "7.6 million|count|7600000|", "ten years|duration|10|",
    ])
    #expect(document.annotations("quantities")[0].attributes["qualifier"] == "more than")
    #expect(document.annotations("quantities")[6].attributes["qualifier"] == "up to")
}

@Test func seedDatesResolveAgainstPublished() throws {
    let document = try processedSeed()
    let rows = document.annotations("dates").map { "\($0.attributes["text"]!)=\($0.attributes["value"]!)/\($0.attributes["grain"]!)" }
    #expect(rows == ["August=2024-08/month", "January 20=2025-01-20/day", "October=2024-10/month", "1953=1953/year",
                     "last month=2024-10/month", "2023=2023/year", "ten years=P10Y/duration"])
    #expect(Array(document.annotations("dates")[0].attributes.keys) == ["text", "value", "grain"])
    #expect(document.trace.isEmpty)
    #expect(document.pendingWarnings.isEmpty)
}

@Test func seedStats() throws {
    let document = try processedSeed()
    #expect(document.fields["stats"] == [
        "words": 821, "sentences": 45, "paragraphs": 26, "reading_minutes": 3.4, "flesch_reading_ease": 54.0,
    ])
}

@Test func seedExportsTheDesignSchema() throws {
    let document = try processedSeed()
    let exported = DocumentJSON.object(document)
    let quote = try #require(exported["quotes"]?.arrayValue?.first?.objectValue)
    #expect(Array(quote.keys) == ["text", "speaker", "speaker_role", "kind", "start", "end"])
    let quantity = try #require(exported["quantities"]?.arrayValue?[3].jsonString)
    #expect(quantity == #"{"text":"US$2.29 billion","kind":"money","value":2290000000,"currency":"USD","start":2488,"end":2503}"#)
    let annotation = document.annotations("quantities")[3]
    #expect(covered(document, annotation) == "US$2.29 billion")
    #expect(exported["stats"]?["words"] == 821)
}

@Test func stagesWorkOnRawTextWithoutExtractArticle() throws {
    let document = try run(textStages, on: rawDocument("“We will win,” said Maria Lopez, the coach, on Friday. Tickets cost £12.", published: "2025-03-10"))
    #expect(document.annotations("sentences").count == 2)
    #expect(document.annotations("quotes").first?.attributes["speaker"] == "Maria Lopez")
    #expect(document.annotations("quotes").first?.attributes["speaker_role"] == "the coach")
    #expect(document.annotations("quantities").first?.attributes["currency"] == "GBP")
    #expect(document.annotations("dates").first?.attributes["value"] == "2025-03-07")
    #expect(document.fields["stats"]?["paragraphs"] == 1)
}

@Test func enrichDatesWithoutPublishedWarnsAndKeepsAbsoluteValues() throws {
    let document = try run(["extract.dates", "enrich.dates"], on: rawDocument("In 1953 the war ended; last month talks began in October."))
    let values = document.annotations("dates").map { $0.attributes["value"]?.stringValue ?? "-" }
    #expect(values == ["1953", "-", "-"])
    #expect(document.pendingWarnings.count == 1)
    #expect(document.pendingWarnings.first?.contains("'last month'") == true)
    #expect(document.pendingWarnings.first?.contains("published") == true)
}

@Test func enrichDatesUsesTheReferenceParameter() throws {
    var document = try run(["extract.dates"], on: rawDocument("It happened last month."))
    try transform("enrich.dates", ["reference": "2024-03-05"]).process(&document)
    #expect(document.annotations("dates").first?.attributes["value"] == "2024-02")
    #expect(throws: StageFailure.self) { try transform("enrich.dates", ["reference": "March 5"]) }
}

@Test func quoteAndQuantityParameters() throws {
    let text = "Lee Hae-jung, a fellow, said that growth was limited. “It is over for now,” a witness said. “Nobody knows what comes next.” Sales rose 5% to $3m."
    var document = rawDocument(text)
    try transform("extract.quotes", ["indirect": false, "require_speaker": true]).process(&document)
    #expect(document.annotations("quotes").map { $0.attributes["kind"]?.stringValue } == ["direct", "direct"])
    try transform("extract.quantities", ["kinds": ["money"]]).process(&document)
    #expect(document.annotations("quantities").map { $0.attributes["text"]?.stringValue } == ["$3m"])
}

@Test func rerunningAStageReplacesItsAnnotations() throws {
    let once = try run(["extract.sentences", "extract.quotes"], on: rawDocument("One. “Two words here now,” he said. Three."))
    let twice = try run(["extract.sentences", "extract.quotes"], on: once)
    #expect(twice.annotations("sentences").count == once.annotations("sentences").count)
    #expect(twice.annotations("quotes").count == once.annotations("quotes").count)
}

@Test func statsHonourWordsPerMinute() throws {
    var document = rawDocument(String(repeating: "word ", count: 300))
    try transform("enrich.stats", ["words_per_minute": 100]).process(&document)
    #expect(document.fields["stats"]?["reading_minutes"] == 3.0)
}

@Test func seedEntitiesFromTheBundledModel() throws {
    let doc = try run(["extract.entities"], on: processedSeed())
    let entities = doc.annotations("entities")
    func has(_ text: String, _ label: String) -> Bool {
        entities.contains { $0.attributes["text"]?.stringValue == text && $0.attributes["label"]?.stringValue == label }
    }
    #expect(has("Kim Jong-un", "PER"))
    #expect(has("Vladimir Putin", "PER"))
    #expect(has("Volodymyr Zelenskyy", "PER"))
    #expect(has("Lee Min-bok", "PER"))
    #expect(has("Pyongyang", "LOC"))
    #expect(has("Hyundai Research Institute", "ORG"))
    #expect(has("China", "LOC"))
    #expect(has("Russia", "LOC"))
    #expect(has("Kursk", "LOC"))
    #expect(has("Lee Hae-jung", "PER"))
    #expect(has("Workers Party", "ORG"))
    // Adjectives of nationality are MISC wherever they stand, never ORG.
    for text in ["North Korean", "South Korean", "Ukrainian"] {
        let labels = Set(entities.filter { $0.attributes["text"]?.stringValue == text }.compactMap { $0.attributes["label"]?.stringValue })
        #expect(labels == ["MISC"], "\(text): \(labels)")
    }
    // "Putin" alone, after "Vladimir Putin", points at the full name.
    let putin = try #require(entities.first { $0.attributes["text"]?.stringValue == "Putin" })
    #expect(putin.attributes["canonical"]?.stringValue == "Vladimir Putin")
    // Offsets cut exactly the text, and no name holds a quotation mark or ends with a sentence's full stop (the
    // stop of "U.S." is the name's own).
    let scalars = Array(doc.text.unicodeScalars)
    for e in entities {
        let text = try #require(e.attributes["text"]?.stringValue)
        #expect(String(String.UnicodeScalarView(scalars[e.start..<e.end])) == text)
        let last = text.split(separator: " ").last.map(String.init) ?? ""
        let ownStop = last == "U.S." || last.count == 2 || ["Corp.", "Inc.", "Ltd.", "Co.", "Jr.", "Sr."].contains(last)
        #expect(!text.contains("“") && !text.contains("”") && (!text.hasSuffix(".") || ownStop), "\(text)")
    }
    // Running the stage again replaces its annotations.
    #expect(try run(["extract.entities"], on: doc).annotations("entities").count == entities.count)
}

@Test func entityLabelsFilterAndModelErrors() throws {
    var doc = Document(id: "t", source: DocumentSource(path: "t.txt", format: "txt", bytes: 0, encoding: "utf-8"),
                       text: "Angela Merkel met officials of Siemens in Berlin on Monday.")
    try transform("extract.entities", ["labels": ["LOC"]]).process(&doc)
    #expect(doc.annotations("entities").map { $0.attributes["text"]?.stringValue } == ["Berlin"])
    #expect(throws: StageFailure.self) { try transform("extract.entities", ["labels": ["PERSON"]]) }
    do { _ = try transform("extract.entities", ["model": "no/such.model"]) } catch {
        #expect("\(error)".contains("cannot read the entity model"))
    }
}
