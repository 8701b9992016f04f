import Foundation
import GalleyCore
import GalleyTesting
import Testing

/// The body paragraphs of the small article most page tests use.
let articleParagraphs = [
    "The harbour authority said on Tuesday that the new quay, which cost €41 million, will open to ships in March after three years of work.",
    "“We expect twice the traffic by 2027,” said Mara Jensen, the authority’s director, speaking at the quayside in front of local reporters.",
    "Fishermen, who had opposed the plan for years, said the dredging had already changed the currents near the old breakwater and the beach.",
]

/// A news page: furniture around an <article> with the paragraphs above, and whatever `head` and `extra` add.
func newsPage(head: String = "<title>New quay opens in March | Harbour Times</title>", extra: String = "", paragraphs: [String] = articleParagraphs) -> String {
    """
    <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">\(head)
    <script>var x = "<p>not text</p>"; function f() { return 1 < 2; }</script><style>p { color: red }</style></head>
    <body><header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
    <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
    <main><article><h1>New quay opens in March</h1>
    <div class="byline">By Tom Berg</div>
    \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
    \(extra)
    </article>
    <aside class="related"><h2>Related</h2><ul><li><a href="/a">Port strike ends after a week of talks between unions</a></li><li><a href="/b">Ferry timetable changes for the winter season</a></li></ul></aside>
    </main><footer><p>© 2024 Harbour Times. All rights reserved. Contact us at the newsroom for corrections.</p></footer></body></html>
    """
}

/// Runs ingest.files then extract.html on a file.
func htmlDocument(_ path: String, _ parameters: [String: Value] = [:]) throws -> Result<Document, DocumentError> {
    guard let loaded = try ingest(path).first else { throw StageFailure("nothing loaded") }
    guard case .success(var doc) = loaded else { return loaded }
    guard case .transform(let t) = try makeStage("extract.html", parameters) else { fatalError() }
    do { try t.process(&doc) } catch { return .failure(DocumentError(path: path, stage: "extract.html", message: "\(error)")) }
    return .success(doc)
}

func page(_ html: String, name: String = "page.html", _ parameters: [String: Value] = [:]) throws -> Document {
    let dir = TemporaryDirectory()
    switch try htmlDocument(dir.write(name, html), parameters) {
    case .success(let doc): return doc
    case .failure(let e): throw StageFailure(e.message)
    }
}

@Test func articleBodyKeepsParagraphsAndDropsFurniture() throws {
    let doc = try page(newsPage())
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
    #expect(doc.source.format == "html")
    #expect(doc.source.encoding == "utf-8")
    let spans = doc.annotations("paragraphs").map { [$0.start, $0.end] }
    let a = articleParagraphs.map { $0.unicodeScalars.count }
    #expect(spans == [[0, a[0]], [a[0] + 2, a[0] + 2 + a[1]], [a[0] + a[1] + 4, a[0] + a[1] + 4 + a[2]]])
    #expect(doc.fields["title"] == .string("New quay opens in March"))
    #expect(doc.fields["author"] == .string("Tom Berg"))
    #expect(doc.fields["language"] == .string("en"))
}

@Test func commentsAndRelatedArticlesStayOutOfTheText() throws {
    let comments = """
    <section id="comments" class="comments-area"><h3>3 comments</h3>
    <div class="comment"><p>Anna wrote: this quay is a waste of money and the council should have spent it on the schools instead.</p></div>
    <div class="comment"><p>Piet wrote: finally some investment in the harbour, which has been neglected for more than twenty years now.</p></div></section>
    <div class="related-articles"><h3>More from the coast</h3><p><a href="/x">Lighthouse restored by volunteers after storm damage last winter</a></p></div>
    """
    let doc = try page(newsPage(extra: comments))
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
    #expect(!doc.text.contains("waste of money"))
    #expect(!doc.text.contains("Lighthouse"))
}

@Test func jsonLDOutranksOpenGraphWhichOutranksTheTitle() throws {
    let jsonLD = """
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Quay opens: the JSON-LD headline",
    "author":[{"@type":"Person","name":"Ada Lind"},{"@type":"Person","name":"Bo Ek"}],"datePublished":"2024-03-05T09:30:00+01:00",
    "dateModified":"2024-03-06T10:00:00Z","description":"From JSON-LD.","publisher":{"@type":"Organization","name":"Harbour Times"},"inLanguage":"nl-NL"}</script>
    """
    let og = """
    <meta property="og:title" content="The Open Graph title"><meta property="og:site_name" content="Harbour Times">
    <meta property="og:description" content="From Open Graph."><meta name="author" content="Meta Author">
    <meta property="article:published_time" content="2023-01-01T00:00:00Z"><link rel="canonical" href="https://example.org/quay">
    """
    let all = try page(newsPage(head: "<title>Title tag | Harbour Times</title>" + og + jsonLD))
    #expect(all.fields["title"] == .string("Quay opens: the JSON-LD headline"))
    #expect(all.fields["author"] == .string("Ada Lind; Bo Ek"))
    #expect(all.fields["published"] == .string("2024-03-05T09:30:00+01:00"))
    #expect(all.fields["modified"] == .string("2024-03-06T10:00:00Z"))
    #expect(all.fields["description"] == .string("From JSON-LD."))
    #expect(all.fields["site"] == .string("Harbour Times"))
    #expect(all.fields["url"] == .string("https://example.org/quay"))
    #expect(all.fields["language"] == .string("nl"))

    let metaOnly = try page(newsPage(head: "<title>Title tag | Harbour Times</title>" + og))
    #expect(metaOnly.fields["title"] == .string("The Open Graph title"))
    #expect(metaOnly.fields["author"] == .string("Meta Author"))
    #expect(metaOnly.fields["published"] == .string("2023-01-01T00:00:00Z"))
    #expect(metaOnly.fields["description"] == .string("From Open Graph."))
    #expect(metaOnly.fields["language"] == .string("en"))

    let titleOnly = try page(newsPage(head: "<title>Title tag only | Harbour Times</title>").replacingOccurrences(of: "<h1>New quay opens in March</h1>", with: ""))
    #expect(titleOnly.fields["title"] == .string("Title tag only"))
}

@Test func jsonLDGraphWithSeveralObjectsGivesTheArticlesFields() throws {
    let graph = """
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
    {"@type":"Organization","name":"Harbour Times","url":"https://example.org"},
    {"@type":"WebPage","name":"Web page name","datePublished":"2020-01-01"},
    {"@type":["BlogPosting"],"headline":"Graph headline","author":{"@type":"Person","name":"Cy Dahl"},"datePublished":"2024-11-24"},
    {"@type":"BreadcrumbList","itemListElement":[]}]}</script>
    """
    let doc = try page(newsPage(head: "<title>x</title>" + graph))
    #expect(doc.fields["title"] == .string("Graph headline"))
    #expect(doc.fields["author"] == .string("Cy Dahl"))
    #expect(doc.fields["published"] == .string("2024-11-24"))
}

@Test func declaredLatin1PageDecodesAsWindows1252() throws {
    let dir = TemporaryDirectory()
    var html = newsPage(head: "<meta charset=\"ISO-8859-1\"><title>Caf\u{E9} – news</title>").replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "")
    html = html.replacingOccurrences(of: "Fishermen", with: "Fischer in Köln")
    let bytes = html.unicodeScalars.map { s -> UInt8 in s.value < 256 ? UInt8(s.value) : s == "–" ? 0x96 : s == "€" ? 0x80 : s == "“" ? 0x93 : s == "”" ? 0x94 : s == "’" ? 0x92 : 0x3F }
    let path = dir.write("latin1.html", Data(bytes))
    guard case .success(let doc) = try htmlDocument(path) else { Issue.record("failed"); return }
    #expect(doc.source.encoding == "windows-1252")
    #expect(doc.text.contains("Fischer in Köln"))
    #expect(doc.text.contains("cost €41 million"))
}

@Test func shiftJISPageDecodesThroughIconv() throws {
    let dir = TemporaryDirectory()
    let body = "東京の港に新しい岸壁が完成した。三年間の工事の後、三月に船の受け入れを始めると港湾局は火曜日に発表した。費用は四十一億円だった。"
    let second = "漁師たちは長年この計画に反対していた。"
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><title>新しい岸壁</title></head><body><article><p>\(body)</p><p>\(second)</p></article></body></html>"
    let sjis = html.data(using: .shiftJIS)!
    let path = dir.write("sjis.html", sjis)
    guard case .success(let doc) = try htmlDocument(path, ["min_chars": .int(50)]) else { Issue.record("failed"); return }
    #expect(doc.source.encoding == "shift_jis")
    #expect(doc.text == body + "\n\n" + second)
    #expect(doc.fields["title"] == .string("新しい岸壁"))
}

@Test func byteOrderMarkOutranksAContradictingMetaCharset() throws {
    let dir = TemporaryDirectory()
    let html = newsPage(head: "<meta charset=\"windows-1252\"><title>Über den Hafen</title>").replacingOccurrences(of: "Fishermen", with: "Fischer aus Köln")
    let path = dir.write("bom.html", Data([0xEF, 0xBB, 0xBF]) + Data(html.utf8))
    guard case .success(let doc) = try htmlDocument(path) else { Issue.record("failed"); return }
    #expect(doc.source.encoding == "utf-8")
    #expect(doc.text.contains("Fischer aus Köln"))
    #expect(doc.fields["title"] == .string("Über den Hafen"))
}

@Test func aTagIndexIsNoArticle() throws {
    let teasers = (1...12).map { i in
        "<div class=\"teaser\"><h2><a href=\"/story/\(i)\">Story number \(i) about the harbour and the town council</a></h2><p>Short teaser \(i).</p></div>"
    }.joined()
    let html = "<html><head><title>Tag: harbour | Harbour Times</title></head><body><nav><a href=/>Home</a></nav><main><h1>Tag: harbour</h1>\(teasers)</main></body></html>"
    let dir = TemporaryDirectory()
    let result = try htmlDocument(dir.write("tag.html", html))
    guard case .failure(let e) = result else { Issue.record("a tag index passed as an article"); return }
    #expect(e.message.hasPrefix("no article body found"))
    // Under `no_article: empty` the page is a document with no text and a warning.
    guard case .success(let empty) = try htmlDocument(dir.path + "/tag.html", ["no_article": .string("empty")]) else { Issue.record("failed"); return }
    #expect(empty.text == "")
    #expect(empty.pendingWarnings.first?.hasPrefix("no article body found") == true)
}

@Test func truncatedHTMLStillGivesTheTextBeforeTheCut() throws {
    let html = newsPage()
    let cut = String(html[..<html.range(of: "Fishermen, who had")!.upperBound])
    let doc = try page(cut, ["min_chars": .int(50)])
    #expect(doc.text == articleParagraphs[0] + "\n\n" + articleParagraphs[1] + "\n\nFishermen, who had")
}

@Test func tenThousandNestedDivsParseFlat() throws {
    let deep = String(repeating: "<div>", count: 10_000) + articleParagraphs.map { "<p>\($0)</p>" }.joined() + String(repeating: "</div>", count: 10_000)
    let doc = try page("<html><body>\(deep)</body></html>")
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func fifteenMegabytePageIsReadWhole() throws {
    let paragraph = "<p>" + articleParagraphs[0] + "</p>\n"
    let count = 15_000_000 / paragraph.utf8.count + 1
    let html = "<html><body><article>" + (0..<count).map { "<p>\($0): " + articleParagraphs[0] + "</p>\n" }.joined() + "</article></body></html>"
    #expect(html.utf8.count > 15_000_000)
    let doc = try page(html)
    #expect(doc.annotations("paragraphs").count == count)
    #expect(doc.text.hasPrefix("0: " + articleParagraphs[0] + "\n\n1: " + articleParagraphs[0]))
}

@Test func gzippedPageIsInflated() throws {
    let dir = TemporaryDirectory()
    let plain = dir.write("p.html", newsPage())
    #expect(GalleyProcess.run(["-k", plain], executable: "/bin/gzip").status == 0)
    guard case .success(let doc) = try htmlDocument(plain + ".gz") else { Issue.record("failed"); return }
    #expect(doc.source.format == "html")
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
    // Truncated gzip fails with its reason.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
    let cut = dir.write("cut.html.gz", bytes.prefix(bytes.count / 2))
    guard case .failure(let e) = try htmlDocument(cut) else { Issue.record("a truncated gzip passed"); return }
    #expect(e.message == "gzip: truncated (the file ends inside a member)")
}

@Test func aJSONLineWithHTMLIsAWebPage() throws {
    let dir = TemporaryDirectory()
    let line = try JSONSerialization.data(withJSONObject: ["id": "p1", "url": "https://example.org/quay", "html": newsPage()])
    let path = dir.write("pages.jsonl", line + Data("\n".utf8))
    guard case .source(let s) = try makeStage("ingest.files") else { fatalError() }
    var items: [SourceItem] = []
    try s.enumerate(InputSelection(paths: [path], include: [], exclude: [])) { items.append($0); return true }
    guard case .success(var doc)? = s.load(items[0]).first else { Issue.record("failed"); return }
    #expect(doc.source.format == "html")
    #expect(doc.id == "p1")
    guard case .transform(let t) = try makeStage("extract.html") else { fatalError() }
    try t.process(&doc)
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
    #expect(doc.fields["url"] == .string("https://example.org/quay"))
}

@Test func inspectingRecordsWhatWasRemoved() throws {
    let dir = TemporaryDirectory()
    guard case .success(var doc)? = try ingest(dir.write("p.html", newsPage())).first else { Issue.record("failed"); return }
    doc.inspecting = true
    guard case .transform(let t) = try makeStage("extract.html") else { fatalError() }
    try t.process(&doc)
    let removed = doc.notes["removed"]?.arrayValue?.compactMap(\.stringValue) ?? []
    #expect(removed.contains("the title: New quay opens in March"))
    #expect(removed.contains("furniture (class or id): By Tom Berg"))
    #expect(removed.contains { $0.hasPrefix("outside the article: We use cookies") })
}

@Test func aNoscriptCopyWithParagraphsIsTheBody() throws {
    // Blogger: the post lives in a script template and, script-free, in <noscript>; a tracking-pixel <noscript> is not text.
    let html = """
        <html><head><title>New quay opens in March</title></head><body><noscript><img src="/pixel.gif"></noscript>
        <div class="post-body"><script type="text/template"><p>template copy</p></script>
        <noscript>\(articleParagraphs.map { "<p>\($0)</p>" }.joined())</noscript></div></body></html>
        """
    #expect(try page(html).text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func aFurnitureNamedWrapperAroundTheWholePageIsThePage() throws {
    // A theme wrapper named after an ad network holds everything, the headline included.
    let html = newsPage().replacingOccurrences(of: "<body>", with: "<body><div id=\"theme-taboola\">")
        .replacingOccurrences(of: "</body>", with: "</div></body>")
    #expect(try page(html).text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func slidesOfOneParagraphEachMakeOneBody() throws {
    let slides = articleParagraphs.map { "<div class=\"slide\"><div class=\"entry-content\"><div class=\"the-content\"><p>\($0)</p></div></div></div>" }
    let html = "<html><head><title>New quay opens in March</title></head><body><main><h1>New quay opens in March</h1><article>"
        + slides.joined() + "</article></main></body></html>"
    #expect(try page(html).text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func theHeadlinesArticleWinsOverALongerStoryAppendedBelow() throws {
    let other = (1...6).map { "<p>Another story entirely, appended by the infinite scroll, paragraph \($0), which runs on, and on, and on for a long while.</p>" }
    let html = """
        <html><head><title>New quay opens in March</title></head><body>
        <article class="story"><h1>New quay opens in March</h1><div class="entry-text">\(articleParagraphs.map { "<p>\($0)</p>" }.joined())</div></article>
        <article class="story"><h2>Another story</h2><div class="entry-text">\(other.joined())</div></article></body></html>
        """
    #expect(try page(html).text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func notesAfterTheStoryAndDateLinesAreDropped() throws {
    let doc = try page(newsPage(extra: """
        <p>Publiziert: 03.04.2020, 12:35</p>
        <p>Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE. Die Fotos dürfen nicht verwendet werden.</p>
        <p>Die meistgelesenen Artikel bei Harbour Times</p>
        """))
    #expect(doc.text == articleParagraphs.joined(separator: "\n\n"))
}

@Test func aUTCTimeNearMidnightYieldsToTheLocalDateThePageShows() throws {
    // 00:44 UTC on the 4th is the evening of the 3rd where the paper is; the page shows 03/05/2022 21:44.
    let head = """
        <title>New quay opens in March</title><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-05-04T00:44:52Z"}</script>
        """
    let doc = try page(newsPage(head: head).replacingOccurrences(of: "<div class=\"byline\">By Tom Berg</div>", with: "<div class=\"byline\">By Tom Berg</div><ul class=\"date\"><li>03/05/2022 21:44</li></ul>"))
    #expect(doc.fields["published"] == .string("2022-05-03"))
    // A time in the middle of the day stays as stated.
    let noon = try page(newsPage(head: head.replacingOccurrences(of: "00:44:52Z", with: "12:44:52Z")))
    #expect(noon.fields["published"] == .string("2022-05-04T12:44:52Z"))
}

@Test func aDateInApplicationStateIsTheLastResort() throws {
    let head = """
        <title>New quay opens in March</title><script type="application/json">{"review": {"publishedDate": "2016-11-04T20:37:27Z"}}</script>
        """
    #expect(try page(newsPage(head: head)).fields["published"] == .string("2016-11-04T20:37:27Z"))
}

@Test func digitsGluedToAWordAreNoYear() throws {
    let doc = try page(newsPage(extra: "<p class=\"metadata\">geschrieben von berg2012 am 21. Jan. 2015, 19:04</p>"))
    #expect(doc.fields["published"] == .string("2015-01-21"))
}
