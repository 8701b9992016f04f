import Foundation
import GalleyTesting
import Testing


@Test func runWritesEverySeedInInputOrder() throws {
    let out = TemporaryDirectory()
    let r = GalleyProcess.run(["run", "Pipelines/news.yaml", "seeds", "--quiet"], environment: ["GALLEY_OUT": out.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr == "")
    let lines = try String(contentsOfFile: out.path + "/news.jsonl", encoding: .utf8).split(separator: "\n")
    let docs = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    #expect(docs.map { ($0["source"] as! [String: Any])["path"] as! String } == [
        "seeds/000_f33259cb4be8492d.txt", "seeds/001_bbc_style_port_strike.txt", "seeds/002_markdown_front_matter.md",
        "seeds/003_byline_wire_story.txt", "seeds/004_dateline_time_zone.txt", "seeds/005_no_date.txt",
        "seeds/006_wire_iso_dateline.jsonl:1", "seeds/006_wire_iso_dateline.jsonl:2", "seeds/007_web_page.html",
    ])
    let seed = docs[0]
    #expect(seed["title"] as? String == "Troops to Russia -- risk and opportunity for Kim Jong-un")
    #expect(seed["published"] as? String == "2024-11-24T22:33:00")
    #expect(seed["author_bio"] as? String == "A Hong Kong-based writer, teacher and speaker.")
    #expect((seed["paragraphs"] as? [Any])?.count == 26)
    #expect(docs[4]["published"] as? String == "2024-11-24T18:05:00Z")
    #expect(docs[5]["published"] == nil)
    #expect(docs[6]["id"] as? String == "wire-2024-0001")
}

@Test func runPrintsASummaryToStderr() throws {
    let out = TemporaryDirectory()
    let r = GalleyProcess.run(["run", "Pipelines/news.yaml", "seeds/000_f33259cb4be8492d.txt"], environment: ["GALLEY_OUT": out.path])
    #expect(r.status == 0)
    #expect(r.stdout == "")
    #expect(r.stderr.hasPrefix("1 ok, 0 failed in "))
    #expect(r.stderr.contains("extract.article"))
}

@Test func validateReportsAMisspeltStageTypeWithExit1() throws {
    let dir = TemporaryDirectory()
    let yaml = try String(contentsOfFile: Repository.root + "/Pipelines/news.yaml", encoding: .utf8)
        .replacingOccurrences(of: "use: extract.article", with: "use: extract.articel")
    dir.write("news.yaml", yaml)
    let r = GalleyProcess.run(["validate", "news.yaml"], in: dir.path)
    #expect(r.status == 1)
    let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("extract.articel") }! + 1
    #expect(r.stderr.hasPrefix("news.yaml:\(line):10: error: unknown stage type 'extract.articel'; did you mean 'extract.article'?\n"))
}

@Test func validateAcceptsTheShippedPipelines() throws {
    let r = GalleyProcess.run(["validate", "Pipelines/news.yaml"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("Pipelines/news.yaml: ok — pipeline 'news'"))
}

@Test func pipelineTestsPass() throws {
    let r = GalleyProcess.run(["test", "Pipelines/news.yaml"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("PASS news: seed article"))
    #expect(r.stdout.hasSuffix(" passed, 0 failed\n"))
}

@Test func failingPipelineTestExits1AndSaysWhy() throws {
    let dir = TemporaryDirectory()
    dir.write("a.txt", "Real title\n\nBody.\n")
    dir.write("p.yaml", """
    pipeline: p
    stages:
      - use: ingest.files
      - use: extract.article
    tests:
      - name: wrong title
        input: a.txt
        expect: { title: "Other title" }
    """)
    let r = GalleyProcess.run(["test", "p.yaml"], in: dir.path)
    #expect(r.status == 1)
    #expect(r.stdout == "FAIL p: wrong title\n  title: expected \"Other title\", got \"Real title\"\n0 passed, 1 failed\n")
}

@Test func stagesListsTypesAndOneTypesParameters() throws {
    let all = GalleyProcess.run(["stages"])
    #expect(all.status == 0)
    #expect(all.stdout.contains("ingest:\n  ingest.files"))
    let one = GalleyProcess.run(["stages", "output.jsonl"])
    #expect(one.stdout.contains("phase: output   kind: sink   from: builtin"))
    #expect(one.stdout.contains("path   string (required)"))
    let typo = GalleyProcess.run(["stages", "output.jsnol"])
    #expect(typo.status == 1)
    #expect(typo.stderr == "error: unknown stage type 'output.jsnol'; did you mean 'output.jsonl'?\n")
}

@Test func setOverridesAParameterAndIsTypeChecked() throws {
    let out = TemporaryDirectory()
    let r = GalleyProcess.run(["run", "Pipelines/news.yaml", "seeds/005_no_date.txt", "--quiet", "--set", "write.path=\(out.path)/other.jsonl"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: out.path + "/other.jsonl"))
    let bad = GalleyProcess.run(["run", "Pipelines/news.yaml", "--set", "ingest.files.max_bytes=big"])
    #expect(bad.status == 1)
    #expect(bad.stderr == "error: --set ingest.files.max_bytes: expected integer, got string 'big'\n")
}

@Test func usageErrorsExit2() throws {
    let r = GalleyProcess.run(["run"])
    #expect(r.status == 2)
    let jobs = GalleyProcess.run(["run", "Pipelines/news.yaml", "--jobs", "0"])
    #expect(jobs.status == 2)
    #expect(jobs.stderr.contains("--jobs must be at least 1"))
}

@Test func stdinJSONLinesInStdoutOut() throws {
    let dir = TemporaryDirectory()
    dir.write("p.yaml", """
    pipeline: filter
    stages:
      - use: ingest.files
      - use: output.jsonl
        with: { path: "-" }
    """)
    let r = GalleyProcess.run(["run", "p.yaml", "-", "--quiet"], in: dir.path, input: "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "{\"id\":\"a\",\"source\":{\"path\":\"-:1\",\"format\":\"jsonl\",\"bytes\":23,\"encoding\":\"utf-8\"},\"text\":\"one\"}\n{\"id\":\"b\",\"source\":{\"path\":\"-:2\",\"format\":\"jsonl\",\"bytes\":23,\"encoding\":\"utf-8\"},\"text\":\"two\"}\n")
}

/// A saved web page through the default pipeline: the body comes out of the HTML, and every text stage works on it.
@Test func aWebPageThroughTheNewsPipelineGivesItsBodyQuotesFiguresAndDates() throws {
    let out = TemporaryDirectory()
    let r = GalleyProcess.run(["run", "Pipelines/news.yaml", "seeds/007_web_page.html", "--quiet"], environment: ["GALLEY_OUT": out.path])
    #expect(r.status == 0, "\(r.stderr)")
    let line = try String(contentsOfFile: out.path + "/news.jsonl", encoding: .utf8)
    let doc = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    let source = try #require(doc["source"] as? [String: Any])
    #expect(source["path"] as? String == "seeds/007_web_page.html")
    #expect(source["format"] as? String == "html")
    #expect(source["bytes"] as? Int == 3484)
    #expect(source["encoding"] as? String == "utf-8")
    #expect(doc["title"] as? String == "Harbour authority opens new deep-water quay")
    #expect(doc["author"] as? String == "Ingrid Falk")
    #expect(doc["published"] as? String == "2024-02-27T08:15:00+01:00")
    #expect(doc["modified"] as? String == "2024-02-27T11:40:00+01:00")
    #expect(doc["site"] as? String == "The Coast Herald")
    #expect(doc["url"] as? String == "https://coastherald.example/news/2024/02/27/new-quay")
    #expect(doc["language"] as? String == "en")
    let text = try #require(doc["text"] as? String)
    #expect(text.hasPrefix("The harbour authority said on Tuesday that the new deep-water quay, which cost €41 million,"))
    #expect(text.hasSuffix("adding that unemployment in the district had fallen to 4.2%."))
    #expect(text.contains("\n\nThe new quay, seen from the lighthouse on the northern breakwater, can berth two container ships at once.\n\n"))
    for furniture in ["Home", "cookies", "Share on", "Photo:", "Related", "Port strike", "waste of money", "All rights reserved", "dataLayer", "font-family"] {
        #expect(!text.contains(furniture), "\(furniture)")
    }
    #expect((doc["paragraphs"] as? [[String: Int]])?.map { [$0["start"]!, $0["end"]!] } == [[0, 148], [150, 302], [304, 327], [329, 512], [514, 619], [621, 778]])
    let quotes = try #require(doc["quotes"] as? [[String: Any]])
    #expect(quotes.first?["text"] as? String == "We expect twice the container traffic by 2027")
    #expect(quotes.first?["speaker"] as? String == "Mara Jensen")
    let money = (doc["quantities"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "money" }
    #expect(money.map { $0["text"] as? String } == ["€41 million", "€6.5 million"])
    #expect(money.map { $0["value"] as? Int } == [41_000_000, 6_500_000])
    let dates = (doc["dates"] as? [[String: Any]] ?? []).map { "\($0["text"]!)=\($0["value"]!)" }
    // Durations are TIMEX3 values too (docs/dates.md): "three years of work", "opposed for years".
    #expect(dates == ["Tuesday=2024-02-27", "4 March=2024-03-04", "three years=P3Y", "2027=2027", "years=PXY", "April=2024-04", "next week=2024-W10"])
}
