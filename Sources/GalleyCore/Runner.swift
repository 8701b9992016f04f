import Foundation
import Synchronization

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

    /// Asks the run to stop reading input; documents in flight are finished and written, except that calls to
    /// plugins are cancelled (those documents fail as interrupted, and the plugins are stopped).
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        activeRun.withLock { $0 }?.close()
        for stage in stages { stage.instance.interrupt(refusingNewCalls: true) }
    }

    /// Whether `stop()` was called.
    public var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// The source stage (the first stage).
    public var source: (any SourceStage)? {
        if case .source(let s)? = stages.first?.instance { return s }
        return nil
    }

    /// Every file and folder the pipeline writes (outputs and the dead letter, whether or not this run's error policy
    /// uses it), which the source leaves out of the input.
    public func ownOutputs(policy: ErrorPolicy? = nil) -> [OwnOutput] {
        var found: [OwnOutput] = []
        for stage in stages {
            for spec in stage.type.parameters {
                guard let role = spec.output, let path = stage.spec.parameters.string(spec.name), path != "-" else { continue }
                found.append(OwnOutput(path: path, isFolder: role == .folder))
            }
        }
        if let deadletter = pipeline.deadletter ?? ((policy ?? pipeline.onError) == .deadletter ? "deadletter.jsonl" : nil) {
            found.append(OwnOutput(path: deadletter))
        }
        return found
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
        let selection = { var s = selection; s.ownOutputs += ownOutputs(policy: policy); return s }()
        _ = source.takeNotes()
        if !isStopping { for stage in stages { stage.instance.resumeCalls() } }
        let clock = RunClock()

        // The parallel part: every transform before the first corpus or sink stage.
        let firstSerial = stages.indices.dropFirst().first { stages[$0].type.kind != .transform } ?? stages.count
        let parallel = Array(stages[1..<firstSerial])
        let serial = Array(stages[firstSerial...])

        // Outputs are opened before any input is read, so that an unwritable path fails the run at once.
        let writer = try RunWriter(runner: self, serial: serial, policy: policy, options: options, clock: clock)
        let skipIDs = try writer.resumeIDs()

        let jobs = max(1, options.jobs)
        // Items in flight (read, in a stage, or waiting for the writer): enough that a worker seldom waits while the
        // writer is busy with a batch of SQLite rows (news.yaml over BBC, --jobs 1: 1.46 → 1.28 s best of 4 with 32
        // instead of 4), and still a bound that keeps memory flat.
        let shared = RunShared(capacity: jobs * 4 + 28)
        activeRun.withLock { $0 = shared }
        defer { activeRun.withLock { $0 = nil } }
        if isStopping { shared.close() }
        if options.countInputs && options.progress != nil && !selection.paths.contains("-") {
            startCounting(selection, source: source, shared: shared)
        }
        startProducing(selection, source: source, shared: shared)
        let startWorker = makeWorkers(source: source, parallel: parallel, shared: shared, skipIDs: skipIDs, shard: options.shard)
        for _ in 0..<jobs { startWorker() }
        startWatchdog(shared: shared, startWorker: startWorker)
        defer { shared.finish() }

        // Writer: this thread, in input order.
        var next = 0
        while let (itemPath, outcomes) = shared.take(next) {
            next += 1
            defer { shared.inflight.signal() }
            writer.accept(itemPath, outcomes)
            options.progress?(RunProgress(done: writer.summary.ok + writer.summary.failed + writer.summary.skipped,
                                          failed: writer.summary.failed, found: shared.found,
                                          foundAll: shared.enumerationDone, elapsed: clock.elapsed))
        }
        return try writer.finish(selection, shared: shared)
    }

    /// Counts the input items in a walk of its own (the producer only runs a few items ahead of the writer).
    private func startCounting(_ selection: InputSelection, source: any SourceStage, shared: RunShared) {
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

    /// The producer: enumerates input items in order, as many ahead of the writer as the queue allows.
    private func startProducing(_ selection: InputSelection, source: any SourceStage, shared: RunShared) {
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
    }

    /// Returns a function that starts one worker: it loads items and runs the parallel stages on their documents.
    private func makeWorkers(source: any SourceStage, parallel: [BuiltStage], shared: RunShared, skipIDs: Set<String>,
                             shard: (index: Int, count: Int)?) -> @Sendable () -> Void {
        let limits = pipeline.limits
        let sourceID = stages[0].id
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
        return {
            let worker = Thread { work() }
            worker.stackSize = 1 << 23
            worker.start()
        }
    }

    /// The watchdog: fails documents stuck in one stage past the time limit and replaces their worker.
    private func startWatchdog(shared: RunShared, startWorker: @escaping @Sendable () -> Void) {
        let limit = pipeline.limits.stageSeconds
        let watchdog = Thread {
            let interval = min(0.5, max(0.01, limit / 4))
            while !shared.isFinished {
                Thread.sleep(forTimeInterval: interval)
                let stuck = shared.abandon(olderThan: limit)
                for _ in 0..<stuck { startWorker() }
            }
        }
        watchdog.start()
    }
}

/// The run's start, for elapsed times.
struct RunClock: Sendable {
    let started = DispatchTime.now().uptimeNanoseconds
    /// Seconds since the run started.
    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9 }
}
