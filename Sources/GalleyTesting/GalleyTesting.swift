import Foundation

#if canImport(Glibc)
import Glibc
#endif

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
    /// The folder of the misbehaving test plugins (one manifest per mode, all running `fixture.py`).
    public static let pluginFixtures = root + "/Tests/PluginHostTests/Fixtures"
    /// The test plugin's program: `python3 fixture.py MODE MARKER` (see its modes in the file).
    public static let pluginFixture = pluginFixtures + "/fixture.py"
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
        Self.walk(path) { item, isFolder in
            var st = stat()
            if isFolder, stat(item, &st) == 0 { chmod(item, st.st_mode | S_IRWXU) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Calls `body` on `path` and then on everything below it, a folder before its contents (so that `body` may
    /// open it up first); links are not followed.
    private static func walk(_ path: String, _ body: (String, Bool) -> Void) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        let isFolder = (st.st_mode & S_IFMT) == S_IFDIR
        body(path, isFolder)
        guard isFolder else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { walk(path + "/" + name, body) }
    }

    /// The absolute path of a file inside the folder.
    public func at(_ relative: String) -> String { path + "/" + relative }

    /// Creates a folder inside it (and the folders above), returning its path.
    @discardableResult
    public func folder(_ relative: String) -> String {
        let full = at(relative)
        try! FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

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

    /// Writes text files (name → content, creating folders).
    public func write(_ files: [String: String]) {
        for (name, text) in files { write(name, text) }
    }

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
        Self.walk(path) { item, _ in lchown(item, user.uid, user.gid) }
    }
}

/// Waits until `condition` holds (polling every `interval` seconds, 2 ms by default) for at most `timeout` seconds;
/// false when it never did. Tests wait for an event this way (a file appearing, a line in a log, a process gone),
/// never for a fixed time.
public func waitUntil(timeout: Double = 20, every interval: Double = 0.002, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(useconds_t(interval * 1_000_000))
    }
    return try condition()
}

/// Pids of the live processes (zombies excluded) whose command line contains `marker`: a test tags the plugin
/// processes it starts with a unique marker and counts them this way.
public func processesTagged(_ marker: String) -> [pid_t] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { name -> pid_t? in
        guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        guard commandLine.contains(marker) else { return nil }
        if let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8), stat.contains(") Z ") { return nil }
        return pid
    }
}
