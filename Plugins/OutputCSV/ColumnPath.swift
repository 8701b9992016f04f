import GalleyCore

/// A column of `output.csv`: a path into a document's JSON export, like `title`, `source.path`,
/// `quotes.speaker` or `entities[label=PER].text`.
public struct ColumnPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a key, optionally keeping only list items whose `filterKey` equals `filterValue`.
    public struct Step: Sendable, Hashable {
        /// The member name.
        public var key: String
        /// `label` in `entities[label=PER]`.
        public var filterKey: String?
        /// `PER` in `entities[label=PER]`.
        public var filterValue: String?

        /// Creates a step.
        public init(key: String, filterKey: String? = nil, filterValue: String? = nil) {
            self.key = key
            self.filterKey = filterKey
            self.filterValue = filterValue
        }
    }

    /// The path as written.
    public let description: String
    /// Its steps.
    public let steps: [Step]

    /// Parses a path; throws a message naming the problem.
    public init(_ text: String) throws {
        description = text
        var steps: [Step] = []
        var rest = Substring(text)
        while true {
            guard let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? Optional(rest.endIndex) else { break }
            let key = String(rest[..<end])
            guard !key.isEmpty else { throw StageFailure("column '\(text)': empty name in the path") }
            var step = Step(key: key)
            rest = rest[end...]
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { throw StageFailure("column '\(text)': '[' without ']'") }
                let filter = rest[rest.index(after: rest.startIndex)..<close]
                let parts = filter.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw StageFailure("column '\(text)': a filter is written [key=value], as in entities[label=PER].text")
                }
                step.filterKey = String(parts[0])
                step.filterValue = String(parts[1])
                rest = rest[rest.index(after: close)...]
            }
            steps.append(step)
            if rest.isEmpty { break }
            guard rest.first == "." else { throw StageFailure("column '\(text)': expected '.' after ']'") }
            rest = rest.dropFirst()
            if rest.isEmpty { throw StageFailure("column '\(text)': the path ends with '.'") }
        }
        self.steps = steps
    }

    /// The values the path reaches in an exported document, lists flattened, in order.
    public func values(in root: Value) -> [Value] {
        var current: [Value] = [root]
        for step in steps {
            var next: [Value] = []
            for v in current {
                guard let member = v[step.key] else { continue }
                let items = member.arrayValue ?? [member]
                for item in items {
                    if let k = step.filterKey {
                        guard let attr = item[k], attr.description == step.filterValue else { continue }
                    }
                    next.append(item)
                }
            }
            current = next
        }
        return current.filter { !$0.isNull }
    }

    /// The cell text: values as text (strings bare, the rest as JSON), joined with `; `; duplicates dropped when `distinct`.
    public func cell(in root: Value, distinct: Bool) -> String {
        var seen = Set<String>()
        var parts: [String] = []
        for v in values(in: root) {
            let s = v.description
            if distinct && !seen.insert(s).inserted { continue }
            parts.append(s)
        }
        return parts.joined(separator: "; ")
    }
}
