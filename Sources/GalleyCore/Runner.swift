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
    /// Count the input items ahead of the run (a second walk of the folders) so progress can show a total and ETA;
    /// never done for stdin.
    public var countInputs = false

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

/// Runs a pipeline over its inputs: loads and transforms documents concurrently, writes them in input order.
public final class Runner: Sendable {
    /// The pipeline being run.
    public let pipeline: Pipeline
    /// Its built stages.
    public let stages: [BuiltStage]
    private let stopRequested = Atomic<Bool>(false)
    private let activeRun = Mutex<RunShared?>(nil)

    /// Builds the stages of a pipeline.
    public init(pipeline: Pipeline, registry: StageRegistry) throws(DiagnosticList) {
        self.pipeline = pipeline
        self.stages = try BuiltStage.build(pipeline, registry: registry)
    }

    /// Asks the run to stop reading input; documents in flight are finished and written.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        activeRun.withLock { $0 }?.close()
    }

    /// Whether `stop()` was called.
    public var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// The source stage (the first stage).
    public var source: (any SourceStage)? {
        if case .source(let s)? = stages.first?.instance { return s }
        return nil
    }

    /// What a run that found no input at all says: what was looked for, and that no output was changed.
    static func noInputMessage(_ selection: InputSelection) -> String {
        func list(_ items: [String]) -> String { items.map { "'\($0)'" }.joined(separator: ", ") }
        if selection.paths == ["-"] { return "no input: standard input held no lines; no output was changed" }
        var looked = "no input: nothing to read in \(list(selection.paths))"
        looked += selection.include.isEmpty ? " (no include patterns: every format galley reads)" : " matching include \(list(selection.include))"
        if !selection.exclude.isEmpty { looked += ", exclude \(list(selection.exclude))" }
        return looked + "; no output was changed"
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
    ///
    /// A transform (or the source's `load`) that runs past `limits.stage_seconds` on one document is abandoned by a
    /// watchdog: the document fails with a reason, a fresh worker takes the stuck one's place, and the stuck thread's
    /// late result is dropped. Threads cannot be killed, so the stuck stage keeps its core until it returns or the
    /// process exits. Corpus and sink stages run on the writing thread and are checked only when they return.
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

        // Outputs are opened before any input is read, so that an unwritable path fails the run at once.
        var opened: [any SinkStage] = []
        let deadletter: DeadLetterWriter?
        do {
            for (_, sink) in sinks { try sink.open(resume: options.resume); opened.append(sink) }
            for case .corpus(let c) in serial.map(\.instance) { try c.open(resume: options.resume) }
            deadletter = policy == .deadletter ? try DeadLetterWriter(path: pipeline.deadletter ?? "deadletter.jsonl", resume: options.resume) : nil
        } catch {
            for s in opened { s.abort() }
            for case .corpus(let c) in serial.map(\.instance) { c.abort() }
            throw RunError(message: "\(error)", summary: RunSummary())
        }

        var known: Set<String>? = nil
        if options.resume {
            do {
                for (_, sink) in sinks where sink.resumable {
                    let ids = try sink.existingIDs()
                    known = known.map { $0.intersection(ids) } ?? ids
                }
            } catch {
                for s in opened { s.abort() }
                for case .corpus(let c) in serial.map(\.instance) { c.abort() }
                deadletter?.discard()
                throw RunError(message: "cannot read the ids already written (--resume): \(error)", summary: RunSummary())
            }
        }
        let skipIDs = known ?? []

        let jobs = max(1, options.jobs)
        let shared = RunShared(capacity: jobs * 4)
        activeRun.withLock { $0 = shared }
        defer { activeRun.withLock { $0 = nil } }
        if isStopping { shared.close() }
        let limits = pipeline.limits
        let shard = options.shard
        let sourceID = stages[0].id
        if options.countInputs && options.progress != nil && !selection.paths.contains("-") {
            // The producer only runs a few items ahead of the writer, so the total comes from a walk of its own.
            let counter = Thread { [self] in
                var n = 0
                try? source.enumerate(selection) { _ in
                    n += 1
                    return !self.isStopping
                }
                if !self.isStopping { shared.setCounted(n) }
            }
            counter.start()
        }

        // Producer: enumerates input items in order.
        let producer = Thread { [self] in
            var seq = 0
            do {
                try source.enumerate(selection) { item in
                    if self.isStopping { return false }
                    shared.inflight.wait()
                    guard !self.isStopping, shared.enqueue((seq, item)) else { shared.inflight.signal(); return false }
                    seq += 1
                    return true
                }
            } catch {
                shared.setEnumerationError("\(error)")
            }
            shared.close()
        }
        producer.stackSize = 1 << 22
        producer.start()

        // Workers: load and run the parallel stages.
        @Sendable func work() {
            while let (seq, item) = shared.dequeue() {
                var outcomes: [Outcome] = []
                shared.begin(seq, stage: sourceID, path: item.line.flatMap { $0 > 0 ? "\(item.path):\($0)" : nil } ?? item.path, document: nil)
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
                        if let shard, Runner.shard(of: doc.id, count: shard.count) != shard.index { outcomes.append(.skipped(doc.source.path)); continue }
                        if skipIDs.contains(doc.id) { outcomes.append(.skipped(doc.source.path)); continue }
                        do throws(DocumentError) {
                            for stage in parallel {
                                shared.begin(seq, stage: stage.id, path: doc.source.path, document: doc)
                                try stage.apply(to: &doc, limits: limits)
                            }
                            outcomes.append(.ok(doc))
                        } catch {
                            outcomes.append(.failed(error))
                        }
                    }
                }
                // An item the watchdog gave up on already has a replacement worker: this thread ends.
                guard shared.complete(seq, path: item.path, outcomes) else { return }
            }
        }
        @Sendable func startWorker() {
            let worker = Thread { work() }
            worker.stackSize = 1 << 23
            worker.start()
        }
        for _ in 0..<jobs { startWorker() }

        // Watchdog: fails documents stuck in one stage past the time limit and replaces their worker.
        let watchdog = Thread {
            let interval = min(0.5, max(0.01, limits.stageSeconds / 4))
            while !shared.isFinished {
                Thread.sleep(forTimeInterval: interval)
                let stuck = shared.abandon(olderThan: limits.stageSeconds)
                for _ in 0..<stuck { startWorker() }
            }
        }
        watchdog.start()
        defer { shared.finish() }

        // Writer: this thread, in input order.
        var summary = RunSummary()
        for s in stages { summary.stageSeconds[s.id] = 0 }
        var writtenTo = [Int](repeating: 0, count: serial.count)
        // One rule for every output: the first document with an id is written, later ones with that id are not.
        var seenIDs = Set<String>()
        var deadLettered = 0
        var next = 0
        var fatal: String?
        var halted = false
        func record(_ e: DocumentError, in summary: inout RunSummary) {
            summary.failed += 1
            summary.failures.append(e)
            if let d = e.document { for t in d.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds } }
            guard let deadletter, fatal == nil else { return }
            do { try deadletter.append(e); deadLettered += 1 } catch {
                fatal = "\(error)"
                halted = true
                stop()
            }
        }
        while true {
            guard let (itemPath, outcomes) = shared.take(next) else { break }
            next += 1
            defer { shared.inflight.signal() }
            // Only what this run really went through replaces earlier dead-letter records.
            if !halted { deadletter?.noteProcessed(itemPath) }
            for outcome in outcomes {
                switch outcome {
                case .skipped(let path):
                    summary.skipped += 1
                    if !halted { deadletter?.noteProcessed(path) }
                case .failed(let e):
                    if halted { continue }
                    deadletter?.noteProcessed(e.path)
                    record(e, in: &summary)
                case .ok(var doc):
                    if halted { continue }
                    deadletter?.noteProcessed(doc.source.path)
                    guard seenIDs.insert(doc.id).inserted else {
                        summary.duplicates.append((doc.source.path, doc.id))
                        continue
                    }
                    do throws(DocumentError) {
                        for (index, stage) in serial.enumerated() {
                            guard case .sink(let sink) = stage.instance else {
                                try stage.apply(to: &doc, limits: limits)
                                continue
                            }
                            let t0 = DispatchTime.now().uptimeNanoseconds
                            do {
                                try sink.write(doc)
                            } catch let e as DocumentError {
                                // A sink refuses one document by throwing a DocumentError; the run goes on.
                                throw DocumentError(path: doc.source.path, stage: stage.id, message: e.message, document: doc)
                            } catch {
                                // Anything else from a sink is an output that cannot be written: the run stops.
                                fatal = "output '\(stage.id)': \(error)"
                                halted = true
                                stop()
                                break
                            }
                            summary.stageSeconds[stage.id, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                            writtenTo[index] += 1
                        }
                        if halted { continue }
                        summary.ok += 1
                        for t in doc.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds }
                    } catch {
                        record(error, in: &summary)
                    }
                }
                if policy == .fail, summary.failed > 0, !halted { halted = true; summary.stoppedAtFailure = true; stop() }
            }
            options.progress?(RunProgress(done: summary.ok + summary.failed + summary.skipped, failed: summary.failed,
                                          found: shared.found, foundAll: shared.enumerationDone, elapsed: elapsed()))
        }

        summary.interrupted = isStopping && !summary.stoppedAtFailure && fatal == nil
        if let err = shared.enumerationError, fatal == nil { fatal = "cannot read input: \(err)" }
        if fatal == nil && !isStopping && shared.found == 0 {
            // Nothing was read: committing would replace the outputs with empty ones. Every output stays as it was.
            for (_, sink) in sinks { sink.abort() }
            for case .corpus(let c) in serial.map(\.instance) { c.abort() }
            deadletter?.discard()
            summary.elapsed = elapsed()
            throw RunError(message: Self.noInputMessage(selection), summary: summary)
        }
        for (index, stage) in serial.enumerated() {
            guard case .sink = stage.instance, let spec = stage.type.parameters.first(where: { $0.output != nil }),
                  let path = stage.spec.parameters.string(spec.name) else { continue }
            summary.outputs.append((path == "-" ? "stdout" : path, writtenTo[index]))
        }
        if let deadletter = deadletter, deadLettered > 0 { summary.outputs.append((deadletter.path, deadLettered)) }
        var finishErrors: [String] = []
        for (stage, sink) in sinks {
            do { try sink.finish() } catch { finishErrors.append("output '\(stage.id)': \(error)") }
        }
        for case .corpus(let c) in serial.map(\.instance) { try? c.finish() }
        if let deadletter {
            do { try deadletter.finish() } catch { finishErrors.append("dead letter: \(error)") }
        }
        summary.elapsed = elapsed()
        if let fatal {
            // A sink that failed while writing usually fails again when it is finished: say it once.
            var messages = [fatal]
            for e in finishErrors where !messages.contains(e) { messages.append(e) }
            throw RunError(message: messages.joined(separator: "; "), summary: summary)
        }
        if !finishErrors.isEmpty { throw RunError(message: finishErrors.joined(separator: "; "), summary: summary) }
        return summary
    }
}

/// What became of one loaded document in the parallel part.
enum Outcome: Sendable {
    case ok(Document)
    case failed(DocumentError)
    /// Skipped by `--resume` or `--shard`, with the document's source path.
    case skipped(String)
}

/// State shared by the producer, the workers, the watchdog and the writer of one run.
final class RunShared: Sendable {
    /// What a worker is doing to one item, for the watchdog.
    struct Running {
        var stage: String
        var path: String
        var document: Document?
        var since: UInt64

        /// Nanoseconds since `since`; 0 for a start stored after `now` was read.
        func age(at now: UInt64) -> UInt64 { now >= since ? now - since : 0 }
    }
    struct State {
        var queue = Deque<(Int, SourceItem)>()
        var results: [Int: (String, [Outcome])] = [:]
        var running: [Int: Running] = [:]
        var abandoned: Set<Int> = []
        var enqueued = 0
        var taken = 0
        var total: Int?
        var counted: Int?
        var finished = false
        var enumerationError: String?
    }
    let state = Mutex(State())
    /// Items in flight, from enqueue until written: bounds memory.
    let inflight: DispatchSemaphore
    /// Counts queued items, plus wake-ups once the queue is closed.
    let queued = DispatchSemaphore(value: 0)
    let completed = DispatchSemaphore(value: 0)

    init(capacity: Int) { inflight = DispatchSemaphore(value: capacity) }

    /// Queues an item; false once the queue is closed (input ended or the run is stopping).
    func enqueue(_ job: (Int, SourceItem)) -> Bool {
        let ok = state.withLock { s in
            guard s.total == nil else { return false }
            s.queue.append(job)
            s.enqueued += 1
            return true
        }
        if ok { queued.signal() }
        return ok
    }

    /// The next item, or nil once the queue is closed and empty.
    func dequeue() -> (Int, SourceItem)? {
        while true {
            queued.wait()
            let (job, closed) = state.withLock { s in (s.queue.popFirst(), s.total != nil) }
            if let job { return job }
            if closed {
                // Pass the wake-up on, so that every worker (and any replacement) sees the end.
                queued.signal()
                return nil
            }
        }
    }

    /// Takes no more items: everything queued so far is still processed and written.
    func close() {
        let first = state.withLock { s in
            guard s.total == nil else { return false }
            s.total = s.enqueued
            return true
        }
        guard first else { return }
        queued.signal()
        completed.signal()
        // A producer waiting for room wakes up and sees that the run is stopping.
        inflight.signal()
    }

    /// Records what stage a worker is running on an item.
    func begin(_ seq: Int, stage: String, path: String, document: Document?) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { $0.running[seq] = Running(stage: stage, path: path, document: document, since: now) }
    }

    /// Stores an item's outcomes; false when the watchdog already gave up on it.
    func complete(_ seq: Int, path: String, _ outcomes: [Outcome]) -> Bool {
        let kept = state.withLock { s in
            s.running.removeValue(forKey: seq)
            if s.abandoned.remove(seq) != nil { return false }
            s.results[seq] = (path, outcomes)
            return true
        }
        if kept { completed.signal() }
        return kept
    }

    /// Fails every item stuck in one stage for more than `seconds`; returns how many were given up on.
    ///
    /// `now` is read while the lock is held, so no `begin` can have stored a later start; the age is still computed
    /// without underflow, whatever clock value a caller passes.
    func abandon(olderThan seconds: Double, now fixedNow: UInt64? = nil) -> Int {
        let limit = PipelineLimits.nanoseconds(seconds)
        let count = state.withLock { s in
            let now = fixedNow ?? DispatchTime.now().uptimeNanoseconds
            var n = 0
            for (seq, r) in s.running where r.age(at: now) > limit {
                s.running.removeValue(forKey: seq)
                s.abandoned.insert(seq)
                let message = String(format: "still running after %.1f s, over the limit of %g s per document (abandoned; limits.stage_seconds)",
                                     Double(r.age(at: now)) / 1e9, seconds)
                s.results[seq] = (r.path, [.failed(DocumentError(path: r.path, stage: r.stage, message: message, document: r.document))])
                n += 1
            }
            return n
        }
        for _ in 0..<count { completed.signal() }
        return count
    }

    func setEnumerationError(_ e: String) { state.withLock { $0.enumerationError = e } }
    var found: Int { state.withLock { $0.counted ?? $0.enqueued } }
    var enumerationDone: Bool { state.withLock { $0.total != nil || $0.counted != nil } }
    func setCounted(_ n: Int) { state.withLock { $0.counted = n } }
    var enumerationError: String? { state.withLock { $0.enumerationError } }
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Ends the watchdog.
    func finish() { state.withLock { $0.finished = true } }

    /// Waits for the outcomes of item `seq`; nil once every item has been taken.
    func take(_ seq: Int) -> (String, [Outcome])? {
        while true {
            let (r, total): ((String, [Outcome])?, Int?) = state.withLock { s in (s.results.removeValue(forKey: seq), s.total) }
            if let r { return r }
            if let total, seq >= total { return nil }
            completed.wait()
        }
    }
}
