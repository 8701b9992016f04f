import Foundation

/// Paths inside the Galley repository, for tests.
public enum Repository {
    /// The repository root (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The seeds/ folder.
    public static let seeds = root + "/seeds"
    /// The seed article.
    public static let seedArticle = seeds + "/000_f33259cb4be8492d.txt"
    /// The debug galley binary that `make test` builds before running the tests.
    public static let galleyBinary = root + "/.build/debug/galley"
}

/// A temporary folder, removed (whatever modes the test left in it) when the value goes away: the one temporary
/// folder of the tests.
public final class TemporaryDirectory: Sendable {
    /// Its absolute path.
    public let path: String

    /// Creates an empty folder under the system's temporary folder.
    public init() {
        path = NSTemporaryDirectory() + "galley-test-\(getpid())-" + UUID().uuidString.prefix(8)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Undo chmod 000 and the like so that everything can be removed.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of a file inside the folder.
    public func at(_ relative: String) -> String { path + "/" + relative }

    /// Writes bytes (creating folders), returning the file's path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let full = at(name)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot write \(full)")
        return full
    }

    /// Writes a file of bytes (creating folders), returning its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) -> String { write(name, [UInt8](data)) }

    /// Writes a text file (creating folders), returning its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// Reads a text file, nil when it is missing.
    public func read(_ name: String) -> String? { try? String(contentsOfFile: at(name), encoding: .utf8) }

    /// Reads a file's bytes, nil when it is missing.
    public func bytes(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: at(name)).map { [UInt8]($0) } }

    /// Names in a folder of it (the folder itself by default), sorted.
    public func list(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : at(relative))) ?? []).sorted()
    }

    /// Hands the folder and everything in it to the unprivileged user when the tests run as root, so that galley run
    /// as that user (`GalleyProcess(unprivileged: true)`) may write its outputs here.
    public func handToUnprivilegedUser() {
        guard GalleyProcess.runningAsRoot, let user = GalleyProcess.unprivilegedUser else { return }
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chown"), arguments: ["-R", "\(user.uid):\(user.gid)", path]).waitUntilExit()
    }
}

/// What a finished process printed.
public struct ProcessResult: Sendable {
    /// Exit status (or 128 + signal).
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
}

/// Runs the galley binary with arguments in a folder and waits for it (through `GalleyProcess`: NO_COLOR set,
/// output collected in files, so neither stream can block the other).
public func galley(_ arguments: [String], in directory: String = Repository.root, environment: [String: String] = [:],
                   stdin: String? = nil) throws -> ProcessResult {
    let p = GalleyProcess.run(arguments, in: directory, input: stdin, environment: environment)
    return ProcessResult(status: p.status ?? -1, stdout: p.stdout, stderr: p.stderr)
}

/// Waits until `condition` holds (polling every 2 ms) for at most `timeout` seconds; false when it never did.
/// Tests wait for an event this way (a file appearing, a line in a log), never for a fixed time.
public func waitUntil(timeout: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}
