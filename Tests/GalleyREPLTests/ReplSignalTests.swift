import Foundation
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// Set when the command under test has returned.
final class Finished: Sendable {
    let value = Mutex(false)
}

/// ^C as a signal: the handler the REPL installs stops a running stage.
@Suite struct ReplSignalTests {
    @Test func sigintStopsARunningStage() {
        let t = Transcript(signals: true)
        let scratch = Scratch()
        scratch.write("in/a.txt", kimArticle)
        scratch.write("slow.yaml", "pipeline: slow\ninput: in\nstages:\n  - use: ingest.files\n  - use: extract.slow\n    with: { seconds: 5 }\n")
        t.session.load(scratch.path + "/slow.yaml")
        installInterruptHandler()
        let started = Date()
        let finished = Finished()
        Thread.detachNewThread {
            // Again and again until the run ends: a ^C that lands before the run starts is dropped by design.
            repeat {
                Thread.sleep(forTimeInterval: 0.2)
                if !finished.value.withLock({ $0 }) { kill(getpid(), SIGINT) }
            } while !finished.value.withLock { $0 }
        }
        t.run("run")
        finished.value.withLock { $0 = true }
        // The stage would take 5 s; stopped, it returns at the next ^C (every 0.2 s). Loose, for a loaded machine.
        #expect(Date().timeIntervalSince(started) < 4.5)
        #expect(t.errors() == ["error: extract.slow failed: interrupted (^C); the stage's result is dropped"])
        #expect(t.session.states[1] == .failed("interrupted (^C); the stage's result is dropped"))
    }
}
