import Dispatch
import Foundation
import OrderedCollections
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs one external (process) plugin: starts it lazily, sends documents to it, restarts it after a crash, stops it at the end.
///
/// Thread-safe: the runner's workers call `process` concurrently; each call is one pipelined request, spread over
/// `concurrency` processes by how many requests each has in flight.
public final class PluginHost: Sendable {
    /// The plugin's manifest.
    public let manifest: PluginManifest
    /// Consecutive crashes tolerated; one more and the plugin's stages fail every document.
    public static let maxRestarts = 3
    /// Backoff before the first restart, doubled for each further consecutive one.
    public static let firstBackoff = 0.1

    private let output: @Sendable (String) -> Void
    private let slots: Mutex<Slots>
    private let starting = Mutex<Void>(())
    private let tail = Mutex<[String]>([])
    private let nextID = Atomic<Int>(1)

    private struct Slots {
        var connections: [PluginConnection?]
        var crashes = 0
        var dead: String?
        var stopped = false
        /// Set by `interrupt(refusingNewCalls: true)`: calls fail at once until `resumeCalls()`.
        var refusing = false
    }

    /// Creates a host; nothing starts until the first document (or `start()`). `log` receives stderr lines prefixed with the name.
    public convenience init(manifest: PluginManifest, log: (@Sendable (String) -> Void)? = nil) {
        self.init(manifest: manifest, log: log, maxLineBytes: PluginConnection.defaultMaxLineBytes)
    }

    /// Longest stdout line accepted from the plugin.
    let maxLineBytes: Int

    init(manifest: PluginManifest, log: (@Sendable (String) -> Void)?, maxLineBytes: Int) {
        self.manifest = manifest
        self.maxLineBytes = maxLineBytes
        self.output = log ?? { line in
            if let log = PluginProcesses.log { log(line); return }
            let bytes = Array((line + "\n").utf8)
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { if errno == EINTR { continue }; break }
                    offset += n
                }
            }
        }
        self.slots = Mutex(Slots(connections: Array(repeating: nil, count: max(1, manifest.concurrency))))
    }

    /// The last lines the plugin wrote to stderr (up to 10).
    public var lastStderrLines: [String] { tail.withLock { $0 } }

    /// Pids of this plugin's running processes.
    public var runningPIDs: [Int32] {
        slots.withLock { $0.connections.compactMap { c in c.flatMap { $0.hasExited ? nil : $0.pid } } }
    }

    /// Requests sent to the processes and not answered yet.
    var pendingRequests: Int {
        slots.withLock { $0.connections.compactMap { $0 } }.reduce(0) { $0 + $1.pendingCount }
    }

    /// Starts every process now and checks the handshake; returns the seconds it took.
    @discardableResult
    public func start() throws -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        for i in 0..<max(1, manifest.concurrency) { _ = try connection(slot: i) }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// Starts the processes in the background (a pipeline using the plugin was just built), so that the program's own
    /// start-up overlaps galley's reading of the first documents; failures surface on the first document.
    public func prestart() {
        guard PluginProcesses.startEarly else { return }
        let idle = slots.withLock { s in s.dead == nil && s.connections.contains { $0 == nil } }
        guard idle else { return }
        let thread = Thread { [self] in
            for i in 0..<max(1, manifest.concurrency) { _ = try? connection(slot: i) }
        }
        thread.name = "plugin \(manifest.name) start"
        thread.start()
    }

    /// Stops every process in order (close stdin, wait, SIGTERM, SIGKILL); a later document starts them again.
    public func shutdown(grace: Double = 2) {
        let connections = slots.withLock { s -> [PluginConnection] in
            defer { s.connections = Array(repeating: nil, count: s.connections.count) }
            return s.connections.compactMap { $0 }
        }
        PluginConnection.shutdown(connections, grace: grace)
    }

    /// Cancels the calls in flight: their documents fail with "interrupted" at once, and the processes are killed
    /// (with their descendants). With `refusingNewCalls`, later calls fail the same way until `resumeCalls()` (a run
    /// that is stopping); without, the next call starts the plugin again (the REPL after ^C).
    public func interrupt(refusingNewCalls: Bool) {
        let connections = slots.withLock { s -> [PluginConnection] in
            if refusingNewCalls { s.refusing = true }
            return s.connections.compactMap { $0 }
        }
        for c in connections { c.cancel() }
    }

    /// Takes calls again after `interrupt(refusingNewCalls: true)`.
    public func resumeCalls() { slots.withLock { $0.refusing = false } }

    private var interruptedMessage: String {
        "interrupted: galley was asked to stop while plugin '\(manifest.name)' worked on this document (the plugin was stopped)"
    }

    /// The stage types the manifest declares, each sending documents to this host.
    public func stageTypes() -> [StageType] {
        manifest.stages.map { stage in
            StageType(name: stage.name, kind: .transform, summary: stage.summary, parameters: stage.parameters, origin: manifest.name) { [self] config in
                prestart()
                return .transform(PluginStage(host: self, stage: stage.name, parameters: config.parameters))
            }
        }
    }

    /// Sends a document to the plugin for `stage` and adds the fields and annotations it answers with.
    public func process(_ document: inout Document, stage: String, parameters: [UInt8]) throws {
        let name = manifest.name
        for _ in 0..<4 {
            if slots.withLock({ $0.refusing }) { throw StageFailure(interruptedMessage) }
            let connection = try acquire()
            let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
            let line = Self.request(id: id, stage: stage, parameters: parameters, document: document)
            switch connection.request(id: id, document: document.id, line: line, timeout: manifest.timeout) {
            case .response(let object):
                slots.withLock { $0.crashes = 0 }
                try apply(object, to: &document)
                return
            case .failed(let message):
                throw StageFailure("plugin '\(name)' \(message)")
            case .crashed(let how):
                throw StageFailure("plugin '\(name)' \(how) while processing this document\(stderrSuffix()); it will be restarted")
            case .timedOut:
                throw StageFailure(String(format: "plugin '\(name)' did not answer within %g s (its timeout); it was stopped and will be restarted",
                                          manifest.timeout))
            case .cancelled:
                throw StageFailure(interruptedMessage)
            case .lost:
                continue
            }
        }
        throw StageFailure("plugin '\(name)' kept stopping before it could answer\(stderrSuffix())")
    }

    /// The request line for one document.
    static func request(id: Int, stage: String, parameters: [UInt8], document: Document) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"id\":")
        w.writeInt(id)
        w.raw(",\"type\":\"process\",\"stage\":")
        w.writeString(stage)
        w.raw(",\"params\":")
        w.bytes += parameters
        w.raw(",\"document\":")
        w.write(DocumentJSON.object(document))
        w.raw("}\n")
        return w.bytes
    }

    /// Keys of the export a response may not set: they belong to ingestion and the runner.
    public static let reservedFields: Set<String> = ["id", "source", "text", "errors", "trace"]

    /// Checks a response and applies it: fields set, annotations added (within `text`), warnings recorded; all or nothing.
    func apply(_ object: OrderedDictionary<String, Value>, to document: inout Document) throws {
        let name = manifest.name
        if let error = object["error"] {
            throw StageFailure("plugin '\(name)' reported an error: \(error.stringValue ?? error.jsonString)")
        }
        var fields = OrderedDictionary<String, Value>()
        if let f = object["fields"], !f.isNull {
            guard case .object(let o) = f else { throw StageFailure("plugin '\(name)' answered with \"fields\" that is a \(f.typeName), not an object") }
            for (k, v) in o {
                if Self.reservedFields.contains(k) {
                    throw StageFailure("plugin '\(name)' tried to set '\(k)'; responses may only add fields and annotations")
                }
                if let old = document.fields[k], old != v {
                    throw StageFailure("plugin '\(name)' tried to replace the field '\(k)' set by an earlier stage; responses may only add fields and annotations")
                }
                fields[k] = v
            }
        }
        var added: [Annotation] = []
        if let a = object["annotations"], !a.isNull {
            guard case .array(let items) = a else {
                throw StageFailure("plugin '\(name)' answered with \"annotations\" that is a \(a.typeName), not a list")
            }
            var scalarCount: Int?
            for (i, item) in items.enumerated() {
                guard case .object(var o) = item, let kind = o["kind"]?.stringValue, !kind.isEmpty,
                      let start = o["start"]?.intValue, let end = o["end"]?.intValue
                else {
                    throw StageFailure("plugin '\(name)' answered with annotation \(i) that lacks a string \"kind\" and integer \"start\" and \"end\": \(item.jsonString.prefix(200))")
                }
                if Self.reservedFields.contains(kind) {
                    throw StageFailure("plugin '\(name)' answered with annotation kind '\(kind)', which is reserved")
                }
                let count = scalarCount ?? document.text.unicodeScalars.count
                scalarCount = count
                guard start >= 0, end >= start, end <= count else {
                    throw StageFailure("plugin '\(name)' answered with annotation \(i) ('\(kind)' \(start)..<\(end)) outside the text, which has \(count) characters (Unicode scalars); annotation spans must lie within text")
                }
                o.removeValue(forKey: "kind"); o.removeValue(forKey: "start"); o.removeValue(forKey: "end")
                added.append(Annotation(kind: kind, start: start, end: end, attributes: o))
            }
        }
        // Fields and annotation kinds share the export's keys: a field named like annotations would hide them.
        let kinds = Set(document.annotations.map(\.kind)).union(added.map(\.kind))
        if let clash = fields.keys.first(where: { kinds.contains($0) }) {
            throw StageFailure("plugin '\(name)' answered with the field '\(clash)', the name of the document's '\(clash)' annotations; the export would hide them (give the field another name)")
        }
        if let clash = added.first(where: { document.fields[$0.kind] != nil })?.kind {
            throw StageFailure("plugin '\(name)' answered with annotations of kind '\(clash)', the name of a field of the document; the export would hide one of them (give the annotations another kind)")
        }
        for (k, v) in fields { document.fields[k] = v }
        for a in added { guard document.addAnnotation(a) else { break } }
        if let w = object["warnings"]?.arrayValue {
            for message in w { document.warn(message.stringValue ?? message.jsonString) }
        }
    }

    private func stderrSuffix() -> String {
        let lines = lastStderrLines.suffix(5)
        return lines.isEmpty ? " (it wrote nothing to stderr)" : "; its last stderr lines: " + lines.joined(separator: " | ")
    }

    /// The connection with the fewest requests in flight, starting or restarting processes as needed.
    private func acquire() throws -> PluginConnection {
        let ready = slots.withLock { s -> PluginConnection? in
            var best: PluginConnection?
            var bestLoad = Int.max
            for c in s.connections {
                guard let c, !c.hasExited else { return nil }
                let load = c.pendingCount
                if load < bestLoad { best = c; bestLoad = load }
            }
            return best
        }
        if let ready { return ready }
        let count = slots.withLock { $0.connections.count }
        var chosen: PluginConnection?
        for i in 0..<count {
            let c = try connection(slot: i)
            if chosen == nil || c.pendingCount < chosen!.pendingCount { chosen = c }
        }
        return chosen!
    }

    /// The live connection in a slot, started (after a backoff when it crashed before) if it is not running.
    private func connection(slot i: Int) throws -> PluginConnection {
        try starting.withLock { _ in
            while true {
                let (current, dead) = slots.withLock { s in (s.connections[i], s.dead) }
                if let dead { throw StageFailure(dead) }
                if let current, !current.hasExited { return current }
                var backoff = 0.0
                if let current, !current.wasCancelled, let how = current.exitDescription {
                    let crashes = slots.withLock { s -> Int in s.crashes += 1; return s.crashes }
                    if crashes > Self.maxRestarts {
                        let message = "plugin '\(manifest.name)' stopped \(crashes) times in a row (last: \(how)); giving up on it\(stderrSuffix())"
                        slots.withLock { $0.dead = message }
                        throw StageFailure(message)
                    }
                    backoff = Self.firstBackoff * Double(1 << (crashes - 1))
                    output("[\(manifest.name)] \(how); restarting it (\(crashes) of \(Self.maxRestarts)) in \(Int(backoff * 1000)) ms")
                }
                if backoff > 0 { usleep(UInt32(backoff * 1e6)) }
                do {
                    let c = try launch()
                    slots.withLock { $0.connections[i] = c }
                    return c
                } catch let failure as FatalStart {
                    slots.withLock { $0.dead = failure.message }
                    throw StageFailure(failure.message)
                } catch {
                    let crashes = slots.withLock { s -> Int in s.crashes += 1; return s.crashes }
                    if crashes > Self.maxRestarts {
                        let message = "\(error) (failed \(crashes) times in a row; giving up on it)"
                        slots.withLock { $0.dead = message }
                        throw StageFailure(message)
                    }
                    let wait = Self.firstBackoff * Double(1 << (crashes - 1))
                    output("[\(manifest.name)] \(error); retrying in \(Int(wait * 1000)) ms")
                    usleep(UInt32(wait * 1e6))
                }
            }
        }
    }

    private struct FatalStart: Error { var message: String }

    /// Starts one process and performs the handshake.
    private func launch() throws -> PluginConnection {
        let name = manifest.name
        let connection: PluginConnection
        do {
            connection = try PluginConnection(name: name, command: manifest.command, directory: manifest.directory,
                                              maxLineBytes: maxLineBytes) { [self] line in
                tail.withLock { t in
                    t.append(line)
                    if t.count > 10 { t.removeFirst(t.count - 10) }
                }
                output("[\(name)] \(line)")
            }
        } catch {
            throw FatalStart(message: "plugin '\(name)' cannot start: \(error)")
        }
        var hello = JSONWriter()
        hello.write(.object(["galley": .int(ManifestLoader.protocolVersion), "type": "hello", "plugin": .string(name),
                             "stages": .array(manifest.stages.map { .string($0.name) })]))
        hello.bytes.append(0x0A)
        switch connection.handshake(hello.bytes, timeout: manifest.startTimeout) {
        case .response(let answer):
            if let error = answer["error"] {
                PluginConnection.shutdown([connection], grace: 0.5)
                throw FatalStart(message: "plugin '\(name)' refused the handshake: \(error.stringValue ?? error.jsonString)")
            }
            guard let version = answer["protocol"]?.intValue else {
                PluginConnection.shutdown([connection], grace: 0.5)
                throw FatalStart(message: "plugin '\(name)' answered the handshake without a \"protocol\" version: \(Value.object(answer).jsonString.prefix(200))")
            }
            if version != ManifestLoader.protocolVersion {
                PluginConnection.shutdown([connection], grace: 0.5)
                throw FatalStart(message: "plugin '\(name)' speaks protocol \(version), but this galley speaks protocol \(ManifestLoader.protocolVersion); update the plugin (see docs/plugin-protocol.md)")
            }
            let offered = answer["stages"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let missing = manifest.stages.first(where: { !offered.contains($0.name) }) {
                PluginConnection.shutdown([connection], grace: 0.5)
                throw FatalStart(message: "plugin '\(name)' does not offer stage '\(missing.name)' declared in its manifest (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: ", ")))")
            }
            return connection
        case .failed(let message), .crashed(let message), .lost(let message):
            PluginConnection.shutdown([connection], grace: 0.2)
            throw StageFailure("plugin '\(name)' \(message)\(stderrSuffix())")
        case .timedOut, .cancelled:
            PluginConnection.shutdown([connection], grace: 0.2)
            throw StageFailure("plugin '\(name)' did not answer the handshake")
        }
    }
}

/// A pipeline stage served by an external plugin.
struct PluginStage: TransformStage {
    let host: PluginHost
    let stage: String
    let parameters: [UInt8]

    init(host: PluginHost, stage: String, parameters: Parameters) {
        self.host = host
        self.stage = stage
        var w = JSONWriter()
        w.write(.object(parameters.values))
        self.parameters = w.bytes
    }

    func process(_ document: inout Document) throws {
        try host.process(&document, stage: stage, parameters: parameters)
    }
}

extension StageInstance {
    /// Cancels what the stage does for documents in flight, where it can: a plugin's calls fail at once and its
    /// process is stopped (see `PluginHost.interrupt`). Built-in stages run in galley's threads and cannot be stopped.
    public func interrupt(refusingNewCalls: Bool) {
        if case .transform(let t) = self, let p = t as? PluginStage { p.host.interrupt(refusingNewCalls: refusingNewCalls) }
    }

    /// Takes calls again after `interrupt(refusingNewCalls: true)`.
    public func resumeCalls() {
        if case .transform(let t) = self, let p = t as? PluginStage { p.host.resumeCalls() }
    }
}
