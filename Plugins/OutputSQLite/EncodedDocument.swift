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
        var writer = DocumentJSONWriter(doc)
        writer.writeDocument()
        var bytes = writer.w.bytes
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

/// Writes `DocumentJSON.line(doc)` byte for byte, without building the `Value` tree, and notes where each
/// annotation's object lies in it.
struct DocumentJSONWriter {
    let doc: Document
    var w = JSONWriter()

    init(_ doc: Document) {
        self.doc = doc
        w.bytes.reserveCapacity(doc.text.utf8.count * 2 + 1024)
    }

    /// The same keys, in the same order, as `DocumentJSON.object(doc)`.
    mutating func writeDocument() {
        // Annotation indices by kind, kinds in order of first appearance (few kinds: found by comparing names).
        var kinds: [String] = [], members: [[Int]] = []
        var current = -1
        for (i, a) in doc.annotations.enumerated() {
            if current < 0 || kinds[current] != a.kind {
                if let k = kinds.firstIndex(of: a.kind) { current = k } else {
                    kinds.append(a.kind); members.append([]); current = kinds.count - 1
                }
            }
            members[current].append(i)
        }
        func group(_ kind: String) -> [Int]? { kinds.firstIndex(of: kind).map { members[$0] } }
        var written = Set<String>()
        var first = true
        func key(_ k: String, _ w: inout JSONWriter) {
            if !first { w.bytes.append(UInt8(ascii: ",")) }
            first = false
            w.writeString(k)
            w.bytes.append(UInt8(ascii: ":"))
        }
        w.bytes.append(UInt8(ascii: "{"))
        for k in DocumentJSON.keyOrder {
            switch k {
            case "id": key(k, &w); w.writeString(doc.id)
            case "source":
                key(k, &w)
                w.raw("{\"path\":"); w.writeString(doc.source.path)
                w.raw(",\"format\":"); w.writeString(doc.source.format)
                w.raw(",\"bytes\":"); writeInt(doc.source.bytes)
                w.raw(",\"encoding\":"); w.writeString(doc.source.encoding)
                w.bytes.append(UInt8(ascii: "}"))
            case "text": key(k, &w); w.writeString(doc.text)
            default:
                if let v = doc.fields[k] { key(k, &w); write(v) }
                else if let g = group(k) { key(k, &w); writeAnnotations(g) }
                else { continue }
            }
            written.insert(k)
        }
        for (k, v) in doc.fields where !written.contains(k) {
            key(k, &w); write(v)
            written.insert(k)
        }
        for (n, k) in kinds.enumerated() where !written.contains(k) {
            key(k, &w); writeAnnotations(members[n])
        }
        w.bytes.append(UInt8(ascii: "}"))
    }

    /// `[annotationObject(a), …]`.
    mutating func writeAnnotations(_ indices: [Int]) {
        w.bytes.append(UInt8(ascii: "["))
        for (n, i) in indices.enumerated() {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            writeAnnotation(doc.annotations[i])
        }
        w.bytes.append(UInt8(ascii: "]"))
    }

    /// `DocumentJSON.annotationObject(a)`: the attributes, `start` and `end` set (in place when present, else appended).
    mutating func writeAnnotation(_ a: Annotation) {
        w.bytes.append(UInt8(ascii: "{"))
        var first = true, sawStart = false, sawEnd = false
        for (k, v) in a.attributes {
            if !first { w.bytes.append(UInt8(ascii: ",")) }
            first = false
            w.writeString(k)
            w.bytes.append(UInt8(ascii: ":"))
            if k == "start" { writeInt(a.start); sawStart = true }
            else if k == "end" { writeInt(a.end); sawEnd = true }
            else { write(v) }
        }
        if !sawStart {
            if !first { w.bytes.append(UInt8(ascii: ",")) }
            first = false
            w.raw("\"start\":"); writeInt(a.start)
        }
        if !sawEnd {
            if !first { w.bytes.append(UInt8(ascii: ",")) }
            w.raw("\"end\":"); writeInt(a.end)
        }
        w.bytes.append(UInt8(ascii: "}"))
    }

    /// `JSONWriter.write`, with integers written without a `String` in between.
    mutating func write(_ value: Value) {
        switch value {
        case .int(let i): writeInt(i)
        case .string(let s): w.writeString(s)
        case .array(let a):
            w.bytes.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
                write(v)
            }
            w.bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            w.bytes.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in o {
                if !first { w.bytes.append(UInt8(ascii: ",")) }
                first = false
                w.writeString(k)
                w.bytes.append(UInt8(ascii: ":"))
                write(v)
            }
            w.bytes.append(UInt8(ascii: "}"))
        default: w.write(value)
        }
    }

    /// Decimal digits of `i`, as `String(i)` spells it.
    mutating func writeInt(_ i: Int) {
        if i < 0 {
            guard i != .min else { w.writeInt(i); return }
            w.bytes.append(UInt8(ascii: "-"))
            writeInt(-i)
            return
        }
        if i < 10 { w.bytes.append(UInt8(ascii: "0") + UInt8(i)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = i, count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 { buf[19 - count] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10; count += 1 }
            w.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(20 - count)...]))
        }
    }
}
