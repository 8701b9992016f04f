import Foundation
import OrderedCollections

/// What a run did.
public struct RunSummary: Sendable {
    /// Documents written.
    public var ok = 0
    /// Documents that failed.
    public var failed = 0
    /// Documents skipped (already in the outputs with `--resume`, or in another shard).
    public var skipped = 0
    /// Every failure, in input order.
    public var failures: [DocumentError] = []
    /// Documents not written because an earlier document of this run had the same id (the first one is kept, in
    /// every output): their paths and the id, in input order.
    public var duplicates: [(path: String, id: String)] = []
    /// Total seconds per stage id, in pipeline order.
    public var stageSeconds: OrderedDictionary<String, Double> = [:]
    /// Wall time of the run.
    public var elapsed: Double = 0
    /// Whether the run was stopped by a signal before all input was read.
    public var interrupted = false
    /// Whether the run stopped at the first failure (`on_error: fail`).
    public var stoppedAtFailure = false
    /// Where the run wrote: each output's path (or `stdout`) and the documents this run wrote to it, in pipeline
    /// order, then the dead letter's.
    public var outputs: [(path: String, documents: Int)] = []
    /// What the source passed over on purpose (its own outputs, inputs reached twice, WARC records that are not pages).
    public var notes: [SourceNote] = []

    /// The exit code per docs/design.md (Command line): 0 all ok, 3 some failed.
    public var exitCode: Int32 { failed > 0 ? 3 : 0 }

    /// The end-of-run summary as printed to stderr.
    public func rendered(color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : "", red = color ? "\u{1B}[31m" : ""
        var lines: [String] = []
        let rate = elapsed > 0 ? Double(ok + failed) / elapsed : 0
        var head = "\(bold)\(ok) ok, \(failed) failed"
        if skipped > 0 { head += ", \(skipped) skipped" }
        if !duplicates.isEmpty { head += ", \(duplicates.count) duplicate\(duplicates.count == 1 ? "" : "s")" }
        head += "\(reset) in " + String(format: "%.2f s (%.0f docs/s)", elapsed, rate)
        if interrupted { head += " — interrupted" }
        if stoppedAtFailure { head += " — stopped at the first failure" }
        lines.append(head)
        let total = stageSeconds.values.reduce(0, +)
        if total > 0 {
            let width = stageSeconds.keys.map(\.count).max() ?? 0
            for (id, s) in stageSeconds {
                let share = s / total * 100
                let bar = String(repeating: "█", count: Int((share / 5).rounded()))
                lines.append("  " + id.padding(toLength: width, withPad: " ", startingAt: 0)
                             + String(format: " %9.1f ms %5.1f%% ", s * 1000, share) + bar)
            }
        }
        if !failures.isEmpty {
            var groups = OrderedDictionary<String, [String]>()
            for f in failures { groups["\(f.stage): \(f.message)", default: []].append(f.path) }
            lines.append("\(red)failures\(reset) by stage and reason:")
            for (reason, paths) in groups {
                let shown = paths.prefix(3).joined(separator: ", ")
                lines.append("  \(reason) (\(paths.count)): \(shown)\(paths.count > 3 ? ", …" : "")")
            }
        }
        if !duplicates.isEmpty {
            lines.append("duplicate ids (the first document with an id is kept, later ones are not written):")
            for d in duplicates.prefix(3) { lines.append("  \(d.path): id '\(d.id)'") }
            if duplicates.count > 3 { lines.append("  … and \(duplicates.count - 3) more") }
        }
        for note in notes {
            let shown = note.examples.prefix(3).joined(separator: ", ")
            lines.append("passed over: \(note.count) \(note.reason)" + (shown.isEmpty ? "" : " (\(shown)\(note.count > 3 ? ", …" : ""))"))
        }
        for (path, n) in outputs { lines.append("output: \(path) (\(n) document\(n == 1 ? "" : "s"))") }
        return lines.joined(separator: "\n")
    }
}

/// An error that ends a run (an output that cannot be written), as opposed to a per-document failure.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// What the run had done until then.
    public var summary: RunSummary
    /// The message.
    public var description: String { message }
}
