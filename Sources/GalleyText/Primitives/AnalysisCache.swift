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

    /// One text's analysis and what was derived from it so far.
    private struct Entry {
        var analyzed: AnalyzedText
        var dates: [DateMention]?
    }

    /// Entries from oldest to newest, and the text bytes they hold.
    private struct Entries {
        var items: [Entry] = []
        var bytes = 0

        /// The index of the newest entry for `text`.
        func index(of text: String, length: Int) -> Int? {
            items.lastIndex { $0.analyzed.bytes.count == length && $0.analyzed.text == text }
        }
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
        if cacheable, let hit = entries.withLock({ entries in entries.index(of: text, length: length).map { entries.items[$0].analyzed } }) {
            return hit
        }
        let analyzed = AnalyzedText(text)
        guard cacheable else { return analyzed }
        entries.withLock { entries in
            entries.items.append(Entry(analyzed: analyzed))
            entries.bytes += length
            var evict = 0
            var bytes = entries.bytes
            while entries.items.count - evict > capacity || bytes > maximumBytes {
                bytes -= entries.items[evict].analyzed.bytes.count
                evict += 1
            }
            if evict > 0 {
                entries.items.removeFirst(evict)
                entries.bytes = bytes
            }
        }
        return analyzed
    }

    /// The date expressions of `text`, found once and shared by `extract.dates` and `enrich.dates`; the scan stops
    /// once `limit` are found (a list cut short is not remembered).
    public func dateMentions(of text: String, limit: Int = .max) -> [DateMention] {
        let length = text.utf8.count
        if let memo = entries.withLock({ entries in entries.index(of: text, length: length).flatMap { entries.items[$0].dates } }) {
            return memo
        }
        let mentions = DateExtractor.dates(in: analysis(of: text), limit: limit)
        guard mentions.count < limit else { return mentions }
        entries.withLock { entries in
            if let index = entries.index(of: text, length: length) { entries.items[index].dates = mentions }
        }
        return mentions
    }

    /// How many analyses and text bytes the cache holds (for tests).
    var occupancy: (count: Int, bytes: Int) { entries.withLock { ($0.items.count, $0.bytes) } }
}
