import GalleyCore
import OrderedCollections

/// Text layout for the REPL: aligned tables, one-line cells, pretty JSON.
enum Render {
    /// An aligned table: a header row, then rows; the last column is not padded.
    static func table(_ headers: [String], _ rows: [[String]], indent: String = "") -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { out += cell } else { out += cell + String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }

    /// A value on one line, at most `limit` characters (strings bare, the rest as JSON).
    static func cell(_ value: Value?, limit: Int = 60) -> String {
        guard let value else { return "" }
        var s = value.description
        if s.contains("\n") || s.contains("\r") || s.contains("\t") {
            s = String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
        }
        return clip(s, limit)
    }

    /// The text cut to `limit` characters with an ellipsis.
    static func clip(_ s: String, _ limit: Int) -> String {
        guard limit > 1, s.count > limit else { return s }
        return String(s.prefix(limit - 1)) + "…"
    }

    /// Pretty-printed JSON with two-space indentation, keys in their order.
    static func prettyJSON(_ value: Value, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let a) where !a.isEmpty:
            if a.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                return "[" + a.map(\.jsonString).joined(separator: ", ") + "]"
            }
            return "[\n" + a.map { inner + prettyJSON($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.map { inner + Value.string($0.key).jsonString + ": " + prettyJSON($0.value, indent: inner) }.joined(separator: ",\n")
                + "\n\(indent)}"
        default:
            return value.jsonString
        }
    }

    /// A list as an aligned table: objects by column (keys in first-seen order), scalars one per row.
    static func list(_ items: [Value], cellLimit: Int) -> String {
        guard !items.isEmpty else { return "(empty list)" }
        let objects = items.compactMap(\.objectValue)
        if objects.count == items.count {
            var columns = OrderedSet<String>()
            for o in objects { for k in o.keys { columns.append(k) } }
            let rows = objects.enumerated().map { n, o in ["\(n)"] + columns.map { cell(o[$0], limit: cellLimit) } }
            return table(["#"] + Array(columns), rows)
        }
        return table(["#", "value"], items.enumerated().map { ["\($0.offset)", cell($0.element, limit: cellLimit * 2)] })
    }

    /// A mapping as aligned `key  value` lines.
    static func mapping(_ object: OrderedDictionary<String, Value>, cellLimit: Int) -> String {
        let width = object.keys.map(\.count).max() ?? 0
        return object.map { k, v in
            k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + summary(v, limit: cellLimit)
        }.joined(separator: "\n")
    }

    /// A short description of a value: scalars clipped, lists and mappings by size.
    static func summary(_ value: Value, limit: Int) -> String {
        switch value {
        case .array(let a):
            if a.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }) { return clip(value.jsonString, limit) }
            return "[\(a.count) item\(a.count == 1 ? "" : "s")]"
        case .object(let o):
            let j = value.jsonString
            return j.count <= limit ? j : "{\(o.count) keys: \(o.keys.joined(separator: ", "))}"
        default:
            return cell(value, limit: limit)
        }
    }

    /// Milliseconds with two decimals.
    static func ms(_ seconds: Double) -> String {
        let v = (seconds * 100_000).rounded() / 100
        var s = "\(v)"
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < 2 { s += String(repeating: "0", count: 2 - decimals) }
        }
        return s + " ms"
    }
}

/// A step of a `show` path: a key or a list index.
enum PathStep: Equatable {
    case key(String)
    case index(Int)
}

/// Parses and follows `show` paths like `quotes[0].speaker`.
enum FieldPath {
    /// The steps of a path; nil when it is malformed.
    static func parse(_ text: String) -> [PathStep]? {
        var steps: [PathStep] = []
        var key = ""
        var chars = Array(text)[...]
        func flushKey() -> Bool {
            guard !key.isEmpty else { return true }
            steps.append(.key(key)); key = ""
            return true
        }
        while let c = chars.popFirst() {
            switch c {
            case ".":
                guard !key.isEmpty || steps.last.map({ if case .index = $0 { return true }; return false }) == true else { return nil }
                _ = flushKey()
            case "[":
                _ = flushKey()
                var number = ""
                while let d = chars.popFirst(), d != "]" { number.append(d) }
                guard let n = Int(number.trimmingCharacters(in: .whitespaces)) else { return nil }
                steps.append(.index(n))
            default:
                key.append(c)
            }
        }
        _ = flushKey()
        return steps.isEmpty ? nil : steps
    }

    /// Follows the steps into a value; the error names the step that failed, with "did you mean".
    static func resolve(_ steps: [PathStep], in root: Value) throws(ReplError) -> Value {
        var value = root
        var walked = ""
        for step in steps {
            switch step {
            case .key(let k):
                guard let o = value.objectValue else { throw ReplError("'\(walked)' is a \(value.typeName), not a mapping") }
                guard let next = o[k] else {
                    let hint = closestMatch(to: k, in: Array(o.keys)).map { "; did you mean '\(walked.isEmpty ? "" : walked + ".")\($0)'?" } ?? ""
                    throw ReplError(walked.isEmpty ? "the document has no '\(k)'\(hint)" : "'\(walked)' has no '\(k)'\(hint)")
                }
                walked += walked.isEmpty ? k : ".\(k)"
                value = next
            case .index(let n):
                guard let a = value.arrayValue else { throw ReplError("'\(walked)' is a \(value.typeName), not a list") }
                let i = n < 0 ? a.count + n : n
                guard a.indices.contains(i) else { throw ReplError("'\(walked)' has \(a.count) item\(a.count == 1 ? "" : "s"); no [\(n)]") }
                walked += "[\(n)]"
                value = a[i]
            }
        }
        return value
    }

    /// Every path completion could offer: top-level keys, `key[0]`, and keys inside the first list item.
    static func candidates(_ root: Value) -> [String] {
        guard let o = root.objectValue else { return [] }
        var out = ["fields", "trace"]
        for (k, v) in o {
            out.append(k)
            if let first = v.arrayValue?.first {
                out.append("\(k)[0]")
                for sub in first.objectValue?.keys ?? [] { out.append("\(k)[0].\(sub)") }
            } else if let inner = v.objectValue {
                for sub in inner.keys { out.append("\(k).\(sub)") }
            }
        }
        return out
    }
}
