import Synchronization

/// Remembers the analyses of the texts seen last, so the text stages that run one after another on a document
/// tokenize and split it once instead of once per stage.
///
/// Shared by design: the stages live in separate plugin modules and meet only here. Entries are immutable values
/// behind a mutex, the cache is bounded in entries and in text bytes, and a miss only costs the analysis it would
/// have cost anyway, so results never depend on what the cache holds.
public final class AnalysisCache: Sendable {
    /// The cache the text stages share: 64 texts, 4 MB of text at most (about ten times that in analyses).
    public static let shared = AnalysisCache(capacity: 64, maximumBytes: 4 << 20)

    private let capacity: Int
    private let maximumBytes: Int
    private let entries: Mutex<Entries>

    /// Analyses from oldest to newest, and the text bytes they hold.
    private struct Entries {
        var items: [AnalyzedText] = []
        var bytes = 0
    }

    /// Creates a cache holding up to `capacity` analyses of `maximumBytes` of text in all.
    public init(capacity: Int, maximumBytes: Int) {
        self.capacity = max(1, capacity)
        self.maximumBytes = maximumBytes
        entries = Mutex(Entries())
    }

    /// The analysis of `text`, computed on a miss.
    public func analysis(of text: String) -> AnalyzedText {
        let length = text.utf8.count
        let cacheable = length <= maximumBytes / 4
        // Newest first: the stages of one document ask right after each other.
        if cacheable, let hit = entries.withLock({ $0.items.last { $0.bytes.count == length && $0.text == text } }) {
            return hit
        }
        let analyzed = AnalyzedText(text)
        guard cacheable else { return analyzed }
        entries.withLock { entries in
            entries.items.append(analyzed)
            entries.bytes += length
            var evict = 0
            var bytes = entries.bytes
            while entries.items.count - evict > capacity || bytes > maximumBytes {
                bytes -= entries.items[evict].bytes.count
                evict += 1
            }
            if evict > 0 {
                entries.items.removeFirst(evict)
                entries.bytes = bytes
            }
        }
        return analyzed
    }

    /// How many analyses and text bytes the cache holds (for tests).
    var occupancy: (count: Int, bytes: Int) { entries.withLock { ($0.items.count, $0.bytes) } }
}
