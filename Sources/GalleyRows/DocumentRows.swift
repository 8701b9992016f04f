import GalleyCore
import OrderedCollections

/// One SQL value, independent of the database library (shared by the SQLite and PostgreSQL outputs).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)

    /// A JSON value as SQL: numbers and strings as themselves, booleans as 0/1, lists and mappings as JSON text.
    public init(_ value: Value?) {
        switch value {
        case nil, .null?: self = .null
        case .bool(let b)?: self = .integer(b ? 1 : 0)
        case .int(let i)?: self = .integer(i)
        case .double(let d)?: self = d.isFinite ? .real(d) : .null
        case .string(let s)?: self = .text(s)
        case let v?: self = .text(v.jsonString)
        }
    }

    /// The text payload, or nil.
    public var text: String? { if case .text(let s) = self { return s }; return nil }
}

/// The SQL type of a column, as both SQLite and PostgreSQL spell it.
public enum SQLColumnType: Sendable {
    case text, integer, real

    /// PostgreSQL's name for the type.
    public var postgres: String {
        switch self {
        case .text: return "text"
        case .integer: return "bigint"
        case .real: return "double precision"
        }
    }

    /// SQLite's name for the type.
    public var sqlite: String {
        switch self {
        case .text: return "TEXT"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        }
    }
}

/// A table with one row per annotation: `doc_id`, `seq`, `start`, `end`, its own columns, then `attributes`: the
/// annotation's other attributes (those without a column) as a JSON object, NULL when there are none.
public struct AnnotationTable: Sendable {
    /// Table name, also the annotation kind (the export key) it holds.
    public var name: String
    /// Columns taken from the annotation's attributes, in order.
    public var columns: [(name: String, type: SQLColumnType)]
    public init(name: String, columns: [(name: String, type: SQLColumnType)]) {
        self.name = name
        self.columns = columns
    }

    /// Whether an attribute is stored in a column of its own (or is an offset) rather than in `attributes`.
    /// Annotations have a handful of attributes and tables a handful of columns: comparing names beats hashing them.
    public func hasColumn(_ key: String) -> Bool { key == "start" || key == "end" || columns.contains { $0.name == key } }

    /// The attributes of an annotation (or keys of a keyword object) without a column of their own, as a JSON
    /// object; nil when every attribute has a column. `aliases` are further keys read into columns.
    public func otherAttributes(_ attributes: OrderedDictionary<String, Value>, aliases: [String] = []) -> String? {
        func other(_ key: String) -> Bool { !hasColumn(key) && !aliases.contains(key) }
        guard attributes.keys.contains(where: other) else { return nil }
        return Value.object(attributes.filter { other($0.key) }).jsonString
    }

    /// Keys of a keyword object read into the `text` and `score` columns.
    public static let keywordAliases = ["keyword", "term", "weight"]

    /// The `text`, `score` and `attributes` values of one item of a plain `keywords` field (keywords given as a
    /// list rather than annotations): a string, or a {text|keyword|term, score|weight, …} object.
    public func keywordFieldValues(_ item: Value) -> [SQLValue] {
        switch item {
        case .string: return [SQLValue(item), .null, .null]
        case .object(let o):
            return [SQLValue(o["text"] ?? o["keyword"] ?? o["term"]), SQLValue(o["score"] ?? o["weight"]),
                    otherAttributes(o, aliases: Self.keywordAliases).map(SQLValue.text) ?? .null]
        default: return [.text(item.description), .null, .null]
        }
    }

    /// The value of one attribute, found by comparing names (see `hasColumn`).
    public static func attribute(_ attributes: OrderedDictionary<String, Value>, _ name: String) -> Value? {
        for (i, key) in attributes.keys.enumerated() where key == name { return attributes.values[i] }
        return nil
    }

    /// Every column in insert order, the common ones included.
    public var allColumns: [(name: String, type: SQLColumnType)] {
        [("doc_id", .text), ("seq", .integer), ("start", .integer), ("end", .integer)] + columns + [("attributes", .text)]
    }

    /// The annotation tables both database outputs create.
    public static let all: [AnnotationTable] = [
        AnnotationTable(name: "entities", columns: [("text", .text), ("label", .text), ("canonical", .text), ("link", .text)]),
        AnnotationTable(name: "quotes", columns: [("text", .text), ("speaker", .text), ("speaker_role", .text), ("kind", .text)]),
        AnnotationTable(name: "quantities", columns: [("text", .text), ("kind", .text), ("value", .real), ("unit", .text), ("currency", .text)]),
        AnnotationTable(name: "dates", columns: [("text", .text), ("value", .text), ("grain", .text)]),
        AnnotationTable(name: "keywords", columns: [("text", .text), ("score", .real)]),
    ]
}

/// A document flattened into the rows of the database outputs.
public struct DocumentRows: Sendable {
    /// Columns of the `documents` table, in insert order.
    public static let documentColumns = ["id", "path", "title", "published", "author", "language", "summary", "duplicate_of", "text", "json"]

    /// The document fields that have a column of their own (besides `id`, `path`, `text` and the JSON export); a
    /// database from before a field got its column gets the column and its values from the stored JSON.
    public static let fieldColumns = ["title", "published", "author", "language", "summary", "duplicate_of"]

    /// Values for `documentColumns`.
    public var document: [SQLValue]
    /// Rows for each annotation table, by table name (every table present, maybe empty).
    public var children: [String: [[SQLValue]]]

    /// The document id.
    public var id: String { document[0].text ?? "" }

    /// Flattens a document: its JSON export, key fields, and one row per entity, quote, quantity, date and keyword.
    public init(_ doc: Document) {
        let json = DocumentJSON.object(doc)
        func field(_ k: String) -> SQLValue {
            switch doc.fields[k] {
            case nil, .null?: return .null
            case .string(let s)?: return .text(s)
            case let v?: return .text(v.description)
            }
        }
        document = [.text(doc.id), .text(doc.source.path)] + Self.fieldColumns.map(field) + [.text(doc.text), .text(json.jsonString)]
        var children: [String: [[SQLValue]]] = [:]
        var covered = CoveredText(doc.text)
        for table in AnnotationTable.all {
            var rows: [[SQLValue]] = []
            var seq = 0
            for a in doc.annotations where a.kind == table.name {
                var row: [SQLValue] = [.text(doc.id), .integer(seq), .integer(a.start), .integer(a.end)]
                for (name, _) in table.columns {
                    if name == "text", a.attributes["text"] == nil {
                        row.append(.text(covered.span(a.start, a.end)))
                    } else {
                        row.append(SQLValue(a.attributes[name]))
                    }
                }
                row.append(table.otherAttributes(a.attributes).map(SQLValue.text) ?? .null)
                rows.append(row)
                seq += 1
            }
            // Keywords may also be a plain field: a list of strings or of {text|keyword|term, score|weight} objects.
            if table.name == "keywords", rows.isEmpty, case .array(let items)? = doc.fields["keywords"] {
                for item in items {
                    rows.append([.text(doc.id), .integer(seq), .null, .null] + table.keywordFieldValues(item))
                    seq += 1
                }
            }
            children[table.name] = rows
        }
        self.children = children
    }
}

/// The text annotations cover: the document text between an annotation's offsets (Unicode scalars, clamped to the
/// text), or its own `text` attribute when it has one. The scalars are indexed once, on the first span asked for.
public struct CoveredText {
    let text: String
    var scalars: [Unicode.Scalar]?

    /// Covered text of annotations over `text`.
    public init(_ text: String) { self.text = text }

    /// The text between scalar offsets `start` and `end`, clamped to the text.
    public mutating func span(_ start: Int, _ end: Int) -> String {
        if scalars == nil { scalars = Array(text.unicodeScalars) }
        let count = scalars!.count
        let s = max(0, min(start, count)), e = max(s, min(end, count))
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars![s..<e])
        return String(out)
    }

    /// The annotation's `text` attribute if it is a string, else the span it covers.
    public mutating func of(_ annotation: Annotation) -> String {
        if let t = annotation.attributes["text"]?.stringValue { return t }
        return span(annotation.start, annotation.end)
    }
}
