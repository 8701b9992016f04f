import Synchronization

/// Remembers the analyses of the texts seen last, so the text stages that run one after another on a document
/// tokenize and split it once instead of once per stage.
///
/// Shared by design: the stages live in separate plugin modules and meet only here. Entries are immutable values
/// behind a mutex, the cache is bounded in entries and in bytes, and a miss only costs the analysis it would have
/// cost anyway, so results never depend on what the cache holds.
public final class AnalysisCache: Sendable {
    /// The cache the text stages share.
    public static let shared = AnalysisCache(capacity: 64, maximumTextBytes: 1 << 20)

    private let capacity: Int
    private let maximumTextBytes: Int
    private let entries: Mutex<Ring>

    private struct Ring {
        var items: [AnalyzedText] = []
        var next = 0

        /// The newest entry matching `condition`: the stages of one document ask right after each other.
        func newestFirst(where condition: (AnalyzedText) -> Bool) -> AnalyzedText? {
            let count = items.count
            for step in 0..<count {
                let index = ((next - 1 - step) % count + count) % count
                if condition(items[index]) { return items[index] }
            }
            return nil
        }
    }

    /// Creates a cache holding up to `capacity` analyses of texts no longer than `maximumTextBytes`.
    public init(capacity: Int, maximumTextBytes: Int) {
        self.capacity = max(1, capacity)
        self.maximumTextBytes = maximumTextBytes
        entries = Mutex(Ring())
    }

    /// The analysis of `text`, computed on a miss.
    public func analysis(of text: String) -> AnalyzedText {
        let length = text.utf8.count
        let cacheable = length <= maximumTextBytes
        if cacheable, let hit = entries.withLock({ ring in ring.newestFirst(where: { $0.bytes.count == length && $0.text == text }) }) {
            return hit
        }
        let analyzed = AnalyzedText(text)
        guard cacheable else { return analyzed }
        entries.withLock { ring in
            if ring.items.count < capacity {
                ring.items.append(analyzed)
            } else {
                ring.items[ring.next] = analyzed
            }
            ring.next = (ring.next + 1) % capacity
        }
        return analyzed
    }
}
