import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two runs on one output: the second fails at once with a clear error instead of the last rename winning
/// (2,226 of 4,452 lines survived two concurrent runs on one JSONL path).
@Suite(.serialized)
struct OutputLockTests {
    static func pipeline(jsonl: String, sqlite: String, mode: String = "upsert", deadletter: String = "out/failed.jsonl") -> String {
        """
        pipeline: locks
        on_error: deadletter
        deadletter: \(deadletter)
        stages:
          - use: ingest.files
          - id: write
            use: output.jsonl
            with: { path: \(jsonl) }
          - id: db
            use: output.sqlite
            with: { path: \(sqlite), mode: \(mode) }

        """
    }

    /// A run reading JSON lines from a FIFO that the test writes to: it holds its outputs until `finish` is called.
    final class HeldRun {
        let process: GalleyProcess
        let writer: Int32
        let fifo: String

        init(_ dir: TemporaryDirectory, pipeline: String) {
            fifo = dir.at("stdin-\(UInt32.random(in: 0...UInt32.max))")
            mkfifo(fifo, 0o644)
            // Opened read-write, so neither side blocks on open and galley's reads wait for lines; close-on-exec, so that
            // galley does not inherit a writer and sees the end of input once the test closes it.
            writer = open(fifo, O_RDWR | O_CLOEXEC)
            process = GalleyProcess(["run", pipeline, "-"], in: dir.path, stdin: fifo)
        }

        func finish(_ lines: String) -> Int32 {
            _ = lines.withCString { Glibc.write(writer, $0, strlen($0)) }
            close(writer)
            return process.wait(timeout: 60)
        }
    }

    /// Waits until a lock file names this run's pid (the run has opened its outputs).
    static func waitForLock(_ path: String, pid: pid_t) -> Bool {
        waitUntil(timeout: 30) { (try? String(contentsOfFile: path, encoding: .utf8)) == "\(pid)\n" }
    }

    @Test func aSecondRunOnALockedOutputFailsAtOnceAndTheFirstLosesNothing() throws {
        let dir = TemporaryDirectory()
        dir.write("in/b.txt", "Another article.\n")
        dir.write("first.yaml", Self.pipeline(jsonl: "out/a.jsonl", sqlite: "out/first.sqlite", deadletter: "out/first.failed.jsonl"))
        dir.write("second.yaml", Self.pipeline(jsonl: "out/a.jsonl", sqlite: "out/second.sqlite", deadletter: "out/second.failed.jsonl"))
        let first = HeldRun(dir, pipeline: "first.yaml")
        #expect(Self.waitForLock(dir.at("out/.a.jsonl.lock"), pid: first.process.pid))
        let second = GalleyProcess.run(["run", "second.yaml", "in"], in: dir.path, timeout: 30)
        #expect(second.status == 1)
        #expect(second.stderr == "error: cannot write 'out/a.jsonl': another galley run (pid \(first.process.pid)) is writing it; wait for it to finish or write elsewhere (lock file 'out/.a.jsonl.lock')\n")
        #expect(second.seconds < 10)
        #expect(first.finish("{\"id\":\"x1\",\"text\":\"one\"}\n{\"id\":\"x2\",\"text\":\"two\"}\n") == 0, "\(first.process.stderr)")
        #expect(ids(dir.at("out/a.jsonl")) == ["x1", "x2"])
        // Once the first run is over, the path is free again.
        let third = GalleyProcess.run(["run", "second.yaml", "in"], in: dir.path)
        #expect(third.status == 0, "\(third.stderr)")
    }

    @Test func theDeadLetterIsLockedToo() throws {
        let dir = TemporaryDirectory()
        dir.write("in/b.txt", "Another article.\n")
        dir.write("first.yaml", Self.pipeline(jsonl: "out/first.jsonl", sqlite: "out/first.sqlite"))
        dir.write("second.yaml", Self.pipeline(jsonl: "out/second.jsonl", sqlite: "out/second.sqlite"))
        let first = HeldRun(dir, pipeline: "first.yaml")
        #expect(Self.waitForLock(dir.at("out/.failed.jsonl.lock"), pid: first.process.pid))
        let second = GalleyProcess.run(["run", "second.yaml", "in"], in: dir.path, timeout: 30)
        #expect(second.status == 1)
        #expect(second.stderr == "error: cannot write 'out/failed.jsonl': another galley run (pid \(first.process.pid)) is writing it; wait for it to finish or write elsewhere (lock file 'out/.failed.jsonl.lock')\n")
        #expect(first.finish("{\"id\":\"x1\",\"text\":\"one\"}\n") == 0, "\(first.process.stderr)")
    }

    /// SQLite in upsert mode is written in place and SQLite orders concurrent writers, so upserts share the lock;
    /// a `mode: replace` run, whose rename would drop the other run's documents, needs it alone.
    @Test func upsertsShareADatabaseAndReplaceWaitsForNone() throws {
        let dir = TemporaryDirectory()
        dir.write("in/b.txt", "Another article.\n")
        dir.write("first.yaml", Self.pipeline(jsonl: "out/first.jsonl", sqlite: "out/a.sqlite", deadletter: "out/first.failed.jsonl"))
        dir.write("upsert.yaml", Self.pipeline(jsonl: "out/upsert.jsonl", sqlite: "out/a.sqlite", deadletter: "out/upsert.failed.jsonl"))
        dir.write("replace.yaml", Self.pipeline(jsonl: "out/replace.jsonl", sqlite: "out/a.sqlite", mode: "replace", deadletter: "out/replace.failed.jsonl"))
        let first = HeldRun(dir, pipeline: "first.yaml")
        #expect(Self.waitForLock(dir.at("out/.a.sqlite.lock"), pid: first.process.pid))
        let upsert = GalleyProcess.run(["run", "upsert.yaml", "in"], in: dir.path, timeout: 60)
        #expect(upsert.status == 0, "\(upsert.stderr)")
        let replace = GalleyProcess.run(["run", "replace.yaml", "in"], in: dir.path, timeout: 30)
        #expect(replace.status == 1)
        #expect(replace.stderr.hasPrefix("error: cannot write 'out/a.sqlite': another galley run (pid "), "\(replace.stderr)")
        #expect(first.finish("{\"id\":\"x1\",\"text\":\"one\"}\n") == 0, "\(first.process.stderr)")
        let count = try String(contentsOfFile: dir.at("out/upsert.jsonl"), encoding: .utf8).split(separator: "\n").count
        #expect(count == 1)
    }
}
