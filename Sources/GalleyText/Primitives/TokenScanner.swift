/// The one pass of the pattern engines (dates, quantities): walk the tokens, and at each token that can start a
/// mention try to match one there; a match moves the scan past it. The pass stops once `limit` results are in.
protocol TokenScanner {
    associatedtype Result
    /// The tokens scanned.
    var tokens: [Token] { get }
    /// The mentions found so far.
    var results: [Result] { get }
    /// Whether a mention can start at the token.
    func isCandidate(_ index: Int) -> Bool
    /// Tries to match a mention starting at `index` (appending it to `results`); the index after it, or nil.
    mutating func match(at index: Int) -> Int?
}

extension TokenScanner {
    /// Scans every token once and returns the mentions, at most `limit` (see `Document.engineLimit`).
    mutating func run(limit: Int) -> [Result] {
        var index = 0
        while index < tokens.count && results.count < limit {
            if isCandidate(index), let next = match(at: index) {
                index = next
            } else {
                index += 1
            }
        }
        return results
    }
}
