import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An output file that readers see either as it was before or complete: written to a temporary file
/// beside it and renamed into place on `commit()`.
public final class AtomicFile: Sendable {
    /// The final path.
    public let path: String
    /// The temporary file being written.
    public let temporaryPath: String
    private struct State {
        var fd: Int32
        var buffer: [UInt8] = []
        var done = false
    }
    private let state: Mutex<State>
    private static let flushThreshold = 1 << 18

    /// Opens a temporary file for `path`, creating missing folders; with `keepExisting`, starts from the current content.
    public init(path: String, keepExisting: Bool = false) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw StageFailure("cannot write '\(path)': it is a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw StageFailure("cannot create folder '\(dir)' for '\(path)': \(Self.reason(errno))")
        }
        temporaryPath = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StageFailure("cannot write '\(path)': \(Self.reason(errno))") }
        state = Mutex(State(fd: fd))
        if keepExisting, let existing = FileManager.default.contents(atPath: path) {
            var bytes = [UInt8](existing)
            // A file cut short by a crash of another writer keeps only its complete lines.
            if let last = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((last + 1)...) } else { bytes.removeAll() }
            try append(bytes)
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Appends bytes (buffered).
    public func append(_ bytes: [UInt8]) throws {
        try state.withLock { s in
            guard !s.done else { throw StageFailure("'\(path)' is already closed") }
            s.buffer.append(contentsOf: bytes)
            if s.buffer.count >= Self.flushThreshold { try flush(&s) }
        }
    }

    private func flush(_ s: inout State) throws {
        var offset = 0
        let fd = s.fd
        try s.buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StageFailure("cannot write '\(path)': \(Self.reason(errno))")
                }
                offset += n
            }
        }
        s.buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file into place.
    public func commit() throws {
        try state.withLock { s in
            guard !s.done else { return }
            s.done = true
            do {
                try flush(&s)
                if fsync(s.fd) != 0 && errno != EINVAL { throw StageFailure("cannot write '\(path)': \(Self.reason(errno))") }
            } catch {
                close(s.fd)
                unlink(temporaryPath)
                throw error
            }
            close(s.fd)
            if rename(temporaryPath, path) != 0 {
                let why = Self.reason(errno)
                unlink(temporaryPath)
                throw StageFailure("cannot move the finished output into '\(path)': \(why)")
            }
        }
    }

    /// Removes the temporary file, leaving `path` as it was.
    public func discard() {
        state.withLock { s in
            guard !s.done else { return }
            s.done = true
            close(s.fd)
            unlink(temporaryPath)
        }
    }

    /// Reads the `id` of each complete JSON-lines record in a file (empty when the file is missing).
    public static func jsonlIDs(at path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var ids = Set<String>()
        let bytes = [UInt8](data)
        var start = 0
        while let nl = bytes[start...].firstIndex(of: 0x0A) {
            if let v = try? JSONParser.parse(bytes[start..<nl]), let id = v["id"]?.stringValue { ids.insert(id) }
            start = nl + 1
        }
        return ids
    }
}

/// Writes failed documents to the dead-letter JSON-lines file: path, stage, error and the document as it was.
public final class DeadLetterWriter: Sendable {
    private let file: AtomicFile

    /// Opens the dead-letter file.
    public init(path: String, resume: Bool) throws { file = try AtomicFile(path: path, keepExisting: resume) }

    /// Appends one failure.
    public func write(_ error: DocumentError) {
        var w = JSONWriter()
        var record: [(String, Value)] = [("path", .string(error.path)), ("stage", .string(error.stage)), ("error", .string(error.message))]
        if let doc = error.document { record.append(("document", DocumentJSON.object(doc))) }
        w.write(.object(.init(uniqueKeysWithValues: record)))
        w.bytes.append(0x0A)
        try? file.append(w.bytes)
    }

    /// Makes the file visible.
    public func finish() throws { try file.commit() }
}

/// A stable (unseeded) 64-bit FNV-1a hash, for document ids and shards.
public enum StableHash {
    /// FNV-1a over bytes.
    public static func fnv1a64<C: Collection>(_ bytes: C, seed: UInt64 = 0xcbf29ce484222325) -> UInt64 where C.Element == UInt8 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    /// 16 lowercase hex digits.
    public static func hex(_ h: UInt64) -> String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
