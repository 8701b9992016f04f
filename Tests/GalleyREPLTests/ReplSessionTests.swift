import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// Commands performed on a session directly, with exact expected output.
@Suite struct ReplSessionTests {
    @Test func stepTwiceThenShowTitleOnTheSeed() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        t.session.load(scratch.pipeline())
        #expect(t.run("open \(Repository.seedArticle)") == ["document 1/1: \(Repository.seedArticle)"])
        let steps = t.run("step", "step").map(maskTimes)
        #expect(steps == ["[1/4] ingest.files # ms", "[2/4] extract.article # ms ~text +title +published +author_bio +paragraphs×26"])
        #expect(t.run("show title") == ["Troops to Russia -- risk and opportunity for Kim Jong-un"])
        #expect(t.run("show published") == ["2024-11-24T22:33:00"])
        #expect(t.run("show paragraphs[0]") == ["start  0", "end    136"])
        #expect(t.run("show paragraphs[-1].end") == ["4926"])
        #expect(t.errors().isEmpty)
    }

    @Test func stagesListsStateAndMarksTheNextStage() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("break names", "step")
        #expect(t.run("stages").map(maskTimes) == [
            "   #  id               type             kind       state    time",
            "   1  ingest.files     ingest.files     source     done     # ms",
            "▸  2  extract.article  extract.article  transform  pending",
            "●  3  names            extract.names    transform  pending",
            "   4  write            output.jsonl     sink       pending",
        ])
    }

    @Test func runStopsBeforeOutputsAndWritesThemOnlyWhenNamed() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        #expect(t.run("run").map(maskTimes) == [
            "[1/4] ingest.files # ms",
            "[2/4] extract.article # ms ~text +title +paragraphs×2",
            "[3/4] names # ms +entities×2",
            "stopped before output 'write': outputs run only when named ('step' or 'run write')",
        ])
        #expect(scratch.read("out/t.jsonl") == nil)
        #expect(t.run("run write").map(maskTimes) == ["[4/4] write # ms → wrote \(scratch.path)/out/t.jsonl"])
        let written = scratch.read("out/t.jsonl") ?? ""
        #expect(written.hasPrefix("{\"id\":"))
        #expect(written.contains("\"title\":\"Kim meets envoy\""))
        #expect(written.split(separator: "\n").count == 1)
    }

    @Test func textMarksAnnotationsWithLabels() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        #expect(t.run("text") == ["[Kim Jong-un]{PER} met the envoy on Monday.", "", "“We are ready,” said [Kim Yong-hyun]{PER}."])
        #expect(t.run("text PER") == ["[Kim Jong-un]{PER} met the envoy on Monday.", "", "“We are ready,” said [Kim Yong-hyun]{PER}."])
        #expect(t.run("text paragraphs") == ["[Kim Jong-un met the envoy on Monday.]{paragraph}", "", "[“We are ready,” said Kim Yong-hyun.]{paragraph}"])
        #expect(t.run("text quotes").first == "(no quotes annotations; kinds here: paragraphs, entities)")
    }

    @Test func textUsesColoursOnATerminal() {
        let t = Transcript(color: true)
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        let lines = t.run("text")
        #expect(lines.first == "\u{1B}[1;33mKim Jong-un\u{1B}[0m met the envoy on Monday.")
        #expect(lines.last == "\u{1B}[1;33mPER\u{1B}[0m")
        #expect(!lines.joined().contains("{PER}"))
    }

    @Test func diffListsFieldsAndAnnotationsOfTheLastStage() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        #expect(t.run("diff") == [
            "diff names:",
            "+ entities: 2 added",
            "    + entities[0..<11] \"Kim Jong-un\" label=PER",
            "    + entities[59..<72] \"Kim Yong-hyun\" label=PER",
        ])
        #expect(t.run("diff extract.article") == [
            "diff extract.article:",
            "~ text: 91 → 73 characters",
            "+ title: Kim meets envoy",
            "+ paragraphs: 2 added",
            "    + paragraphs[0..<36] \"Kim Jong-un met the envoy on Monday.\"",
            "    + paragraphs[38..<73] \"“We are ready,” said Kim Yong-hyun.\"",
        ])
        #expect(t.run("diff write").isEmpty)
        #expect(t.errors() == ["error: 'write' has not run on this document"])
    }

    @Test func showListsAsAlignedTablesAndFields() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        #expect(t.run("show entities") == [
            "#  text           label  start  end",
            "0  Kim Jong-un    PER    0      11",
            "1  Kim Yong-hyun  PER    59     72",
        ])
        #expect(t.run("show entities[1].text") == ["Kim Yong-hyun"])
        let fields = t.run("show fields")
        #expect(fields.first == "field       type     value")
        #expect(fields.contains("title       string   Kim meets envoy"))
        #expect(fields.contains("entities    list     [2 items]"))
        #expect(t.run("show entitys").isEmpty)
        #expect(t.errors() == ["error: the document has no 'entitys'; did you mean 'entities'?"])
    }

    @Test func setMarksStaleAndRunRerunsOnlyStaleStages() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        #expect(t.run("set names.names [Kim Jong-un]") == [#"names.names = ["Kim Jong-un"] (was ["Kim Jong-un","Kim Yong-hyun"]); stale: names"#])
        #expect(t.session.states == [.done, .done, .stale, .pending])
        #expect(t.run("stages").map(maskTimes)[3] == "▸  3  names            extract.names    transform  stale")
        #expect(t.run("run").map(maskTimes) == [
            "[3/4] names # ms +entities×1",
            "stopped before output 'write': outputs run only when named ('step' or 'run write')",
        ])
        #expect(t.session.document?.annotations("entities").count == 1)
        #expect(t.run("set extract.article.min_paragraphs 1").first == "extract.article.min_paragraphs = 1 (was 1); stale: extract.article, names")
        #expect(t.session.states == [.done, .stale, .stale, .pending])
    }

    @Test func setRejectsBadValuesAndUnknownNamesInOneLine() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        t.session.load(scratch.pipeline())
        t.run("set names.label PERSON", "set names.lable PER", "set nmes.label PER", "set names.label")
        #expect(t.errors() == [
            "error: names.label expects PER|ORG|LOC, got string 'PERSON'",
            "error: 'extract.names' has no parameter 'lable'; did you mean 'label'? (parameters: names, label)",
            "error: no stage 'nmes'; did you mean 'names'? (stages: ingest.files, extract.article, names, write)",
            "error: expected a value: set names.label VALUE",
        ])
        #expect(t.session.failures == 4)
        #expect(t.run("params names") == [
            "names (extract.names): Mark listed names",
            "name   value                            type             default  doc",
            "names  [\"Kim Jong-un\",\"Kim Yong-hyun\"]  list of strings  []       names to mark",
            "label  \"PER\"                            PER|ORG|LOC      \"PER\"    label of the marks",
        ])
    }

    @Test func backUndoesTheLastStage() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("step", "step")
        #expect(t.run("back") == ["undid 'extract.article'; next: extract.article"])
        #expect(t.session.states == [.done, .pending, .pending, .pending])
        #expect(t.session.document?.fields["title"] == nil)
        t.run("back")
        #expect(t.run("back").isEmpty)
        #expect(t.errors() == ["error: nothing to undo: no stage has run"])
    }

    @Test func breakAndContinueRunOnAcrossDocuments() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        scratch.write("in/b.txt", "Second story\n\nNothing about anyone.\n")
        t.session.load(scratch.pipeline())
        #expect(t.run("docs") == ["  #  path", "  1  \(scratch.path)/in/a.txt", "  2  \(scratch.path)/in/b.txt"])
        t.run("break names")
        #expect(t.run("run").last == "breakpoint: stopped before 'names' ('continue' to go on)")
        #expect(t.run("continue").map(maskTimes) == [
            "[3/4] names # ms +entities×2",
            "stopped before output 'write': outputs run only when named ('step' or 'run write')",
        ])
        let next = t.run("continue").map(maskTimes)
        #expect(next.first == "document 2/2: \(scratch.path)/in/b.txt")
        #expect(next.last == "breakpoint: stopped before 'names' ('continue' to go on)")
        #expect(t.run("show title") == ["Second story"])
        t.run("continue")
        #expect(t.run("continue").isEmpty)
        #expect(t.errors() == ["error: no more documents (2 in the input)"])
        #expect(t.run("prev") == ["document 1/2: \(scratch.path)/in/a.txt"])
        #expect(t.run("break names", "break") == ["breakpoint before 'names' removed", "no breakpoints"])
    }

    @Test func reloadKeepsResultsOfUnchangedStages() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        let file = scratch.pipeline()
        t.session.load(file)
        t.run("run")
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        try yaml.replacingOccurrences(of: "label: PER", with: "label: ORG").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(t.run("reload") == [
            "pipeline 't': 4 stages: ingest.files → extract.article → names → write",
            "kept results of ingest.files, extract.article; stale: names",
        ])
        #expect(t.session.states == [.done, .done, .stale, .pending])
        #expect(t.session.document?.fields["title"] == "Kim meets envoy")
        t.run("run")
        #expect(t.session.document?.annotations("entities").first?.attributes["label"] == "ORG")
    }

    @Test func reloadWithErrorsKeepsTheOldPipeline() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        let file = scratch.pipeline()
        t.session.load(file)
        try "pipeline: t\nstages:\n  - use: ingest.files\n  - use: extract.artcle\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(t.run("reload").isEmpty)
        let errors = t.errors()
        #expect(errors.first == "\(file):4:10: error: unknown stage type 'extract.artcle'; did you mean 'extract.article'?")
        #expect(errors.last == "keeping the pipeline loaded before")
        #expect(t.session.stages.map(\.id) == ["ingest.files", "extract.article", "names", "write"])
    }

    @Test func saveRoundTripsAPipelineWithOneChangedParameter() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        let file = scratch.pipeline()
        let original = try String(contentsOfFile: file, encoding: .utf8)
        t.session.load(file)
        t.run("set names.label LOC")
        #expect(t.run("save \(scratch.path)/saved.yaml") == ["wrote \(scratch.path)/saved.yaml (1 changed parameter)"])
        let saved = try #require(scratch.read("saved.yaml"))
        #expect(saved == original.replacingOccurrences(of: "label: PER", with: "label: LOC"))
        let reloaded = try PipelineLoader(registry: testRegistry).load(file: scratch.path + "/saved.yaml")
        #expect(reloaded.stage("names")?.parameters["label"] == "LOC")
    }

    @Test func saveInsertsParametersTheFileDidNotHave() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        let file = scratch.pipeline()
        t.session.load(file)
        t.run("set write.trace true", "set ingest.files.hidden true", "set extract.article.boilerplate [Read more, 'Tags: x']")
        t.run("save")
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("  - use: ingest.files\n    with: { hidden: true }\n  - use: extract.article\n"))
        #expect(saved.contains("    with: { min_paragraphs: 1, boilerplate: [\"Read more\",\"Tags: x\"] }   # short articles are fine\n"))
        #expect(saved.contains("    with: { path: \"\(scratch.path)/out/t.jsonl\", trace: true }"))
        #expect(saved.hasPrefix("# A pipeline for REPL tests.\n"))
        let reloaded = try PipelineLoader(registry: testRegistry).load(file: file)
        #expect(reloaded.stage("extract.article")?.parameters.strings("boilerplate") == ["Read more", "Tags: x"])
        #expect(reloaded.stage("write")?.parameters.bool("trace") == true)
        #expect(t.session.edits.isEmpty)
    }

    @Test func exportWritesTheDocumentAsJSON() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        let lines = t.run("export \(scratch.path)/x/doc.json")
        #expect(lines.count == 1 && lines[0].hasPrefix("wrote \(scratch.path)/x/doc.json ("))
        let value = try JSONParser.parse(try #require(scratch.read("x/doc.json")))
        #expect(value["title"] == "Kim meets envoy")
        #expect(value["entities"]?.arrayValue?.count == 2)
        #expect(value["entities"]?.arrayValue?.first?["start"] == 0)
    }

    @Test func unknownCommandsSuggestAndKeepTheSession() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        t.session.load(scratch.pipeline())
        t.run("stpe", "shwo title", "frobnicate", "run nmes", "show --bogus")
        #expect(t.errors() == [
            "error: unknown command 'stpe'; did you mean 'step'?",
            "error: unknown command 'shwo'; did you mean 'show'?",
            "error: unknown command 'frobnicate'; 'help' lists the commands",
            "error: no stage 'nmes'; did you mean 'names'? (stages: ingest.files, extract.article, names, write)",
            "error: Unknown option '--bogus' (help show)",
        ])
        #expect(t.session.failures == 5)
        #expect(t.session.pipeline != nil)
    }

    @Test func helpListsCommandsAndExplainsOne() {
        let t = Transcript()
        let all = t.run("help")
        #expect(all.first == "commands (help COMMAND for one):")
        #expect(all.count == 1 + ReplCommands.commandTypes.count)
        #expect(all.contains("  diff      What STAGE (default: the last run) added, removed or changed, field by field and annotation by annotation."))
        let one = t.run("help diff")
        #expect(one.first == "OVERVIEW: What STAGE (default: the last run) added, removed or changed, field by field and annotation by annotation.")
        #expect(one.contains("USAGE:  diff [<stage>]"))
    }

    @Test func timeListsStagesOfThisDocument() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        let lines = t.run("time").map(maskTimes)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("stage            time  "))
        #expect(lines[0].hasSuffix("  share"))
        #expect(lines[1].hasPrefix("ingest.files     # ms  "))
        #expect(lines[4].hasPrefix("total            # ms"))
    }

    @Test func interruptStopsALongStageAndKeepsTheSession() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        t.session.load(scratch.slowPipeline())
        let started = Date()
        // ^C once the stage runs.
        t.session.interruptRequested = { scratch.slowStageStarted }
        t.run("run")
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(t.errors() == ["error: extract.slow failed: interrupted (^C); the stage's result is dropped"])
        #expect(t.session.states == [.done, .failed("interrupted (^C); the stage's result is dropped")])
        t.session.interruptRequested = { false }
        t.run("set extract.slow.seconds 0.01", "run")
        #expect(t.session.states == [.done, .done])
        #expect(t.run("show slept") == ["0.01"])
    }

    @Test func completionOffersCommandsStagesParametersPathsAndFiles() {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        let s = t.session
        #expect(s.completions(before: "", word: "s").sorted() == ["save", "set", "show", "stages", "step"])
        #expect(s.completions(before: "run ", word: "n") == ["ingest.files", "extract.article", "names", "write"])
        #expect(s.completions(before: "set ", word: "names.").contains("names.label"))
        #expect(s.completions(before: "set names.label ", word: "") == ["PER", "ORG", "LOC"])
        #expect(s.completions(before: "show ", word: "") == ["fields", "trace"])
        t.run("run")
        let paths = s.completions(before: "show ", word: "ent")
        #expect(paths.contains("entities[0].label"))
        #expect(s.completions(before: "text ", word: "") == ["paragraphs", "entities", "PER"])
        #expect(s.completions(before: "open ", word: scratch.path + "/i") == [scratch.path + "/in/"])
        #expect(s.completions(before: "load ", word: scratch.path + "/t") == [scratch.path + "/t.yaml"])
    }
}

/// `save` and `export` write as the outputs do: `.` or a folder is an error (it trapped in
/// `deletingLastPathComponent` and lost the unsaved changes), a device or a symlink is never replaced, a file keeps its mode.
struct ReplWriteTargetTests {
    @Test func saveAndExportToAFolderAreErrorsAndTheChangesAreKept() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("set names.label LOC", "run")
        for command in ["save .", "save ./", "export .", "export ./"] {
            #expect(t.run(command).isEmpty)
        }
        #expect(t.errors() == [
            "error: cannot write '.': it names a folder, not a file (the changes are kept; 'save PATH' writes elsewhere)",
            "error: cannot write './': it names a folder, not a file (the changes are kept; 'save PATH' writes elsewhere)",
            "error: cannot write '.': it names a folder, not a file",
            "error: cannot write './': it names a folder, not a file",
        ])
        #expect(t.session.edits.count == 1)
    }

    @Test func saveAndExportNeverReplaceALinkOrADeviceAndKeepAFilesMode() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        t.session.load(scratch.pipeline())
        t.run("run")
        let victim = scratch.write("victim.txt", "keep me\n")
        symlink(victim, scratch.path + "/link.json")
        #expect(t.run("export \(scratch.path)/link.json", "export /dev/null").isEmpty)
        #expect(t.errors() == [
            "error: cannot write '\(scratch.path)/link.json': it is a symbolic link (to '\(victim)'); galley replaces only regular files, so name the file itself",
            "error: cannot write '/dev/null': it is a character device, not a regular file (for standard output, use the path '-' where the output allows it)",
        ])
        #expect(scratch.read("victim.txt") == "keep me\n")
        var st = stat()
        #expect(lstat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        let own = scratch.write("doc.json", "{}\n")
        chmod(own, 0o600)
        t.run("export \(own)")
        #expect(stat(own, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(scratch.read("doc.json")?.hasPrefix("{\n") == true)
    }
}
