/// The immutable set of stage types a run can use, built once from the plugins.
public struct StageRegistry: Sendable {
    /// Stage types by name.
    public let types: [String: StageType]

    /// Builds a registry; a later type with the same name as an earlier one is reported in `conflicts`.
    public init(_ list: [StageType]) {
        var types: [String: StageType] = [:]
        var conflicts: [String] = []
        for t in list {
            if types[t.name] != nil { conflicts.append(t.name); continue }
            types[t.name] = t
        }
        self.types = types
        self.conflicts = conflicts
    }

    /// Names that more than one plugin tried to register (the first one wins).
    public let conflicts: [String]

    /// The type with this name.
    public subscript(name: String) -> StageType? { types[name] }

    /// All types, by phase then name.
    public var sorted: [StageType] {
        types.values.sorted { ($0.phase, $0.name) < ($1.phase, $1.name) }
    }

    /// A registry with more types added (external plugins on top of the builtin ones).
    public func adding(_ more: [StageType]) -> StageRegistry {
        StageRegistry(sorted + more)
    }

    /// The closest known type name, for "did you mean".
    public func suggestion(for name: String) -> String? {
        closestMatch(to: name, in: Array(types.keys))
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a plausible typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for c in candidates.sorted() {
        let d = editDistance(word, c)
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (name, distance) = best else { return nil }
    let limit = max(2, min(word.count, name.count) / 3)
    return distance <= limit ? name : nil
}

/// Levenshtein distance between two strings, counting Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
