import OrderedCollections

/// Converts documents to and from the JSON export schema of docs/design.md.
public enum DocumentJSON {
    /// Top-level keys in the order they are exported; others follow in the order they were added.
    public static let keyOrder = ["id", "source", "title", "subtitle", "author", "author_bio", "published", "language", "text",
                                  "paragraphs", "sentences", "entities", "quotes", "quantities", "dates", "keywords", "summary",
                                  "duplicate_of", "stats"]

    /// The export paths every document has, whatever the stages: `id`, `source` and its members, `text`.
    public static let alwaysPresent = ["id", "source", "source.path", "source.format", "source.bytes", "source.encoding", "text"]

    /// The document as an ordered JSON object (`errors` appended when given).
    public static func object(_ doc: Document, errors: [DocumentError] = [], includeTrace: Bool = false) -> Value {
        var out = OrderedDictionary<String, Value>()
        var groups = OrderedDictionary<String, [Value]>()
        for a in doc.annotations { groups[a.kind, default: []].append(annotationObject(a)) }
        for key in keyOrder {
            switch key {
            case "id": out["id"] = .string(doc.id)
            case "source": out["source"] = sourceObject(doc.source)
            case "text": out["text"] = .string(doc.text)
            default:
                if let v = doc.fields[key] { out[key] = v }
                else if let g = groups[key] { out[key] = .array(g) }
            }
        }
        for (k, v) in doc.fields where out[k] == nil { out[k] = v }
        for (k, g) in groups where out[k] == nil { out[k] = .array(g) }
        if !errors.isEmpty {
            out["errors"] = .array(errors.map { ["stage": .string($0.stage), "message": .string($0.message)] })
        }
        if includeTrace {
            out["trace"] = .array(doc.trace.map { t in
                var o: OrderedDictionary<String, Value> = ["stage": .string(t.stage), "ms": .double((t.seconds * 1e6).rounded() / 1e3)]
                if !t.fieldsAdded.isEmpty { o["fields"] = .array(t.fieldsAdded.map(Value.string)) }
                if !t.annotationsAdded.isEmpty { o["annotations"] = .object(t.annotationsAdded.mapValues { .int($0) }) }
                if t.replacedText { o["replaced_text"] = true }
                if !t.warnings.isEmpty { o["warnings"] = .array(t.warnings.map(Value.string)) }
                return .object(o)
            })
        }
        return .object(out)
    }

    /// One annotation as `{attributes…, start, end}`.
    public static func annotationObject(_ a: Annotation) -> Value {
        var o = a.attributes
        o["start"] = .int(a.start)
        o["end"] = .int(a.end)
        return .object(o)
    }

    /// The `source` object.
    public static func sourceObject(_ s: DocumentSource) -> Value {
        ["path": .string(s.path), "format": .string(s.format), "bytes": .int(s.bytes), "encoding": .string(s.encoding)]
    }

    /// The document as one line of JSON (no newline).
    public static func line(_ doc: Document, errors: [DocumentError] = []) -> [UInt8] {
        var w = JSONWriter()
        w.write(object(doc, errors: errors))
        return w.bytes
    }

    /// Rebuilds a document from an exported object: lists of `{start, end, …}` become annotations, the rest fields.
    public static func document(from value: Value, fallbackID: String, source: DocumentSource) -> Document {
        guard case .object(let o) = value else { return Document(id: fallbackID, source: source, text: "") }
        var doc = Document(id: o["id"]?.stringValue ?? fallbackID, source: source, text: o["text"]?.stringValue ?? "")
        if case .object(let s)? = o["source"] {
            doc.source = DocumentSource(path: s["path"]?.stringValue ?? source.path, format: s["format"]?.stringValue ?? source.format,
                                        bytes: s["bytes"]?.intValue ?? source.bytes, encoding: s["encoding"]?.stringValue ?? source.encoding)
        }
        for (k, v) in o where k != "id" && k != "text" && k != "source" && k != "errors" && k != "trace" {
            if let list = annotations(kind: k, v) { doc.annotations += list } else { doc.fields[k] = v }
        }
        return doc
    }

    /// Reads a list of `{start, end, …}` objects as annotations of one kind; nil when it is not such a list.
    public static func annotations(kind: String, _ value: Value) -> [Annotation]? {
        guard case .array(let items) = value, !items.isEmpty else { return nil }
        var result: [Annotation] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .object(var o) = item, let s = o["start"]?.intValue, let e = o["end"]?.intValue else { return nil }
            o.removeValue(forKey: "start")
            o.removeValue(forKey: "end")
            result.append(Annotation(kind: kind, start: s, end: e, attributes: o))
        }
        return result
    }
}
