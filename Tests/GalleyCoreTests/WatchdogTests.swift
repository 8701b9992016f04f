import Dispatch
@testable import GalleyCore
import Testing

/// The watchdog's clock arithmetic: a start stored after the watchdog read the clock, and limits of any size.
struct WatchdogTests {
    /// A worker's `begin` can store a start later than the `now` the watchdog read: the age is 0, not an underflow
    /// (`now - since` on UInt64 trapped with SIGILL in runs of 1M tiny documents at --jobs 8).
    @Test func aStartLaterThanTheWatchdogsClockIsNotAnUnderflow() {
        let shared = RunShared(capacity: 4)
        shared.begin(0, stage: "ingest.files", path: "a.txt", document: nil)
        #expect(shared.abandon(olderThan: 0.001, now: 0) == 0)
        #expect(shared.abandon(olderThan: 0.001, now: 1) == 0)
    }

    /// Limits too large for UInt64 nanoseconds (1e11 s, infinity) are clamped instead of trapping.
    @Test func limitsOfAnySizeAreClampedNotTrapped() {
        let shared = RunShared(capacity: 4)
        shared.begin(0, stage: "enrich.slow", path: "a.txt", document: nil)
        let later = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
        #expect(shared.abandon(olderThan: .infinity, now: later) == 0)
        #expect(shared.abandon(olderThan: 1e300, now: later) == 0)
        #expect(shared.abandon(olderThan: 1, now: later) == 1)
        #expect(PipelineLimits.nanoseconds(.infinity) == 1_000_000_000_000_000)
        #expect(PipelineLimits.nanoseconds(-5) == 0)
    }
}
