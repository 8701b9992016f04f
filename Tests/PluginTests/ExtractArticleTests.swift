import ExtractArticle
import GalleyCore
import Testing

@Test func seedArticleStructure() throws {
    let doc = try article(seedArticle)
    #expect(doc.fields["title"] == "Troops to Russia -- risk and opportunity for Kim Jong-un")
    #expect(doc.fields["published"] == "2024-11-24T22:33:00")
    #expect(doc.fields["author_bio"] == "A Hong Kong-based writer, teacher and speaker.")
    #expect(doc.fields["author"] == nil)
    #expect(doc.text.hasPrefix("The North Korean soldier lay on the ground in terror"))
    #expect(doc.text.hasSuffix("on which Kim must rely,” he said."))
    #expect(!doc.text.contains("Most Popular 24 Hrs"))
    #expect(!doc.text.contains("November 24, 2024 22:33"))
    #expect(!doc.text.contains("Troops to Russia"))
    let paragraphs = doc.annotations("paragraphs")
    #expect(paragraphs.count == 26)
    #expect(covered(doc, paragraphs[0]) == "The North Korean soldier lay on the ground in terror as a Ukrainian drone circled above him. Will it kill him, or simply photograph him?")
    #expect(covered(doc, paragraphs[25]).hasPrefix("“They are under-trained."))
    #expect(paragraphs[25].end == doc.text.unicodeScalars.count)
}

@Test func paragraphsAreJoinedByABlankLine() throws {
    let doc = try article(text: "Headline here\n\nFirst para\nwraps here.\n\n\n\nSecond para.\n")
    #expect(doc.fields["title"] == "Headline here")
    #expect(doc.text == "First para wraps here.\n\nSecond para.")
    #expect(doc.annotations("paragraphs").map { [$0.start, $0.end] } == [[0, 22], [24, 36]])
}

@Test func bylineAndDatelineUnderTheTitle() throws {
    let doc = try article(text: "Banks hold rates\n\nBy Daniel Okafor and Lena Fischer, Reuters\n\nMarch 6, 2025\n\nThe bank kept rates.\n")
    #expect(doc.fields["author"] == "Daniel Okafor and Lena Fischer")
    #expect(doc.fields["published"] == "2025-03-06")
    #expect(doc.text == "The bank kept rates.")
}

@Test func bylineWithDateOnOneLine() throws {
    let doc = try article(text: "Title\n\nBy Jane Doe | 24 November 2024\n\nBody text.\n")
    #expect(doc.fields["author"] == "Jane Doe")
    #expect(doc.fields["published"] == "2024-11-24")
}

@Test func trailingBoilerplateIsRemoved() throws {
    let doc = try article(text: "Title\n\nBody one.\n\nBody two.\n\nShare this article\n\nRead more\n\nMost Popular 24 Hrs\n")
    #expect(doc.text == "Body one.\n\nBody two.")
}

@Test func bodySentenceWithADateIsNotTakenAsDateline() throws {
    let doc = try article(text: "Title\n\nOn 24 November 2024 the storm hit the coast.\n\nMore.\n")
    #expect(doc.fields["published"] == nil)
    #expect(doc.text.hasPrefix("On 24 November 2024"))
}

@Test func markdownFrontMatterAndHeading() throws {
    let doc = try article(text: "---\ntitle: From front matter\ndate: 2024-03-14\nauthor: Priya\n---\n\n# From front matter\n\nBody.\n", name: "a.md")
    #expect(doc.fields["title"] == "From front matter")
    #expect(doc.fields["published"] == "2024-03-14")
    #expect(doc.fields["author"] == "Priya")
    #expect(doc.text == "Body.")
}

@Test func datelineForms() {
    let cases: [(String, String?)] = [
        ("November 24, 2024 22:33", "2024-11-24T22:33:00"),
        ("24 November 2024", "2024-11-24"),
        ("Nov. 24, 2024, 10:33 p.m.", "2024-11-24T22:33:00"),
        ("2024-11-24T22:33:00Z", "2024-11-24T22:33:00Z"),
        ("Sunday 24 November 2024 22.33 GMT", "2024-11-24T22:33:00Z"),
        ("Updated: 24/11/2024", "2024-11-24"),
        ("Published 5 March 2025 09:15 EST", "2025-03-05T09:15:00-05:00"),
        ("2024-11-24 08:00 +0100", "2024-11-24T08:00:00+01:00"),
        ("12:00 am, 1 Jan 2025", "2025-01-01T00:00:00"),
        ("Troops to Russia -- risk and opportunity", nil),
        ("In 2024 the war went on", nil),
        ("May 2024", nil),
    ]
    for (line, expected) in cases {
        #expect(Dateline.parse(line) == expected, "\(line)")
    }
}

@Test func authorBioNeedsToDescribeAWriter() throws {
    let withBio = try article(text: "Title\n\nBody.\n\nJane Doe is a freelance journalist based in Lagos.\n")
    #expect(withBio.fields["author_bio"] == "Jane Doe is a freelance journalist based in Lagos.")
    let withoutBio = try article(text: "Title\n\nBody.\n\nA spokesman declined to comment.\n")
    #expect(withoutBio.fields["author_bio"] == nil)
    #expect(withoutBio.text == "Body.\n\nA spokesman declined to comment.")
}
