import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What an output may be written over, checked the same way for every writer (the outputs, the dead letter, the
/// REPL's `save` and `export`).
///
/// - The path must name a file: not empty, not ending in `/`, not `.` or `..`.
/// - What is there must be nothing or a regular file with a write bit. A folder, a device (`/dev/null`), a named
///   pipe or a socket is refused — renaming over it would replace it. A symbolic link is refused too: galley never
///   replaces a link by a file nor writes through one (a link planted in an output folder must not make a run as
///   root overwrite the file it points to); name the file itself.
/// - A file that is replaced keeps its permission bits (and, for root, its owner and group).
public enum OutputPath {
    /// The folder and the last component, by string: `out/a.jsonl` → (`out`, `a.jsonl`), `a.jsonl` → (`.`, `a.jsonl`),
    /// `/a` → (`/`, `a`). (Foundation's `deletingLastPathComponent` traps on `.` and `./`.)
    public static func split(_ path: String) -> (folder: String, name: String) {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return (".", String(p)) }
        let folder = slash == p.startIndex ? "/" : String(p[..<slash])
        return (folder, String(p[p.index(after: slash)...]))
    }

    /// The hidden file beside `path` with this suffix: `out/.a.jsonl.lock`.
    public static func sibling(of path: String, suffix: String) -> String {
        let (folder, name) = split(path)
        return (folder == "/" ? "" : folder) + "/." + name + suffix
    }

    /// Why `path` cannot name an output file whatever is on disk, or nil.
    public static func problem(naming path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        let name = split(path).name
        if path.hasSuffix("/") || name == "." || name == ".." || name == "/" { return "it names a folder, not a file" }
        return nil
    }

    /// The path made absolute (against the working directory) with `.` and `..` resolved by string, for comparing
    /// the outputs of a pipeline with each other.
    public static func normalized(_ path: String, base: String = FileManager.default.currentDirectoryPath) -> String {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// What kind of non-regular file a mode is, for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Checks what is at `path` now; returns its status when it is a regular file that may be replaced, nil when
    /// nothing is there, and throws (naming the path) for anything else.
    @discardableResult
    public static func checkTarget(_ path: String) throws -> stat? {
        if let problem = problem(naming: path) { throw StageFailure("cannot write '\(path)': \(problem)") }
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StageFailure("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            // Renaming over a file would replace it even though it is read-only; honour what its mode says.
            if (st.st_mode & 0o222) == 0 { throw StageFailure("cannot write '\(path)': the file is read-only") }
            return st
        case S_IFDIR:
            throw StageFailure("cannot write '\(path)': it is a directory")
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            throw StageFailure("cannot write '\(path)': it is a symbolic link (to '\(target)'); galley replaces only regular files, so name the file itself")
        default:
            let hint = (st.st_mode & S_IFMT) == S_IFCHR ? " (for standard output, use the path '-' where the output allows it)" : ""
            throw StageFailure("cannot write '\(path)': it is \(kind(st.st_mode)), not a regular file\(hint)")
        }
    }

    /// Creates the folder of `path` (and its parents) when missing.
    public static func makeFolder(for path: String) throws {
        let folder = split(path).folder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let shown = path.contains("/") ? folder : "."
            throw StageFailure("cannot create folder '\(shown)' for '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Gives a new file the permission bits (and, when possible, the owner) of the file it will replace.
    public static func keep(_ previous: stat?, on fd: Int32) {
        guard let previous else { return }
        _ = fchmod(fd, previous.st_mode & 0o7777)
        if geteuid() == 0 { _ = fchown(fd, previous.st_uid, previous.st_gid) }
    }
}

/// An advisory lock (`flock`) on a hidden file beside an output, held while a run writes it, so that a second run
/// on the same output fails at once instead of losing the first run's documents when the last rename wins.
///
/// Exclusive for files replaced at the end (JSONL, CSV, report, dead letter, SQLite `mode: replace`); shared for an
/// SQLite database written in place (`mode: upsert`), where SQLite itself orders concurrent writers. The lock file
/// (`.NAME.lock`) holds the pid of the run that took it; the last holder removes it, and the lock goes with the process
/// whatever happens to it (a lock file left by a killed run is taken over).
public final class OutputLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Atomic<Int32>

    /// Takes the lock or throws at once, naming the output and the run that holds it.
    public init(for output: String, shared: Bool = false) throws {
        path = OutputPath.sibling(of: output, suffix: ".lock")
        var fd: Int32
        while true {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw StageFailure("cannot write '\(output)': cannot create its lock file '\(path)': \(String(cString: strerror(errno)))") }
            while flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
                if errno == EINTR { continue }
                let code = errno
                let holder = Self.holder(fd)
                close(fd)
                guard code == EWOULDBLOCK else {
                    throw StageFailure("cannot write '\(output)': cannot lock '\(path)': \(String(cString: strerror(code)))")
                }
                throw StageFailure("cannot write '\(output)': another galley run\(holder.map { " (pid \($0))" } ?? "") is writing it; "
                                   + "wait for it to finish or write elsewhere (lock file '\(path)')")
            }
            // The last holder of a lock removes its file: a lock taken on a file removed meanwhile is no lock.
            var mine = stat(), current = stat()
            if fstat(fd, &mine) == 0 && stat(path, &current) == 0 && mine.st_dev == current.st_dev && mine.st_ino == current.st_ino { break }
            close(fd)
        }
        // The pid is for the message another run prints; shared holders each write theirs (the last one shows).
        if ftruncate(fd, 0) == 0 {
            let text = Array("\(getpid())\n".utf8)
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
        descriptor = Atomic(fd)
    }

    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock; the lock file goes with it when no other run holds it (shared holders).
    public func release() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        guard fd >= 0 else { return }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
        close(fd)
    }

    deinit { release() }
}
