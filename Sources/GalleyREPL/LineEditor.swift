@preconcurrency import CReadline
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// readline is a C library with process-wide state; it is only ever touched from the thread that runs the REPL loop.
// Its callbacks cannot capture context, so what they need lives in these globals, set and read on that one thread.
nonisolated(unsafe) private var completionSource: ((String, Int, String) -> [String])?
nonisolated(unsafe) private var deliveredLine: String??

/// Line editing over GNU readline: prompt, history file, TAB completion, ^C that cancels the line.
public final class LineEditor {
    /// Where history is kept between sessions.
    public let historyPath: String?
    private var lastEntry: String?

    /// Sets up readline: history from `historyPath`, completion from `complete(line, wordStart, word)`.
    public init(historyPath: String?, complete: @escaping (String, Int, String) -> [String]) {
        self.historyPath = historyPath
        completionSource = complete
        galley_set_readline_name(strdup("galley"))
        galley_no_signal_handlers()
        galley_set_completer(attemptCompletion)
        using_history()
        stifle_history(1000)
        if let historyPath {
            try? FileManager.default.createDirectory(atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            read_history(historyPath)
        }
        installInterruptHandler()
    }

    /// Reads one line with the prompt; nil at end of input (^D on an empty line). Lines that plugins write to stderr
    /// meanwhile are printed above the prompt, which is then drawn again with what was typed.
    public func readLine(prompt: String) -> String? {
        deliveredLine = nil
        replInterrupt.store(false, ordering: .relaxed)
        rl_callback_handler_install(prompt, lineReceived)
        defer { if deliveredLine == nil { rl_callback_handler_remove() } }
        PluginLines.shared.atPrompt(true)
        defer { PluginLines.shared.atPrompt(false) }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: PluginLines.shared.wakeFD, events: Int16(POLLIN), revents: 0)]
        while deliveredLine == nil {
            let ready = poll(&fds, fds[1].fd >= 0 ? 2 : 1, -1)
            if replInterrupt.exchange(false, ordering: .relaxed) {
                galley_cancel_line()
                continue
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[1].revents != 0 {
                let lines = PluginLines.shared.drain()
                if !lines.isEmpty {
                    // Clear the prompt line, print the lines, and draw the prompt and the typed text again below them.
                    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + lines.joined(separator: "\n") + "\n").utf8))
                    rl_forced_update_display()
                }
            }
            if fds[0].revents != 0 { rl_callback_read_char() }
        }
        guard let line = deliveredLine ?? nil else { return nil }
        remember(line)
        return line
    }

    /// Adds a line to the history and the history file (blank lines and repeats are skipped).
    func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != lastEntry else { return }
        lastEntry = trimmed
        add_history(trimmed)
        if let historyPath { write_history(historyPath) }
    }

    /// The default history file: `$XDG_STATE_HOME/galley/history`, else `~/.galley_history`.
    public static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/galley/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.galley_history" }
        return nil
    }
}

/// Makes ^C set `replInterrupt` instead of ending the process.
func installInterruptHandler() {
    signal(SIGINT) { _ in replInterrupt.store(true, ordering: .relaxed) }
    // A parent may have started us with SIGINT blocked; ^C must still reach the handler.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

/// readline's line handler: keeps the line for `readLine` and removes the prompt.
private func lineReceived(_ line: UnsafeMutablePointer<CChar>?) {
    if let line {
        deliveredLine = .some(String(cString: line))
        free(line)
    } else {
        deliveredLine = .some(nil)
        fputs("\n", stdout)
    }
    rl_callback_handler_remove()
}

/// readline's completion hook: asks `completionSource` for candidates and hands them back in readline's format.
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    galley_completion_over()
    guard let text, let buffer = galley_line_buffer() else { return nil }
    let line = String(cString: buffer)
    let word = String(cString: text)
    let prefixBytes = Array(line.utf8.prefix(Int(start)))
    let wordStart = String(decoding: prefixBytes, as: UTF8.self)
    let matches = (completionSource?(wordStart, prefixBytes.count, word) ?? []).filter { $0.hasPrefix(word) }
    let unique = Array(NSOrderedSet(array: matches)) as? [String] ?? matches
    guard !unique.isEmpty else { return nil }
    if unique.count == 1, unique[0].hasSuffix("/") { galley_set_completion_append(0) }
    let common = unique.dropFirst().reduce(unique[0]) { prefix, m in String(prefix.commonPrefix(with: m)) }
    let entries = unique.count == 1 ? [unique[0]] : [common] + unique.sorted()
    guard let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else { return nil }
    let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (i, e) in entries.enumerated() { array[i] = strdup(e) }
    array[entries.count] = nil
    return array
}

/// Plugins' stderr lines in the REPL: printed at once while a command runs; while the prompt waits for typing they are
/// queued and the prompt loop is woken to print them above the prompt, so they never land on the line being typed.
final class PluginLines: Sendable {
    static let shared = PluginLines()
    private struct State {
        var waiting = false
        var queued: [String] = []
    }
    private let state = Mutex(State())
    private let pipeFDs: (read: Int32, write: Int32)

    private init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        pipeFDs = (fds[0], fds[1])
    }

    /// The descriptor the prompt loop polls.
    var wakeFD: Int32 { pipeFDs.read }

    /// Takes one line (from a plugin's stderr thread).
    func log(_ line: String) {
        let queued = state.withLock { s -> Bool in
            guard s.waiting else { return false }
            s.queued.append(line)
            return true
        }
        if queued {
            var byte: UInt8 = 1
            _ = write(pipeFDs.write, &byte, 1)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Marks whether the prompt is waiting for typing.
    func atPrompt(_ waiting: Bool) {
        let left = state.withLock { s -> [String] in
            s.waiting = waiting
            defer { s.queued.removeAll() }
            return waiting ? [] : s.queued
        }
        if !left.isEmpty { FileHandle.standardError.write(Data((left.joined(separator: "\n") + "\n").utf8)) }
    }

    /// The queued lines (and the wake-ups read).
    func drain() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(pipeFDs.read, &buffer, buffer.count) > 0 {}
        return state.withLock { s in
            defer { s.queued.removeAll() }
            return s.queued
        }
    }
}
