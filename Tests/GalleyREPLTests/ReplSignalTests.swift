import Foundation
import GalleyTesting
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// A flag that one thread sets and another reads.
final class Flag: Sendable {
    let value = Mutex(false)
}

/// ^C as a signal: the handler the REPL installs stops a running stage.
@Suite struct ReplSignalTests {
    @Test func sigintStopsARunningStage() {
        let t = Transcript(signals: true)
        let scratch = TemporaryDirectory()
        t.session.load(scratch.slowPipeline())
        installInterruptHandler()
        let started = Date()
        let pressed = Flag()
        Thread.detachNewThread {
            // Once the stage runs (a ^C that lands before the run starts is dropped by design).
            if waitUntil(timeout: 30, { scratch.slowStageStarted }) {
                pressed.value.withLock { $0 = true }
                kill(getpid(), SIGINT)
            }
        }
        t.run("run")
        #expect(pressed.value.withLock { $0 }, "the stage never started")
        // The stage would take 5 s; stopped, it returns at the ^C. Loose, for a loaded machine.
        #expect(Date().timeIntervalSince(started) < 4.5)
        #expect(t.errors() == ["error: extract.slow failed: interrupted (^C); the stage's result is dropped"])
        #expect(t.session.states[1] == .failed("interrupted (^C); the stage's result is dropped"))
    }
}
