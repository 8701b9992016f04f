import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, item 16: SIGTERM or SIGINT while a plugin hangs cancels the plugin's calls, reports those documents as
/// interrupted and exits within seconds with the outputs committed (it used to wait out every in-flight document's
/// 60 s timeout, and signals were lost to threads started before the handler).
@Suite(.serialized)
struct HungPluginSignalTests {
    /// A project with the fixture plugin in `hang` mode (60 s timeout), a pipeline writing JSON lines, and articles:
    /// `hanging` of them make the plugin hang.
    static func project(_ dir: TemporaryDirectory, marker: String, count: Int = 12, hanging: Set<Int>) {
        dir.write("plugins/fx/plugin.yaml", """
            name: fx
            protocol: 1
            command: [python3, \(Repository.pluginFixture), hang, \(marker)]
            timeout: 60
            concurrency: 2
            stages:
              - name: enrich.fixture
                summary: Test stage.

            """)
        dir.write("p.yaml", """
            pipeline: hung
            stages:
              - use: ingest.files
              - use: enrich.fixture
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
        for i in 0..<count {
            dir.write("in/\(String(format: "%02d", i)).txt", hanging.contains(i) ? "Article \(i) will HANG here.\n" : "Article \(i) is fine.\n")
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalWithAHungPluginExitsWithinSecondsWithTheOutputCommitted(_ signal: Int32) throws {
        let dir = TemporaryDirectory()
        let marker = "galley-hung-" + UUID().uuidString
        Self.project(dir, marker: marker, hanging: [3, 4])
        let run = GalleyProcess(["run", "p.yaml", "in", "--plugins", "plugins", "--jobs", "4"], in: dir.path)
        // A process hangs on a document: the event that the run is stuck.
        #expect(waitUntil(timeout: 60) { run.stderr.contains("fixture: hanging on") }, "\(run.stderr)")
        let sent = Date()
        run.send(signal)
        let status = run.wait(timeout: 30)
        let seconds = Date().timeIntervalSince(sent)
        #expect(status == 128 + signal, "\(run.stderr)")
        #expect(seconds < 5, "galley took \(seconds) s to exit after the signal")
        // The documents the plugin hung on are reported as interrupted; the others are committed.
        let failed = run.stderr.split(separator: "\n").filter { $0.hasPrefix("failed: ") }
        #expect(failed.count >= 2, "\(run.stderr)")
        #expect(failed.allSatisfy { $0.hasSuffix("enrich.fixture: interrupted: galley was asked to stop while plugin 'fx' worked on this document (the plugin was stopped)") }, "\(failed)")
        #expect(failed.contains { $0.contains("in/03.txt") } && failed.contains { $0.contains("in/04.txt") })
        // Every document is accounted for, and those that were done are committed.
        let summary = try #require(run.stderr.split(separator: "\n").first { $0.contains(" ok, ") && $0.contains(" failed") })
        let ok = Int(summary.split(separator: " ")[0]) ?? -1
        #expect(ok + failed.count == 12, "\(summary)")
        #expect(ids(dir.at("out/docs.jsonl")).count == ok, "\(run.stderr)")
        #expect(ok >= 1, "no document was committed")
        #expect(waitUntil(timeout: 5) { processesTagged(marker).isEmpty }, "plugin processes left running")
    }
}
