import Dispatch
import Foundation
import GalleyCore
import Synchronization

/// Runs one step of a sink on a thread of its own: the caller hands over batches and goes on, so the step overlaps
/// with the rest of the pipeline. At most `depth` batches wait. `output.sqlite` chains two: flattening documents to
/// rows and JSON on one thread, SQL on the next.
final class BatchWriter<Item: Sendable>: Sendable {
    private struct State {
        var batches: [[Item]] = []
        var error: String?
    }
    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread; `write` is called on it with each batch, in order.
    init(depth: Int = 2, write: @escaping @Sendable ([Item]) throws -> Void) {
        slots = DispatchSemaphore(value: depth)
        let thread = Thread { [self] in
            while true {
                ready.wait()
                let (batch, failed): ([Item]?, Bool) = state.withLock { s in
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
    func submit(_ batch: [Item]) throws {
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
