import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, item 19: plugins in the REPL start lazily, and ^C on a plugin stage stops that plugin's call, so the next
/// `run` is answered at once instead of waiting ~57 s behind the hung request.
@Suite(.serialized) struct ReplPluginTests {
    /// A project with the echo fixture plugin (tagged with `marker`) and a pipeline over two articles, the first of
    /// which makes the plugin hang.
    static func project(_ scratch: TemporaryDirectory, marker: String) -> String {
        scratch.write("plugins/fx/plugin.yaml", """
            name: fx
            protocol: 1
            command: [python3, \(Repository.pluginFixture), echo, \(marker)]
            timeout: 60
            stages:
              - name: enrich.fixture
                summary: Test stage.

            """)
        scratch.write("in/a.txt", "First one will HANG here.\n")
        scratch.write("in/b.txt", "Second one is fine.\n")
        return scratch.write("p.yaml", """
            pipeline: plug
            input: { path: in }
            stages:
              - use: ingest.files
              - use: enrich.fixture

            """)
    }

    @Test func pluginsStartOnTheirFirstDocumentAndCtrlCStopsTheHungCall() throws {
        let scratch = TemporaryDirectory()
        let marker = "galley-repl-plugin-" + UUID().uuidString
        let file = Self.project(scratch, marker: marker)
        // What `REPL.main` sets up.
        let early = PluginProcesses.startEarly
        PluginProcesses.startEarly = false
        defer { PluginProcesses.startEarly = early }
        let logged = Mutex<[String]>([])
        let found = PluginDiscovery.registry(builtins: Builtins.registry, pipelineDirectory: scratch.path, extraDirs: [scratch.path + "/plugins"],
                                             environment: [:], log: { line in logged.withLock { $0.append(line) } })
        defer { found.shutdown() }
        let interrupt = Atomic<Bool>(false)
        let t = Transcript()
        t.session.registryFor = { _ in found.registry }
        t.session.interruptRequested = { interrupt.exchange(false, ordering: .relaxed) }
        #expect(t.session.load(file), "\(t.errors())")
        // Loading built the plugin's stage; nothing was started (the old prestart printed "started" within ms).
        #expect(!waitUntil(timeout: 1) { logged.withLock { $0.contains { $0.contains("fixture echo: started") } } })
        #expect(processesTagged(marker).isEmpty)

        // `run` on the first document hangs in the plugin; ^C once it has the document.
        let waiter = Thread {
            if waitUntil(timeout: 30, { logged.withLock { $0.contains { $0.contains("fixture: hanging on") } } }) {
                interrupt.store(true, ordering: .relaxed)
            }
        }
        waiter.start()
        let started = Date()
        t.run("run")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(t.errors().contains { $0.contains("interrupted (^C)") })
        #expect(waitUntil(timeout: 5) { processesTagged(marker).isEmpty }, "the hung plugin process was not stopped")

        // The next document is answered by a fresh process at once.
        let again = Date()
        t.run("next", "run")
        #expect(Date().timeIntervalSince(again) < 10, "the next run waited \(Date().timeIntervalSince(again)) s")
        #expect(t.session.document?.fields["echo"]?["scalars"] == .int(20), "\(t.errors())")
    }
}
