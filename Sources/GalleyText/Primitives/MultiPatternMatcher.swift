/// Finds many byte patterns in one pass (Aho–Corasick), reporting leftmost-longest non-overlapping matches.
public struct MultiPatternMatcher: Sendable {
    /// One match: which pattern, and its byte range in the searched bytes.
    public struct Match: Sendable, Equatable {
        /// Index of the pattern in the list given at compile time.
        public var pattern: Int
        /// Byte offset of the first matched byte.
        public var start: Int
        /// Byte offset one past the last matched byte.
        public var end: Int

        /// Creates a match.
        public init(pattern: Int, start: Int, end: Int) {
            self.pattern = pattern
            self.start = start
            self.end = end
        }
    }

    /// How patterns match.
    public struct Options: OptionSet, Sendable {
        /// The raw bit set.
        public let rawValue: Int
        /// Creates options from raw bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// ASCII letters match regardless of case.
        public static let caseInsensitive = Options(rawValue: 1)
        /// A match must not start or end inside a word (letters, digits, non-ASCII).
        public static let wholeWords = Options(rawValue: 2)
    }

    /// The options the matcher was compiled with.
    public let options: Options
    /// Number of patterns compiled (including skipped empty ones).
    public let patternCount: Int
    private let edgeOffsets: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    private let rootTargets: [Int32]
    private let failure: [Int32]
    private let output: [Int32]
    private let outputLink: [Int32]
    private let patternLengths: [Int32]

    /// Compiles patterns (UTF-8) once; duplicates report the first index, empty patterns never match.
    public init(patterns: [String], options: Options = []) {
        self.init(bytePatterns: patterns.map { Array($0.utf8) }, options: options)
    }

    /// Compiles byte patterns once.
    public init(bytePatterns: [[UInt8]], options: Options = []) {
        self.options = options
        patternCount = bytePatterns.count
        let fold = options.contains(.caseInsensitive)
        var children: [[UInt8: Int32]] = [[:]]
        var terminal: [Int32] = [-1]
        var lengths = [Int32](repeating: 0, count: bytePatterns.count)
        for (index, pattern) in bytePatterns.enumerated() {
            lengths[index] = Int32(pattern.count)
            guard !pattern.isEmpty else { continue }
            var state = 0
            for raw in pattern {
                let byte = fold ? Self.fold(raw) : raw
                if let next = children[state][byte] {
                    state = Int(next)
                } else {
                    children.append([:])
                    terminal.append(-1)
                    children[state][byte] = Int32(children.count - 1)
                    state = children.count - 1
                }
            }
            if terminal[state] < 0 { terminal[state] = Int32(index) }
        }
        let stateCount = children.count
        var offsets = [Int32](repeating: 0, count: stateCount + 1)
        var bytes: [UInt8] = []
        var targets: [Int32] = []
        for state in 0..<stateCount {
            offsets[state] = Int32(bytes.count)
            for (byte, target) in children[state].sorted(by: { $0.key < $1.key }) {
                bytes.append(byte)
                targets.append(target)
            }
        }
        offsets[stateCount] = Int32(bytes.count)
        var root = [Int32](repeating: 0, count: 256)
        for (byte, target) in children[0] { root[Int(byte)] = target }
        var failure = [Int32](repeating: 0, count: stateCount)
        var link = [Int32](repeating: -1, count: stateCount)
        var queue: [Int32] = Array(children[0].values)
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            for (byte, target) in children[state] {
                var fallback = Int(failure[state])
                var resolved: Int32 = 0
                while true {
                    if let next = children[fallback][byte], Int(next) != Int(target) {
                        resolved = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = Int(failure[fallback])
                }
                failure[Int(target)] = resolved
                link[Int(target)] = terminal[Int(resolved)] >= 0 ? resolved : link[Int(resolved)]
                queue.append(target)
            }
        }
        edgeOffsets = offsets
        edgeBytes = bytes
        edgeTargets = targets
        rootTargets = root
        self.failure = failure
        output = terminal
        outputLink = link
        patternLengths = lengths
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }

    @inline(__always) private func step(_ state: Int, _ byte: UInt8) -> Int {
        var current = state
        while true {
            if current == 0 { return Int(rootTargets[Int(byte)]) }
            var low = Int(edgeOffsets[current])
            var high = Int(edgeOffsets[current + 1])
            while low < high {
                let middle = (low + high) >> 1
                let candidate = edgeBytes[middle]
                if candidate == byte { return Int(edgeTargets[middle]) }
                if candidate < byte { low = middle + 1 } else { high = middle }
            }
            current = Int(failure[current])
        }
    }

    /// Leftmost-longest non-overlapping matches in a string's UTF-8 bytes.
    public func matches(in text: String) -> [Match] {
        matches(in: Array(text.utf8))
    }

    /// Leftmost-longest non-overlapping matches in bytes, in text order.
    public func matches(in bytes: [UInt8]) -> [Match] {
        let fold = options.contains(.caseInsensitive)
        let whole = options.contains(.wholeWords)
        var candidates: [Match] = []
        var state = 0
        for position in bytes.indices {
            let byte = fold ? Self.fold(bytes[position]) : bytes[position]
            state = step(state, byte)
            var reporting = output[state] >= 0 ? state : Int(outputLink[state])
            while reporting > 0 {
                let pattern = Int(output[reporting])
                let end = position + 1
                let start = end - Int(patternLengths[pattern])
                if !whole || isWholeWord(bytes, start, end) {
                    candidates.append(Match(pattern: pattern, start: start, end: end))
                }
                reporting = Int(outputLink[reporting])
            }
        }
        guard candidates.count > 1 else { return candidates }
        candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var selected: [Match] = []
        var lastEnd = 0
        for match in candidates where match.start >= lastEnd {
            selected.append(match)
            lastEnd = match.end
        }
        return selected
    }

    private func isWholeWord(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        if start > 0, Self.isWordByte(bytes[start]), isWordScalar(bytes, endingAt: start) { return false }
        if end < bytes.count, Self.isWordByte(bytes[end - 1]), isWordScalar(bytes, startingAt: end) { return false }
        return true
    }

    /// Whether the scalar starting at `index` is a letter or digit; general punctuation (`’`, `–`) and spaces are not.
    private func isWordScalar(_ bytes: [UInt8], startingAt index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 { return Self.isWordByte(lead) }
        if lead == 0xE2, index + 1 < bytes.count, bytes[index + 1] == 0x80 { return false }
        if lead == 0xC2, index + 1 < bytes.count, bytes[index + 1] < 0xC0 { return false }
        return true
    }

    /// Whether the scalar ending just before `index` is a letter or digit.
    private func isWordScalar(_ bytes: [UInt8], endingAt index: Int) -> Bool {
        var lead = index - 1
        while lead > 0, index - lead < 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        return isWordScalar(bytes, startingAt: lead)
    }
}
