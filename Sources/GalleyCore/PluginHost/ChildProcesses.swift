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
        let rc = posix_spawnp(&pid, cargs[0]!, &actions, &attr, &cargs, environ)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            let why = rc == ENOENT ? "no such program (is it installed and on PATH, or is the path relative to the plugin folder right?)"
                : String(cString: strerror(rc))
            throw SpawnError(description: "cannot run '\(command[0])': \(why)")
        }
        _ = fcntl(inPipe[1], F_SETFL, fcntl(inPipe[1], F_GETFL) | O_NONBLOCK)
        register(group: pid)
        return SpawnedProcess(pid: pid, stdin: inPipe[1], stdout: outPipe[0], stderr: errPipe[0])
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

    /// Kills every plugin process group at once (the second ^C, or a crash path).
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
    /// Kills every plugin program at once (for a second ^C that exits without waiting).
    public static func killAll() { ChildProcesses.killAll() }

    /// Stops every plugin program in order: close stdin, wait `grace`, SIGTERM, SIGKILL.
    public static func shutdownAll(grace: Double = 2) { ChildProcesses.shutdownAll(grace: grace) }

    /// Pids of plugin programs still running.
    public static var running: [Int32] { ChildProcesses.livePIDs }
}
