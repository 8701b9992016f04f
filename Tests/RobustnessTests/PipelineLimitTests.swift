import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

/// The pipeline loader refuses alias bombs, deep nesting and oversized files with a diagnostic.
struct PipelineLimitTests {
    /// Nine levels of nine aliases: 9^9 (387 million) strings once expanded.
    static let aliasBomb: String = {
        var lines = ["pipeline: bomb", #"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]") }
        lines += ["stages:", "  - use: ingest.files", "  - use: output.jsonl", "    with: { path: x.jsonl }"]
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aliasBombIsRefusedFastInLittleMemory() throws {
        let dir = TemporaryDirectory()
        dir.write("bomb.yaml", Self.aliasBomb)
        let run = GalleyProcess.run(["validate", "bomb.yaml"], in: dir.path, measureMemory: true)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("bomb.yaml:3:10: error: the YAML expands to more than 100000 nodes (an alias bomb?)\n"), "\(run.stderr)")
        // Expanding the bomb would take minutes and gigabytes; the bound is loose so a loaded machine cannot fail it.
        #expect(run.seconds < 5.0, "took \(run.seconds) s")
        #expect(run.maxRSSKilobytes < 100 * 1024, "peak RSS \(run.maxRSSKilobytes) KB")
        print("alias bomb: refused in \(String(format: "%.3f", run.seconds)) s, peak RSS \(run.maxRSSKilobytes) KB")
    }

    func load(_ yaml: String) -> [String] {
        do {
            _ = try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: yaml, file: "p.yaml", directory: "/tmp")
            return []
        } catch {
            return error.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
        }
    }

    @Test func aliasBombIsADiagnosticInProcess() {
        #expect(load(Self.aliasBomb) == ["3:10: the YAML expands to more than 100000 nodes (an alias bomb?)"])
    }

    @Test func deepNestingIsRefused() {
        let deep = "pipeline: deep\nstages:\n  - use: ingest.files\n    with: { x: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + " }\n"
        #expect(load(deep) == ["4:77: the YAML is nested more than 64 levels deep"])
        // libyaml stops far deeper structures itself, before they reach the composer.
        let deeper = "pipeline: deep\nx: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n"
        #expect(load(deeper).first?.hasPrefix("2:5: YAML syntax error: Maximum nesting level reached") == true)
    }

    @Test func oversizedPipelineFileIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("big.yaml", "pipeline: big\n# " + String(repeating: "x", count: 2 << 20) + "\n")
        do {
            _ = try PipelineLoader(registry: Builtins.registry).load(file: path)
            Issue.record("a 2 MB pipeline was accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["pipeline file is 2097169 bytes; the limit is 1048576"])
        }
    }

    @Test func pipelineThatIsANamedPipeIsRefusedWithoutWaiting() throws {
        let dir = TemporaryDirectory()
        mkfifo(dir.at("p.yaml"), 0o644)
        let run = GalleyProcess.run(["validate", "p.yaml"], in: dir.path, timeout: 10)
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot read pipeline 'p.yaml': not a regular file\n", "\(run.stderr)")
    }
}
