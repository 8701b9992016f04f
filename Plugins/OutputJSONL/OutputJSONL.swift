import Foundation
import GalleyCore
import Synchronization

/// The `output.jsonl` stage: one JSON object per document per line, replaced atomically when the run ends.
public final class OutputJSONL: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.jsonl", kind: .sink,
            summary: "Write one JSON object per document per line (keys per the export schema); '-' writes to stdout",
            parameters: [
                ParameterSpec("path", .string, required: true, output: .file, doc: "output file, relative to the working directory; '-' for stdout"),
                ParameterSpec("trace", .boolean, default: false, doc: "add each document's per-stage trace under 'trace'"),
            ],
            make: { config in .sink(OutputJSONL(config: config)) }),
    ]

    let path: String
    let includeTrace: Bool
    private struct State {
        var file: AtomicFile?
        var written = Set<String>()
    }
    private let state = Mutex(State())

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        path = config.parameters.string("path") ?? "out.jsonl"
        includeTrace = config.parameters.bool("trace") ?? false
    }

    public func open(resume: Bool) throws {
        guard path != "-" else { return }
        let file = try AtomicFile(path: path, keepExisting: resume, lock: true)
        let existing = resume ? AtomicFile.jsonlIDs(at: path) : []
        state.withLock { $0.file = file; $0.written = existing }
    }

    public var resumable: Bool { path != "-" }

    public var readsExport: Bool { !includeTrace }

    public func existingIDs() throws -> Set<String> {
        path == "-" ? [] : AtomicFile.jsonlIDs(at: path)
    }

    public func write(_ document: Document) throws {
        var line: [UInt8]
        if includeTrace {
            var w = JSONWriter()
            w.write(DocumentJSON.object(document, includeTrace: true))
            line = w.bytes
        } else {
            // Straight from the document, without the `Value` tree (the same bytes).
            line = DocumentJSONWriter.export(document)
        }
        line.append(0x0A)
        if path == "-" {
            try FileHandle.standardOutput.write(contentsOf: line)
            return
        }
        try state.withLock { s in
            // Idempotent: a document id already written is not written again.
            guard s.written.insert(document.id).inserted else { return }
            try s.file?.append(line)
        }
    }

    public func checkpoint() throws {
        try state.withLock { $0.file }?.checkpoint()
    }

    public func finish() throws {
        let file = state.withLock { $0.file }
        try file?.commit()
    }

    public func abort() {
        state.withLock { $0.file }?.discard()
    }
}
