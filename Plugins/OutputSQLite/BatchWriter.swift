import Dispatch
import Foundation
import GalleyCore
import Synchronization

/// Runs the database side of a sink on a thread of its own: the runner's writer thread hands over batches of
/// documents and goes on, so flattening and SQL overlap with the rest of the pipeline. At most `depth` batches wait.
final class BatchWriter: Sendable {
    private struct State {
        var batches: [[Document]] = []
        var error: String?
    }
    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread; `write` is called on it with each batch, in order.
    init(depth: Int = 2, write: @escaping @Sendable ([Document]) throws -> Void) {
        slots = DispatchSemaphore(value: depth)
        let thread = Thread { [self] in
            while true {
                ready.wait()
                let (batch, failed): ([Document]?, Bool) = state.withLock { s in
                    s.batches.isEmpty ? (nil, s.error != nil) : (s.batches.removeFirst(), s.error != nil)
                }
                guard let batch else { break }
                // After a failure the remaining batches are dropped, not written out of order.
                if !failed {
                    do { try write(batch) } catch { state.withLock { $0.error = "\(error)" } }
                }
                slots.signal()
            }
            stopped.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Queues a batch, waiting while `depth` batches are queued; throws the error of an earlier batch.
    func submit(_ batch: [Document]) throws {
        if let e = state.withLock({ $0.error }) { throw StageFailure(e) }
        slots.wait()
        state.withLock { $0.batches.append(batch) }
        ready.signal()
    }

    /// Writes what is queued, stops the thread, and throws the first error.
    func close() throws {
        ready.signal()
        stopped.wait()
        if let e = state.withLock({ $0.error }) { throw StageFailure(e) }
    }

    /// Stops the thread after the batches already handed over (each is its own transaction), ignoring errors.
    func cancel() { try? close() }
}
