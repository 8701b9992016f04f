import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Periodic checkpoints: a run killed late keeps what it had committed at its last checkpoint, and `--resume` goes on
/// from there to exactly the output of an uninterrupted run (JSON lines, CSV and the dead letter).
@Suite(.serialized)
struct CheckpointTests {
    static let count = 2000
    static let failing: Set<Int> = [5, 700, 1999]

    /// `count` articles (the `failing` ones empty) and a pipeline writing JSON lines, CSV and a dead letter.
    static func makeCorpus(_ dir: TemporaryDirectory) {
        writeNumberedArticles(dir, count: count, failing: failing, sentences: 20)
        dir.write("p.yaml", """
            pipeline: checkpoints
            on_error: deadletter
            deadletter: out/failed.jsonl
            stages:
              - use: ingest.files
              - use: extract.article
              - id: write
                use: output.jsonl
                with: { path: out/docs.jsonl }
              - id: table
                use: output.csv
                with: { path: out/docs.csv, columns: [id, title, author] }

            """)
    }

    static let outputs = ["out/docs.jsonl", "out/docs.csv", "out/failed.jsonl"]

    @Test func sigkillAfterACheckpointThenResumeGivesTheUninterruptedBytes() throws {
        let reference = TemporaryDirectory()
        Self.makeCorpus(reference)
        let full = GalleyProcess.run(["run", "p.yaml", "in"], in: reference.path)
        #expect(full.status == 3, "\(full.stderr)")
        #expect(ids(reference.at("out/docs.jsonl")).count == Self.count - Self.failing.count)

        let dir = TemporaryDirectory()
        Self.makeCorpus(dir)
        let run = GalleyProcess(["run", "p.yaml", "in", "--jobs", "1", "--checkpoint-documents", "100", "--checkpoint-seconds", "0"],
                                in: dir.path)
        // The first checkpoint makes every output appear (the dead letter once the first failure is in it).
        #expect(waitUntil(timeout: 60) { Self.outputs.allSatisfy { FileManager.default.fileExists(atPath: dir.at($0)) } },
                "no checkpoint appeared: \(dir.list("out"))")
        run.send(SIGKILL)
        #expect(run.wait() == 128 + SIGKILL)

        // What the kill left: complete records only, a prefix of the uninterrupted output, the same documents in each.
        let kept = ids(dir.at("out/docs.jsonl"))
        // The first checkpoint comes after 100 items, one of which failed.
        #expect(kept.count >= 99 && kept.count < Self.count - Self.failing.count, "kept \(kept.count)")
        let fullBytes = try #require(reference.bytes("out/docs.jsonl"))
        let partial = try #require(dir.bytes("out/docs.jsonl"))
        #expect(fullBytes.starts(with: partial), "the checkpoint is not a prefix of the full output")
        // The outputs are checkpointed one after the other, so the kill may fall between two of them: the CSV then
        // holds the previous checkpoint (the one before it, with 100 items fewer).
        let csvRows = (dir.bytes("out/docs.csv").map { String(decoding: $0, as: UTF8.self) } ?? "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let csvCount = csvRows.count - 1
        #expect(csvCount == kept.count || (csvCount < kept.count && kept.count - csvCount <= 100), "CSV holds \(csvCount) rows, JSON lines \(kept.count)")
        let dead = jsonLines(dir.at("out/failed.jsonl")).compactMap { $0["path"]?.stringValue }
        #expect(!dead.isEmpty && ["in/a00005.txt", "in/a00700.txt", "in/a01999.txt"].starts(with: dead), "\(dead)")

        let resumed = GalleyProcess.run(["run", "p.yaml", "in", "--resume"], in: dir.path)
        #expect(resumed.status == 3, "\(resumed.stderr)")
        // What both resumable outputs hold is skipped.
        #expect(resumed.stderr.contains("\(min(kept.count, csvCount)) skipped"), "\(resumed.stderr)")
        for output in Self.outputs {
            let same = dir.bytes(output) == reference.bytes(output)
            #expect(same, "\(output) after the resume differs from the uninterrupted run's")
        }
        #expect(dir.list("out").filter { $0.contains(".tmp-") }.isEmpty, "\(dir.list("out"))")
    }

    @Test func aCheckpointNeverReplacesAnOutputWithLessThanItHeld() throws {
        let dir = TemporaryDirectory()
        Self.makeCorpus(dir)
        let first = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(first.status == 3, "\(first.stderr)")
        let before = try #require(dir.bytes("out/docs.jsonl"))
        // A replacing run over half the input, checkpointing every 10 documents: its output stays smaller than the
        // previous one, so no checkpoint replaces it (only the end of the run would).
        for i in 1000..<Self.count { unlink(dir.at("in/a\(String(format: "%05d", i)).txt")) }
        let run = GalleyProcess(["run", "p.yaml", "in", "--jobs", "1", "--checkpoint-documents", "10", "--checkpoint-seconds", "0"],
                                in: dir.path)
        let temporary = dir.at("out/.docs.jsonl.tmp-\(run.pid)")
        #expect(waitUntil(timeout: 60) { fileSize(temporary) > 20_000 || run.hasExited })
        #expect(!run.hasExited, "the run ended before it could be killed")
        run.send(SIGKILL)
        run.wait()
        let after = dir.bytes("out/docs.jsonl")
        #expect(after == before, "a checkpoint replaced \(before.count) bytes with \(after?.count ?? 0)")
    }
}
