import Foundation
import GalleyCore
import GalleyTesting
import Testing
@testable import ExtractHTML

/// Documents that once reached a Swift runtime trap, which killed the process and lost the whole run: now each
/// gets a sane value or fails alone with a reason, and the others are written (issue 12).
@Suite(.serialized)
struct TrapAuditTests {
    static let pipeline = """
        pipeline: traps
        stages:
          - use: ingest.files
          - use: extract.article
          - use: extract.dates
          - use: enrich.dates
          - id: write
            use: output.jsonl
            with: { path: out/docs.jsonl, trace: true }

        """

    /// `text.index(startIndex, offsetBy: 5)` after `hasPrefix("---\\r\\n")` ran past the end of a Markdown file that is
    /// only `---\\r\\n` ("\\r\\n" is one Character); `Season(rawValue:)!` trapped on `last summer` seen from 0000-01-15.
    @Test func frontMatterMarkerAloneAndASeasonBeforeYearZeroCostNothing() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a-good.txt", seedArticle)
        dir.write("in/b-marker.md", "---\r\n")
        dir.write("in/c-summer.md", "---\npublished: 0000-01-15\n---\nLast summer was hot. Next spring will be too.\n")
        dir.write("in/d-month.jsonl", #"{"id": "m", "text": "Last month it rained.", "published": "2024-13-45"}"# + "\n")
        dir.write("p.yaml", Self.pipeline)
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 0, "stderr: \(run.stderr.suffix(2000))")
        #expect(run.stderr.contains("4 ok, 0 failed"))

        let docs = jsonLines(dir.at("out/docs.jsonl"))
        #expect(docs.compactMap { $0["source"]?["path"]?.stringValue } == ["in/a-good.txt", "in/b-marker.md", "in/c-summer.md", "in/d-month.jsonl:1"])
        let marker = try #require(docs.first { $0["source"]?["path"]?.stringValue == "in/b-marker.md" })
        #expect(marker["text"]?.stringValue == "---")

        let summer = try #require(docs.first { $0["source"]?["path"]?.stringValue == "in/c-summer.md" })
        let dates = try #require(summer["dates"]?.arrayValue)
        #expect(dates.map { $0["text"]?.stringValue } == ["Last summer", "Next spring"])
        #expect(dates.map { $0["value"]?.stringValue } == [nil, "0000-SP"])
        #expect(Self.warnings(summer) == ["1 date(s) left without value ('Last summer'): the date falls outside the years 0000-9999"])

        let month = try #require(docs.first { $0["id"]?.stringValue == "m" })
        #expect(month["dates"]?.arrayValue?.map { $0["value"]?.stringValue } == [nil])
        #expect(Self.warnings(month) == ["1 date(s) left without value ('Last month'): the published date 2024-13-45 is not a calendar day"])
    }

    /// Front matter whose aliases double forty times (`a1: [*a0, *a0]` …) stands for 2^40 values: converting it
    /// held the document's thread (abandoned at `stage_seconds`, still running and allocating). Now it is kept as
    /// text with a warning, at once.
    @Test func frontMatterAliasBombIsKeptAsText() throws {
        let dir = TemporaryDirectory()
        var yaml = "a0: &a0 [x]\n"
        for i in 1..<40 { yaml += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1)]\n" }
        dir.write("in/a-bomb.md", "---\n" + yaml + "---\nBody.\n")
        dir.write("in/b-plain.md", "---\ntitle: Plain\nlist: &l [1, 2]\nagain: *l\n---\nBody of the plain one.\n")
        dir.write("p.yaml", """
            pipeline: bomb
            limits: { stage_seconds: 20 }
            stages:
              - use: ingest.files
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl, trace: true }

            """)
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 0, "stderr: \(run.stderr.suffix(2000))")
        let docs = jsonLines(dir.at("out/docs.jsonl"))
        #expect(docs.compactMap { $0["source"]?["path"]?.stringValue } == ["in/a-bomb.md", "in/b-plain.md"])
        let bomb = try #require(docs.first)
        #expect(bomb["text"]?.stringValue == "---\n" + yaml + "---\nBody.\n")
        #expect(bomb["a0"] == nil)
        #expect(Self.warnings(bomb) == ["front matter's aliases expand to more than 100000 values; kept as text"])
        let plain = try #require(docs.last)
        #expect(plain["title"]?.stringValue == "Plain")
        #expect(plain["text"]?.stringValue == "Body of the plain one.\n")
        #expect(plain["again"].map { "\($0)" } == "[1,2]")
    }

    /// The warnings of a document's trace.
    static func warnings(_ doc: Value) -> [String] {
        (doc["trace"]?.arrayValue ?? []).flatMap { ($0["warnings"]?.arrayValue ?? []).compactMap(\.stringValue) }
    }

    /// `n.chars * 10` and `added * 4` were Int32: a page of more than 214,748,364 scalars (`max_bytes` lets in up to
    /// 4 GB) trapped in the body finder. The counts are Int now; a page that claims 300 million scalars extracts.
    @Test func bodyFinderCountsDoNotOverflowOnAHugePage() {
        var page = Page()
        page.text = Array("Huge headline\nA paragraph, with commas, of the story.\n".utf8)
        page.nodes = [
            PageNode(parent: -1, depth: 0, tag: .body, hint: 0, isArticleBody: false, subtreeEnd: 4, chars: 300_000_013),
            PageNode(parent: 0, depth: 1, tag: .div, hint: -2, isArticleBody: false, subtreeEnd: 4, chars: 300_000_013),
            PageNode(parent: 1, depth: 2, tag: .h1, hint: 0, isArticleBody: false, subtreeEnd: 3, chars: 13),
            PageNode(parent: 1, depth: 2, tag: .p, hint: 0, isArticleBody: false, subtreeEnd: 4, chars: 300_000_000),
        ]
        page.blocks = [
            PageBlock(node: 2, tag: .h1, start: 0, end: 13, chars: 13, linkChars: 0, commas: 0),
            PageBlock(node: 3, tag: .p, start: 14, end: 53, chars: 300_000_000, linkChars: 0, commas: 2),
        ]
        let body = ContentExtractor(page: page, title: nil, recordRemoved: false)
        #expect(body.paragraphs.map(\.text) == ["Huge headline", "A paragraph, with commas, of the story."])
        #expect(body.paragraphs.map(\.chars) == [13, 300_000_000])
    }
}
