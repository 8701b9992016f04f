import Foundation
import GalleyCore
import GalleyTesting
import OutputReport
import Testing

@Suite struct ReportOutputTests {
    func report(_ docs: [Document], _ params: [String: Value] = [:]) throws -> String {
        let dir = TemporaryDirectory()
        var p: [String: Value] = ["path": .string(dir.at("report.html"))]
        for (k, v) in params { p[k] = v }
        let sink = try OutputReport(config: Fixtures.config("output.report", .init(uniqueKeysWithValues: p.sorted { $0.key < $1.key })))
        try sink.open(resume: false)
        for d in docs { try sink.write(d) }
        try sink.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
        return try String(contentsOfFile: dir.at("report.html"), encoding: .utf8)
    }

    @Test func seedReportHasOverviewTimelineTimingAndTheArticle() throws {
        let dir = TemporaryDirectory()
        try Fixtures.run(outputs: """
              - use: output.report
                with: { path: \(dir.path)/report.html, title: Seed report }
            """, inputs: [Fixtures.seed], in: dir.path)
        let html = try String(contentsOfFile: dir.at("report.html"), encoding: .utf8)
        #expect(html.contains("<title>Seed report</title>"))
        #expect(html.contains("<div class=\"card\"><div class=\"big\">1</div><div class=\"label\">documents</div></div>"))
        #expect(html.contains("<div class=\"big\">821</div><div class=\"label\">words</div>"))
        #expect(html.contains("<div class=\"big\">2024-11-24</div><div class=\"label\">published</div>"))
        #expect(html.contains("<title>2024-11-24: 1</title>"))
        #expect(html.contains("No entities in this run"))
        #expect(html.contains("<td><code>extract.article</code></td><td>1</td>"))
        #expect(html.contains("<article class=\"doc\" id=\"d-\(Fixtures.seedID)\"><h3>Troops to Russia -- risk and opportunity for Kim Jong-un</h3>"))
        #expect(html.contains("The North Korean soldier lay on the ground in terror"))
        // Self-contained: nothing is fetched from elsewhere.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script") && !html.contains("<link"))
    }

    @Test func entitiesQuotesAndFiguresBecomeChartsTablesAndHighlights() throws {
        let html = try report([Fixtures.summitArticle(), Fixtures.summitArticle(id: "summit-2", title: "Second & last")])
        #expect(html.contains("<title>Vladimir Putin: 4</title>"))
        #expect(html.contains("<title>Kim Jong-un: 2</title>"))
        #expect(html.contains("<title>Moscow: 2</title>"))
        #expect(html.contains("<title>UN: 2</title>"))
        #expect(html.contains("<title>percent: 2</title>"))
        #expect(html.contains("<mark class=\"e PER\" title=\"PER\">Kim Jong-un</mark> met <mark class=\"e PER\" title=\"PER\">Vladimir Putin</mark>"))
        #expect(html.contains("<mark class=\"q\" title=\"quote by Vladimir Putin\">“We are ready to help,”</mark>"))
        #expect(html.contains("<tr><td><b>Vladimir Putin</b></td><td class=\"qt\">“We are ready to help,”</td><td>direct</td><td><a href=\"#d-summit-2\">Second &amp; last</a></td></tr>"))
        #expect(html.contains("<title>2024: 2</title>"))
        #expect(html.components(separatedBy: "<article class=\"doc\"").count == 3)
    }

    @Test func aQuoteContainingAnEntityNestsTheMarks() throws {
        var doc = Fixtures.summitArticle()
        let quote = doc.annotations.first { $0.kind == "quotes" }!
        doc.annotations.append(Annotation(kind: "entities", start: quote.start + 1, end: quote.start + 3, attributes: ["text": "We", "label": "MISC"]))
        doc.annotations.append(Annotation(kind: "entities", start: quote.end - 3, end: quote.end + 3, attributes: ["text": "p,” P", "label": "ORG"]))
        let html = try report([doc])
        #expect(html.contains("<mark class=\"q\" title=\"quote by Vladimir Putin\">“<mark class=\"e MISC\" title=\"MISC\">We</mark> are ready to hel<mark class=\"e ORG\" title=\"ORG\">p,”</mark></mark> <mark class=\"e PER\" title=\"PER\">Putin</mark> said"))
    }

    @Test func aDocumentWrittenTwiceCountsOnce() throws {
        let html = try report([Fixtures.summitArticle(), Fixtures.summitArticle()])
        #expect(html.contains("<div class=\"big\">1</div><div class=\"label\">documents</div>"))
        #expect(html.components(separatedBy: "<article class=\"doc\"").count == 2)
    }

    @Test func documentsBeyondTheLimitCountInChartsOnly() throws {
        let docs = (0..<3).map { Fixtures.summitArticle(id: "d\($0)") }
        let html = try report(docs, ["max_documents": 1, "max_quotes": 2])
        #expect(html.contains("<div class=\"big\">3</div><div class=\"label\">documents</div>"))
        #expect(html.components(separatedBy: "<article class=\"doc\"").count == 2)
        #expect(html.contains("The first 1 of 3 documents are shown"))
        #expect(html.contains("The first 2 of 3 quotes"))
    }

    @Test func farOffMentionedYearsDoNotSquashTheTimeline() throws {
        var docs = (0..<20).map { Fixtures.summitArticle(id: "d\($0)") }
        var old = Fixtures.summitArticle(id: "old")
        for i in old.annotations.indices where old.annotations[i].kind == "dates" { old.annotations[i].attributes["value"] = "1030" }
        docs.append(old)
        let html = try report(docs)
        #expect(html.contains("<title>2024: 20</title>"))
        #expect(!html.contains("<title>1030"))
        #expect(html.contains("1 mention outside 2024–2024 not shown (earliest 1030, latest 2024)."))
    }
}
