import Foundation

/// Options of one run.
public struct RunOptions: Sendable {
    /// Documents processed at once.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Overrides the pipeline's `on_error`.
    public var onError: ErrorPolicy?
    /// Skip documents whose ids the outputs already hold.
    public var resume = false
    /// Process only documents whose id hashes to shard `index` of `count`.
    public var shard: (index: Int, count: Int)?
    /// Called on the writing thread after each document (for progress display).
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Count the input items ahead of the run (a second walk of the folders) so progress can show a total and ETA;
    /// never done for stdin.
    public var countInputs = false

    /// Outputs (and the dead letter) are checkpointed after this many documents (0: not by count)…
    public var checkpointDocuments = 50_000
    /// … or after this many seconds (0: not by time), whichever comes first, so that a run killed late loses at most
    /// what came after the last checkpoint. A checkpoint copies the output, so one is never taken sooner than 20 times
    /// the last one took.
    public var checkpointSeconds: Double = 30

    /// The defaults.
    public init() {}
}

/// Where a run is, for the progress bar.
public struct RunProgress: Sendable {
    /// Documents finished (ok, failed or skipped).
    public var done: Int
    /// Documents failed so far.
    public var failed: Int
    /// Input items found so far.
    public var found: Int
    /// Whether every input item has been found.
    public var foundAll: Bool
    /// Seconds since the run started.
    public var elapsed: Double
}
