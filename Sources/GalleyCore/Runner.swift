import DequeModule
import Foundation
import OrderedCollections
import Synchronization

/// Options of one run.
public struct RunOptions: Sendable {
    /// Documents processed at once.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Overrides the pipeline's `on_error`.
    public var onError: ErrorPolicy?
    /// Skip documents whose ids the outputs already hold.
    public var resume = false
    /// Process only documents whose id hashes to shard `index` of `count`.
    public var shard: (index: Int, count: Int)?
    /// Called on the writing thread after each document (for progress display).
    public var progress: (@Sendable (RunProgress) -> Void)?

    /// The defaults.
    public init() {}
}

/// Where a run is, for the progress bar.
public struct RunProgress: Sendable {
    /// Documents finished (ok, failed or skipped).
    public var done: Int
    /// Documents failed so far.
    public var failed: Int
    /// Input items found so far.
    public var found: Int
    /// Whether every input item has been found.
    public var foundAll: Bool
    /// Seconds since the run started.
    public var elapsed: Double
}

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
    /// Total seconds per stage id, in pipeline order.
    public var stageSeconds: OrderedDictionary<String, Double> = [:]
    /// Wall time of the run.
    public var elapsed: Double = 0
    /// Whether the run was stopped by a signal before all input was read.
    public var interrupted = false
    /// Whether the run stopped at the first failure (`on_error: fail`).
    public var stoppedAtFailure = false

    /// The exit code per DESIGN.md: 0 all ok, 3 some failed.
    public var exitCode: Int32 { failed > 0 ? 3 : 0 }

    /// The end-of-run summary as printed to stderr.
    public func rendered(color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : "", red = color ? "\u{1B}[31m" : ""
        var lines: [String] = []
        let rate = elapsed > 0 ? Double(ok + failed) / elapsed : 0
        var head = "\(bold)\(ok) ok, \(failed) failed"
        if skipped > 0 { head += ", \(skipped) skipped" }
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

/// Runs a pipeline over its inputs: loads and transforms documents concurrently, writes them in input order.
public final class Runner: Sendable {
    /// The pipeline being run.
    public let pipeline: Pipeline
    /// Its built stages.
    public let stages: [BuiltStage]
    private let stopRequested = Atomic<Bool>(false)

    /// Builds the stages of a pipeline.
    public init(pipeline: Pipeline, registry: StageRegistry) throws(DiagnosticList) {
        self.pipeline = pipeline
        self.stages = try BuiltStage.build(pipeline, registry: registry)
    }

    /// Asks the run to stop reading input; documents in flight are finished and written.
    public func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Whether `stop()` was called.
    public var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// The source stage (the first stage).
    public var source: (any SourceStage)? {
        if case .source(let s)? = stages.first?.instance { return s }
        return nil
    }

    /// The stable shard of a document id, in 0..<count.
    public static func shard(of id: String, count: Int) -> Int {
        Int(StableHash.fnv1a64(Array(id.utf8)) % UInt64(count))
    }

    /// Runs every stage except the source and the sinks on one document (used by `galley test` and the REPL).
    public func transform(_ doc: inout Document) throws(DocumentError) {
        for stage in stages {
            switch stage.instance {
            case .transform, .corpus: try stage.apply(to: &doc, limits: pipeline.limits)
            default: continue
            }
        }
    }

    /// Runs the pipeline over `selection` (the CLI's inputs, else the pipeline's `input:`).
    public func run(_ selection: InputSelection, options: RunOptions = RunOptions()) throws -> RunSummary {
        guard let source else { throw RunError(message: "the pipeline has no source stage", summary: RunSummary()) }
        let policy = options.onError ?? pipeline.onError
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

        // The parallel part: every transform before the first corpus or sink stage.
        let firstSerial = stages.indices.dropFirst().first { stages[$0].type.kind != .transform } ?? stages.count
        let parallel = Array(stages[1..<firstSerial])
        let serial = Array(stages[firstSerial...])
        let sinks: [(BuiltStage, any SinkStage)] = serial.compactMap { if case .sink(let s) = $0.instance { return ($0, s) }; return nil }

        var opened: [any SinkStage] = []
        let deadletter: DeadLetterWriter?
        do {
            for (_, sink) in sinks { try sink.open(resume: options.resume); opened.append(sink) }
            deadletter = policy == .deadletter ? try DeadLetterWriter(path: pipeline.deadletter ?? "deadletter.jsonl", resume: options.resume) : nil
        } catch {
            for s in opened { s.abort() }
            throw RunError(message: "\(error)", summary: RunSummary())
        }

        var known: Set<String>? = nil
        if options.resume {
            for (_, sink) in sinks where sink.resumable {
                let ids = try sink.existingIDs()
                known = known.map { $0.intersection(ids) } ?? ids
            }
        }
        let skipIDs = known ?? []

        let shared = RunShared(capacity: max(1, options.jobs) * 4)
        let limits = pipeline.limits
        let jobs = max(1, options.jobs)
        let shard = options.shard
        let sourceID = stages[0].id

        // Producer: enumerates input items in order.
        let producer = Thread { [self] in
            var seq = 0
            do {
                try source.enumerate(selection) { item in
                    if self.isStopping { return false }
                    shared.inflight.wait()
                    if self.isStopping { shared.inflight.signal(); return false }
                    shared.enqueue((seq, item))
                    seq += 1
                    shared.setFound(seq)
                    return true
                }
            } catch {
                shared.setEnumerationError("\(error)")
            }
            shared.finishEnumeration(total: seq, workers: jobs)
        }
        producer.stackSize = 1 << 22
        producer.start()

        // Workers: load and run the parallel stages.
        for _ in 0..<jobs {
            let worker = Thread {
                while let (seq, item) = shared.dequeue() {
                    var outcomes: [Outcome] = []
                    let loadStarted = DispatchTime.now().uptimeNanoseconds
                    let loadedItems = source.load(item)
                    let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStarted) / 1e9 / Double(max(1, loadedItems.count))
                    for loaded in loadedItems {
                        switch loaded {
                        case .failure(let e): outcomes.append(.failed(e))
                        case .success(var doc):
                            doc.trace.insert(TraceEntry(stage: sourceID, seconds: loadSeconds, fieldsAdded: Array(doc.fields.keys),
                                                        warnings: doc.pendingWarnings), at: 0)
                            doc.pendingWarnings = []
                            if let shard, Runner.shard(of: doc.id, count: shard.count) != shard.index { outcomes.append(.skipped); continue }
                            if skipIDs.contains(doc.id) { outcomes.append(.skipped); continue }
                            do throws(DocumentError) {
                                for stage in parallel { try stage.apply(to: &doc, limits: limits) }
                                outcomes.append(.ok(doc))
                            } catch {
                                outcomes.append(.failed(error))
                            }
                        }
                    }
                    shared.complete(seq, outcomes)
                }
            }
            worker.stackSize = 1 << 23
            worker.start()
        }

        // Writer: this thread, in input order.
        var summary = RunSummary()
        for s in stages { summary.stageSeconds[s.id] = 0 }
        var next = 0
        var fatal: String?
        var halted = false
        while true {
            guard let outcomes = shared.take(next) else { break }
            next += 1
            defer { shared.inflight.signal() }
            for outcome in outcomes {
                switch outcome {
                case .skipped: summary.skipped += 1
                case .failed(let e):
                    if halted { continue }
                    record(e, in: &summary)
                case .ok(var doc):
                    if halted { continue }
                    do throws(DocumentError) {
                        for stage in serial {
                            try stage.apply(to: &doc, limits: limits)
                        }
                        summary.ok += 1
                        for t in doc.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds }
                    } catch {
                        if sinks.contains(where: { $0.0.id == error.stage }) && !(error.message.contains("over the limit")) {
                            fatal = "output '\(error.stage)' failed: \(error.message)"
                            halted = true
                            stop()
                            continue
                        }
                        record(error, in: &summary)
                    }
                }
                if policy == .fail, summary.failed > 0, !halted { halted = true; summary.stoppedAtFailure = true; stop() }
            }
            options.progress?(RunProgress(done: summary.ok + summary.failed + summary.skipped, failed: summary.failed,
                                          found: shared.found, foundAll: shared.enumerationDone, elapsed: elapsed()))
        }

        func record(_ e: DocumentError, in summary: inout RunSummary) {
            summary.failed += 1
            summary.failures.append(e)
            if let d = e.document { for t in d.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds } }
            if let deadletter { deadletter.write(e) }
        }

        summary.interrupted = isStopping && !summary.stoppedAtFailure && fatal == nil
        if let err = shared.enumerationError, fatal == nil { fatal = "cannot read input: \(err)" }
        var finishErrors: [String] = []
        for (stage, sink) in sinks {
            do { try sink.finish() } catch { finishErrors.append("output '\(stage.id)': \(error)") }
        }
        for case .corpus(let c) in serial.map(\.instance) { try? c.finish() }
        do { try deadletter?.finish() } catch { finishErrors.append("dead letter '\(pipeline.deadletter ?? "")': \(error)") }
        summary.elapsed = elapsed()
        if let fatal { throw RunError(message: fatal, summary: summary) }
        if !finishErrors.isEmpty { throw RunError(message: finishErrors.joined(separator: "; "), summary: summary) }
        return summary
    }
}

/// What became of one loaded document in the parallel part.
enum Outcome: Sendable {
    case ok(Document)
    case failed(DocumentError)
    case skipped
}

/// State shared by the producer, the workers and the writer of one run.
final class RunShared: Sendable {
    struct State {
        var queue = Deque<(Int, SourceItem)?>()
        var results: [Int: [Outcome]] = [:]
        var found = 0
        var total: Int?
        var enumerationError: String?
    }
    let state = Mutex(State())
    /// Items in flight, from enqueue until written: bounds memory.
    let inflight: DispatchSemaphore
    let queued = DispatchSemaphore(value: 0)
    let completed = DispatchSemaphore(value: 0)

    init(capacity: Int) { inflight = DispatchSemaphore(value: capacity) }

    func enqueue(_ job: (Int, SourceItem)) {
        state.withLock { $0.queue.append(job) }
        queued.signal()
    }

    func dequeue() -> (Int, SourceItem)? {
        queued.wait()
        return state.withLock { $0.queue.popFirst() } ?? nil
    }

    func complete(_ seq: Int, _ outcomes: [Outcome]) {
        state.withLock { $0.results[seq] = outcomes }
        completed.signal()
    }

    func setFound(_ n: Int) { state.withLock { $0.found = n } }
    func setEnumerationError(_ e: String) { state.withLock { $0.enumerationError = e } }
    var found: Int { state.withLock { $0.found } }
    var enumerationDone: Bool { state.withLock { $0.total != nil } }
    var enumerationError: String? { state.withLock { $0.enumerationError } }

    func finishEnumeration(total: Int, workers: Int) {
        state.withLock {
            $0.total = total
            for _ in 0..<workers { $0.queue.append(nil) }
        }
        for _ in 0..<workers { queued.signal() }
        completed.signal()
    }

    /// Waits for the outcomes of item `seq`; nil once every item has been taken.
    func take(_ seq: Int) -> [Outcome]? {
        while true {
            let (r, total): ([Outcome]?, Int?) = state.withLock { s in (s.results.removeValue(forKey: seq), s.total) }
            if let r { return r }
            if let total, seq >= total { return nil }
            completed.wait()
        }
    }
}
