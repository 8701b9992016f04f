import Foundation
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A project in a temporary folder: a fixture plugin tagged with a marker, a pipeline using it, and articles.
struct PluginProject {
    let folder = TemporaryDirectory()
    let marker = "galley-cli-" + UUID().uuidString
    /// The folder's path.
    var dir: String { folder.path }

    init(mode: String, timeout: Double, texts: [String]) {
        folder.write("plugins/fx/plugin.yaml", """
            name: fx
            protocol: 1
            command: [python3, \(Repository.pluginFixture), \(mode), \(marker)]
            timeout: \(timeout)
            stages:
              - name: enrich.fixture
                summary: Test stage.
            """)
        folder.write("p.yaml", """
            pipeline: scratch
            input: in
            stages:
              - use: ingest.files
              - use: enrich.fixture
              - id: write
                use: output.jsonl
                with: { path: "\(dir)/out.jsonl" }
            tests:
              - name: hang
                input: in/00.txt
                expect: { id: "x" }
            """)
        writeArticles(texts, in: folder)
    }

    /// Waits up to `seconds` for the tagged plugin processes to be `count`; the last count seen.
    func waitFor(_ count: Int, seconds: Double = 10) -> Int {
        var seen = -1
        _ = waitUntil(timeout: seconds, every: 0.02) {
            seen = processesTagged(marker).count
            return seen == count
        }
        return seen
    }
}

@Suite(.serialized) struct CommandLineTests {
    @Test func pluginsListsTheExamplePlugins() throws {
        let r = GalleyProcess.run(["plugins"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("conflict-terms 1.0.0  (rules, protocol 1)  Plugins/ConflictTerms"))
        #expect(lines.contains("readability 1.0.0  (process, protocol 1)  Plugins/Readability"))
        #expect(lines.contains("  command: python3 -u readability.py   timeout 10.0 s, start 10.0 s, concurrency 2"))
        #expect(lines.contains("wordcount 1.0.0  (process, protocol 1)  Plugins/WordCount"))
        #expect(lines.contains { $0.hasPrefix("  enrich.conflict_terms  Marks military") && $0.hasSuffix("[128 terms, 3 patterns, 7 categories]") })
    }

    @Test func pluginsCheckReportsAVersionMismatch() throws {
        let r = GalleyProcess.run(["plugins", "--check", "--plugins", Repository.pluginFixtures + "/version"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  check: FAILED — plugin 'fixture-version' speaks protocol 2, but this galley speaks protocol 1; update the plugin (see docs/plugin-protocol.md)"))
        #expect(r.stdout.contains("  check: ok — started and answered the handshake in "))
    }

    @Test func validateReportsAPluginParameterWithItsLocation() throws {
        let s = PluginProject(mode: "echo", timeout: 1, texts: [])
        s.folder.write("v.yaml", "pipeline: v\nstages:\n  - use: ingest.files\n  - use: enrich.readability\n    with: { long_sentence_words: many }\n")
        let r = GalleyProcess.run(["validate", s.dir + "/v.yaml", "--plugins", Repository.root + "/Plugins/Readability"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("v.yaml:5:34: error: parameter 'long_sentence_words' of 'enrich.readability' expects integer, got string 'many'"))
        #expect(s.waitFor(0, seconds: 0) == 0)
    }

    @Test func runWithACrashingPluginExits3AndLeavesNoProcess() throws {
        let s = PluginProject(mode: "crash", timeout: 5, texts: articles(5, special: "CRASH", at: 1))
        let r = GalleyProcess.run(["run", s.dir + "/p.yaml", "--plugins", s.dir + "/plugins"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("4 ok, 1 failed"))
        #expect(r.stderr.contains("enrich.fixture: plugin 'fx' exited with status 3 while processing this document"))
        #expect(r.stderr.contains("[fx] fixture: crashing on purpose"))
        #expect(s.waitFor(0) == 0)
    }

    @Test func secondInterruptKillsAHungPluginAndExits130() throws {
        let s = PluginProject(mode: "hang", timeout: 60, texts: articles(4, special: "HANG", at: 0))
        let g = GalleyProcess(["run", s.dir + "/p.yaml", "--plugins", s.dir + "/plugins", "--jobs", "1"])
        #expect(s.waitFor(1) == 1)
        #expect(g.waitForStderr("fixture: hanging on purpose"), "\(g.stderr)")
        g.send(SIGINT)
        #expect(g.waitForStderr("stopping after the documents in flight"), "\(g.stderr)")
        g.send(SIGINT)
        #expect(g.wait() == 130)
        #expect(s.waitFor(0) == 0)
    }

    @Test func firstInterruptFinishesInFlightDocumentsThenStopsThePlugin() throws {
        let s = PluginProject(mode: "hang", timeout: 1, texts: articles(4, special: "HANG", at: 0))
        let g = GalleyProcess(["run", s.dir + "/p.yaml", "--plugins", s.dir + "/plugins", "--jobs", "1"])
        #expect(s.waitFor(1) == 1)
        #expect(g.waitForStderr("fixture: hanging on purpose"), "\(g.stderr)")
        g.send(SIGINT)
        #expect(g.wait() == 130)
        // The hung call is cancelled at once (issue 12, item 16), not waited out until the plugin's timeout.
        #expect(g.stderr.contains("interrupted: galley was asked to stop while plugin 'fx' worked on this document (the plugin was stopped)"), "\(g.stderr)")
        #expect(s.waitFor(0) == 0)
    }

    @Test func terminatingGalleyTestKillsTheHungPlugin() throws {
        let s = PluginProject(mode: "hang", timeout: 5, texts: ["HANG here"])
        let g = GalleyProcess(["test", s.dir + "/p.yaml", "--plugins", s.dir + "/plugins"])
        #expect(s.waitFor(1) == 1)
        #expect(g.waitForStderr("fixture: hanging on purpose"), "\(g.stderr)")
        g.send(SIGTERM)
        let status = g.wait()
        #expect(status == 15 || status == 143)
        #expect(s.waitFor(0) == 0)
    }
}
