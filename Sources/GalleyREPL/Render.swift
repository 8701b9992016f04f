import GalleyCore
import OrderedCollections

/// Text layout for the REPL: aligned tables, one-line cells, pretty JSON.
enum Render {
    /// An aligned table: a header row, then rows; the last column is not padded.
    /// With `fit`, the widest columns are narrowed (cells clipped with `…`) until a row fits in that many columns.
    static func table(_ headers: [String], _ rows: [[String]], indent: String = "", fit: Int? = nil) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        if let fit {
            let natural = widths
            while widths.reduce(indent.count + 2 * (widths.count - 1), +) > fit,
                  let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
                widths[widest] -= 1
            }
            if widths != natural {
                let narrowed = { (cells: [String]) in cells.enumerated().map { i, c in i < widths.count ? clip(c, widths[i]) : c } }
                return table(narrowed(headers), rows.map(narrowed), indent: indent)
            }
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
    static func list(_ items: [Value], cellLimit: Int, fit: Int? = nil) -> String {
        guard !items.isEmpty else { return "(empty list)" }
        let objects = items.compactMap(\.objectValue)
        if objects.count == items.count {
            var columns = OrderedSet<String>()
            for o in objects { for k in o.keys { columns.append(k) } }
            let rows = objects.enumerated().map { n, o in ["\(n)"] + columns.map { cell(o[$0], limit: cellLimit) } }
            return table(["#"] + Array(columns), rows, fit: fit)
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
