import OrderedCollections

/// Runs one entry of a pipeline's `tests:` section and compares the exported document with `expect`.
public enum PipelineTestRunner {
    /// Operators an `expect` value may use instead of an exact value.
    public static let operators: Set<String> = ["equals", "contains", "not_contains", "starts_with", "ends_with", "count", "min_count"]

    /// The problems found (empty when the test passes).
    public static func run(_ test: PipelineTest, runner: Runner) -> [String] {
        guard let source = runner.source else { return ["the pipeline has no source stage"] }
        let name = test.input.split(separator: "/").last.map(String.init) ?? test.input
        let loaded = source.load(SourceItem(path: test.input, relativePath: name))
        guard !loaded.isEmpty else { return ["\(test.input): no document"] }
        var problems: [String] = []
        for result in loaded {
            switch result {
            case .failure(let e): problems.append("\(e)")
            case .success(var doc):
                do {
                    try runner.transform(&doc)
                    problems += compare(DocumentJSON.object(doc), test.expect)
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return problems
    }

    /// Compares top-level keys of an exported document with expectations.
    public static func compare(_ actual: Value, _ expect: OrderedDictionary<String, Value>) -> [String] {
        var problems: [String] = []
        for (key, expected) in expect {
            let got = actual[key]
            if let message = check(got, expected) { problems.append("\(key): \(message)") }
        }
        return problems
    }

    /// Nil when `actual` meets `expected`, else what is wrong.
    public static func check(_ actual: Value?, _ expected: Value) -> String? {
        if case .object(let ops) = expected, !ops.isEmpty, ops.keys.allSatisfy(operators.contains) {
            for (op, arg) in ops {
                if let m = apply(op, arg, to: actual) { return m }
            }
            return nil
        }
        guard let actual else { return "missing; expected \(expected.jsonString)" }
        return matches(actual, expected) ? nil : "expected \(expected.jsonString), got \(short(actual))"
    }

    static func apply(_ op: String, _ arg: Value, to actual: Value?) -> String? {
        guard let actual else { return "missing; expected it to \(op.replacingOccurrences(of: "_", with: " ")) \(arg.jsonString)" }
        switch op {
        case "equals":
            return matches(actual, arg) ? nil : "expected \(arg.jsonString), got \(short(actual))"
        case "contains", "not_contains":
            let found: Bool
            switch (actual, arg) {
            case (.string(let s), .string(let sub)): found = s.contains(sub)
            case (.array(let items), _): found = items.contains { subsetMatches($0, arg) }
            default: found = false
            }
            if op == "contains" { return found ? nil : "does not contain \(arg.jsonString)" }
            return found ? "contains \(arg.jsonString)" : nil
        case "starts_with":
            guard let s = actual.stringValue, let p = arg.stringValue else { return "is not a string" }
            return s.hasPrefix(p) ? nil : "does not start with \(arg.jsonString); starts \(String(s.prefix(60)).debugDescription)"
        case "ends_with":
            guard let s = actual.stringValue, let p = arg.stringValue else { return "is not a string" }
            return s.hasSuffix(p) ? nil : "does not end with \(arg.jsonString); ends \(String(s.suffix(60)).debugDescription)"
        case "count", "min_count":
            guard let n = arg.intValue else { return "\(op) needs an integer" }
            let c: Int
            switch actual {
            case .array(let a): c = a.count
            case .string(let s): c = s.unicodeScalars.count
            case .object(let o): c = o.count
            default: return "has no count"
            }
            if op == "count" { return c == n ? nil : "count is \(c), expected \(n)" }
            return c >= n ? nil : "count is \(c), expected at least \(n)"
        default:
            return "unknown operator \(op)"
        }
    }

    /// Equality where 1 and 1.0 are the same number.
    static func matches(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int), (.double, .double): return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(matches)
        case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { k, v in y[k].map { matches(v, $0) } ?? false }
        default: return a == b
        }
    }

    /// An object matches when it has every expected key with a matching value; other values must be equal.
    static func subsetMatches(_ actual: Value, _ expected: Value) -> Bool {
        if case .object(let want) = expected, case .object(let have) = actual {
            return want.allSatisfy { k, v in have[k].map { subsetMatches($0, v) } ?? false }
        }
        return matches(actual, expected)
    }

    static func short(_ v: Value) -> String {
        let s = v.jsonString
        return s.count > 120 ? String(s.prefix(117)) + "…" : s
    }
}
