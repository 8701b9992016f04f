/// Writes `DocumentJSON.line(doc)` byte for byte, without building the `Value` tree (the JSON-lines and SQLite
/// outputs write every document through it; `DocumentJSONWriterTests` checks it against `DocumentJSON.line`).
public struct DocumentJSONWriter {
    let doc: Document
    /// The JSON written so far (the whole document after `writeDocument`).
    public internal(set) var w = JSONWriter()

    /// A writer for one document.
    public init(_ doc: Document) {
        self.doc = doc
        w.bytes.reserveCapacity(doc.text.utf8.count * 2 + 1024)
    }

    /// The document's JSON export (UTF-8, no newline): the one the runtime already made for this document's sinks,
    /// else a new one.
    public static func export(_ doc: Document) -> [UInt8] {
        if let bytes = doc.encodedExport { return bytes }
        var writer = DocumentJSONWriter(doc)
        writer.writeDocument()
        return writer.w.bytes
    }

    /// The same keys, in the same order, as `DocumentJSON.object(doc)`.
    public mutating func writeDocument() {
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
