import DequeModule
import Foundation
import Synchronization

/// What became of one loaded document in the parallel part.
enum Outcome: Sendable {
    case ok(Document)
    case failed(DocumentError)
    /// Skipped by `--resume` or `--shard`, with the document's source path.
    case skipped(String)
}

/// State shared by the producer, the workers, the watchdog and the writer of one run.
final class RunShared: Sendable {
    /// What a worker is doing to one item, for the watchdog.
    struct Running {
        var stage: String
        var path: String
        var document: Document?
        var since: UInt64

        /// Nanoseconds since `since`; 0 for a start stored after `now` was read.
        func age(at now: UInt64) -> UInt64 { now >= since ? now - since : 0 }
    }
    struct State {
        var queue = Deque<(Int, SourceItem)>()
        var results: [Int: (String, [Outcome])] = [:]
        var running: [Int: Running] = [:]
        var abandoned: Set<Int> = []
        var enqueued = 0
        var taken = 0
        var total: Int?
        var counted: Int?
        var finished = false
        var enumerationError: String?
    }
    let state = Mutex(State())
    /// Items in flight, from enqueue until written: bounds memory.
    let inflight: DispatchSemaphore
    /// Counts queued items, plus wake-ups once the queue is closed.
    let queued = DispatchSemaphore(value: 0)
    let completed = DispatchSemaphore(value: 0)

    init(capacity: Int) { inflight = DispatchSemaphore(value: capacity) }

    /// Queues an item; false once the queue is closed (input ended or the run is stopping).
    func enqueue(_ job: (Int, SourceItem)) -> Bool {
        let ok = state.withLock { s in
            guard s.total == nil else { return false }
            s.queue.append(job)
            s.enqueued += 1
            return true
        }
        if ok { queued.signal() }
        return ok
    }

    /// The next item, or nil once the queue is closed and empty.
    func dequeue() -> (Int, SourceItem)? {
        while true {
            queued.wait()
            let (job, closed) = state.withLock { s in (s.queue.popFirst(), s.total != nil) }
            if let job { return job }
            if closed {
                // Pass the wake-up on, so that every worker (and any replacement) sees the end.
                queued.signal()
                return nil
            }
        }
    }

    /// Takes no more items: everything queued so far is still processed and written.
    func close() {
        let first = state.withLock { s in
            guard s.total == nil else { return false }
            s.total = s.enqueued
            return true
        }
        guard first else { return }
        queued.signal()
        completed.signal()
        // A producer waiting for room wakes up and sees that the run is stopping.
        inflight.signal()
    }

    /// Records what stage a worker is running on an item.
    func begin(_ seq: Int, stage: String, path: String, document: Document?) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { $0.running[seq] = Running(stage: stage, path: path, document: document, since: now) }
    }

    /// Stores an item's outcomes; false when the watchdog already gave up on it.
    func complete(_ seq: Int, path: String, _ outcomes: [Outcome]) -> Bool {
        let kept = state.withLock { s in
            s.running.removeValue(forKey: seq)
            if s.abandoned.remove(seq) != nil { return false }
            s.results[seq] = (path, outcomes)
            return true
        }
        if kept { completed.signal() }
        return kept
    }

    /// Fails every item stuck in one stage for more than `seconds`; returns how many were given up on.
    ///
    /// `now` is read while the lock is held, so no `begin` can have stored a later start; the age is still computed
    /// without underflow, whatever clock value a caller passes.
    func abandon(olderThan seconds: Double, now fixedNow: UInt64? = nil) -> Int {
        let limit = PipelineLimits.nanoseconds(seconds)
        let count = state.withLock { s in
            let now = fixedNow ?? DispatchTime.now().uptimeNanoseconds
            var n = 0
            for (seq, r) in s.running where r.age(at: now) > limit {
                s.running.removeValue(forKey: seq)
                s.abandoned.insert(seq)
                let message = String(format: "still running after %.1f s, over the limit of %g s per document (abandoned; limits.stage_seconds)",
                                     Double(r.age(at: now)) / 1e9, seconds)
                s.results[seq] = (r.path, [.failed(DocumentError(path: r.path, stage: r.stage, message: message, document: r.document))])
                n += 1
            }
            return n
        }
        for _ in 0..<count { completed.signal() }
        return count
    }

    func setEnumerationError(_ e: String) { state.withLock { $0.enumerationError = e } }
    var found: Int { state.withLock { $0.counted ?? $0.enqueued } }
    var enumerationDone: Bool { state.withLock { $0.total != nil || $0.counted != nil } }
    func setCounted(_ n: Int) { state.withLock { $0.counted = n } }
    var enumerationError: String? { state.withLock { $0.enumerationError } }
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Ends the watchdog.
    func finish() { state.withLock { $0.finished = true } }

    /// Waits for the outcomes of item `seq`; nil once every item has been taken.
    func take(_ seq: Int) -> (String, [Outcome])? {
        while true {
            let (r, total): ((String, [Outcome])?, Int?) = state.withLock { s in (s.results.removeValue(forKey: seq), s.total) }
            if let r { return r }
            if let total, seq >= total { return nil }
            completed.wait()
        }
    }
}
