import OrderedCollections

/// The four phases, in the order a pipeline must list them.
public enum Phase: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ingest, extract, enrich, output

    /// The phase name as written in stage type names.
    public var description: String {
        switch self {
        case .ingest: return "ingest"
        case .extract: return "extract"
        case .enrich: return "enrich"
        case .output: return "output"
        }
    }

    /// The phase named by a stage type's prefix (`extract.quotes` → `.extract`).
    public init?(typeName: String) {
        let prefix = typeName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? typeName
        guard let p = Phase.allCases.first(where: { $0.description == prefix }) else { return nil }
        self = p
    }

    public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
}

/// How a stage relates to the document stream.
public enum StageKind: String, Sendable {
    /// Yields documents.
    case source
    /// One document in, the same document out, enriched; runs concurrently.
    case transform
    /// Sees documents one at a time in input order (dedup, corpus statistics).
    case corpus
    /// Writes documents.
    case sink
}

/// The type of a stage parameter.
public enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    case string, integer, number, boolean, stringList, mapping, any
    /// One of a fixed set of strings.
    case choice([String])

    /// The type as shown in `galley stages` and in messages.
    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .stringList: return "list of strings"
        case .mapping: return "mapping"
        case .any: return "any"
        case .choice(let c): return c.joined(separator: "|")
        }
    }

    /// Checks a value against this type, returning it normalised (`int` → `double` for numbers,
    /// a lone string → a one-element list), or nil when it does not fit.
    public func coerce(_ value: Value) -> Value? {
        switch (self, value) {
        case (.any, _): return value
        case (.string, .string): return value
        case (.integer, .int): return value
        case (.integer, .double(let d)): return Int(exactly: d).map(Value.int)
        case (.number, .int(let i)): return .double(Double(i))
        case (.number, .double(let d)) where d.isFinite: return value
        case (.boolean, .bool): return value
        case (.mapping, .object): return value
        case (.stringList, .string): return .array([value])
        case (.stringList, .array(let a)) where a.allSatisfy({ $0.stringValue != nil }): return value
        case (.choice(let options), .string(let s)) where options.contains(s): return value
        default: return nil
        }
    }
}

/// One parameter of a stage type: name, type, default and documentation.
public struct ParameterSpec: Sendable, Hashable {
    /// The key under `with:`.
    public var name: String
    /// The accepted type.
    public var type: ParameterType
    /// The value used when the pipeline gives none; nil with `required` means it must be given.
    public var defaultValue: Value?
    /// Whether the pipeline must give a value.
    public var required: Bool
    /// One line of documentation.
    public var doc: String
    /// The values an integer or number parameter may take (nil: any finite value of its type).
    public var range: ClosedRange<Double>?
    /// Whether the values are paths into the export (`quotes.speaker`, `entities[label=PER].text`): `validate` checks
    /// them against what the pipeline's stages produce.
    public var exportPaths = false
    /// Whether the parameter is the path of an output file or folder (checked by `validate`: a name that is not a
    /// file, or a path that another output or the dead letter also writes, is an error).
    public var output: OutputRole?

    /// Creates a parameter spec.
    public init(_ name: String, _ type: ParameterType, default defaultValue: Value? = nil, required: Bool = false,
                range: ClosedRange<Double>? = nil, output: OutputRole? = nil, exportPaths: Bool = false, doc: String) {
        self.exportPaths = exportPaths
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.range = range
        self.output = output
        self.doc = doc
    }

    /// Checks a value against the type and range, returning it normalised, or why it does not fit
    /// (`expected integer, got string 'big'`, `must be from 1 to 1000000, got 0`).
    public func check(_ value: Value) -> Result<Value, ParameterProblem> {
        guard let coerced = type.coerce(value) else {
            // A whole number too large for an integer, or an infinity, is out of range rather than of the wrong type.
            if case .integer = type, case .double(let d) = value, d.isInfinite || d.rounded() == d {
                return .failure(.outOfRange(range ?? Double(Int.min)...Double(Int.max), got: value))
            }
            if case .number = type, case .double(let d) = value, !d.isFinite {
                return .failure(.outOfRange(range ?? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, got: value))
            }
            return .failure(.wrongType(expected: type, got: value))
        }
        if let range, let d = coerced.doubleValue, !range.contains(d) { return .failure(.outOfRange(range, got: value)) }
        return .success(coerced)
    }
}

/// What an output path parameter names.
public enum OutputRole: Sendable, Hashable {
    /// A file the stage replaces or writes in place (`-`, where allowed, is stdout).
    case file
    /// A folder the stage writes files into.
    case folder
}

/// Why a parameter value was refused.
public enum ParameterProblem: Error, Sendable, Hashable {
    /// Not of the parameter's type (a number too large for an integer, or not finite, is not of the type either).
    case wrongType(expected: ParameterType, got: Value)
    /// Of the type, but outside the parameter's range.
    case outOfRange(ClosedRange<Double>, got: Value)

    /// `expected integer, got string 'big'` / `must be from 1 to 1000000, got 0`.
    public var message: String {
        switch self {
        case .wrongType(let type, let value): return "expected \(type), got \(value.typeName)\(value.isNull ? "" : " '\(value)'")"
        case .outOfRange(let range, let value): return "must be \(Self.describe(range)), got \(value.shown)"
        }
    }

    /// `from 1 to 1000000` / `at least 1` / `at most 60`.
    public static func describe(_ range: ClosedRange<Double>) -> String {
        func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)" }
        if range.upperBound == .greatestFiniteMagnitude || range.upperBound >= 9.2e18 { return "at least \(number(range.lowerBound))" }
        if range.lowerBound == -.greatestFiniteMagnitude || range.lowerBound <= -9.2e18 { return "at most \(number(range.upperBound))" }
        return "from \(number(range.lowerBound)) to \(number(range.upperBound))"
    }
}

/// Resolved, type-checked parameter values of one stage.
public struct Parameters: Sendable, Hashable {
    /// Values by name, defaults filled in.
    public var values: OrderedDictionary<String, Value>

    /// Wraps resolved values.
    public init(_ values: OrderedDictionary<String, Value> = [:]) { self.values = values }

    /// The raw value of a parameter.
    public subscript(name: String) -> Value? { values[name] }
    /// A string parameter.
    public func string(_ name: String) -> String? { values[name]?.stringValue }
    /// An integer parameter.
    public func int(_ name: String) -> Int? { values[name]?.intValue }
    /// A number parameter.
    public func double(_ name: String) -> Double? { values[name]?.doubleValue }
    /// A boolean parameter.
    public func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    /// A list-of-strings parameter.
    public func strings(_ name: String) -> [String]? { values[name]?.arrayValue?.compactMap(\.stringValue) }
}

/// What a stage factory is given to build a stage instance.
public struct StageConfig: Sendable {
    /// The stage id in the pipeline.
    public var id: String
    /// The stage type name.
    public var type: String
    /// Type-checked parameters with defaults filled in.
    public var parameters: Parameters
    /// Folder of the pipeline file, for resolving relative paths that belong to the pipeline.
    public var pipelineDirectory: String

    /// Creates a stage configuration.
    public init(id: String, type: String, parameters: Parameters, pipelineDirectory: String) {
        self.id = id
        self.type = type
        self.parameters = parameters
        self.pipelineDirectory = pipelineDirectory
    }
}

/// A stage that changes one document at a time; it may run on several documents at once.
public protocol TransformStage: Sendable {
    /// Enriches the document, or throws to fail it.
    func process(_ document: inout Document) throws
}

/// A stage that sees documents one at a time in input order (runs on one thread).
public protocol CorpusStage: Sendable {
    /// Enriches the document using what earlier documents showed, or throws to fail it.
    func process(_ document: inout Document) throws
    /// Called once before the first document of a run (not in the REPL or `galley test`); with `resume`, the stage
    /// keeps what an earlier run stored.
    func open(resume: Bool) throws
    /// Called once when the run ends.
    func finish() throws
    /// Called instead of `finish` when the run gives up before changing any output.
    func abort()
}

/// The inputs a source stage reads: paths and glob filters.
public struct InputSelection: Sendable, Hashable {
    /// Files or folders; `-` is stdin.
    public var paths: [String]
    /// Glob patterns a file under a folder must match (empty = every known format).
    public var include: [String]
    /// Glob patterns that exclude files under a folder.
    public var exclude: [String]
    /// What the run itself writes (outputs, the dead letter): a source never reads them back as input.
    public var ownOutputs: [OwnOutput]

    /// Creates a selection.
    public init(paths: [String], include: [String] = [], exclude: [String] = [], ownOutputs: [OwnOutput] = []) {
        self.paths = paths
        self.include = include
        self.exclude = exclude
        self.ownOutputs = ownOutputs
    }
}

/// A file or folder a run writes, as its pipeline names it (relative to the working directory).
public struct OwnOutput: Sendable, Hashable {
    /// The output's path.
    public var path: String
    /// Whether the output is a folder of files (`output.markdown`) rather than one file.
    public var isFolder: Bool

    /// Creates an output entry.
    public init(path: String, isFolder: Bool = false) {
        self.path = path
        self.isFolder = isFolder
    }
}

/// Inputs a source passed over on purpose (neither documents nor failures), by reason, for the run summary.
public struct SourceNote: Sendable, Hashable {
    /// Why, as a plural noun phrase: "WARC records that are not HTML".
    public var reason: String
    /// How many.
    public var count: Int
    /// The first few of them (paths or record ids).
    public var examples: [String]

    /// Creates a note.
    public init(reason: String, count: Int, examples: [String] = []) {
        self.reason = reason
        self.count = count
        self.examples = examples
    }
}

/// One unit of input found by a source: a file, or one line of a stream.
public struct SourceItem: Sendable, Hashable {
    /// Path as found (absolute or as given), or `-`.
    public var path: String
    /// Path relative to the input root it was found under.
    public var relativePath: String
    /// Bytes already read (stdin lines); nil means the source reads `path` when loading.
    public var inline: [UInt8]?
    /// Line number within a stream, for inline items.
    public var line: Int?
    /// The path's exact bytes when `path` cannot be opened as written: a name that is not UTF-8 or holds characters
    /// `path` shows escaped, or a path longer than PATH_MAX.
    public var rawPath: [UInt8]?

    /// Creates an item.
    public init(path: String, relativePath: String, inline: [UInt8]? = nil, line: Int? = nil, rawPath: [UInt8]? = nil) {
        self.path = path
        self.relativePath = relativePath
        self.inline = inline
        self.line = line
        self.rawPath = rawPath
    }
}

/// A per-document failure: which input, which stage, why.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// The input path (with `:line` for lines of a stream).
    public var path: String
    /// The stage id that failed.
    public var stage: String
    /// One line saying why.
    public var message: String
    /// The document as it was when it failed, when there was one.
    public var document: Document?

    /// Creates a document error.
    public init(path: String, stage: String, message: String, document: Document? = nil) {
        self.path = path
        self.stage = stage
        self.message = message
        self.document = document
    }

    /// `path: stage: message`.
    public var description: String { "\(path): \(stage): \(message)" }
}

/// A simple error a stage throws for one document; the runner adds path and stage.
public struct StageFailure: Error, Sendable, CustomStringConvertible {
    /// One line saying why.
    public var message: String
    /// Creates a failure.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A stage that yields documents: enumerates inputs serially, loads each item concurrently.
public protocol SourceStage: Sendable {
    /// Lists the items of the selection in a stable order; `emit` returns false to stop early.
    func enumerate(_ selection: InputSelection, emit: (SourceItem) throws -> Bool) throws
    /// Reads one item into zero or more documents, each a document or a per-document error.
    func load(_ item: SourceItem) -> [Result<Document, DocumentError>]
    /// What the source passed over on purpose since the last call, for the run summary (taken once at the end of a run).
    func takeNotes() -> [SourceNote]
}

extension SourceStage {
    /// Nothing passed over by default.
    public func takeNotes() -> [SourceNote] { [] }
}

/// A stage that writes documents; called from one thread, in input order.
public protocol SinkStage: Sendable {
    /// Prepares the output; with `resume`, keeps what is already there.
    func open(resume: Bool) throws
    /// Whether the output can tell which documents it already holds (for `--resume`).
    var resumable: Bool { get }
    /// Ids already present in the output (for `--resume`).
    func existingIDs() throws -> Set<String>
    /// Writes one document (idempotent by id where the format allows).
    func write(_ document: Document) throws
    /// Whether `write` reads the document's JSON export (`DocumentJSONWriter.export`): when several sinks do, the
    /// runtime makes it once for all of them.
    var readsExport: Bool { get }
    /// Makes everything written so far visible while the run goes on (a checkpoint, so that a run killed later loses
    /// only what came after it); `--resume` continues from it. Never half-written; outputs that cannot do it do nothing.
    func checkpoint() throws
    /// Makes everything written visible, atomically where the format allows.
    func finish() throws
    /// Gives up: leaves the previous output as it was where possible.
    func abort()
}

extension SinkStage {
    /// No resume support by default.
    public var resumable: Bool { false }
    /// No resume support by default: nothing is present.
    public func existingIDs() throws -> Set<String> { [] }
    /// Nothing to undo by default.
    public func abort() {}
    /// No checkpoints by default.
    public func checkpoint() throws {}
    /// The export is not read by default.
    public var readsExport: Bool { false }
}

extension CorpusStage {
    /// Nothing to prepare by default.
    public func open(resume: Bool) throws {}
    /// Nothing to do at the end by default.
    public func finish() throws {}
    /// Nothing to undo by default.
    public func abort() {}
}

/// A built stage, by kind.
public enum StageInstance: Sendable {
    case source(any SourceStage)
    case transform(any TransformStage)
    case corpus(any CorpusStage)
    case sink(any SinkStage)

    /// The kind of this instance.
    public var kind: StageKind {
        switch self {
        case .source: return .source
        case .transform: return .transform
        case .corpus: return .corpus
        case .sink: return .sink
        }
    }
}

/// A stage type: name, phase, kind, summary, parameter schema and a factory.
public struct StageType: Sendable {
    /// `phase.what`, e.g. `extract.article`.
    public var name: String
    /// The phase, from the name's prefix.
    public var phase: Phase
    /// How it relates to the document stream.
    public var kind: StageKind
    /// One line for `galley stages`.
    public var summary: String
    /// Accepted parameters.
    public var parameters: [ParameterSpec]
    /// Where the type comes from (`builtin` or an external plugin's name).
    public var origin: String
    /// Builds an instance from a checked configuration.
    public var make: @Sendable (StageConfig) throws -> StageInstance
    /// The export paths the stage may add (`quotes`, `quotes.speaker`, `stats.words`), for checking the columns an
    /// output names; nil when the type does not say (an external plugin).
    public var produces: [String]?

    /// Creates a stage type; the phase is taken from the name's prefix.
    public init(name: String, kind: StageKind, summary: String, parameters: [ParameterSpec] = [], origin: String = "builtin",
                make: @escaping @Sendable (StageConfig) throws -> StageInstance) {
        guard let phase = Phase(typeName: name) else { preconditionFailure("stage type '\(name)' must start with a phase name") }
        self.name = name
        self.phase = phase
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.origin = origin
        self.make = make
    }

    /// The parameter spec with this name.
    public func parameter(_ name: String) -> ParameterSpec? { parameters.first { $0.name == name } }

    /// This type, declaring the export paths it may add: a top-level key and, for objects and lists of objects, its
    /// members (`"quotes": ["text", "speaker"]` declares `quotes`, `quotes.text`, `quotes.speaker`).
    public func producing(_ paths: KeyValuePairs<String, [String]>) -> StageType {
        var copy = self
        copy.produces = paths.flatMap { key, members in [key] + members.map { key + "." + $0 } }
        return copy
    }
}
