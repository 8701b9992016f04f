import GalleyCore
import GalleyRows

/// A document flattened for `output.sqlite`: the same rows as `DocumentRows`, built with less copying.
///
/// The document's JSON export is written once, straight from the document (no intermediate `Value` tree), and the
/// text cells of all annotation rows are byte ranges of one buffer after it. Annotation rows are one flat list of
/// cells per table. `rowsMatch` (used by the tests) checks the result against `DocumentRows`.
struct EncodedDocument: Sendable {
    /// One value of an annotation row.
    enum Cell: Sendable, Equatable {
        case null
        case integer(Int)
        case real(Double)
        /// Text: bytes `lower..<upper` of `bytes`.
        case text(Int, Int)
    }

    /// The document id.
    var id: String
    /// Values of `DocumentRows.documentColumns` after `id`, before `json`: path, the field columns, text.
    var columns: [SQLValue]
    /// The JSON export (UTF-8, bytes `0..<jsonCount`), then the other text of the annotation rows, so that all of
    /// a document's annotation cells are bound from one buffer without copying.
    var bytes: [UInt8]
    /// Length of the JSON export at the start of `bytes`.
    var jsonCount: Int
    /// For each table of `AnnotationTable.all`, its rows one after another (`allColumns.count` cells each).
    var cells: [[Cell]]

    /// Rows per annotation table, for the tests.
    func rowCount(_ table: Int) -> Int { cells[table].count / AnnotationTable.all[table].allColumns.count }

    init(_ doc: Document) {
        id = doc.id
        func field(_ k: String) -> SQLValue {
            switch doc.fields[k] {
            case nil, .null?: return .null
            case .string(let s)?: return .text(s)
            case let v?: return .text(v.description)
            }
        }
        columns = [.text(doc.source.path)] + DocumentRows.fieldColumns.map(field) + [.text(doc.text)]
        var bytes = DocumentJSONWriter.export(doc)
        jsonCount = bytes.count
        func cell(_ value: SQLValue) -> Cell {
            switch value {
            case .null: return .null
            case .integer(let i): return .integer(i)
            case .real(let d): return .real(d)
            case .text(var s):
                let lower = bytes.count
                s.withUTF8 { bytes.append(contentsOf: $0) }
                return .text(lower, bytes.count)
            }
        }

        let tables = AnnotationTable.all
        var cells = [[Cell]](repeating: [], count: tables.count)
        var seqs = [Int](repeating: 0, count: tables.count)
        var covered = CoveredText(doc.text)
        for a in doc.annotations {
            guard let ti = tables.firstIndex(where: { $0.name == a.kind }) else { continue }
            let table = tables[ti]
            cells[ti].append(contentsOf: [cell(.text(doc.id)), .integer(seqs[ti]), .integer(a.start), .integer(a.end)] as [Cell])
            seqs[ti] += 1
            for (name, _) in table.columns {
                let value = AnnotationTable.attribute(a.attributes, name)
                if name == "text", value == nil {
                    cells[ti].append(cell(.text(covered.span(a.start, a.end))))
                } else {
                    cells[ti].append(cell(SQLValue(value)))
                }
            }
            cells[ti].append(table.otherAttributes(a.attributes).map { cell(.text($0)) } ?? .null)
        }
        // Keywords may also be a plain field: a list of strings or of {text|keyword|term, score|weight} objects.
        if let ki = tables.firstIndex(where: { $0.name == "keywords" }), seqs[ki] == 0, case .array(let items)? = doc.fields["keywords"] {
            for (seq, item) in items.enumerated() {
                cells[ki].append(contentsOf: [cell(.text(doc.id)), .integer(seq), .null, .null] + tables[ki].keywordFieldValues(item).map(cell))
            }
        }
        self.cells = cells
        self.bytes = bytes
    }

    /// The JSON export.
    var json: ArraySlice<UInt8> { bytes[0..<jsonCount] }

    /// The value of a cell as `DocumentRows` has it.
    func sqlValue(_ cell: Cell) -> SQLValue {
        switch cell {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .text(let l, let u): return .text(String(decoding: bytes[l..<u], as: UTF8.self))
        }
    }

    /// True when this holds exactly the rows `DocumentRows` makes of the same document (the tests check this).
    func rowsMatch(_ rows: DocumentRows) -> Bool {
        guard [.text(id)] + columns + [.text(String(decoding: json, as: UTF8.self))] == rows.document else { return false }
        for (i, table) in AnnotationTable.all.enumerated() {
            let flat = (rows.children[table.name] ?? []).flatMap { $0 }
            guard flat == cells[i].map(sqlValue) else { return false }
        }
        return true
    }
}
