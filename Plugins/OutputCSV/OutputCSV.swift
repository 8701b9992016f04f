import Foundation
import GalleyCore
import Synchronization

/// The `output.csv` stage: one row per document, columns chosen by paths into the JSON export, RFC 4180.
public final class OutputCSV: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.csv", kind: .sink,
            summary: "Write one CSV row per document (RFC 4180, UTF-8, header row); columns are paths like entities[label=PER].text",
            parameters: [
                ParameterSpec("path", .string, required: true, output: .file, doc: "output file, relative to the working directory"),
                ParameterSpec("columns", .stringList, default: ["id", "title", "published", "author", "source.path"], exportPaths: true,
                              doc: "paths into the JSON export: title, source.path, quotes.speaker, entities[label=PER].text; lists joined with '; '"),
                ParameterSpec("distinct", .boolean, default: true, doc: "drop repeated values within a cell"),
                ParameterSpec("escape_formulas", .boolean, default: true,
                              doc: "prefix cells starting with = + - @ tab or CR with ' so spreadsheets do not run them as formulas (OWASP)"),
            ],
            make: { config in .sink(try OutputCSV(config: config)) }),
    ]

    /// The output file.
    public let path: String
    /// The columns, in order.
    public let columns: [ColumnPath]
    let distinct: Bool
    /// Whether cells that a spreadsheet would read as a formula are neutralised.
    let escapeFormulas: Bool
    private struct State {
        var file: AtomicFile?
        var written = Set<String>()
    }
    private let state = Mutex(State())

    /// Creates the stage; throws when a column path is malformed.
    public init(config: StageConfig) throws {
        path = config.parameters.string("path") ?? "out.csv"
        columns = try (config.parameters.strings("columns") ?? ["id", "title"]).map(ColumnPath.init)
        distinct = config.parameters.bool("distinct") ?? true
        escapeFormulas = config.parameters.bool("escape_formulas") ?? true
        if columns.isEmpty { throw StageFailure("output.csv needs at least one column") }
        if path == "-" { throw StageFailure("output.csv writes a file; give a path") }
    }

    /// The header line.
    var headerRecord: [String] { columns.map(\.description) }

    public func open(resume: Bool) throws {
        let file = try AtomicFile(path: path, lock: true)
        var written = Set<String>()
        var out: [UInt8] = []
        Self.appendRecord(headerRecord, to: &out)
        if resume, let data = FileManager.default.contents(atPath: path) {
            let records = Self.parse([UInt8](data))
            if let header = records.first, header != headerRecord {
                file.discard()
                throw StageFailure("cannot resume '\(path)': its columns (\(header.joined(separator: ", "))) differ from this stage's")
            }
            let idColumn = headerRecord.firstIndex(of: "id")
            for record in records.dropFirst() where record.count == headerRecord.count {
                if let idColumn { written.insert(escapeFormulas ? Self.original(record[idColumn]) : record[idColumn]) }
                Self.appendRecord(record, to: &out)
            }
        }
        try file.append(out)
        state.withLock { $0.file = file; $0.written = written }
    }

    /// Resumable when the columns include `id`.
    public var resumable: Bool { columns.contains { $0.description == "id" } }

    public func existingIDs() throws -> Set<String> {
        guard let idColumn = headerRecord.firstIndex(of: "id"), let data = FileManager.default.contents(atPath: path) else { return [] }
        let records = Self.parse([UInt8](data))
        guard records.first == headerRecord else { return [] }
        return Set(records.dropFirst().compactMap { $0.count > idColumn ? (escapeFormulas ? Self.original($0[idColumn]) : $0[idColumn]) : nil })
    }

    public func write(_ document: Document) throws {
        let root = DocumentJSON.object(document)
        var out: [UInt8] = []
        Self.appendRecord(columns.map { column in
            let cell = column.cell(in: root, distinct: distinct)
            return escapeFormulas ? Self.neutralised(cell) : cell
        }, to: &out)
        try state.withLock { s in
            // Idempotent: a document id already written is not written again.
            guard s.written.insert(document.id).inserted else { return }
            try s.file?.append(out)
        }
    }

    public func checkpoint() throws { try state.withLock { $0.file }?.checkpoint() }

    public func finish() throws { try state.withLock { $0.file }?.commit() }

    public func abort() { state.withLock { $0.file }?.discard() }

    /// CSV injection (OWASP): a cell starting with `=`, `+`, `-`, `@`, tab or CR is run as a formula by spreadsheets;
    /// a leading `'` makes it text (shown without the quote).
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return cell }
        return "'" + cell
    }

    /// The value a neutralised cell stood for (for reading ids back with `--resume`).
    static func original(_ cell: String) -> String {
        let bytes = Array(cell.utf8)
        guard bytes.count >= 2, bytes[0] == 0x27, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(bytes[1]) else { return cell }
        return String(cell.dropFirst())
    }

    /// Appends one record: fields quoted when they hold a comma, quote, CR or LF, ended by CRLF.
    public static func appendRecord(_ fields: [String], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let bytes = field.utf8
            let needsQuotes = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if !needsQuotes { out.append(contentsOf: bytes); continue }
            out.append(0x22)
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Parses RFC 4180 CSV (CRLF or LF line ends); a final record cut short inside quotes is dropped.
    public static func parse(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        var fieldStarted = false
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < n && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else {
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty: quoted = true; fieldStarted = true
            case 0x2C:
                record.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); fieldStarted = true
            case 0x0D: break
            case 0x0A:
                record.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                records.append(record); record = []; fieldStarted = false
            default: field.append(b); fieldStarted = true
            }
            i += 1
        }
        if !quoted && (fieldStarted || !field.isEmpty) {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        return records
    }
}
