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
    /// The run's lock on `path`, when it took one; released when the file is committed or discarded.
    private let lock: OutputLock?
    private static let flushThreshold = 1 << 18
    /// What was at `path` when the file was opened (nil: nothing), for checkpoints and the mode of the new file.
    private let previous: stat?
    /// The name a checkpoint is written under before it is renamed into place.
    private var checkpointPath: String { temporaryPath + "-checkpoint" }

    /// Opens a temporary file for `path`, creating missing folders; with `keepExisting`, starts from the current content.
    /// What may be at `path` is checked by `OutputPath.checkTarget` (a regular file, whose mode the new one keeps);
    /// with `lock`, an `OutputLock` is held until the file is committed or discarded.
    public init(path: String, keepExisting: Bool = false, lock: Bool = false) throws {
        self.path = path
        previous = try OutputPath.checkTarget(path)
        try OutputPath.makeFolder(for: path)
        self.lock = lock ? try OutputLock(for: path) : nil
        temporaryPath = OutputPath.sibling(of: path, suffix: ".tmp-\(getpid())")
        // What killed writers left beside the path (their pids are gone) is removed, whatever this writer does.
        Self.removeStaleTemporaries(for: path)
        let fd = open(temporaryPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StageFailure("cannot write '\(path)': \(Self.reason(errno))") }
        OutputPath.keep(previous, on: fd)
        state = Mutex(State(fd: fd))
        if keepExisting {
            do { try copyCompleteLines(from: path) } catch {
                discard()
                throw error
            }
        }
    }

    /// Copies the existing file into the temporary one in chunks, keeping only complete lines
    /// (a file cut short by a crash of another writer loses its partial last line).
    private func copyCompleteLines(from path: String) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            if errno == ENOENT { return }
            throw StageFailure("cannot read '\(path)' to resume: \(Self.reason(errno))")
        }
        defer { close(input) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var copied = 0
        var completeLength = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StageFailure("cannot read '\(path)' to resume: \(Self.reason(errno))")
            }
            if n == 0 { break }
            if let last = chunk[0..<n].lastIndex(of: 0x0A) { completeLength = copied + last + 1 }
            try append(Array(chunk[0..<n]))
            copied += n
        }
        try state.withLock { s in
            try flush(&s)
            if ftruncate(s.fd, off_t(completeLength)) != 0 { throw StageFailure("cannot write '\(self.path)': \(Self.reason(errno))") }
            lseek(s.fd, 0, SEEK_END)
        }
    }

    /// Removes temporary files left beside `path` by writers that no longer run (killed with SIGKILL, power loss).
    public static func removeStaleTemporaries(for path: String) {
        let (dir, name) = OutputPath.split(path)
        let prefix = "." + name + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            // `.NAME.tmp-PID` and its checkpoint `.NAME.tmp-PID-checkpoint`.
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + name) }
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

    /// Makes what was appended so far, followed by `trailer`, the content of `path` (a checkpoint), while writing goes
    /// on: a copy of the temporary file is synced and renamed into place, so `path` is never half-written. A checkpoint
    /// never makes `path` smaller than it was when this file was opened (it is skipped until the new content is at
    /// least as large, so a killed run leaves the previous output rather than a shorter one); returns whether it was made.
    @discardableResult
    public func checkpoint(trailer: [UInt8] = []) throws -> Bool {
        try state.withLock { s in
            guard !s.done else { return false }
            try flush(&s)
            var info = stat()
            guard fstat(s.fd, &info) == 0 else { throw StageFailure("cannot write '\(path)': \(Self.reason(errno))") }
            let length = Int(info.st_size)
            if let previous, length + trailer.count < Int(previous.st_size) { return false }
            let copy = open(checkpointPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard copy >= 0 else { throw StageFailure("cannot write a checkpoint of '\(path)': \(Self.reason(errno))") }
            do {
                OutputPath.keep(previous, on: copy)
                try Self.copy(from: s.fd, to: copy, length: length)
                try Self.writeAll(copy, trailer)
                if fsync(copy) != 0 && errno != EINVAL { throw StageFailure("cannot write a checkpoint of '\(path)': \(Self.reason(errno))") }
                close(copy)
            } catch {
                close(copy)
                unlink(checkpointPath)
                throw error
            }
            do { try OutputPath.checkTarget(path) } catch {
                unlink(checkpointPath)
                throw error
            }
            if rename(checkpointPath, path) != 0 {
                let why = Self.reason(errno)
                unlink(checkpointPath)
                throw StageFailure("cannot move a checkpoint into '\(path)': \(why)")
            }
            return true
        }
    }

    private typealias CopyFileRange = @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int

    /// glibc's `copy_file_range` (in-kernel copy), looked up at run time because Swift does not import it.
    private static let copyFileRange: CopyFileRange? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") else { return nil }
        return unsafeBitCast(sym, to: CopyFileRange.self)
    }()

    /// Copies the first `length` bytes of `source` to `target` (at its current offset), in the kernel where it can.
    private static func copy(from source: Int32, to target: Int32, length: Int) throws {
        var offset: Int64 = 0
        if let copyFileRange {
            while offset < Int64(length) {
                let n = copyFileRange(source, &offset, target, nil, length - Int(offset), 0)
                if n > 0 { continue }
                if n < 0 && errno == EINTR { continue }
                if n == 0 { break }
                // EXDEV, ENOSYS, EINVAL (a file system without it): copy the rest by reading.
                break
            }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while offset < Int64(length) {
            let want = min(chunk.count, length - Int(offset))
            let n = chunk.withUnsafeMutableBytes { pread(source, $0.baseAddress!, want, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StageFailure("cannot copy for a checkpoint: \(n < 0 ? reason(errno) : "the file is shorter than written")") }
            try writeAll(target, chunk[0..<n])
            offset += Int64(n)
        }
    }

    /// Writes every byte, retrying after EINTR and short writes.
    private static func writeAll<C: Collection>(_ fd: Int32, _ bytes: C) throws where C.Element == UInt8 {
        try Array(bytes).withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StageFailure("cannot write: \(reason(errno))")
                }
                offset += n
            }
        }
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
            defer { lock?.release() }
            // What is at the path may have changed since it was opened (a link or a device put there meanwhile).
            do { try OutputPath.checkTarget(path) } catch {
                unlink(temporaryPath)
                throw error
            }
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
            lock?.release()
        }
    }

    /// Reads the `id` of each complete JSON-lines record in a file (empty when the file is missing).
    /// Reads in chunks, so memory stays bounded by the ids, not the file; a record that starts with `{"id":"`
    /// (as Galley writes them) is read without parsing the rest of the line.
    public static func jsonlIDs(at path: String) -> Set<String> {
        var ids = Set<String>()
        forEachLine(at: path) { line in
            if let id = leadingID(line) ?? ((try? JSONParser.parse(line))?["id"]?.stringValue) { ids.insert(id) }
        }
        return ids
    }

    /// Calls `body` with each complete line of a file (a partial last line is ignored).
    static func forEachLine(at path: String, _ body: (ArraySlice<UInt8>) -> Void) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            buffer.append(contentsOf: chunk[0..<n])
            var start = 0
            while let nl = buffer[start...].firstIndex(of: 0x0A) {
                body(buffer[start..<nl])
                start = nl + 1
            }
            buffer.removeSubrange(0..<start)
        }
    }

    /// The id of a line that starts `{"id":"…"` with no escapes in the id; nil otherwise.
    static func leadingID(_ line: ArraySlice<UInt8>) -> String? {
        let prefix = Array(#"{"id":""#.utf8)
        guard line.starts(with: prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let quote = rest.firstIndex(of: 0x22), !rest[..<quote].contains(0x5C) else { return nil }
        // The rest of the line must still be JSON; a cut or garbled record is not counted.
        guard line.last == 0x7D else { return nil }
        return String(decoding: rest[..<quote], as: UTF8.self)
    }
}

/// Writes failed documents to the dead-letter JSON-lines file: path, stage, error and the document as it was.
///
/// With `resume`, records of the previous run are kept only for inputs this run does not process again, so that
/// the file always holds each failed input once: the ones that failed again are written anew, the ones that now
/// succeed are gone.
public final class DeadLetterWriter: Sendable {
    private let file: AtomicFile
    /// The dead-letter file.
    public var path: String { file.path }
    private struct State {
        var previous: [(path: String, line: [UInt8])] = []
        var processed: Set<String> = []
        var error: String?
    }
    private let state = Mutex(State())

    /// Opens the dead-letter file.
    public init(path: String, resume: Bool) throws {
        file = try AtomicFile(path: path, keepExisting: false, lock: true)
        if resume { AtomicFile.removeStaleTemporaries(for: path) }
        if resume {
            var previous: [(path: String, line: [UInt8])] = []
            AtomicFile.forEachLine(at: path) { line in
                guard let record = try? JSONParser.parse(line), let p = record["path"]?.stringValue else { return }
                previous.append((p, Array(line) + [0x0A]))
            }
            state.withLock { $0.previous = previous }
        }
    }

    /// Notes that this run processed an input (whatever came of it), so a previous record for it is dropped.
    public func noteProcessed(_ path: String) {
        state.withLock { s in
            if !s.previous.isEmpty { s.processed.insert(path) }
        }
    }

    /// Appends one failure; throws when the file cannot be written.
    public func append(_ error: DocumentError) throws {
        var w = JSONWriter()
        var record: [(String, Value)] = [("path", .string(error.path)), ("stage", .string(error.stage)), ("error", .string(error.message))]
        if let doc = error.document { record.append(("document", DocumentJSON.object(doc))) }
        w.write(.object(.init(uniqueKeysWithValues: record)))
        w.bytes.append(0x0A)
        try file.append(w.bytes)
    }

    /// Appends one failure; an error writing it is reported by `finish()`.
    public func write(_ error: DocumentError) {
        do { try append(error) } catch {
            state.withLock { s in if s.error == nil { s.error = "\(error)" } }
        }
    }

    /// Makes what was written so far visible (with the previous run's records that still stand), while writing goes on.
    public func checkpoint() throws {
        let (kept, error) = state.withLock { s in (s.previous.filter { !s.processed.contains($0.path) }, s.error) }
        if let error { throw StageFailure(error) }
        try file.checkpoint(trailer: kept.flatMap(\.line))
    }

    /// Makes the file visible (with the previous run's records that still stand).
    public func finish() throws {
        let (kept, error) = state.withLock { s in (s.previous.filter { !s.processed.contains($0.path) }, s.error) }
        if let error {
            file.discard()
            throw StageFailure(error)
        }
        do {
            for record in kept { try file.append(record.line) }
        } catch {
            file.discard()
            throw error
        }
        try file.commit()
    }

    /// Leaves the previous file as it was.
    public func discard() { file.discard() }
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
