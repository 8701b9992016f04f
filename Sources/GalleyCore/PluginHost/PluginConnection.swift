import Dispatch
import Foundation
import OrderedCollections
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What became of one request sent to a plugin process.
enum PluginReply: Sendable {
    /// The plugin answered with this object.
    case response(OrderedDictionary<String, Value>)
    /// The request failed for a reason that belongs to this document (an error line, a malformed answer).
    case failed(String)
    /// The process died while this request was the oldest unanswered one: it is blamed.
    case crashed(String)
    /// The process died or was stopped while this request waited behind another: it may be sent again.
    case lost(String)
    /// The plugin did not answer within the per-document timeout; the process was killed.
    case timedOut
    /// The call was cancelled (galley was asked to stop, or ^C in the REPL); the process was killed.
    case cancelled
}

/// One waiting request: a slot for its reply and a semaphore to wake the thread that sent it.
final class ReplySlot: Sendable {
    private let reply = Mutex<PluginReply?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Stores the reply and wakes the waiter; later replies are ignored.
    func fulfill(_ r: PluginReply) {
        let first = reply.withLock { slot in
            guard slot == nil else { return false }
            slot = r
            return true
        }
        if first { ready.signal() }
    }

    /// Waits until `deadline`; the reply, or nil on timeout.
    func wait(until deadline: DispatchTime) -> PluginReply? {
        guard ready.wait(timeout: deadline) == .success else { return nil }
        return reply.withLock { $0 }
    }
}

/// One running plugin process: writes requests to its stdin, matches the lines on its stdout to waiting requests by id,
/// forwards its stderr, and notices when it exits.
final class PluginConnection: Sendable {
    /// The plugin's name, for messages.
    let name: String
    /// The process id (and process group id).
    let pid: pid_t
    /// The mark in its environment that its descendants inherit.
    let mark: String
    private let input: Mutex<Int32>
    private let state = Mutex(State())
    private let exited = DispatchSemaphore(value: 0)
    private let log: @Sendable (String) -> Void

    private struct State {
        var pending = OrderedDictionary<Int, ReplySlot>()
        var oldestSince: UInt64 = 0
        var hello: ReplySlot?
        var exit: String?
        var timedOut: Int?
        var stopping = false
        /// Why the process can take no more requests although it has not been reaped yet (killed, stdin broken).
        var broken: String?
        /// Whether galley stopped it by cancelling its calls (not a crash of the plugin's).
        var cancelled = false
        /// Whether galley killed it (a timeout, a protocol problem, a cancel): the requests still waiting are innocent.
        var killedByGalley = false
        /// Ids sent on this connection and not answered yet, with the id of the document each carries.
        var documents: [Int: String] = [:]
    }

    /// Whether galley stopped the process by cancelling its calls.
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// Longest stdout line accepted (a runaway plugin must not exhaust memory).
    static let defaultMaxLineBytes = 256 << 20
    /// Longest stdout line accepted from this process.
    let maxLineBytes: Int

    /// Starts the program and the threads that read its stdout and stderr.
    init(name: String, command: [String], directory: String, maxLineBytes: Int = PluginConnection.defaultMaxLineBytes,
         log: @escaping @Sendable (String) -> Void) throws(SpawnError) {
        let p = try ChildProcesses.spawn(command, directory: directory)
        self.name = name
        self.pid = p.pid
        self.mark = p.mark
        self.maxLineBytes = maxLineBytes
        self.input = Mutex(p.stdin)
        self.log = log
        ChildProcesses.track(self)
        let out = Thread { [self] in readStdout(p.stdout) }
        out.name = "plugin \(name) stdout"
        out.stackSize = 1 << 20
        out.start()
        let err = Thread { [self] in readStderr(p.stderr) }
        err.name = "plugin \(name) stderr"
        err.stackSize = 1 << 18
        err.start()
    }

    /// Whether the process can take no more requests: it has exited, was killed, or its stdin is broken.
    var hasExited: Bool { state.withLock { $0.exit != nil || $0.broken != nil } }

    /// Whether the process has been reaped.
    var isReaped: Bool { state.withLock { $0.exit != nil } }

    /// How the process ended ("exited with status 3"), or why it can take no more requests.
    var exitDescription: String? { state.withLock { $0.exit ?? $0.broken } }

    /// Requests sent and not yet answered.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Sends the hello line and waits for the plugin's hello.
    func handshake(_ line: [UInt8], timeout: Double) -> PluginReply {
        let slot = ReplySlot()
        let gone: String? = state.withLock { s in
            if let e = s.exit { return e }
            s.hello = slot
            return nil
        }
        if let gone { return .failed("exited before the handshake (\(gone))") }
        let deadline = DispatchTime.now() + timeout
        if let problem = write(line, deadline: deadline) { return .failed(problem) }
        if let reply = slot.wait(until: deadline) { return reply }
        state.withLock { $0.hello = nil }
        return .failed(String(format: "did not answer the handshake within %g s (start_timeout)", timeout))
    }

    /// Sends one request line and waits for its reply; the timeout runs from when the plugin could start on it.
    func request(id: Int, document: String, line: [UInt8], timeout: Double) -> PluginReply {
        let slot = ReplySlot()
        let gone: String? = state.withLock { s in
            if let e = s.exit ?? s.broken { return e }
            if s.pending.isEmpty { s.oldestSince = DispatchTime.now().uptimeNanoseconds }
            s.pending[id] = slot
            s.documents[id] = document
            return nil
        }
        if let gone { return .lost(gone) }
        if let problem = write(line, deadline: DispatchTime.now() + timeout) {
            let removed = state.withLock { s in
                if s.broken == nil { s.broken = "stopped taking requests (\(problem))" }
                s.documents.removeValue(forKey: id)
                return s.pending.removeValue(forKey: id) != nil
            }
            killTree()
            if removed { return .lost(problem) }
        }
        let limit = PipelineLimits.nanoseconds(timeout)
        while true {
            let (isOldest, since) = state.withLock { s in (s.pending.keys.first == id, s.oldestSince) }
            let now = DispatchTime.now().uptimeNanoseconds
            let deadline = isOldest ? since &+ limit : now &+ limit
            if let reply = slot.wait(until: DispatchTime(uptimeNanoseconds: max(deadline, now))) { return reply }
            let expired = state.withLock { s -> Bool in
                guard s.pending.keys.first == id, DispatchTime.now().uptimeNanoseconds >= s.oldestSince &+ limit else { return false }
                s.pending.removeValue(forKey: id)
                s.documents.removeValue(forKey: id)
                s.timedOut = id
                s.broken = String(format: "was stopped after %g s without an answer", timeout)
                s.oldestSince = DispatchTime.now().uptimeNanoseconds   // the next request's clock starts now
                return true
            }
            if expired {
                killTree()
                return .timedOut
            }
        }
    }

    /// Writes a whole line to the plugin's stdin, waiting for room until `deadline`; a message when it cannot.
    private func write(_ line: [UInt8], deadline: DispatchTime) -> String? {
        input.withLock { fd -> String? in
            guard fd >= 0 else { return "its stdin is closed" }
            return line.withUnsafeBytes { raw -> String? in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n > 0 { offset += n; continue }
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 && errno == EAGAIN {
                        let now = DispatchTime.now()
                        guard now < deadline else { return "it stopped reading its stdin" }
                        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        let ms = Int32(min(1000, (deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1_000_000 + 1))
                        _ = poll(&pfd, 1, ms)
                        continue
                    }
                    return "it closed its stdin (\(String(cString: strerror(errno))))"
                }
                return nil
            }
        }
    }

    /// Cancels every request in flight at once (their senders get `.cancelled`) and kills the process group; the
    /// process takes no more requests (a new one is started for the next document).
    func cancel() {
        let slots = state.withLock { s -> [ReplySlot] in
            if s.broken == nil { s.broken = "was stopped (the calls in flight were cancelled)" }
            s.cancelled = true
            defer { s.pending.removeAll(); s.documents.removeAll() }
            return Array(s.pending.values)
        }
        for slot in slots { slot.fulfill(.cancelled) }
        killTree()
    }

    /// Closes the plugin's stdin: the signal to finish and exit.
    func closeInput() {
        input.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
        state.withLock { $0.stopping = true }
    }

    /// Waits up to `seconds` for the process to exit; whether it did.
    func waitForExit(_ seconds: Double) -> Bool {
        if isReaped { return true }
        if exited.wait(timeout: .now() + seconds) == .success {
            exited.signal()
            return true
        }
        return isReaped
    }

    /// Stops several connections in order: close stdin, wait `grace`, SIGTERM, wait, SIGKILL.
    static func shutdown(_ connections: [PluginConnection], grace: Double) {
        for c in connections { c.closeInput() }
        let deadline = DispatchTime.now() + grace
        var left = connections.filter { !$0.waitForExit(max(0, Double(Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1e9)) }
        for c in left { kill(-c.pid, SIGTERM) }
        let termDeadline = DispatchTime.now() + 1
        left = left.filter { !$0.waitForExit(max(0, Double(Int64(termDeadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1e9)) }
        for c in left { c.killTree() }
        for c in left { _ = c.waitForExit(2) }
    }

    /// Kills the process group and every descendant that left it (see `ChildProcesses.killDescendants`).
    func killTree() {
        state.withLock { $0.killedByGalley = true }
        kill(-pid, SIGKILL)
        ChildProcesses.killDescendants(mark: mark, leader: pid)
    }

    private func readStdout(_ fd: Int32) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var scanFrom = 0
        reading: while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            var lineStart = 0
            var i = scanFrom
            while i < buffer.count {
                if buffer[i] == 0x0A {
                    var end = i
                    if end > lineStart && buffer[end - 1] == 0x0D { end -= 1 }
                    if end > lineStart { handle(buffer[lineStart..<end]) }
                    lineStart = i + 1
                }
                i += 1
            }
            if lineStart > 0 { buffer.removeFirst(lineStart) }
            scanFrom = buffer.count
            if buffer.count > maxLineBytes {
                // The line's own id, when it starts as responses do, says which request it answers; else the oldest.
                protocolProblem("wrote a line longer than \(maxLineBytes >> 20) MB to stdout", id: Self.leadingID(buffer[...]))
                killTree()
                break reading
            }
        }
        close(fd)
        finish()
    }

    private func handle(_ line: ArraySlice<UInt8>) {
        guard case .object(let object)? = try? JSONParser.parse(line) else {
            protocolProblem("wrote a line to stdout that is not JSON: \(Self.preview(line))")
            return
        }
        if object["type"]?.stringValue == "hello" {
            let slot = state.withLock { s -> ReplySlot? in defer { s.hello = nil }; return s.hello }
            if let slot { slot.fulfill(.response(object)) } else { protocolProblem("sent a second hello: \(Self.preview(line))") }
            return
        }
        guard let idValue = object["id"] else {
            protocolProblem("wrote a line to stdout that is not a response (no \"id\"): \(Self.preview(line))")
            return
        }
        guard let id = idValue.intValue else {
            // Say what is wrong with it; a string that holds a waiting request's number fails that request.
            let meant = idValue.stringValue.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            protocolProblem("answered with an \"id\" that is \(idValue.typeName == "string" ? "a string" : "a \(idValue.typeName)") (\(idValue.jsonString.prefix(40))), not the request's integer id (copy it as a number: {\"id\":\(meant.map(String.init) ?? "17"),…}): \(Self.preview(line))", id: meant)
            return
        }
        enum Match { case slot(ReplySlot), wrongDocument(ReplySlot, String, String), none }
        let echoed = object["document"]?.stringValue ?? object["document"]?["id"]?.stringValue
        let match = state.withLock { s -> Match in
            guard let slot = s.pending[id] else { return .none }
            let wasOldest = s.pending.keys.first == id
            s.pending.removeValue(forKey: id)
            let sent = s.documents.removeValue(forKey: id)
            if wasOldest { s.oldestSince = DispatchTime.now().uptimeNanoseconds }
            if let echoed, let sent, echoed != sent { return .wrongDocument(slot, echoed, sent) }
            return .slot(slot)
        }
        switch match {
        case .slot(let slot): slot.fulfill(.response(object))
        case .wrongDocument(let slot, let echoed, let sent):
            slot.fulfill(.failed("answered request \(id) with \"document\" '\(echoed)', but request \(id) carries document '\(sent)'; the answer is not applied"))
        case .none:
            // A late answer to a request already failed (after a garbage line or a timeout): dropped.
            break
        }
    }

    /// The integer after `{"id":` (spaces allowed around the colon) at the start of a line, if it starts so.
    static func leadingID(_ bytes: ArraySlice<UInt8>) -> Int? {
        let prefix = Array(#"{"id""#.utf8)
        guard bytes.starts(with: prefix) else { return nil }
        var rest = bytes.dropFirst(prefix.count).drop { $0 == 0x20 }
        guard rest.first == 0x3A else { return nil }
        rest = rest.dropFirst().drop { $0 == 0x20 }
        var value = 0
        var digits = 0
        for b in rest {
            guard b >= 0x30 && b <= 0x39, digits < 18 else { break }
            value = value * 10 + Int(b - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// A line that breaks the protocol fails the handshake, the request `id` names when it is waiting, else the oldest
    /// waiting request, naming the plugin and showing the line.
    private func protocolProblem(_ message: String, id: Int? = nil) {
        let slot = state.withLock { s -> ReplySlot? in
            if let h = s.hello { s.hello = nil; return h }
            let target = id.flatMap { s.pending[$0] != nil ? $0 : nil } ?? s.pending.keys.first
            guard let target else { return nil }
            if s.pending.keys.first == target { s.oldestSince = DispatchTime.now().uptimeNanoseconds }
            s.documents.removeValue(forKey: target)
            return s.pending.removeValue(forKey: target)
        }
        if let slot { slot.fulfill(.failed(message)) } else { log("galley warning: \(message)") }
    }

    /// Called when stdout closes: waits for the exit, kills what is left of the process group, reaps, fails the waiting requests.
    private func finish() {
        var info = siginfo_t()
        var waited = 0
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0 && waited < 100 {
            usleep(2000)
            waited += 2
        }
        if info._sifields._sigchld.si_pid == 0 {
            kill(-pid, SIGKILL)
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        }
        kill(-pid, SIGKILL)   // the leader is a zombie, so the group id cannot have been reused
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ChildProcesses.unregister(group: pid)
        // What the plugin started and left behind (a daemon in a session of its own) goes with it.
        ChildProcesses.killDescendants(mark: mark, leader: pid)
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let description = signalled ? "was killed by signal \(status & 0x7f)\((status & 0x7f) == SIGKILL ? " (SIGKILL)" : "")"
            : "exited with status \((status >> 8) & 0xff)"
        let (hello, pending, timedOut, stopping) = state.withLock { s in
            s.exit = description
            defer { s.pending.removeAll(); s.documents.removeAll(); s.hello = nil }
            return (s.hello, s.pending, s.timedOut != nil || s.killedByGalley, s.stopping)
        }
        hello?.fulfill(.failed("exited during the handshake (\(description))"))
        for (index, slot) in pending.values.enumerated() {
            if index == 0 && !timedOut && !stopping { slot.fulfill(.crashed(description)) } else { slot.fulfill(.lost(description)) }
        }
        input.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
        ChildProcesses.untrack(pid)
        exited.signal()
    }

    private func readStderr(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            while let nl = buffer.firstIndex(of: 0x0A) {
                var end = nl
                if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
                log(String(decoding: buffer[0..<end], as: UTF8.self))
                buffer.removeFirst(nl + 1)
            }
            if buffer.count > 1 << 16 {
                log(String(decoding: buffer, as: UTF8.self))
                buffer.removeAll()
            }
        }
        if !buffer.isEmpty { log(String(decoding: buffer, as: UTF8.self)) }
        close(fd)
    }

    /// A line as shown in a message: at most 200 characters, quoted with escapes.
    static func preview(_ line: ArraySlice<UInt8>) -> String {
        let text = String(decoding: line.prefix(600), as: UTF8.self)
        let cut = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return Value.string(cut).jsonString
    }
}
