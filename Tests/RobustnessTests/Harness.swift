import Foundation
import GalleyCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder, removed when the test ends.
final class TempDir {
    let path: String

    init(_ name: String = #function) {
        let base = FileManager.default.temporaryDirectory.path + "/galley-robust-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        path = base
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Undo chmod 000 and similar so that everything can be removed.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Absolute path of a file inside the folder.
    func at(_ relative: String) -> String { path + "/" + relative }

    /// Writes bytes, creating folders.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = at(relative)
        var fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        precondition(fd >= 0, "cannot write \(full)")
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            precondition(n > 0, "cannot write \(full)")
            offset += n
        }
        close(fd)
        return full
    }

    /// Writes UTF-8 text, creating folders.
    @discardableResult
    func write(_ relative: String, _ text: String) -> String { write(relative, Array(text.utf8)) }

    /// Reads a file's bytes, nil when it is missing.
    func read(_ relative: String) -> [UInt8]? { FileManager.default.contents(atPath: at(relative)).map { [UInt8]($0) } }

    /// Names in a folder, sorted.
    func list(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : at(relative))) ?? []).sorted()
    }
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The galley binary built by `swift build` (make test builds it before running the tests).
let galleyBinary = repositoryRoot + "/.build/debug/galley"

/// The seed article's text.
let seedArticle: [UInt8] = [UInt8](FileManager.default.contents(atPath: repositoryRoot + "/seeds/000_f33259cb4be8492d.txt")!)

/// Whether the tests run as root, where permission bits do not stop reads or writes.
let runningAsRoot = geteuid() == 0

/// A galley child process, started with `/bin/sh -c "cd DIR && exec galley ARGS"`.
final class GalleyProcess {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private(set) var status: Int32?
    private(set) var maxRSSKilobytes = 0
    private(set) var seconds = 0.0
    private let started = Date()

    /// Where `/usr/bin/time` writes galley's peak RSS, when memory is measured that way.
    private let timePath: String?
    private var peakFromProc = 0

    /// Starts galley in `directory`; `prefix` is shell text run before `exec` (for `ulimit`, `trap`).
    ///
    /// The child's own `ru_maxrss` cannot be used for memory: posix_spawn starts it with vfork, sharing this
    /// (large) test process's memory until exec. With `measureMemory`, galley runs under `/usr/bin/time`
    /// (installed by `make deps`), else its VmHWM is sampled from /proc while it runs.
    init(_ arguments: [String], in directory: String, prefix: String = "", stdin: String = "/dev/null", measureMemory: Bool = false) {
        let id = UInt32.random(in: 0...UInt32.max)
        stdoutPath = directory + "/.stdout-\(id)"
        stderrPath = directory + "/.stderr-\(id)"
        let useTime = measureMemory && access("/usr/bin/time", X_OK) == 0
        timePath = useTime ? directory + "/.time-\(id)" : nil
        let command = (useTime ? ["/usr/bin/time", "-f", "%M", "-o", directory + "/.time-\(id)"] : []) + [galleyBinary] + arguments
        let quoted = command.map(Self.quote).joined(separator: " ")
        let script = "cd \(Self.quote(directory)) && \(prefix) exec \(quoted) <\(Self.quote(stdin)) >\(Self.quote(stdoutPath)) 2>\(Self.quote(stderrPath))"
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "GALLEY_OUT")
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, argv, envp)
        precondition(rc == 0, "cannot start /bin/sh: \(rc)")
        self.pid = pid
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Sends a signal.
    func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the process to end (killing it after `timeout` seconds); returns the exit code (128+N for signal N).
    @discardableResult
    func wait(timeout: Double = 60) -> Int32 {
        if let status { return status }
        let deadline = Date().addingTimeInterval(timeout)
        var raw: Int32 = 0
        var usage = rusage()
        while true {
            let r = wait4(pid, &raw, WNOHANG, &usage)
            if r == pid { break }
            if let line = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakFromProc = max(peakFromProc, kb)
            }
            if Date() > deadline { kill(pid, SIGKILL) ; _ = wait4(pid, &raw, 0, &usage); Issue.record("galley did not finish in \(timeout) s"); break }
            usleep(1_000)
        }
        seconds = Date().timeIntervalSince(started)
        if let timePath, let text = try? String(contentsOfFile: timePath, encoding: .utf8),
           let kb = Int(text.split(separator: "\n").last(where: { !$0.isEmpty }) ?? "") {
            maxRSSKilobytes = kb
        } else {
            maxRSSKilobytes = peakFromProc
        }
        let code: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }

    /// What the process wrote to stdout.
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What the process wrote to stderr.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Runs galley to the end.
    static func run(_ arguments: [String], in directory: String, prefix: String = "", stdin: String = "/dev/null", timeout: Double = 120,
                    measureMemory: Bool = false) -> GalleyProcess {
        let p = GalleyProcess(arguments, in: directory, prefix: prefix, stdin: stdin, measureMemory: measureMemory)
        p.wait(timeout: timeout)
        return p
    }
}

/// The JSON objects of a JSON-lines file; records an issue for any line that does not parse.
func jsonLines(_ path: String) -> [Value] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let bytes = [UInt8](data)
    if let last = bytes.last { #expect(last == 0x0A, "\(path) does not end with a newline") }
    var out: [Value] = []
    for line in bytes.split(separator: 0x0A) {
        do { out.append(try JSONParser.parse(line)) } catch {
            Issue.record("\(path): a line does not parse: \(String(decoding: line.prefix(120), as: UTF8.self))")
        }
    }
    return out
}

/// The `id` of each record in a JSON-lines file, in order.
func ids(_ path: String) -> [String] { jsonLines(path).compactMap { $0["id"]?.stringValue } }

/// Waits until `condition` holds (polling), for at most `timeout` seconds.
func waitUntil(timeout: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return false
}

/// Size of a file in bytes, 0 when missing.
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}
