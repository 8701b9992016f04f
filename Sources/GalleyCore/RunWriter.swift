import Foundation

/// The serial end of a run, on the writing thread: takes each item's outcomes in input order, runs the corpus stages,
/// writes the sinks and the dead letter, keeps the summary, and commits (or leaves untouched) every output at the end.
final class RunWriter {
    private let runner: Runner
    private let serial: [BuiltStage]
    private let sinks: [(BuiltStage, any SinkStage)]
    /// Whether several sinks read the JSON export: it is then made once per document, before the first of them.
    private let sharedExport: Bool
    private let deadletter: DeadLetterWriter?
    private let policy: ErrorPolicy
    private let options: RunOptions
    private let clock: RunClock
    private let limits: PipelineLimits
    /// What the run did so far.
    private(set) var summary = RunSummary()
    /// Documents written to each serial stage that is a sink.
    private var writtenTo: [Int]
    /// One rule for every output: the first document with an id is written, later ones with that id are not.
    private var seenIDs = Set<String>()
    private var deadLettered = 0
    /// Why the run stopped writing (an output that cannot be written); set once.
    private var fatal: String?
    /// Whether nothing more is written (a fatal error, or the first failure with `on_error: fail`).
    private var halted = false
    /// Items accepted since the last checkpoint, and when it was taken (uptime nanoseconds) and how long it took.
    private var sinceCheckpoint = 0
    private var lastCheckpoint = DispatchTime.now().uptimeNanoseconds
    private var checkpointCost: UInt64 = 0

    /// Opens every output (and the dead letter): one that cannot be opened fails the run before any input is read.
    init(runner: Runner, serial: [BuiltStage], policy: ErrorPolicy, options: RunOptions, clock: RunClock) throws {
        self.runner = runner
        self.serial = serial
        self.policy = policy
        self.options = options
        self.clock = clock
        self.limits = runner.pipeline.limits
        sinks = serial.compactMap { if case .sink(let s) = $0.instance { return ($0, s) }; return nil }
        sharedExport = sinks.filter { $0.1.readsExport }.count >= 2
        writtenTo = [Int](repeating: 0, count: serial.count)
        var opened: [any SinkStage] = []
        do {
            for (_, sink) in sinks { try sink.open(resume: options.resume); opened.append(sink) }
            for case .corpus(let c) in serial.map(\.instance) { try c.open(resume: options.resume) }
            deadletter = policy == .deadletter
                ? try DeadLetterWriter(path: runner.pipeline.deadletter ?? "deadletter.jsonl", resume: options.resume) : nil
        } catch {
            for s in opened { s.abort() }
            for case .corpus(let c) in serial.map(\.instance) { c.abort() }
            throw RunError(message: "\(error)", summary: RunSummary())
        }
        for s in runner.stages { summary.stageSeconds[s.id] = 0 }
    }

    /// With `--resume`, the ids every resumable output already holds (the documents to skip); empty otherwise.
    func resumeIDs() throws -> Set<String> {
        guard options.resume else { return [] }
        var known: Set<String>? = nil
        do {
            for (_, sink) in sinks where sink.resumable {
                let ids = try sink.existingIDs()
                known = known.map { $0.intersection(ids) } ?? ids
            }
        } catch {
            abortAll()
            throw RunError(message: "cannot read the ids already written (--resume): \(error)", summary: RunSummary())
        }
        return known ?? []
    }

    /// Leaves every output as it was.
    private func abortAll() {
        for (_, sink) in sinks { sink.abort() }
        for case .corpus(let c) in serial.map(\.instance) { c.abort() }
        deadletter?.discard()
    }

    /// Stops the run: nothing more is written.
    private func halt(_ message: String?) {
        if fatal == nil { fatal = message }
        halted = true
        runner.stop()
    }

    private func record(_ e: DocumentError) {
        summary.failed += 1
        summary.failures.append(e)
        if let d = e.document { for t in d.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds } }
        guard let deadletter, fatal == nil else { return }
        do { try deadletter.append(e); deadLettered += 1 } catch { halt("\(error)") }
    }

    /// Takes the outcomes of the next input item, in input order.
    func accept(_ itemPath: String, _ outcomes: [Outcome]) {
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
                record(e)
            case .ok(let doc):
                if halted { continue }
                deadletter?.noteProcessed(doc.source.path)
                guard seenIDs.insert(doc.id).inserted else {
                    summary.duplicates.append((doc.source.path, doc.id))
                    continue
                }
                write(doc)
            }
            // Documents that failed because the run was interrupted do not count as the first failure.
            if policy == .fail, summary.failed > 0, !halted, !runner.isStopping { summary.stoppedAtFailure = true; halt(nil) }
        }
        sinceCheckpoint += 1
        if !halted && checkpointDue() { checkpoint() }
    }

    /// Whether enough documents or time passed since the last checkpoint (and at least 20 times what it cost).
    private func checkpointDue() -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        let age = now &- lastCheckpoint
        guard age >= checkpointCost.multipliedReportingOverflow(by: 20).partialValue else { return false }
        if options.checkpointDocuments > 0 && sinceCheckpoint >= options.checkpointDocuments { return true }
        return options.checkpointSeconds > 0 && age >= PipelineLimits.nanoseconds(options.checkpointSeconds)
    }

    /// Makes what every output (and the dead letter) holds so far visible: the same documents in each.
    private func checkpoint() {
        let started = DispatchTime.now().uptimeNanoseconds
        for (stage, sink) in sinks {
            do { try sink.checkpoint() } catch {
                halt("output '\(stage.id)': \(error)")
                return
            }
        }
        do { try deadletter?.checkpoint() } catch {
            halt("dead letter: \(error)")
            return
        }
        lastCheckpoint = DispatchTime.now().uptimeNanoseconds
        checkpointCost = lastCheckpoint &- started
        sinceCheckpoint = 0
    }

    /// Runs the corpus stages on one document and writes it to every sink.
    private func write(_ document: Document) {
        var doc = document
        do throws(DocumentError) {
            for (index, stage) in serial.enumerated() {
                guard case .sink(let sink) = stage.instance else {
                    doc.encodedExport = nil
                    try stage.apply(to: &doc, limits: limits)
                    continue
                }
                if sharedExport, sink.readsExport, doc.encodedExport == nil { doc.encodedExport = DocumentJSONWriter.export(doc) }
                let t0 = DispatchTime.now().uptimeNanoseconds
                do {
                    try sink.write(doc)
                } catch let e as DocumentError {
                    // A sink refuses one document by throwing a DocumentError; the run goes on.
                    throw DocumentError(path: doc.source.path, stage: stage.id, message: e.message, document: doc)
                } catch {
                    // Anything else from a sink is an output that cannot be written: the run stops.
                    halt("output '\(stage.id)': \(error)")
                    return
                }
                summary.stageSeconds[stage.id, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                writtenTo[index] += 1
            }
            summary.ok += 1
            for t in doc.trace { summary.stageSeconds[t.stage, default: 0] += t.seconds }
        } catch {
            record(error)
        }
    }

    /// Ends the run: commits every output, or leaves them all as they were when nothing was read.
    func finish(_ selection: InputSelection, shared: RunShared) throws -> RunSummary {
        summary.notes = runner.source?.takeNotes() ?? []
        summary.interrupted = runner.isStopping && !summary.stoppedAtFailure && fatal == nil
        if let err = shared.enumerationError, fatal == nil { fatal = "cannot read input: \(err)" }
        if fatal == nil && !runner.isStopping && shared.found == 0 {
            // Nothing was read: committing would replace the outputs with empty ones. Every output stays as it was.
            abortAll()
            summary.elapsed = clock.elapsed
            throw RunError(message: Runner.noInputMessage(selection), summary: summary)
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
        summary.elapsed = clock.elapsed
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
