import Foundation
import GalleyCore
import GRDB
import Synchronization

/// The `enrich.duplicates` stage (a corpus stage: documents in input order, one thread): `duplicate_of`, the id of
/// the first document seen with the same text (a hash of its words, case and spacing ignored) or nearly the same
/// (MinHash over word shingles, LSH banding, estimated Jaccard similarity at `threshold` or more), and `similarity`.
/// One pass; memory grows with the number of documents (a fixed-size signature each), not with their size. With
/// `store`, signatures are kept in an SQLite file, so a `--resume` run still finds duplicates of what earlier runs saw.
public final class EnrichDuplicates: CorpusStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.duplicates", kind: .corpus,
            summary: "Add duplicate_of and similarity: exact (normalised-text hash) and near duplicates (MinHash + LSH) of earlier documents",
            parameters: [
                ParameterSpec("threshold", .number, default: 0.8, range: 0.05...1,
                              doc: "estimated Jaccard similarity of word shingles at which a document is a near duplicate"),
                ParameterSpec("shingle", .integer, default: 5, range: 1...20, doc: "words per shingle"),
                ParameterSpec("signature", .integer, default: 128, range: 16...1024, doc: "MinHash values per document (a multiple of bands)"),
                ParameterSpec("bands", .integer, default: 32, range: 1...1024, doc: "LSH bands (more: more candidates compared)"),
                ParameterSpec("store", .string, default: "", output: .file,
                              doc: "SQLite file that keeps the signatures across runs (--resume reads it); empty: memory only"),
            ],
            make: { config in .corpus(try EnrichDuplicates(config: config)) }),
    ]

    let threshold: Double
    let shingle: Int
    let signatureSize: Int
    let bands: Int
    let storePath: String?

    private struct State {
        var index: MinHashIndex
        var store: DatabaseQueue?
        var storeTarget: String?
        var pending: [(id: String, exact: UInt64, signature: [UInt32])] = []
    }
    private let state: Mutex<State>

    /// Creates the stage from its configuration.
    public init(config: StageConfig) throws {
        threshold = config.parameters.double("threshold") ?? 0.8
        shingle = config.parameters.int("shingle") ?? 5
        signatureSize = config.parameters.int("signature") ?? 128
        bands = config.parameters.int("bands") ?? 32
        guard signatureSize % bands == 0 else {
            throw StageFailure("enrich.duplicates: signature (\(signatureSize)) must be a multiple of bands (\(bands))")
        }
        let store = config.parameters.string("store") ?? ""
        storePath = store.isEmpty ? nil : (store.hasPrefix("/") ? store : FileManager.default.currentDirectoryPath + "/" + store)
        state = Mutex(State(index: MinHashIndex(signatureSize: signatureSize, bands: bands)))
    }

    /// Opens the store: with `resume`, the signatures earlier runs kept are indexed first; without, a new store is
    /// built beside the old one and replaces it when the run finishes.
    public func open(resume: Bool) throws {
        guard let storePath else { return }
        try state.withLock { state in
            let target = resume ? storePath : storePath + ".tmp-\(getpid())"
            if !resume { try? FileManager.default.removeItem(atPath: target) }
            var config = Configuration()
            config.label = "galley.enrich.duplicates"
            config.busyMode = .timeout(10)
            let queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: target, configuration: config)
                try queue.write { db in
                    try db.execute(sql: """
                        CREATE TABLE IF NOT EXISTS duplicate_signatures (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                          exact_hash INTEGER NOT NULL, shingle INTEGER NOT NULL, signature BLOB NOT NULL)
                        """)
                }
                if resume {
                    try queue.read { db in
                        let rows = try Row.fetchCursor(db, sql: "SELECT id, exact_hash, shingle, signature FROM duplicate_signatures ORDER BY seq")
                        while let row = try rows.next() {
                            let blob: Data = row["signature"]
                            let size: Int = row["shingle"]
                            guard blob.count == signatureSize * 4, size == shingle else {
                                throw StageFailure("'\(storePath)' holds signatures made with other settings (shingle \(size), \(blob.count / 4) values); remove it or run without --resume")
                            }
                            let sig = blob.withUnsafeBytes { raw in (0..<signatureSize).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian } }
                            let hash: Int64 = row["exact_hash"]
                            state.index.add(id: row["id"], exactHash: UInt64(bitPattern: hash), signature: sig)
                        }
                    }
                }
            } catch let e as StageFailure {
                throw StageFailure("enrich.duplicates: \(e.message)")
            } catch {
                throw StageFailure("enrich.duplicates: cannot open the signature store '\(target)': \(error)")
            }
            state.store = queue
            state.storeTarget = resume ? nil : target
        }
    }

    /// Sets `duplicate_of` and `similarity` when an earlier document has the same or nearly the same text.
    public func process(_ document: inout Document) throws {
        let words = DuplicateText.wordHashes(document.text)
        guard !words.isEmpty else { return }
        let exact = DuplicateText.exactHash(words)
        let signature = DuplicateText.signature(DuplicateText.shingles(words, size: shingle), count: signatureSize)
        let id = document.id
        let (match, flush) = state.withLock { state -> ((id: String, similarity: Double)?, Bool) in
            if let first = state.index.exactMatch(exact, excluding: id) { return ((first, 1.0), false) }
            let near = state.index.nearMatch(signature, threshold: threshold, excluding: id)
            if !state.index.contains(id) {
                state.index.add(id: id, exactHash: exact, signature: signature)
                if state.store != nil { state.pending.append((id, exact, signature)) }
            }
            return (near, state.pending.count >= 512)
        }
        if let match {
            document.fields["duplicate_of"] = .string(match.id)
            document.fields["similarity"] = .double(match.similarity)
        }
        if flush { try writePending() }
    }

    private func writePending() throws {
        try state.withLock { state in
            guard let store = state.store, !state.pending.isEmpty else { return }
            let rows = state.pending
            state.pending = []
            do {
                try store.write { db in
                    let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO duplicate_signatures (id, exact_hash, shingle, signature) VALUES (?, ?, ?, ?)")
                    for r in rows {
                        var blob = Data(capacity: r.signature.count * 4)
                        for v in r.signature { withUnsafeBytes(of: v.littleEndian) { blob.append(contentsOf: $0) } }
                        try statement.execute(arguments: [r.id, Int64(bitPattern: r.exact), shingle, blob])
                    }
                }
            } catch {
                throw StageFailure("enrich.duplicates: cannot write the signature store: \(error)")
            }
        }
    }

    /// Writes what is left to the store and, for a new store, moves it into place.
    public func finish() throws {
        try writePending()
        try state.withLock { state in
            guard let store = state.store else { return }
            try store.close()
            state.store = nil
            if let target = state.storeTarget, let storePath {
                guard rename(target, storePath) == 0 else {
                    throw StageFailure("enrich.duplicates: cannot move the signature store into place at '\(storePath)': \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    /// Drops a store being built.
    public func abort() {
        state.withLock { state in
            try? state.store?.close()
            state.store = nil
            if let target = state.storeTarget { try? FileManager.default.removeItem(atPath: target) }
        }
    }
}
