import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process of the tests: the one way they launch galley or any other program (gzip, sqlite3, psql, tmux).
///
/// It runs as `/bin/sh -c "cd DIR && PREFIX exec galley ARGS <stdin >stdout-file 2>stderr-file"`: output goes to
/// files, so no pipe can fill up and block the child (or the test), neither stream waits for the other to be read,
/// and a test can wait for a line to appear on stderr (`waitForStderr`) instead of sleeping. The child starts with
/// no signals blocked and SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT and SIGCHLD at their defaults, as a shell would
/// start it (the test runner's threads block signals, and a spawned child would inherit that mask; tmux could not
/// stop its children). NO_COLOR is set; GALLEY_OUT and GALLEY_PLUGIN_PATH are removed.
public final class GalleyProcess: @unchecked Sendable {
    /// The process id (the shell's, which `exec` turns into galley's).
    public let pid: pid_t
    /// Files holding what the process wrote.
    public let stdoutPath: String, stderrPath: String
    private(set) public var status: Int32?
    /// Peak resident memory (kB), with `measureMemory` (else sampled from /proc while waiting).
    private(set) public var maxRSSKilobytes = 0
    /// Wall-clock seconds from start to exit.
    private(set) public var seconds = 0.0
    private let started = Date()
    /// The program's file name, for messages.
    private let program: String
    private let timePath: String?
    /// Holds the output files (and the stdin of `input`) until the value goes away.
    private let files = TemporaryDirectory()
    private var peakFromProc = 0

    /// The user and group of `nobody`, which `unprivileged` runs use when the tests run as root; nil when there is
    /// no such user or no `setpriv` to switch to it.
    public static let unprivilegedUser: (uid: uid_t, gid: gid_t)? = {
        guard access("/usr/bin/setpriv", X_OK) == 0, let pw = getpwnam("nobody") else { return nil }
        return (pw.pointee.pw_uid, pw.pointee.pw_gid)
    }()

    /// Whether the tests run as root, where permission bits do not stop reads or writes.
    public static let runningAsRoot = geteuid() == 0

    /// Whether a test can run galley without root's powers: not root, or root with `nobody` and `setpriv`.
    public static var canRunUnprivileged: Bool { !runningAsRoot || unprivilegedUser != nil }

    /// Starts galley with `arguments` in `directory`.
    /// - `prefix`: shell text run before `exec` (`ulimit -f 400;`, `trap '' XFSZ;`).
    /// - `stdin`: a file to read (default /dev/null); `input`: text to feed instead.
    /// - `environment`: variables to set (an empty value removes one).
    /// - `measureMemory`: run under `/usr/bin/time` for the peak RSS (posix_spawn's vfork makes the child's own
    ///   `ru_maxrss` that of this large test process).
    /// - `unprivileged`: when the tests run as root, run galley as `nobody` (through `setpriv`), so that permission
    ///   bits stop it as they stop any user; the shell opens stdin, stdout and stderr before that.
    /// - `executable`: another program to run the same way (gzip, psql, sqlite3, tmux), instead of galley.
    public init(_ arguments: [String], executable: String = Repository.galleyBinary, in directory: String = Repository.root,
                prefix: String = "", stdin: String = "/dev/null", input: String? = nil, environment: [String: String] = [:],
                measureMemory: Bool = false, unprivileged: Bool = false) {
        program = (executable as NSString).lastPathComponent
        stdoutPath = files.at("stdout")
        stderrPath = files.at("stderr")
        var stdinPath = stdin
        if let input { stdinPath = files.write("stdin", input) }
        let useTime = measureMemory && access("/usr/bin/time", X_OK) == 0
        timePath = useTime ? files.at("time") : nil
        var drop: [String] = []
        if unprivileged, Self.runningAsRoot, let user = Self.unprivilegedUser {
            drop = ["/usr/bin/setpriv", "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--"]
        }
        let command = drop + (useTime ? ["/usr/bin/time", "-f", "%M", "-o", files.at("time")] : []) + [executable] + arguments
        let q = Self.quote
        let script = "cd \(q(directory)) && \(prefix) exec \(command.map(q).joined(separator: " ")) <\(q(stdinPath)) >\(q(stdoutPath)) 2>\(q(stderrPath))"
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "GALLEY_OUT")
        env.removeValue(forKey: "GALLEY_PLUGIN_PATH")
        for (k, v) in environment { env[k] = v.isEmpty ? nil : v }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, envp)
        precondition(rc == 0, "cannot start /bin/sh: \(rc)")
        self.pid = pid
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); var raw: Int32 = 0; _ = waitpid(pid, &raw, 0) }
    }

    /// Single-quotes a word for the shell.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Sends a signal.
    public func send(_ signal: Int32) { kill(pid, signal) }

    /// Whether the process has ended (without reaping it: `wait` still gives its status).
    public var hasExited: Bool {
        if status != nil { return true }
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// Waits for the process to end (killing it after `timeout` seconds, which records an issue through the
    /// returned 137); returns the exit code, 128+N for signal N.
    @discardableResult
    public func wait(timeout: Double = 120) -> Int32 {
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
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = wait4(pid, &raw, 0, &usage)
                FileHandle.standardError.write(Data("GalleyProcess: \(program) did not finish in \(timeout) s; killed\n".utf8))
                break
            }
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

    /// What the process wrote to stdout (so far).
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What the process wrote to stderr (so far).
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits until stderr contains `text` (the event a test orders its next step by); false after `timeout` s.
    public func waitForStderr(_ text: String, timeout: Double = 30) -> Bool {
        waitUntil(timeout: timeout) { stderr.contains(text) }
    }

    /// Bytes the running process has read so far (`rchar` of /proc/PID/io: every read(2), files and pipes alike);
    /// 0 once it has ended. A test waits on it for "galley has started reading that input".
    public var bytesRead: Int {
        guard let io = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8),
              let line = io.split(separator: "\n").first(where: { $0.hasPrefix("rchar:") }) else { return 0 }
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    /// Whether one of the process's threads is blocked in read(2) on file descriptor `fd` (from
    /// /proc/PID/task/*/syscall): galley waiting for more input, having taken everything there was.
    public func isBlockedReading(fd: Int32) -> Bool {
        #if arch(x86_64)
        let read = "0"
        #else
        let read = "63"
        #endif
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { task in
            guard let line = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8) else { return false }
            let fields = line.split(separator: " ")
            return fields.count > 1 && fields[0] == read && fields[1] == "0x\(String(fd, radix: 16))"
        }
    }

    /// Runs galley (or `executable`) to the end, as `init` starts it, and waits for it (see `wait`).
    public static func run(_ arguments: [String], executable: String = Repository.galleyBinary, in directory: String = Repository.root,
                           prefix: String = "", stdin: String = "/dev/null", input: String? = nil, environment: [String: String] = [:],
                           timeout: Double = 120, measureMemory: Bool = false, unprivileged: Bool = false) -> GalleyProcess {
        let p = GalleyProcess(arguments, executable: executable, in: directory, prefix: prefix, stdin: stdin, input: input,
                              environment: environment, measureMemory: measureMemory, unprivileged: unprivileged)
        p.wait(timeout: timeout)
        return p
    }
}
