import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGKILL in the middle of a run, then `--resume`.
@Suite(.serialized)
struct InterruptTests {
    static let count = 3000

    /// A folder of `count` articles of about 4 KB, and a pipeline that extracts and writes them.
    static func makeCorpus(_ dir: TemporaryDirectory, failing: Set<Int> = []) {
        writeNumberedArticles(dir, count: count, failing: failing, sentences: 50, secondParagraph: true)
        dir.write("p.yaml", """
            pipeline: interrupt
            deadletter: out/failed.jsonl
            stages:
              - use: ingest.files
              - use: extract.article
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
    }

    /// The output of an uninterrupted run over the same corpus.
    static func uninterrupted(_ dir: TemporaryDirectory, _ extra: [String] = []) -> [UInt8] {
        let run = GalleyProcess.run(["run", "p.yaml", "in", "--set", "write.path=out/full.jsonl"] + extra, in: dir.path)
        #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
        return dir.bytes("out/full.jsonl") ?? []
    }

    /// Starts a one-worker run and sends `signal` once its temporary output has received a first flush.
    static func interrupt(_ dir: TemporaryDirectory, with signal: Int32, extra: [String] = [], afterBytes: Int = 1) -> GalleyProcess {
        let run = GalleyProcess(["run", "p.yaml", "in", "--jobs", "1"] + extra, in: dir.path)
        let temporary = dir.at("out/.docs.jsonl.tmp-\(run.pid)")
        #expect(waitUntil { fileSize(temporary) >= afterBytes }, "no output was written")
        run.send(signal)
        run.wait()
        return run
    }

    @Test func sigintThenResumeGivesExactlyTheUninterruptedOutput() throws {
        let dir = TemporaryDirectory()
        Self.makeCorpus(dir)
        let full = Self.uninterrupted(dir)
        #expect(ids(dir.at("out/full.jsonl")).count == Self.count)

        let stopped = Self.interrupt(dir, with: SIGINT)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("— interrupted"))
        let partial = ids(dir.at("out/docs.jsonl"))
        #expect(partial.count > 0 && partial.count < Self.count, "interrupted after \(partial.count) documents")
        #expect(stopped.stderr.contains("\(partial.count) ok, 0 failed"))
        // No temporary file is left behind.
        #expect(dir.list("out").filter { $0.contains(".tmp-") }.isEmpty)

        let resumed = GalleyProcess.run(["run", "p.yaml", "in", "--resume"], in: dir.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(Self.count - partial.count) ok, 0 failed, \(partial.count) skipped"))
        let final = ids(dir.at("out/docs.jsonl"))
        #expect(final.count == Self.count)
        #expect(Set(final).count == Self.count)
        #expect(final == ids(dir.at("out/full.jsonl")))
        // Documents are written in input order, so the resumed file is byte for byte the uninterrupted one.
        let identical = dir.bytes("out/docs.jsonl") == full
        #expect(identical, "the resumed output differs from the uninterrupted one")
    }

    @Test func sigkillLeavesThePreviousCompleteFileAndResumeRecovers() throws {
        let dir = TemporaryDirectory()
        Self.makeCorpus(dir)
        let full = Self.uninterrupted(dir)

        // Killed during a first run: there is no output at all, never a partial one.
        let killedFresh = Self.interrupt(dir, with: SIGKILL)
        #expect(killedFresh.status == 128 + SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: dir.at("out/docs.jsonl")))

        // SIGTERM: the documents so far are committed (exit 143).
        let terminated = Self.interrupt(dir, with: SIGTERM)
        #expect(terminated.status == 143, "\(terminated.stderr)")
        let previous = try #require(dir.bytes("out/docs.jsonl"))
        let previousCount = ids(dir.at("out/docs.jsonl")).count
        #expect(previousCount > 0 && previousCount < Self.count)

        // Killed while resuming, after it has copied the previous file and written more: the previous file is untouched.
        let killedResume = Self.interrupt(dir, with: SIGKILL, extra: ["--resume"], afterBytes: previous.count + 300_000)
        #expect(killedResume.status == 128 + SIGKILL)
        let untouched = dir.bytes("out/docs.jsonl") == previous
        #expect(untouched, "the previous complete output was changed by the killed run")
        #expect(dir.list("out").contains(".docs.jsonl.tmp-\(killedResume.pid)"))

        let resumed = GalleyProcess.run(["run", "p.yaml", "in", "--resume"], in: dir.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let recovered = dir.bytes("out/docs.jsonl") == full
        #expect(recovered, "the recovered output differs from the uninterrupted one")
        let final = ids(dir.at("out/docs.jsonl"))
        #expect(final.count == Self.count && Set(final).count == Self.count)
        // The killed runs' temporary files are cleaned up by the resuming run.
        #expect(dir.list("out").filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func interruptedDeadLetterRunResumesWithEachFailureOnce() throws {
        let dir = TemporaryDirectory()
        let failing: Set<Int> = [3, 40, 1500, 2999]
        Self.makeCorpus(dir, failing: failing)
        let stopped = Self.interrupt(dir, with: SIGINT, extra: ["--on-error", "deadletter"], afterBytes: 1)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        let firstDead = jsonLines(dir.at("out/failed.jsonl")).compactMap { $0["path"]?.stringValue }
        #expect(firstDead.count >= 1 && firstDead.count < failing.count, "dead letter after the interruption: \(firstDead)")

        let resumed = GalleyProcess.run(["run", "p.yaml", "in", "--resume", "--on-error", "deadletter"], in: dir.path)
        #expect(resumed.status == 3, "\(resumed.stderr)")
        let dead = jsonLines(dir.at("out/failed.jsonl")).compactMap { $0["path"]?.stringValue }
        #expect(dead.sorted() == failing.sorted().map { "in/a\(String(format: "%05d", $0)).txt" })
        let final = ids(dir.at("out/docs.jsonl"))
        #expect(final.count == Self.count - failing.count && Set(final).count == final.count)

        // Resuming a finished run does nothing and keeps the dead letter as it is.
        let again = GalleyProcess.run(["run", "p.yaml", "in", "--resume", "--on-error", "deadletter"], in: dir.path)
        #expect(again.stderr.contains("0 ok, 4 failed, \(Self.count - failing.count) skipped"))
        #expect(jsonLines(dir.at("out/failed.jsonl")).compactMap { $0["path"]?.stringValue }.sorted() == dead.sorted())
    }
}

/// A run reading JSON lines from stdin stops on SIGINT even while it waits for more input.
@Suite(.serialized)
struct StdinInterruptTests {
    @Test func sigintWhileWaitingOnStdinWritesWhatCameAndExits130() throws {
        let dir = TemporaryDirectory()
        dir.write("p.yaml", """
            pipeline: stream
            stages:
              - use: ingest.files
              - use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
        mkfifo(dir.at("stdin"), 0o644)
        // Held open for writing and never closed before the signal: galley never sees the end of its input.
        let writer = open(dir.at("stdin"), O_RDWR)
        defer { close(writer) }
        let lines = #"{"id":"s1","text":"One."}"# + "\n" + #"{"id":"s2","text":"Two."}"# + "\n" + #"{"id":"s3","text":"Three."}"# + "\n"
        _ = lines.withCString { Glibc.write(writer, $0, strlen($0)) }
        let run = GalleyProcess(["run", "p.yaml", "-"], in: dir.path, stdin: dir.at("stdin"))
        // The event: galley has taken every byte from the pipe and waits in read(2) on stdin for more.
        var unread: Int32 = 0
        let waiting = waitUntil(timeout: 60) { ioctl(writer, UInt(FIONREAD), &unread) == 0 && unread == 0 && run.isBlockedReading(fd: 0) }
        #expect(waiting, "galley did not read its input")
        run.send(SIGINT)
        #expect(run.wait(timeout: 10) == 130, "\(run.stderr)")
        #expect(run.stderr.contains("3 ok, 0 failed"))
        #expect(ids(dir.at("out/docs.jsonl")) == ["s1", "s2", "s3"])
    }
}

/// A second signal does not wait for the documents in flight: galley exits at once, leaving the previous output.
@Suite(.serialized)
struct SecondSignalTests {
    @Test func secondSigintExitsAtOnceWithoutWritingAPartialOutput() throws {
        let dir = TemporaryDirectory()
        // One 18 MB article: extract.article takes seconds on it in a debug build, so it is still in flight.
        let paragraph = String(repeating: "The minister said on Tuesday that the talks would resume in Geneva. ", count: 4)
        dir.write("in/huge.txt", "A very long article\n\n" + Array(repeating: paragraph, count: 66_000).joined(separator: "\n\n") + "\n")
        dir.write("p.yaml", """
            pipeline: second
            stages:
              - use: ingest.files
              - use: extract.article
              - use: output.jsonl
                with: { path: out/docs.jsonl }

            """)
        let run = GalleyProcess(["run", "p.yaml", "in"], in: dir.path)
        // The temporary output exists once the signal handlers are installed and the outputs are open.
        #expect(waitUntil { FileManager.default.fileExists(atPath: dir.at("out/.docs.jsonl.tmp-\(run.pid)")) })
        // The article is in flight once a worker reads it (galley has read a first megabyte of it).
        #expect(waitUntil(timeout: 60) { run.bytesRead >= 1 << 20 }, "galley never read the article")
        run.send(SIGINT)
        // The second signal follows the first once galley has said it is stopping.
        #expect(run.waitForStderr("stopping after the documents in flight"), "\(run.stderr)")
        let second = Date()
        run.send(SIGINT)
        #expect(run.wait(timeout: 30) == 130)
        // Finishing the document would take several seconds more; exiting takes milliseconds (2 s leaves room for load).
        #expect(Date().timeIntervalSince(second) < 2.0, "galley finished the document instead of stopping at once")
        #expect(run.stderr.contains("stopping after the documents in flight"))
        #expect(!FileManager.default.fileExists(atPath: dir.at("out/docs.jsonl")), "a run stopped by the second signal committed its output")
    }
}
