import Foundation
import GalleyTesting
import Testing

/// `galley repl` with a script on stdin: no prompts, output as a reproducible transcript, exit 1 when a command failed.
@Suite struct ReplPipedTests {
    static let newsPipeline = Repository.root + "/Pipelines/news.yaml"
    static let newsHasQuotes = (try? String(contentsOfFile: newsPipeline, encoding: .utf8))?.contains("extract.quotes") == true

    @Test func stepsShowTheTitleAndStopBeforeOutputs() throws {
        let scratch = TemporaryDirectory()
        let r = GalleyProcess.run(["repl", "Pipelines/news.yaml", "seeds/000_f33259cb4be8492d.txt"],
                                  input: "stages\nstep\nstep\nstep\nshow title\nrun\ndiff\nquit\n", environment: ["GALLEY_OUT": scratch.path])
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { maskTimes(String($0)) }
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(lines[0].hasPrefix("pipeline 'news': "))
        #expect(lines[1] == "document 1/1: seeds/000_f33259cb4be8492d.txt")
        // The default pipeline grows as stages land, so column widths are not fixed here.
        #expect(collapsed(lines[2]) == " # id type kind state time")
        #expect(collapsed(lines[3]) == "▸ 1 ingest.files ingest.files source pending")
        #expect(lines.contains { $0.hasPrefix("[1/") && $0.hasSuffix("] ingest.files # ms") })
        #expect(lines.contains { $0.hasPrefix("[2/") && $0.hasSuffix("] extract.html # ms") })
        #expect(lines.contains { $0.hasPrefix("[3/") && $0.contains("] extract.article # ms ~text +title +published +author_bio +paragraphs×26") })
        #expect(lines.contains("Troops to Russia -- risk and opportunity for Kim Jong-un"))
        #expect(lines.contains { $0.hasPrefix("stopped before output 'write'") && $0.hasSuffix(": outputs run only when named ('step' or 'run write')") })
        #expect(lines.contains { $0.hasPrefix("diff ") })
        #expect(!r.stdout.contains("galley news"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/news.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/news.sqlite"))
    }

    @Test(.enabled(if: newsHasQuotes, "extract.quotes is not in Pipelines/news.yaml yet"))
    func acceptanceTranscriptShowsTheQuotesTable() throws {
        let scratch = TemporaryDirectory()
        let r = GalleyProcess.run(["repl", "Pipelines/news.yaml", "seeds/000_f33259cb4be8492d.txt"],
                                  input: "stages\nstep\nstep\nstep\nshow title\nrun\nshow quotes\ndiff\nquit\n", environment: ["GALLEY_OUT": scratch.path])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Troops to Russia -- risk and opportunity for Kim Jong-un"))
        let header = try #require(lines.firstIndex { $0.hasPrefix("#  text") })
        #expect(lines[header].contains("speaker"))
        #expect(lines[header...].contains { $0.contains("Kim Yong-hyun") })
        #expect(lines.contains { $0.hasPrefix("diff ") })
    }

    @Test func everyCommandInOneScript() throws {
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        scratch.write("in/b.txt", "Second story\n\nNothing about anyone.\n")
        let yaml = scratch.write("p.yaml", """
        pipeline: p   # piped test
        input: { path: in }
        stages:
          - use: ingest.files
          - use: extract.article
          - id: write
            use: output.jsonl
            with: { path: out/p.jsonl }
        """)
        let script = """
        load p.yaml
        docs
        open 2
        prev
        stages
        step
        step
        show title
        text paragraphs
        diff
        params extract.article
        set extract.article.min_paragraphs 2
        stages
        run
        time
        back
        break write
        run write
        continue
        show fields
        export out/doc.json
        save
        reload
        next
        help back
        quit
        stages
        """
        let r = GalleyProcess.run(["repl", yaml], in: scratch.path, input: script)
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let out = maskTimes(r.stdout)
        // Timings change column widths of the `time` table, so blanks are compared collapsed here (alignment is tested elsewhere).
        #expect(collapsed(out) == collapsed("""
        pipeline 'p': 3 stages: ingest.files → extract.article → write
        pipeline 'p': 3 stages: ingest.files → extract.article → write
        kept results of no stages
          #  path
          1  in/a.txt
          2  in/b.txt
        document 2/2: in/b.txt
        document 1/2: in/a.txt
           #  id               type             kind       state    time
        ▸  1  ingest.files     ingest.files     source     pending
           2  extract.article  extract.article  transform  pending
           3  write            output.jsonl     sink       pending
        [1/3] ingest.files # ms
        [2/3] extract.article # ms ~text +title +paragraphs×2
        Kim meets envoy
        [Kim Jong-un met the envoy on Monday.]{paragraph}

        [“We are ready,” said Kim Yong-hyun.]{paragraph}
        diff extract.article:
        ~ text: 91 → 73 characters
        + title: Kim meets envoy
        + paragraphs: 2 added
            + paragraphs[0..<36] "Kim Jong-un met the envoy on Monday."
            + paragraphs[38..<73] "“We are ready,” said Kim Yong-hyun."
        extract.article (extract.article): Find title, published date, author, author bio and body paragraphs; drop datelines and trailing site boilerplate
        name            value  type             default  doc
        boilerplate     []     list of strings  []       extra phrases that mark trailing site boilerplate (case-insensitive line prefixes)
        min_paragraphs  1      integer          1        fail a document whose body has fewer paragraphs than this
        extract.article.min_paragraphs = 2 (was 1); stale: extract.article
           #  id               type             kind       state    time
           1  ingest.files     ingest.files     source     done     # ms
        ▸  2  extract.article  extract.article  transform  stale
           3  write            output.jsonl     sink       pending
        [2/3] extract.article # ms ~text +title +paragraphs×2
        stopped before output 'write': outputs run only when named ('step' or 'run write')
        stage            time     share
        ingest.files     # ms  \(timeShare(out, "ingest.files"))
        extract.article  # ms  \(timeShare(out, "extract.article"))
        total            # ms
        undid 'extract.article'; next: extract.article
        breakpoint before 'write'
        [2/3] extract.article # ms ~text +title +paragraphs×2
        breakpoint: stopped before 'write' ('continue' to go on)
        [3/3] write # ms → wrote out/p.jsonl
        field       type     value
        id          string   \(fieldValue(out, "id          string   "))
        source      mapping  {4 keys: path, format, bytes, encoding}
        title       string   Kim meets envoy
        text        string   Kim Jong-un met the envoy on Monday.  “We are ready,” said …
        paragraphs  list     [2 items]
        wrote out/doc.json (\(fieldValue(out, "wrote out/doc.json (").dropLast(7)) bytes)
        wrote p.yaml (1 changed parameter)
        pipeline 'p': 3 stages: ingest.files → extract.article → write
        kept results of ingest.files, extract.article, write
        document 2/2: in/b.txt
        OVERVIEW: Undo the last stage run.

        USAGE:  back

        OPTIONS:
          -h, --help              Show help information.

        """))
        #expect(scratch.read("p.yaml")?.contains("  - use: extract.article\n    with: { min_paragraphs: 2 }\n") == true)
        #expect(scratch.read("out/p.jsonl")?.contains("\"title\":\"Kim meets envoy\"") == true)
        #expect(scratch.read("out/doc.json")?.hasPrefix("{\n  \"id\": ") == true)
    }

    @Test func aFailedCommandMakesTheExitStatusOne() throws {
        let scratch = TemporaryDirectory()
        let r = GalleyProcess.run(["repl", "Pipelines/news.yaml", "seeds/000_f33259cb4be8492d.txt"],
                                  input: "run\nshow titel\nsho title\nshow title\n", environment: ["GALLEY_OUT": scratch.path])
        #expect(r.status == 1)
        #expect(r.stderr == "error: the document has no 'titel'; did you mean 'title'?\nerror: unknown command 'sho'; did you mean 'show'?\n")
        #expect(r.stdout.hasSuffix("Troops to Russia -- risk and opportunity for Kim Jong-un\n"))
    }

    @Test func aBrokenPipelineIsReportedWithItsLocation() throws {
        let scratch = TemporaryDirectory()
        let yaml = scratch.write("bad.yaml", "pipeline: bad\nstages:\n  - use: ingest.files\n  - use: extract.artcle\n")
        let r = GalleyProcess.run(["repl", yaml], in: scratch.path, input: "stages\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(yaml):4:10: error: unknown stage type 'extract.artcle'; did you mean 'extract.article'?\n"))
        #expect(r.stderr.hasSuffix("error: no pipeline loaded; use 'load PIPELINE'\n"))
    }
}

/// The text with every run of blanks made one blank.
private func collapsed(_ text: String) -> String {
    text.replacing(/[ ]+/, with: " ")
}

/// The share column printed by `time` for a stage (timings vary, so the test reads it back).
private func timeShare(_ out: String, _ stage: String) -> String {
    let line = out.split(separator: "\n").first { $0.hasPrefix(stage + " ") && $0.contains("%") } ?? ""
    return String(line.split(separator: " ").last ?? "")
}

/// The text after a prefix on the first line that starts with it (for values that vary: ids, sizes).
private func fieldValue(_ out: String, _ prefix: String) -> String {
    let line = out.split(separator: "\n").first { $0.hasPrefix(prefix) } ?? ""
    return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
}

/// A web page in the REPL: extract.html is a stage like any other, and `show removed` says what it dropped and why.
@Suite struct ReplWebPageTests {
    @Test func showRemovedListsTheDroppedBlocksWithTheirReasons() throws {
        let scratch = TemporaryDirectory()
        let r = GalleyProcess.run(["repl", "Pipelines/news.yaml", "seeds/007_web_page.html"],
                                  input: "step\nstep\nshow removed\nshow title\nquit\n", environment: ["GALLEY_OUT": scratch.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { maskTimes(String($0)) }
        #expect(lines.contains("[2/17] extract.html # ms ~text +title +author +published +modified +description +site +url +language +paragraphs×6"))
        let removed = lines.filter { $0.hasPrefix("- ") }
        #expect(removed == [
            "- outside the article: Home News Sport Weather",
            "- outside the article: We use cookies to give you the best experience.",
            "- the title: Harbour authority opens new deep-water quay",
            "- furniture (class or id): By Ingrid Falk, 27 February 2024",
            "- furniture (class or id): Share on Facebook Share on X",
            "- furniture (class or id): Photo: Coast Herald",
            "- furniture (class or id): Related",
            "- furniture (class or id): Port strike ends after a week of talks",
            "- furniture (class or id): Ferry timetable changes for the winter",
            "- furniture (class or id): 2 comments",
            "- furniture (class or id): Anna: a waste of money that should have gone to the schools, if you ask me.",
            "- furniture (class or id): Piet: finally some investment in the harbour after twenty years of neglect.",
            "- outside the article: © 2024 The Coast Herald. All rights reserved.",
            "- outside the article: Privacy",
        ])
        #expect(lines.contains("Harbour authority opens new deep-water quay"))
    }
}
