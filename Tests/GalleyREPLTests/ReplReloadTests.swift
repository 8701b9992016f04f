import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// Unsaved `set` changes across `reload`, and stage types found per pipeline.
@Suite struct ReplReloadTests {
    @Test func eachLoadAsksForTheStageTypesOfThatPipeline() {
        let scratch = TemporaryDirectory()
        let session = ReplSession(registry: StageRegistry(Builtins.stageTypes), environment: [:])
        var errors: [String] = []
        session.errorOutput = { errors.append($0) }
        session.output = { _ in }
        #expect(!session.load(scratch.pipeline()))
        #expect(errors.first?.contains("unknown stage type 'extract.names'") == true)
        var asked: [String] = []
        session.registryFor = { file in asked.append(file); return testRegistry }
        #expect(session.load(scratch.pipeline()))
        #expect(asked == [scratch.path + "/t.yaml"])
        #expect(session.registry["extract.names"] != nil)
    }

    @Test func aPipelineWithAnotherInputKeepsNoResults() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        scratch.write("in/a.txt", kimArticle)
        scratch.write("other/b.txt", "Second story\n\nNothing about anyone.\n")
        let file = scratch.pipeline()
        t.session.load(file)
        t.run("run")
        let other = scratch.write("other.yaml", try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "path: in", with: "path: other"))
        #expect(t.run("load \(other)").last == "kept results of no stages")
        #expect(t.session.states == [.pending, .pending, .pending, .pending])
        t.run("run")
        #expect(t.session.document?.fields["title"] == "Second story")
    }

    @Test func reloadKeepsUnsavedChangesThatStillApplyAndDropsTheRest() throws {
        let t = Transcript()
        let scratch = TemporaryDirectory()
        let file = scratch.pipeline()
        t.session.load(file)
        t.run("set names.label ORG", "set write.trace true")
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        let withoutWrite = String(yaml[..<yaml.range(of: "  - id: write")!.lowerBound])
        try withoutWrite.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(t.run("reload") == [
            "pipeline 't': 3 stages: ingest.files → extract.article → names",
            "kept results of no stages",
            "unsaved changes kept: names.label",
            "unsaved changes dropped (no longer apply): write.trace",
        ])
        #expect(t.session.stages[2].spec.parameters["label"] == "ORG")
        #expect(t.errors().isEmpty)
    }
}
