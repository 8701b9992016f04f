import Foundation
import GalleyCore
import OrderedCollections
import Synchronization
import Yams

/// Set by the SIGINT handler; a running `run` checks it between stages.
let replInterrupt = Atomic<Bool>(false)

/// The result of work done on another thread, handed back under a lock.
final class OutcomeBox<T: Sendable>: Sendable {
    private let value: Mutex<Result<T, DocumentError>?>
    init() { value = Mutex(nil) }
    func store(_ result: Result<T, DocumentError>) { value.withLock { $0 = result } }
    func take() -> Result<T, DocumentError>? { value.withLock { $0 } }
}

/// Where one stage of the pipeline stands for the open document.
public enum StageState: Equatable, Sendable {
    /// Not run yet on this document.
    case pending
    /// Run; its result is the current document up to here.
    case done
    /// Run before, but a parameter it depends on changed since.
    case stale
    /// Failed on this document, with the reason.
    case failed(String)

    /// The word shown in `stages`.
    public var label: String {
        switch self {
        case .pending: return "pending"
        case .done: return "done"
        case .stale: return "stale"
        case .failed: return "failed"
        }
    }
}

/// A command that went wrong: one line for the user, the session goes on.
public struct ReplError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// One REPL session: a pipeline, the input's documents, and the open document's progress through the stages.
public final class ReplSession {
    /// Stage types the pipelines may use.
    public private(set) var registry: StageRegistry
    /// Finds the stage types for a pipeline file (builtins plus the plugins it can see); asked again on every load and reload.
    public var registryFor: ((String) -> StageRegistry)?
    /// Variables for `${VAR}` in pipelines.
    public var environment: [String: String]
    /// Whether output may use ANSI colours.
    public var color: Bool
    /// Width available for tables.
    public var width: Int
    /// Whether wide tables are narrowed to `width` (on a terminal; piped transcripts keep whole cells).
    public var fitTables = false
    /// Whether a person is at a terminal (the terminal echoes `^C` without ending the line).
    public var interactive = false
    /// Receives normal output (each call one or more whole lines, no trailing newline).
    public var output: (String) -> Void
    /// Receives error lines and diagnostics.
    public var errorOutput: (String) -> Void

    /// The loaded pipeline, if any.
    public private(set) var pipeline: Pipeline?
    /// The pipeline's built stages.
    public private(set) var stages: [BuiltStage] = []
    /// Parameter changes made with `set`, not yet saved to the pipeline file.
    public private(set) var edits: [ParameterOverride] = []
    /// Input paths given on the command line or with `open`, replacing the pipeline's `input:`.
    var inputPaths: [String]?
    /// The input items, listed on first use.
    var items: [SourceItem]?
    /// Index of the open item in `items`.
    public private(set) var current: Int?
    /// Per stage: the document after it ran.
    var results: [Document?] = []
    /// Per stage: where it stands.
    public private(set) var states: [StageState] = []
    /// Stage ids to stop before when running.
    public private(set) var breakpoints: Set<String> = []
    /// Index of the stage run last, for `diff`.
    var lastRun: Int?
    /// The target of a run stopped at a breakpoint (nil inside: to the outputs), for `continue`.
    var suspended: Int??
    /// Commands that failed so far.
    public private(set) var failures = 0
    /// Whether ^C was pressed since the last call (polled while a stage runs).
    public var interruptRequested: () -> Bool = { replInterrupt.exchange(false, ordering: .relaxed) }
    /// Set by `quit`.
    public var quitRequested = false

    /// Creates a session; output goes to stdout and errors to stderr unless replaced.
    public init(registry: StageRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                color: Bool = false, width: Int = 120) {
        self.registry = registry
        self.environment = environment
        self.color = color
        self.width = width
        self.output = { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        self.errorOutput = { text in FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    // MARK: Output

    func say(_ text: String) { output(text) }

    func sayError(_ text: String) { errorOutput(text) }

    /// Counts a failed command and prints its one-line message.
    func fail(_ message: String) {
        failures += 1
        sayError(color ? "\u{1B}[31merror:\u{1B}[0m \(message)" : "error: \(message)")
    }

    // MARK: Pipeline

    /// Index of the next stage to run: the first that is not done.
    public var position: Int { states.firstIndex { $0 != .done } ?? states.count }

    /// The open document as the stages run so far left it.
    public var document: Document? { position > 0 ? results[position - 1] : nil }

    /// Loads a pipeline file; on errors prints the diagnostics and keeps the current pipeline.
    @discardableResult
    public func load(_ file: String) -> Bool {
        let registry = registryFor?(file) ?? self.registry
        let loader = PipelineLoader(registry: registry, environment: environment)
        let sameFile = file == pipeline?.file
        var loaded: Pipeline
        do {
            loaded = try loader.load(file: file)
        } catch {
            failures += 1
            for d in error.diagnostics { sayError(d.rendered(color: color)) }
            if pipeline != nil { sayError("keeping the pipeline loaded before") }
            return false
        }
        // Unsaved `set` changes stay applied across a reload when the stage and parameter still exist.
        var kept: [ParameterOverride] = [], dropped: [String] = []
        for edit in sameFile ? edits : [] {
            if let with = try? loader.load(file: file, overrides: kept + [edit]) {
                kept.append(edit)
                loaded = with
            } else {
                dropped.append("\(edit.stage).\(edit.parameter)")
            }
        }
        let built: [BuiltStage]
        do { built = try BuiltStage.build(loaded, registry: registry) } catch {
            failures += 1
            for d in error.diagnostics { sayError(d.rendered(color: color)) }
            if pipeline != nil { sayError("keeping the pipeline loaded before") }
            return false
        }
        edits = kept
        self.registry = registry
        install(loaded, built)
        if !kept.isEmpty { say("unsaved changes kept: " + kept.map { "\($0.stage).\($0.parameter)" }.joined(separator: ", ")) }
        if !dropped.isEmpty { say("unsaved changes dropped (no longer apply): " + dropped.joined(separator: ", ")) }
        return true
    }

    /// Replaces the pipeline, keeping results of the leading stages whose id, type and parameters did not change.
    func install(_ loaded: Pipeline, _ built: [BuiltStage]) {
        let old = stages, oldStates = states, oldResults = results
        // A different `input:` (when INPUT did not replace it) means other documents: no result is kept.
        let newDocuments = pipeline?.input != loaded.input && inputPaths == nil
        pipeline = loaded
        stages = built
        breakpoints = breakpoints.filter { id in built.contains { $0.id == id } }
        if newDocuments { items = nil; current = nil }
        results = Array(repeating: nil, count: built.count)
        states = Array(repeating: .pending, count: built.count)
        lastRun = nil
        var kept: [String] = [], stale: [String] = []
        var keeping = !newDocuments
        for (i, stage) in built.enumerated() {
            let before = i < old.count ? old[i] : nil
            let same = before.map { $0.id == stage.id && $0.spec.type == stage.spec.type && $0.spec.parameters == stage.spec.parameters } ?? false
            let wasDone = i < oldStates.count && oldStates[i] == .done
            if keeping && same && wasDone {
                results[i] = oldResults[i]
                states[i] = .done
                kept.append(stage.id)
                lastRun = i
            } else {
                keeping = false
                if !newDocuments, let oldIndex = old.firstIndex(where: { $0.id == stage.id }), oldStates[oldIndex] == .done || oldStates[oldIndex] == .stale {
                    states[i] = .stale
                    stale.append(stage.id)
                }
            }
        }
        var line = "pipeline '\(loaded.name)': \(built.count) stages: \(built.map(\.id).joined(separator: " → "))"
        if !old.isEmpty {
            line += "\nkept results of \(kept.isEmpty ? "no stages" : kept.joined(separator: ", "))"
            if !stale.isEmpty { line += "; stale: \(stale.joined(separator: ", "))" }
        }
        say(line)
    }

    /// The loaded pipeline, or an error saying to load one.
    func requirePipeline() throws(ReplError) -> Pipeline {
        guard let pipeline else { throw ReplError("no pipeline loaded; use 'load PIPELINE'") }
        return pipeline
    }

    /// The index of a stage id, with "did you mean" when it is unknown.
    func stageIndex(_ id: String) throws(ReplError) -> Int {
        _ = try requirePipeline()
        if let i = stages.firstIndex(where: { $0.id == id }) { return i }
        if let n = Int(id), n >= 1, n <= stages.count { return n - 1 }
        let hint = closestMatch(to: id, in: stages.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
        throw ReplError("no stage '\(id)'\(hint) (stages: \(stages.map(\.id).joined(separator: ", ")))")
    }

    // MARK: Documents

    /// The selection the documents come from.
    func selection() throws(ReplError) -> InputSelection {
        let pipeline = try requirePipeline()
        if let inputPaths {
            return InputSelection(paths: inputPaths, include: pipeline.input?.include ?? [], exclude: pipeline.input?.exclude ?? [])
        }
        guard let input = pipeline.input else { throw ReplError("no input: give INPUT to 'galley repl', or 'open PATH'") }
        return input
    }

    /// The input items, enumerated once.
    func inputItems() throws(ReplError) -> [SourceItem] {
        if let items { return items }
        guard let source = stages.first.flatMap({ stage -> (any SourceStage)? in
            if case .source(let s) = stage.instance { return s }
            return nil
        }) else { throw ReplError("the pipeline has no source stage") }
        let selection = try selection()
        var found: [SourceItem] = []
        do {
            try source.enumerate(selection) { item in
                found.append(item)
                return found.count < 100_000
            }
        } catch {
            throw ReplError("cannot list the input: \(error)")
        }
        items = found
        return found
    }

    /// Opens input item `index`, resetting every stage to pending.
    func openItem(_ index: Int) throws(ReplError) {
        let items = try inputItems()
        guard items.indices.contains(index) else {
            throw ReplError(items.isEmpty ? "the input holds no documents" : "no document \(index + 1); there are \(items.count)")
        }
        current = index
        resetDocument()
        say("document \(index + 1)/\(items.count): \(Self.display(items[index]))")
    }

    /// An item's path, with `:line` for a line of a JSON-lines file.
    static func display(_ item: SourceItem) -> String {
        item.line.map { "\(item.path):\($0)" } ?? item.path
    }

    /// Forgets every stage's result for the open document.
    func resetDocument() {
        suspended = nil
        results = Array(repeating: nil, count: stages.count)
        states = Array(repeating: .pending, count: stages.count)
        lastRun = nil
    }

    /// Opens a document by number (from `docs`) or path; a path outside the input becomes the input.
    public func open(_ target: String) throws(ReplError) {
        _ = try requirePipeline()
        if let n = Int(target) { return try openItem(n - 1) }
        let standard = URL(fileURLWithPath: target).standardized.path
        if let items = try? inputItems(),
           let i = items.firstIndex(where: { $0.path == target || URL(fileURLWithPath: $0.path).standardized.path == standard }) {
            return try openItem(i)
        }
        guard FileManager.default.fileExists(atPath: target) else { throw ReplError("no such file or folder '\(target)'") }
        inputPaths = [target]
        items = nil
        try openItem(0)
    }

    /// Makes a file or folder the input (as INPUT does for `galley repl`) and opens its first document.
    public func useInput(_ path: String) throws(ReplError) {
        _ = try requirePipeline()
        guard FileManager.default.fileExists(atPath: path) else { throw ReplError("no such file or folder '\(path)'") }
        inputPaths = [path]
        items = nil
        try openItem(0)
    }

    // MARK: Running

    /// Runs stage `index` on the document the earlier stages produced; prints the step line.
    func runStage(_ index: Int) throws(ReplError) {
        let stage = stages[index]
        let limits = pipeline?.limits ?? PipelineLimits()
        let label = "[\(index + 1)/\(stages.count)]"
        if index == 0 {
            if current == nil { try openItemQuietly() }
            guard let current, case .source(let source) = stage.instance else { throw ReplError("the first stage is not a source") }
            let item = try inputItems()[current]
            let started = DispatchTime.now().uptimeNanoseconds
            let loaded: [Result<Document, DocumentError>]
            do { loaded = try interruptibly(stage) { () throws(DocumentError) in source.load(item) } } catch {
                states[index] = .failed(error.message)
                throw ReplError("\(stage.id) failed: \(error.message)")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            switch loaded.first {
            case .success(var doc)?:
                doc.inspecting = true
                doc.trace = [TraceEntry(stage: stage.id, seconds: seconds, fieldsAdded: Array(doc.fields.keys), warnings: doc.pendingWarnings)]
                doc.pendingWarnings = []
                finish(index, doc)
                var line = "\(label) \(doc.trace[0].summary)"
                if loaded.count > 1 { line += " (the item holds \(loaded.count) documents; this is the first)" }
                say(line)
            case .failure(let e)?:
                states[index] = .failed(e.message)
                throw ReplError("\(stage.id) failed: \(e.message)")
            case nil:
                states[index] = .failed("no document")
                throw ReplError("\(stage.id) failed: \(item.path) holds no document")
            }
            return
        }
        guard var doc = results[index - 1] else { throw ReplError("stage '\(stages[index - 1].id)' has not run") }
        do {
            if case .sink(let sink) = stage.instance {
                do { try sink.open(resume: false) } catch { throw DocumentError(path: doc.source.path, stage: stage.id, message: "\(error)") }
                do {
                    try stage.apply(to: &doc, limits: limits)
                    try sink.finish()
                } catch let e as DocumentError {
                    sink.abort()
                    throw e
                } catch {
                    sink.abort()
                    throw DocumentError(path: doc.source.path, stage: stage.id, message: "\(error)")
                }
            } else {
                doc = try interruptibly(stage) { [doc] () throws(DocumentError) -> Document in
                    var d = doc
                    try stage.apply(to: &d, limits: limits)
                    return d
                }
            }
        } catch let e as DocumentError {
            states[index] = .failed(e.message)
            lastRun = index
            throw ReplError("\(stage.id) failed: \(e.message)")
        } catch {
            states[index] = .failed("\(error)")
            throw ReplError("\(stage.id) failed: \(error)")
        }
        finish(index, doc)
        var line = "\(label) \(doc.trace.last?.summary ?? stage.id)"
        if stage.type.kind == .sink, let path = stage.spec.parameters.string("path") { line += " → wrote \(path)" }
        say(line)
    }

    /// Runs `work` on its own thread and waits; ^C abandons it (its result is dropped) and throws "interrupted". A
    /// plugin stage's call is cancelled (its process stopped), so that the next run does not wait behind it.
    func interruptibly<T: Sendable>(_ built: BuiltStage, _ work: @escaping @Sendable () throws(DocumentError) -> T) throws(DocumentError) -> T {
        let stage = built.id
        let finished = DispatchSemaphore(value: 0)
        let box = OutcomeBox<T>()
        let thread = Thread {
            let result: Result<T, DocumentError>
            do throws(DocumentError) { result = .success(try work()) } catch { result = .failure(error) }
            box.store(result)
            finished.signal()
        }
        thread.stackSize = 1 << 23
        thread.start()
        while finished.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if interruptRequested() {
                built.instance.interrupt(refusingNewCalls: false)
                if interactive { say("") }
                throw DocumentError(path: "", stage: stage, message: "interrupted (^C); the stage's result is dropped")
            }
        }
        return try box.take()!.get()
    }

    private func openItemQuietly() throws(ReplError) {
        let items = try inputItems()
        guard !items.isEmpty else { throw ReplError("the input holds no documents") }
        current = 0
    }

    private func finish(_ index: Int, _ doc: Document) {
        results[index] = doc
        states[index] = .done
        lastRun = index
    }

    /// Runs the next stage.
    public func step() throws(ReplError) {
        _ = try requirePipeline()
        let p = position
        guard p < stages.count else { throw ReplError("every stage has run; 'back', 'set' or 'next' to go on") }
        try runStage(p)
    }

    /// Runs the stale and pending stages through `target` (default: every stage but the sinks), stopping at breakpoints.
    public func run(through target: Int? = nil) throws(ReplError) {
        _ = try requirePipeline()
        let start = position
        if let target, target < start {
            say("'\(stages[target].id)' has already run; 'set' a parameter or 'back' to run it again")
            return
        }
        _ = interruptRequested()  // a ^C pressed before this run does not stop it
        suspended = nil
        var index = start
        while index < stages.count {
            if let target, index > target { break }
            let stage = stages[index]
            if target == nil && stage.type.kind == .sink {
                let rest = stages[index...].filter { $0.type.kind == .sink }.map(\.id)
                say("stopped before output \(rest.map { "'\($0)'" }.joined(separator: ", ")): outputs run only when named ('step' or 'run \(stage.id)')")
                return
            }
            if index != start && breakpoints.contains(stage.id) {
                suspended = .some(target)
                say("breakpoint: stopped before '\(stage.id)' ('continue' to go on)")
                return
            }
            if interruptRequested() {
                throw ReplError("interrupted before '\(stage.id)'")
            }
            try runStage(index)
            index += 1
        }
        if index == start { say("nothing to run: every stage up to here is done") }
    }

    /// Runs on to the next breakpoint; at the end of a document, opens the next one and runs it.
    public func continueRun() throws(ReplError) {
        _ = try requirePipeline()
        if let target = suspended, position < stages.count, breakpoints.contains(stages[position].id) {
            return try run(through: target)
        }
        let end = stages.lastIndex { $0.type.kind != .sink } ?? 0
        if position > end {
            let items = try inputItems()
            let next = (current ?? -1) + 1
            guard next < items.count else { throw ReplError("no more documents (\(items.count) in the input)") }
            try openItem(next)
        }
        try run()
    }

    /// Undoes the last stage run.
    public func back() throws(ReplError) {
        _ = try requirePipeline()
        let p = position
        guard p > 0 else { throw ReplError("nothing to undo: no stage has run") }
        results[p - 1] = nil
        states[p - 1] = .pending
        lastRun = p >= 2 ? p - 2 : nil
        say("undid '\(stages[p - 1].id)'; next: \(stages[p - 1].id)")
    }

    // MARK: Parameters

    /// Changes one parameter (checked against the schema) and marks that stage and every later one stale.
    public func set(_ key: String, _ text: String) throws(ReplError) {
        let pipeline = try requirePipeline()
        guard let dot = key.lastIndex(of: "."), dot != key.startIndex, key.index(after: dot) != key.endIndex else {
            throw ReplError("expected STAGE.PARAM VALUE, got '\(key)'")
        }
        let index = try stageIndex(String(key[..<dot]))
        let name = String(key[key.index(after: dot)...])
        var stage = stages[index]
        guard let spec = stage.type.parameter(name) else {
            let names = stage.type.parameters.map(\.name)
            let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ReplError("'\(stage.type.name)' has no parameter '\(name)'\(hint)" + (names.isEmpty ? "" : " (parameters: \(names.joined(separator: ", ")))"))
        }
        let value = try Self.parseValue(text)
        let coerced: Value
        switch spec.check(value) {
        case .success(let v): coerced = v
        case .failure(.wrongType): throw ReplError("\(stage.id).\(name) expects \(spec.type), got \(value.typeName) '\(value)'")
        case .failure(let problem): throw ReplError("\(stage.id).\(name) \(problem.message)")
        }
        let old = stage.spec.parameters[name]
        stage.spec.parameters.values[name] = coerced
        stage.spec.written[name] = value
        do {
            let config = StageConfig(id: stage.id, type: stage.type.name, parameters: stage.spec.parameters, pipelineDirectory: pipeline.directory)
            stage.instance = try stage.type.make(config)
        } catch {
            throw ReplError("stage '\(stage.id)' cannot start with \(name) = \(coerced.jsonString): \(error)")
        }
        stages[index] = stage
        var updated = pipeline
        updated.stages[index] = stage.spec
        self.pipeline = updated
        edits.removeAll { $0.stage == stage.id && $0.parameter == name }
        edits.append(ParameterOverride(stage: stage.id, parameter: name, value: value))
        var stale: [String] = []
        for i in index..<states.count where states[i] != .pending {
            states[i] = .stale
            stale.append(stages[i].id)
        }
        let was = old.map { " (was \($0.jsonString))" } ?? ""
        say("\(stage.id).\(name) = \(coerced.jsonString)\(was); stale: \(stale.isEmpty ? "none" : stale.joined(separator: ", "))")
    }

    /// A `set` value read as YAML: a plain scalar like `--set`, or a flow list or mapping (`[a, b]`, `{k: v}`).
    static func parseValue(_ text: String) throws(ReplError) -> Value {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("[") || t.hasPrefix("{") else { return YAMLScalar.value(of: text) }
        let node: Node?
        do { node = try Yams.compose(yaml: t) } catch { throw ReplError("cannot read '\(t)' as YAML: \(error)") }
        func convert(_ node: Node) -> Value {
            switch node {
            case .scalar(let s): return YAMLScalar.value(of: s.string, plain: s.style == .plain || s.style == .any)
            case .sequence(let seq): return .array(seq.map(convert))
            case .mapping(let m):
                var o = OrderedDictionary<String, Value>()
                for (k, v) in m { o[k.string ?? "\(k)"] = convert(v) }
                return .object(o)
            case .alias: return .null
            }
        }
        return node.map(convert) ?? .null
    }

    /// Toggles a breakpoint before a stage; with no stage, lists them.
    public func toggleBreakpoint(_ id: String?) throws(ReplError) {
        guard let id else {
            say(breakpoints.isEmpty ? "no breakpoints" : "breakpoints before: " + stages.map(\.id).filter(breakpoints.contains).joined(separator: ", "))
            return
        }
        let stage = stages[try stageIndex(id)]
        if breakpoints.remove(stage.id) != nil {
            say("breakpoint before '\(stage.id)' removed")
        } else {
            breakpoints.insert(stage.id)
            say("breakpoint before '\(stage.id)'")
        }
    }

    /// Writes the pipeline with the changed parameters (to its own file unless `path` is given).
    public func save(to path: String?) throws(ReplError) {
        let pipeline = try requirePipeline()
        let target = path ?? pipeline.file
        let text: String
        do { text = try PipelineEditor.apply(edits, to: pipeline.yaml, stages: stages.map(\.spec)) } catch { throw error }
        do { try Self.write(text, to: target) } catch {
            throw ReplError("\(error) (the changes are kept; 'save PATH' writes elsewhere)")
        }
        let count = edits.count
        say("wrote \(target) (\(count) changed parameter\(count == 1 ? "" : "s"))")
        if target == pipeline.file || URL(fileURLWithPath: target).standardized.path == URL(fileURLWithPath: pipeline.file).standardized.path {
            var updated = pipeline
            updated.yaml = text
            self.pipeline = updated
            edits = []
        }
    }

    /// Writes a text file as the outputs are written (`OutputPath`'s rules: only over a regular file, keeping its
    /// mode; atomically), making its folder when it is missing.
    static func write(_ text: String, to path: String) throws {
        let file = try AtomicFile(path: path)
        do {
            try file.append(Array(text.utf8))
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Writes the open document as pretty-printed JSON.
    public func export(to path: String) throws(ReplError) {
        guard let doc = document else { throw ReplError("no document yet: 'step' or 'run' first") }
        let text = Render.prettyJSON(DocumentJSON.object(doc)) + "\n"
        do { try Self.write(text, to: path) } catch {
            throw ReplError("\(error)")
        }
        say("wrote \(path) (\(text.utf8.count) bytes)")
    }
}
