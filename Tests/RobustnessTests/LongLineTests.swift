import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds used by the calling thread: unlike wall time, not stretched by other processes on a busy machine.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Hostile shapes of JSON-lines input that must cost time in proportion to their size.
struct LongLineTests {
    func source(maxBytes: Int = 20_000_000) throws -> any SourceStage {
        let type = try #require(Builtins.registry["ingest.files"])
        let config = StageConfig(id: "ingest.files", type: type.name, parameters: Parameters(["max_bytes": .int(maxBytes)]), pipelineDirectory: "/")
        guard case .source(let s) = try type.make(config) else { throw StageFailure("ingest.files is not a source") }
        return s
    }

    /// The line reader once searched the whole buffer for a newline after every 64 KB read: minutes for one 19 MB line.
    @Test func aTwelveMegabyteLineIsReadInLinearTime() throws {
        let dir = TemporaryDirectory()
        let long = #"{"id":"long","text":""# + String(repeating: "x", count: 12_000_000) + "\"}\n"
        dir.write("in/big.jsonl", long + #"{"id":"short","text":"after the long line"}"# + "\n")
        let started = threadCPUSeconds()
        var lines: [(Int, Int)] = []
        try source().enumerate(InputSelection(paths: [dir.at("in")])) { item in
            lines.append((item.line ?? -1, item.inline?.count ?? -1))
            return true
        }
        let seconds = threadCPUSeconds() - started
        #expect(lines.map(\.0) == [1, 2])
        #expect(lines.map(\.1) == [long.utf8.count - 1, 43])
        #expect(seconds < 10, "reading took \(seconds) s of CPU")
        print("12 MB JSON line read in \(String(format: "%.2f", seconds)) s of CPU")
    }

    @Test func aLineOverMaxBytesFailsAloneAndTheNextLineIsRead() throws {
        let dir = TemporaryDirectory()
        dir.write("in/big.jsonl", #"{"id":"long","text":""# + String(repeating: "y", count: 300_000) + "\"}\n" + #"{"id":"next","text":"fine"}"# + "\n")
        let stage = try source(maxBytes: 100_000)
        var results: [String] = []
        try stage.enumerate(InputSelection(paths: [dir.at("in")])) { item in
            for r in stage.load(item) {
                switch r {
                case .success(let d): results.append("ok \(d.id)")
                case .failure(let e): results.append("failed \((e.path as NSString).lastPathComponent): \(e.message)")
                }
            }
            return true
        }
        #expect(results == ["failed big.jsonl:1: line is longer than the limit of 100000 bytes (max_bytes)", "ok next"])
    }
}
