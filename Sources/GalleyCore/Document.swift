import OrderedCollections

/// Where a document came from.
public struct DocumentSource: Sendable, Hashable {
    /// Path of the input file (relative to the input root when known), or `-` for stdin.
    public var path: String
    /// Input format: `txt`, `md`, `json`, `jsonl`, `html`.
    public var format: String
    /// Size of the raw input in bytes.
    public var bytes: Int
    /// Encoding the bytes were decoded from (`utf-8`, `windows-1252`).
    public var encoding: String

    /// Creates a source description.
    public init(path: String, format: String, bytes: Int, encoding: String) {
        self.path = path
        self.format = format
        self.bytes = bytes
        self.encoding = encoding
    }
}

/// A stand-off span over a document's `text`, in Unicode-scalar offsets (end exclusive).
public struct Annotation: Sendable, Hashable {
    /// The export key the span is listed under: `sentences`, `quotes`, `entities`, ….
    public var kind: String
    /// First scalar of the span.
    public var start: Int
    /// One past the last scalar of the span.
    public var end: Int
    /// Further attributes (`text`, `label`, `speaker`, …), exported before `start`/`end`.
    public var attributes: OrderedDictionary<String, Value>

    /// Creates an annotation.
    public init(kind: String, start: Int, end: Int, attributes: OrderedDictionary<String, Value> = [:]) {
        self.kind = kind
        self.start = start
        self.end = end
        self.attributes = attributes
    }
}

/// What one stage did to one document.
public struct TraceEntry: Sendable, Hashable {
    /// The stage id from the pipeline.
    public var stage: String
    /// Wall time spent in the stage, in seconds.
    public var seconds: Double
    /// Fields the stage added or changed.
    public var fieldsAdded: [String]
    /// Annotations the stage added, by kind.
    public var annotationsAdded: OrderedDictionary<String, Int>
    /// Whether the stage replaced `text`.
    public var replacedText: Bool
    /// Warnings the stage raised for this document.
    public var warnings: [String]

    /// Creates a trace entry.
    public init(stage: String, seconds: Double, fieldsAdded: [String] = [], annotationsAdded: OrderedDictionary<String, Int> = [:],
                replacedText: Bool = false, warnings: [String] = []) {
        self.stage = stage
        self.seconds = seconds
        self.fieldsAdded = fieldsAdded
        self.annotationsAdded = annotationsAdded
        self.replacedText = replacedText
        self.warnings = warnings
    }

    /// One line: `extract.article 0.21 ms +title +published +paragraphs×26`.
    public var summary: String {
        var parts = [stage, String(format: "%.2f ms", seconds * 1000)]
        if replacedText { parts.append("~text") }
        parts += fieldsAdded.map { "+\($0)" }
        parts += annotationsAdded.map { "+\($0.key)×\($0.value)" }
        parts += warnings.map { "warning: \($0)" }
        return parts.joined(separator: " ")
    }
}

/// One article moving through a pipeline.
public struct Document: Sendable {
    /// Stable id: the input's own id, else a hash of relative path and content.
    public var id: String
    /// Where it came from.
    public var source: DocumentSource
    /// The working text; only ingest and extract stages may replace it.
    public var text: String
    /// Ordered top-level fields (`title`, `published`, `stats`, …).
    public var fields: OrderedDictionary<String, Value>
    /// Stand-off spans over `text`.
    public var annotations: [Annotation]
    /// What each stage did, in pipeline order.
    public var trace: [TraceEntry]
    /// Warnings raised by the running stage; the runner moves them into its trace entry.
    public var pendingWarnings: [String] = []
    /// Set by the REPL: stages may then explain themselves in `notes` (work a batch run does not pay for).
    public var inspecting = false
    /// Explanations for a person, shown by the REPL's `show NAME` and never exported (what `extract.html` dropped, and why).
    public var notes: OrderedDictionary<String, Value> = [:]
    /// The most annotations the document may carry while a stage runs: the runner sets it from
    /// `limits.max_annotations`, so that a stage stops producing at the limit instead of filling memory first.
    public var annotationLimit = Int.max
    /// Set when a stage tried to add an annotation past `annotationLimit`; the runner then fails the document.
    public internal(set) var annotationsRefused = false
    /// The document's JSON export (`DocumentJSONWriter.export`), made once by the runtime for the sinks that read it
    /// when there are several; `nil` otherwise. The runtime clears it before any stage that may change the document.
    public internal(set) var encodedExport: [UInt8]?

    /// Creates a document.
    public init(id: String, source: DocumentSource, text: String, fields: OrderedDictionary<String, Value> = [:],
                annotations: [Annotation] = [], trace: [TraceEntry] = []) {
        self.id = id
        self.source = source
        self.text = text
        self.fields = fields
        self.annotations = annotations
        self.trace = trace
    }

    /// Whether one more annotation fits under `annotationLimit`.
    public var hasAnnotationRoom: Bool { annotations.count < annotationLimit }

    /// How many results a stage's engine needs to produce at most: one more than fits under `annotationLimit`
    /// (so that going over is seen), or `Int.max` when there is no limit. A stage that filters its engine's
    /// results must not cut the engine short with it.
    public var engineLimit: Int {
        annotationLimit == .max ? .max : max(0, annotationLimit - annotations.count) + 1
    }

    /// Adds an annotation when it fits under `annotationLimit`; when not, records that the document is over the limit
    /// and returns false: the stage stops producing annotations (the runner fails the document with the reason).
    @discardableResult
    public mutating func addAnnotation(_ annotation: Annotation) -> Bool {
        guard annotations.count < annotationLimit else {
            annotationsRefused = true
            return false
        }
        annotations.append(annotation)
        return true
    }

    /// Records a warning for the stage now running.
    public mutating func warn(_ message: String) { pendingWarnings.append(message) }

    /// Makes `paragraphs` the text, joined by a blank line, with a `paragraphs` span over each (the body an extract
    /// stage hands on). `lengths`, when given, are the paragraphs' lengths in Unicode scalars, already counted.
    public mutating func setBody(_ paragraphs: [String], lengths: [Int]? = nil) {
        var text = ""
        var spans: [Annotation] = []
        spans.reserveCapacity(paragraphs.count)
        var offset = 0
        for (i, p) in paragraphs.enumerated() {
            if spans.count >= annotationLimit { annotationsRefused = true; break }
            if i > 0 { text += "\n\n"; offset += 2 }
            let length = lengths?[i] ?? p.unicodeScalars.count
            spans.append(Annotation(kind: "paragraphs", start: offset, end: offset + length))
            text += p
            offset += length
        }
        removeAnnotations("paragraphs")
        self.text = text
        annotations.append(contentsOf: spans)
    }

    /// The annotations of one kind, in the order they were added.
    public func annotations(_ kind: String) -> [Annotation] { annotations.filter { $0.kind == kind } }

    /// Removes every annotation of one kind (for a stage that recomputes it).
    public mutating func removeAnnotations(_ kind: String) { annotations.removeAll { $0.kind == kind } }

    /// The `published` field parsed as (year, month, day), when present and well formed.
    public var publishedDate: (year: Int, month: Int, day: Int)? {
        guard let s = fields["published"]?.stringValue else { return nil }
        let b = Array(s.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), b.count >= 10, b[4] == 45, b[7] == 45, let m = num(5..<7), let d = num(8..<10) else { return nil }
        return (y, m, d)
    }
}
