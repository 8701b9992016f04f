import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program started with pipes on its stdin, stdout and stderr, leading a process group of its own.
struct SpawnedProcess: Sendable {
    /// Its pid (and process group id).
    var pid: pid_t
    /// The write end of its stdin (non-blocking).
    var stdin: Int32
    /// The read end of its stdout.
    var stdout: Int32
    /// The read end of its stderr.
    var stderr: Int32
    /// `GALLEY_PLUGIN_PROCESS=…`, in its environment and inherited by its descendants.
    var mark: String
}

/// An error starting a program.
struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

/// Starting plugin programs, and the table of those alive so that none outlives galley.
///
/// The table is process-wide by necessity: the exit and signal paths that empty it are process-wide too.
/// The signal handler only reads atomics and calls `kill`, which is async-signal-safe.
enum ChildProcesses {
    /// Process groups of live plugin programs, readable from a signal handler.
    private static let groups: InlineArray<256, Atomic<Int32>> = InlineArray { _ in Atomic<Int32>(0) }
    /// Live connections, for the orderly shutdown at exit.
    private static let live = Mutex<[pid_t: PluginConnection]>([:])
    private static let installed = Mutex(false)

    /// Starts `command` in `directory` (no shell); the child gets default signal handling and its own process group.
    static func spawn(_ command: [String], directory: String) throws(SpawnError) -> SpawnedProcess {
        installCleanup()
        // One spawn at a time, so that no plugin inherits another plugin's pipes.
        return try spawning.withLock { _ throws(SpawnError) in try spawnLocked(command, directory: directory) }
    }

    private static let spawning = Mutex<Void>(())

    private static func spawnLocked(_ command: [String], directory: String) throws(SpawnError) -> SpawnedProcess {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        let made = makePipe(&inPipe) && makePipe(&outPipe) && makePipe(&errPipe)
        guard made else {
            for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) }
            throw SpawnError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var argv = command
        if let addChdir = Self.addChdir {
            _ = directory.withCString { addChdir(&actions, $0) }
        } else {
            // No posix_spawn chdir in this libc: change directory in a shell that then execs the program (no parsing of the command).
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + command
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, sig) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        // The mark every descendant inherits, by which `killDescendants` finds those that left the process group.
        let mark = "\(markVariable)=\(getpid()).\(spawnSerial.wrappingAdd(1, ordering: .relaxed).oldValue)"
        var env: [UnsafeMutablePointer<CChar>?] = [strdup(mark)]
        var e = environ
        while let entry = e.pointee {
            if !String(cString: entry).hasPrefix(markVariable + "=") { env.append(strdup(entry)) }
            e += 1
        }
        env.append(nil)
        defer { for p in env { free(p) } }
        let rc = posix_spawnp(&pid, cargs[0]!, &actions, &attr, &cargs, &env)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            let why = rc == ENOENT ? "no such program (is it installed and on PATH, or is the path relative to the plugin folder right?)"
                : String(cString: strerror(rc))
            throw SpawnError(description: "cannot run '\(command[0])': \(why)")
        }
        _ = fcntl(inPipe[1], F_SETFL, fcntl(inPipe[1], F_GETFL) | O_NONBLOCK)
        register(group: pid)
        return SpawnedProcess(pid: pid, stdin: inPipe[1], stdout: outPipe[0], stderr: errPipe[0], mark: mark)
    }

    /// The environment variable that marks a plugin's processes: `GALLEY_PLUGIN_PROCESS=GALLEYPID.N`.
    static let markVariable = "GALLEY_PLUGIN_PROCESS"
    private static let spawnSerial = Atomic<Int>(1)

    /// Kills every process that carries `mark` in its environment (a plugin and whatever it started, also in another
    /// process group or session, as `setsid` does), except `leader`, whose reaping belongs to its connection; then
    /// reaps those that were handed to galley (a child subreaper) when their parent died. Repeats until none is left,
    /// for up to a second: a process that a dying one starts meanwhile is caught by the next round.
    static func killDescendants(mark: String, leader: pid_t) {
        let needle = Array((mark + "\0").utf8)
        var killed: Set<pid_t> = []
        let deadline = DispatchTime.now().uptimeNanoseconds &+ 1_000_000_000
        while true {
            let found = processes(carrying: needle).filter { $0 != leader }
            for p in found { kill(p, SIGKILL); killed.insert(p) }
            killed = reap(killed)
            if found.isEmpty || DispatchTime.now().uptimeNanoseconds >= deadline { break }
            usleep(5000)
        }
        // Those still parented elsewhere when they died are reaped by their parent or init; ours are reaped here.
        for _ in 0..<40 where !killed.isEmpty {
            killed = reap(killed)
            if !killed.isEmpty { usleep(5000) }
        }
    }

    /// Reaps the given pids that are galley's children and have exited; returns those that may still become so.
    private static func reap(_ pids: Set<pid_t>) -> Set<pid_t> {
        var left: Set<pid_t> = []
        for p in pids {
            var status: Int32 = 0
            let r = waitpid(p, &status, WNOHANG)
            if r == 0 || (r < 0 && errno == EINTR) { left.insert(p) }           // our child, still dying
            else if r < 0 && errno == ECHILD && kill(p, 0) == 0 { left.insert(p) }   // not (yet) ours, not gone
        }
        return left
    }

    /// Pids of the processes whose environment holds `needle` (`NAME=VALUE\0`), found in `/proc`.
    private static func processes(carrying needle: [UInt8]) -> [pid_t] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var result: [pid_t] = []
        let me = getpid()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let marker = [UInt8(0)] + needle
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), pid != me else { continue }
            let fd = open("/proc/\(name)/environ", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var data: [UInt8] = [0]   // so that the first variable also follows a NUL
            while data.count < 1 << 22 {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            close(fd)
            if contains(data, marker) { result.append(pid) }
        }
        return result
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    /// Makes galley a child subreaper (Linux `PR_SET_CHILD_SUBREAPER`): a plugin's orphaned descendants become
    /// galley's children instead of init's, so that galley reaps them once it has killed them.
    private static func becomeSubreaper() {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
        let prctl = unsafeBitCast(sym, to: Prctl.self)
        _ = prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0)
    }

    /// A close-on-exec pipe: atomically with `pipe2` where libc has it (a program started by other code in this process,
    /// such as Foundation's `Process`, must not inherit the plugin's pipes), else `pipe` then `fcntl`.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 = Self.pipe2 {
            return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) } == 0
        }
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc's `pipe2`, looked up at run time because Swift does not import it without _GNU_SOURCE.
    private static let pipe2: Pipe2? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(sym, to: Pipe2.self)
    }()

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np`, looked up at run time because Swift does not import it.
    private static let addChdir: AddChdir? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(sym, to: AddChdir.self)
    }()

    private static func register(group: pid_t) {
        for i in 0..<groups.count {
            if groups[i].compareExchange(expected: 0, desired: group, ordering: .sequentiallyConsistent).exchanged { return }
        }
    }

    /// Forgets a process group once its leader has been reaped.
    static func unregister(group: pid_t) {
        for i in 0..<groups.count {
            if groups[i].compareExchange(expected: group, desired: 0, ordering: .sequentiallyConsistent).exchanged { return }
        }
    }

    /// Records a running connection so that the exit path can shut it down.
    static func track(_ connection: PluginConnection) {
        live.withLock { $0[connection.pid] = connection }
    }

    /// Forgets a connection whose process has exited.
    static func untrack(_ pid: pid_t) {
        _ = live.withLock { $0.removeValue(forKey: pid) }
    }

    /// Pids of plugin programs still running.
    static var livePIDs: [pid_t] { live.withLock { Array($0.keys) }.sorted() }

    /// Kills every plugin program and its descendants at once (the second ^C); not for a signal handler.
    static func killAllWithDescendants() {
        killAll()
        for c in live.withLock({ Array($0.values) }) { killDescendants(mark: c.mark, leader: c.pid) }
    }

    /// Kills every plugin process group at once (a crash path: async-signal-safe, so descendants that left their
    /// plugin's process group are not reached).
    static func killAll() {
        for i in 0..<groups.count {
            let g = groups[i].load(ordering: .relaxed)
            if g > 0 { kill(-g, SIGKILL) }
        }
    }

    /// Shuts every live connection down in order: close stdin, wait, SIGTERM, wait, SIGKILL.
    static func shutdownAll(grace: Double = 2) {
        PluginConnection.shutdown(live.withLock { Array($0.values) }, grace: grace)
    }

    /// Installs, once, the exit hook and (where nobody else handles them) the fatal-signal handlers, and ignores SIGPIPE.
    private static func installCleanup() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        becomeSubreaper()
        signal(SIGPIPE, SIG_IGN)
        atexit { ChildProcesses.shutdownAll() }
        // Termination requests, and galley crashing: either way its plugins must not outlive it.
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE] {
            var current = sigaction()
            sigaction(sig, nil, &current)
            guard current.__sigaction_handler.sa_handler == nil else { continue }   // SIG_DFL is nil; keep SIG_IGN and real handlers
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                ChildProcesses.killAll()
                signal(sig, SIG_DFL)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }
}

/// Galley's plugin programs as a whole, for the exit and signal paths of the command line.
public enum PluginProcesses {
    /// Kills every plugin program and its descendants at once (for a second ^C that exits without waiting).
    public static func killAll() { ChildProcesses.killAllWithDescendants() }

    /// Stops every plugin program in order: close stdin, wait `grace`, SIGTERM, SIGKILL.
    public static func shutdownAll(grace: Double = 2) { ChildProcesses.shutdownAll(grace: grace) }

    /// Pids of plugin programs still running.
    public static var running: [Int32] { ChildProcesses.livePIDs }

    private static let early = Atomic<Bool>(true)
    private static let logOverride = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Whether plugins start in the background as soon as a pipeline using them is built, so that their start-up
    /// overlaps galley's reading of the first documents (batch runs; the default), or only when their first document
    /// reaches them (the REPL: lazily, as the protocol says).
    public static var startEarly: Bool {
        get { early.load(ordering: .relaxed) }
        set { early.store(newValue, ordering: .relaxed) }
    }

    /// Sends the plugins' stderr lines (prefixed with the plugin's name) to `log` instead of galley's stderr, for hosts
    /// made without a log of their own; nil restores stderr. The REPL keeps them off its prompt line this way.
    public static func setLog(_ log: (@Sendable (String) -> Void)?) { logOverride.withLock { $0 = log } }

    /// The log set by `setLog`, if any.
    static var log: (@Sendable (String) -> Void)? { logOverride.withLock { $0 } }
}
