import Foundation

/// One name the gazetteer knows.
struct GazetteerEntry: Sendable, Equatable {
    /// The name as listed.
    var name: String
    /// ISO 3166-1 alpha-2 code of the country, or an organisation's short name.
    var link: String
    /// country, city, region, demonym or organisation.
    var type: String
    /// The name the link stands for (`North Korea` for `North Korean`).
    var canonical: String
}

/// Places, nationalities and organisations by name (`Resources/gazetteer.tsv`, made by scripts/build-gazetteer.py),
/// looked up case-insensitively, with plurals of demonyms and close misspellings.
struct Gazetteer: Sendable {
    private let exact: [String: GazetteerEntry]
    /// Names of places for the misspelling search, by first letter and length, each with its normalised scalars.
    private let byShape: [Shape: [(scalars: [Unicode.Scalar], entry: GazetteerEntry)]]

    /// A first letter and a length in scalars.
    private struct Shape: Hashable {
        var first: Unicode.Scalar
        var count: Int
    }

    /// Reads the gazetteer file.
    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        var exact: [String: GazetteerEntry] = [:]
        var shapes: [Shape: [(scalars: [Unicode.Scalar], entry: GazetteerEntry)]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else { continue }
            let entry = GazetteerEntry(name: f[0], link: f[1], type: f[2], canonical: f[3])
            let key = Self.normalise(f[0])
            // Places and nationalities win over organisations of the same name, the first listed over later ones.
            if let old = exact[key], old.type != "organisation" || entry.type == "organisation" { continue }
            exact[key] = entry
            let scalars = Array(key.unicodeScalars)
            if entry.type != "organisation", entry.name.count >= 5, let first = scalars.first {
                shapes[Shape(first: first, count: scalars.count), default: []].append((scalars, entry))
            }
        }
        self.exact = exact
        self.byShape = shapes
    }

    /// Lower case, curly apostrophes straight, a leading `the ` dropped.
    static func normalise(_ s: String) -> String {
        var t = s.lowercased()
        if t.utf8.contains(0xE2) { t = t.replacingOccurrences(of: "\u{2019}", with: "'") }
        if t.hasPrefix("the ") { t.removeFirst(4) }
        return t
    }

    /// The entry for a mention, and the corrected spelling when it was found only as a close misspelling
    /// (searched only when `corrections` is true).
    func lookup(_ mention: String, corrections: Bool = true) -> (entry: GazetteerEntry, correction: String?)? {
        var key = Self.normalise(mention)
        if key.hasSuffix("'s") { key.removeLast(2) }
        if let e = exact[key] { return (e, nil) }
        if key.hasSuffix("s"), let e = exact[String(key.dropLast())], e.type == "demonym" { return (e, nil) }
        guard corrections, key.count >= 5, !key.contains(" ") || key.count >= 8 else { return nil }
        // One edit (a letter changed, added, dropped, or two swapped), same first letter.
        let scalars = Array(key.unicodeScalars)
        guard let first = scalars.first else { return nil }
        var best: GazetteerEntry?
        for length in (scalars.count - 1)...(scalars.count + 1) {
            for (name, e) in byShape[Shape(first: first, count: length)] ?? [] where Self.oneEdit(scalars, name) {
                if best == nil { best = e } else if best!.name != e.name { return nil }  // ambiguous
            }
        }
        return best.map { ($0, $0.name) }
    }

    /// Whether two strings are exactly one edit apart (Damerau: a transposition counts as one).
    static func oneEdit(_ a: String, _ b: String) -> Bool { oneEdit(Array(a.unicodeScalars), Array(b.unicodeScalars)) }

    /// Whether two scalar sequences are exactly one edit apart.
    static func oneEdit(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Bool {
        if x == y { return false }
        if x.count == y.count {
            var first = -1, second = -1
            for k in x.indices where x[k] != y[k] {
                if first < 0 { first = k } else if second < 0 { second = k } else { return false }
            }
            if second < 0 { return true }
            return second == first + 1 && x[first] == y[second] && x[second] == y[first]
        }
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count && long[i] == short[i] { i += 1 }
        return long[(i + 1)...].elementsEqual(short[i...])
    }
}
