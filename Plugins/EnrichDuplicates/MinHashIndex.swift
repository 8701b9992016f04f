/// The words of a text for duplicate detection: runs of letters and digits (any non-ASCII byte counts as a letter),
/// ASCII lower-cased, each as a 64-bit hash.
enum DuplicateText {
    /// FNV-1a hashes of the words, in order.
    static func wordHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt64] = []
            out.reserveCapacity(bytes.count / 5)
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var inWord = false
            for b in bytes {
                let isWordByte = b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
                if isWordByte {
                    let folded = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
                    h = (h ^ UInt64(folded)) &* 0x100_0000_01b3
                    inWord = true
                } else if inWord {
                    out.append(h)
                    h = 0xcbf2_9ce4_8422_2325
                    inWord = false
                }
            }
            if inWord { out.append(h) }
            return out
        }
    }

    /// The hash of the normalised text (its words in order, case and spacing ignored).
    static func exactHash(_ words: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        for w in words { h = (h ^ w) &* 0x100_0000_01b3; h ^= h >> 29 }
        return h
    }

    /// Hashes of the word shingles (`size` consecutive words; a shorter text is one shingle).
    static func shingles(_ words: [UInt64], size: Int) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        let k = min(size, words.count)
        var out: [UInt64] = []
        out.reserveCapacity(words.count - k + 1)
        for i in 0...(words.count - k) {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15
            for j in i..<(i + k) { h = (h ^ words[j]) &* 0xBF58_476D_1CE4_E5B9; h ^= h >> 31 }
            out.append(h)
        }
        return out
    }

    /// A MinHash signature by one-permutation hashing: a shingle's mixed hash picks one of `count` bins and its
    /// remaining bits compete for that bin's minimum; empty bins borrow from the next full bin to the right
    /// (rotation densification), so the signature of a short text is still comparable.
    static func signature(_ shingles: [UInt64], count: Int) -> [UInt32] {
        var bins = [UInt32](repeating: .max, count: count)
        var filled = [Bool](repeating: false, count: count)
        for s in shingles {
            var x = s ^ (s >> 33)
            x = x &* 0xFF51_AFD7_ED55_8CCD
            x ^= x >> 33
            let bin = Int(x % UInt64(count))
            let value = UInt32(truncatingIfNeeded: x >> 32)
            if value <= bins[bin] { bins[bin] = value; filled[bin] = true }
        }
        guard filled.contains(true) else { return bins }
        for i in 0..<count where !filled[i] {
            var j = (i + 1) % count
            var distance: UInt32 = 1
            while !filled[j] { j = (j + 1) % count; distance += 1 }
            bins[i] = bins[j] &+ distance &* 0x9E37_79B9
        }
        return bins
    }

    /// The share of equal positions of two signatures: an estimate of the shingle sets' Jaccard similarity.
    static func similarity(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>) -> Double {
        var same = 0
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex { if a[i] == b[j] { same += 1 }; i += 1; j += 1 }
        return Double(same) / Double(a.count)
    }
}

/// Signatures of every document seen, their exact-text hashes, and LSH band buckets over the signatures; memory
/// grows with the number of documents, not their length.
struct MinHashIndex {
    let signatureSize: Int
    let bands: Int
    /// Documents kept per band bucket: a bucket shared by very many documents (boilerplate) stops growing.
    let bucketLimit = 64

    private(set) var ids: [String] = []
    private var signatures: [UInt32] = []
    private var exact: [UInt64: Int32] = [:]
    private var buckets: [UInt64: [Int32]] = [:]
    private var known: Set<String> = []

    init(signatureSize: Int, bands: Int) {
        self.signatureSize = signatureSize
        self.bands = bands
    }

    /// How many documents are indexed.
    var count: Int { ids.count }

    /// Whether a document id is indexed.
    func contains(_ id: String) -> Bool { known.contains(id) }

    /// The first indexed document with the same normalised text, other than `id`.
    func exactMatch(_ hash: UInt64, excluding id: String) -> String? {
        guard let i = exact[hash], ids[Int(i)] != id else { return nil }
        return ids[Int(i)]
    }

    /// The first indexed document (in index order) whose signature agrees at `threshold` or more, with that share.
    func nearMatch(_ signature: [UInt32], threshold: Double, excluding id: String) -> (id: String, similarity: Double)? {
        var seen = Set<Int32>()
        var best: (index: Int32, similarity: Double)?
        let rows = signatureSize / bands
        for band in 0..<bands {
            guard let docs = buckets[bandKey(signature, band, rows)] else { continue }
            for d in docs where seen.insert(d).inserted {
                if let b = best, b.index < d { continue }
                guard ids[Int(d)] != id else { continue }
                let start = Int(d) * signatureSize
                let s = DuplicateText.similarity(signatures[start..<(start + signatureSize)], signature[...])
                if s >= threshold { best = (d, s) }
            }
        }
        return best.map { (ids[Int($0.index)], ($0.similarity * 1000).rounded() / 1000) }
    }

    /// Adds a document.
    mutating func add(id: String, exactHash: UInt64, signature: [UInt32]) {
        guard known.insert(id).inserted else { return }
        let index = Int32(ids.count)
        ids.append(id)
        signatures.append(contentsOf: signature)
        if exact[exactHash] == nil { exact[exactHash] = index }
        let rows = signatureSize / bands
        for band in 0..<bands {
            let key = bandKey(signature, band, rows)
            if buckets[key, default: []].count < bucketLimit { buckets[key, default: []].append(index) }
        }
    }

    private func bandKey(_ signature: [UInt32], _ band: Int, _ rows: Int) -> UInt64 {
        var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15 ^ 0xcbf2_9ce4_8422_2325
        for r in (band * rows)..<((band + 1) * rows) { h = (h ^ UInt64(signature[r])) &* 0x100_0000_01b3 }
        return h
    }
}
