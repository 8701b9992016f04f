import Foundation
import GalleyCore
import OrderedCollections
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// The `ingest.files` stage: reads article files and folders (or JSON lines on stdin) into documents.
public struct IngestFiles: SourceStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "ingest.files", kind: .source,
            summary: "Read .txt, .md, .json, .jsonl, web pages (.html, .htm, .xhtml, .html.gz) and web archives (.warc, .warc.gz) from files and folders (recursively), or JSON lines from stdin (-)",
            parameters: [
                ParameterSpec("max_bytes", .integer, default: 20_000_000, range: 1...4_000_000_000, doc: "largest file (or JSON line, inflated .gz, WARC record) read; larger ones fail with a reason"),
                ParameterSpec("hidden", .boolean, default: false, doc: "also read hidden files and folders (names starting with '.')"),
                ParameterSpec("follow_symlinks", .boolean, default: false,
                              doc: "follow symlinks that lead outside the input roots (by default they fail with a reason; links inside are never followed, their targets are read where they are)"),
            ],
            make: { config in .source(IngestFiles(config: config)) })
                .producing(["title": [], "subtitle": [], "author": [], "published": [], "url": [], "site": [], "description": [], "modified": [], "fetched": [], "language": []]),
    ]

    /// Formats read from folders when no `include` globs are given.
    static let knownExtensions: Set<String> = ["txt", "text", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm", "xhtml", "warc"]

    /// Whether a file name is one of the formats read from folders when no `include` globs are given.
    static func isKnown(_ name: String) -> Bool {
        var ext = (name as NSString).pathExtension.lowercased()
        if ext == "gz" { ext = ((name as NSString).deletingPathExtension as NSString).pathExtension.lowercased(); return ["html", "htm", "xhtml", "warc"].contains(ext) }
        return knownExtensions.contains(ext)
    }

    let maxBytes: Int
    let hidden: Bool
    let followSymlinks: Bool
    let notes = NoteTally()
    /// Bytes read from a WARC file at a time (small in tests, so that gzip members span reads).
    var warcReadSize = 1 << 20

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        maxBytes = config.parameters.int("max_bytes") ?? 20_000_000
        hidden = config.parameters.bool("hidden") ?? false
        followSymlinks = config.parameters.bool("follow_symlinks") ?? false
    }

    /// The bytes of an item's file name, which its id is made from (with its content): the same file has the same id
    /// whichever root, folder or file argument it was reached from, and after its folder moves.
    static func nameBytes(_ item: SourceItem) -> [UInt8] {
        let path = item.rawPath ?? Array(item.relativePath.utf8)
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(path[(slash + 1)...])
    }

    static func format(of path: String) -> String {
        var ext = (path as NSString).pathExtension.lowercased()
        if ext == "gz" { ext = ((path as NSString).deletingPathExtension as NSString).pathExtension.lowercased() }
        switch ext {
        case "md", "markdown": return "md"
        case "json": return "json"
        case "jsonl", "ndjson": return "jsonl"
        case "html", "htm", "xhtml": return "html"
        case "warc": return "warc"
        default: return "txt"
        }
    }

    // MARK: Enumeration (serial)

    public func enumerate(_ selection: InputSelection, emit: (SourceItem) throws -> Bool) throws {
        try withoutActuallyEscaping(emit) { emit in
            let walker = Walker(selection: selection, hidden: hidden, followSymlinks: followSymlinks, emitItem: emit,
                                emitFile: { _, _, _ in true })
            walker.emitFileBody = { [unowned walker] path, relative, raw in
                try self.emitFile(path: path, relative: relative, raw: raw, emit: emit, note: { walker.notes.add($0, $1) })
            }
            defer { notes.setWalked(walker.notes.notes) }
            for path in selection.paths {
                if path == "-" {
                    guard try streamLines(path: "-", handle: FileHandle.standardInput, emit: emit) else { return }
                    continue
                }
                guard try walker.root(path) else { return }
            }
        }
    }

    public func takeNotes() -> [SourceNote] { notes.take() }

    /// An item that only carries the reason enumeration could not use it; `load` turns it into a failure.
    /// Line 0 marks it (lines of a stream count from 1) and `inline` holds the reason.
    static func failedItem(path: String, relative: String, reason: String) -> SourceItem {
        SourceItem(path: path, relativePath: relative, inline: Array(reason.utf8), line: 0)
    }

    /// JSON-lines files are streamed line by line so that a large file is spread over the workers.
    private func emitFile(path: String, relative: String, raw: [UInt8]?, emit: (SourceItem) throws -> Bool,
                          note: (String, String) -> Void) throws -> Bool {
        if Self.format(of: path) == "warc" {
            let fd = InputPath.open(raw ?? Array(path.utf8), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                var st = stat()
                if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                    return try streamWARC(fd: fd, path: path, relative: relative, emit: emit, note: note)
                }
            }
        }
        if Self.format(of: path) == "jsonl" {
            // O_NONBLOCK: opening a named pipe must not wait for a writer; anything but a regular file is left to `load` to report.
            let fd = InputPath.open(raw ?? Array(path.utf8), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                var st = stat()
                if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG {
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
                    return try streamLines(path: path, relative: relative, handle: handle, emit: emit)
                }
                close(fd)
            }
        }
        return try emit(SourceItem(path: path, relativePath: relative, rawPath: raw))
    }

    private func streamLines(path: String, relative: String? = nil, handle: FileHandle, emit: (SourceItem) throws -> Bool) throws -> Bool {
        var reader = LineReader(fd: handle.fileDescriptor, maxLine: maxBytes)
        var lineNumber = 0
        while let line = reader.next() {
            lineNumber += 1
            if line.isBlank { continue }
            guard try emit(SourceItem(path: path, relativePath: relative ?? path, inline: line.bytes, line: lineNumber)) else { return false }
        }
        return true
    }

    // MARK: Loading (concurrent)

    public func load(_ item: SourceItem) -> [Result<Document, DocumentError>] {
        let displayPath = item.line.flatMap { $0 > 0 ? "\(item.path):\($0)" : nil } ?? item.path
        func fail(_ message: String) -> [Result<Document, DocumentError>] {
            [.failure(DocumentError(path: displayPath, stage: "ingest.files", message: message))]
        }
        if let inline = item.inline {
            if item.line == 0 { return fail(String(decoding: inline, as: UTF8.self)) }
            if Self.format(of: item.path) == "warc" { return loadWARCRecord(inline, item: item, path: displayPath) }
            if inline.count > maxBytes { return fail("line is \(inline.count) bytes, over the limit of \(maxBytes) (max_bytes)") }
            if inline == LineReader.overlongMarker { return fail("line is longer than the limit of \(maxBytes) bytes (max_bytes)") }
            let fallbackID = StableHash.hex(StableHash.fnv1a64(Self.nameBytes(item) + Array(":\(item.line ?? 0)\0".utf8) + inline))
            return [jsonDocument(inline, fallbackID: fallbackID, path: displayPath, format: "jsonl").mapError {
                DocumentError(path: displayPath, stage: "ingest.files", message: $0.message)
            }]
        }
        var bytes: [UInt8]
        switch readFile(item.rawPath ?? Array(item.path.utf8)) {
        case .success(let b): bytes = b
        case .failure(let reason): return fail(reason.message)
        }
        if (item.path as NSString).pathExtension.lowercased() == "gz" || Gzip.isGzip(bytes) {
            switch Gzip.inflate(bytes, limit: maxBytes) {
            case .success(let b): bytes = b
            case .failure(let reason): return fail(reason.message)
            }
        }
        if bytes.isEmpty { return fail("empty file") }
        let format = Self.format(of: item.path)
        // The hash of the file's name, NUL and content, chained so that the content is not copied.
        let fallbackID = StableHash.hex(StableHash.fnv1a64(bytes, seed: StableHash.fnv1a64(Self.nameBytes(item) + [0])))
        if format == "json" {
            let value: Value
            do { value = try parseJSON(bytes) } catch { return fail("invalid JSON: \(error)") }
            let objects: [Value]
            if case .array(let list) = value { objects = list } else { objects = [value] }
            if objects.isEmpty { return fail("JSON array holds no documents") }
            return objects.enumerated().map { n, object in
                let path = objects.count > 1 ? "\(item.path)[\(n)]" : item.path
                let id = objects.count > 1 ? StableHash.hex(StableHash.fnv1a64(Array("\(fallbackID)/\(n)".utf8))) : fallbackID
                return makeJSONDocument(object, fallbackID: id, path: path, bytes: bytes.count, format: "json").mapError {
                    DocumentError(path: path, stage: "ingest.files", message: $0.message)
                }
            }
        }
        if format == "html" {
            return [webPage(bytes, id: fallbackID, path: item.path, declared: nil).mapError {
                DocumentError(path: displayPath, stage: "ingest.files", message: $0.message)
            }]
        }
        if format == "warc" { return fail("cannot be read as a WARC file (it changed while the input was listed?)") }
        switch TextDecoding.decode(bytes) {
        case .failure(let reason): return fail(reason.message)
        case .success(let (text, encoding, warning)):
            let source = DocumentSource(path: item.path, format: format, bytes: bytes.count, encoding: encoding)
            var doc = Document(id: fallbackID, source: source, text: text)
            if let warning { doc.warn(warning) }
            if format == "md" { splitFrontMatter(&doc) }
            return [.success(doc)]
        }
    }

    /// A web page as a document: a few NUL bytes dropped, the encoding decided by `HTMLDecoding` (the HTTP charset
    /// first when there is one).
    func webPage(_ page: [UInt8], id: String, path: String, declared: String?) -> Result<Document, StageFailureReason> {
        var bytes = page
        // A few NUL bytes in a page are dropped, as browsers drop them; many mean it is not a page.
        if let nul = TextDecoding.firstNUL(bytes), !(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) {
            let count = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            if count * 100 > bytes.count { return .failure(StageFailureReason("binary file (NUL byte at offset \(nul))")) }
            bytes.removeAll { $0 == 0 }
        }
        return HTMLDecoding.decode(bytes, declared: declared).map { decoded in
            let source = DocumentSource(path: path, format: "html", bytes: bytes.count, encoding: decoded.encoding)
            var doc = Document(id: id, source: source, text: decoded.text)
            if let w = decoded.warning { doc.warn(w) }
            return doc
        }
    }

    /// A web page's bytes as `ingest.files` decodes them (gzip inflated, encoding sniffed): the text and the encoding's
    /// name, or nil when the bytes are not a page (binary, corrupt gzip).
    public static func decodeWebPage(_ bytes: [UInt8], maxBytes: Int = 20_000_000) -> (String, String)? {
        var bytes = bytes
        if Gzip.isGzip(bytes) {
            guard case .success(let inflated) = Gzip.inflate(bytes, limit: maxBytes) else { return nil }
            bytes = inflated
        }
        guard case .success(let decoded) = HTMLDecoding.decode(bytes) else { return nil }
        return (decoded.text, decoded.encoding)
    }

    private func readFile(_ path: [UInt8]) -> Result<[UInt8], StageFailureReason> {
        // O_NONBLOCK so that a named pipe fails below instead of waiting forever for a writer.
        let fd = InputPath.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(StageFailureReason("cannot read: \(errnoText())")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(StageFailureReason("cannot read: \(errnoText())")) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(StageFailureReason("cannot read: it is a directory"))
        case S_IFIFO: return .failure(StageFailureReason("not a regular file (a named pipe)"))
        case S_IFSOCK: return .failure(StageFailureReason("not a regular file (a socket)"))
        default: return .failure(StageFailureReason("not a regular file (a device)"))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        let size = Int(st.st_size)
        if size > maxBytes { return .failure(StageFailureReason("file is \(size) bytes, over the limit of \(maxBytes) (max_bytes)")) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, size - offset) }
            if n < 0 { if errno == EINTR { continue }; return .failure(StageFailureReason("cannot read: \(errnoText())")) }
            if n == 0 { bytes.removeSubrange(offset...); break }
            offset += n
        }
        return .success(bytes)
    }

    private func errnoText() -> String { Self.errnoText() }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    private func parseJSON(_ bytes: [UInt8]) throws -> Value {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        return try JSONParser.parse(body)
    }

    private func jsonDocument(_ bytes: [UInt8], fallbackID: String, path: String, format: String) -> Result<Document, StageFailureReason> {
        let value: Value
        do { value = try parseJSON(bytes) } catch { return .failure(StageFailureReason("invalid JSON: \(error)")) }
        return makeJSONDocument(value, fallbackID: fallbackID, path: path, bytes: bytes.count, format: format)
    }

    /// A JSON object with `text` and optional `id`, `title`, `published`, `author`, `url`, … becomes a document;
    /// one with `html` instead of `text` (as crawlers hand pages over) is a web page for `extract.html`.
    private func makeJSONDocument(_ value: Value, fallbackID: String, path: String, bytes: Int, format: String) -> Result<Document, StageFailureReason> {
        guard case .object(var o) = value else { return .failure(StageFailureReason("expected a JSON object, found \(value.typeName)")) }
        var format = format
        if o["text"] == nil, let html = o["html"] {
            guard let page = html.stringValue else { return .failure(StageFailureReason("'html' is not a string")) }
            o.removeValue(forKey: "html")
            o["text"] = .string(page)
            format = "html"
        }
        let value = Value.object(o)
        guard let text = o["text"]?.stringValue else {
            return .failure(StageFailureReason(o["text"] == nil ? "JSON object has no 'text' (or 'html')" : "'text' is not a string"))
        }
        let id: String
        switch o["id"] {
        case .string(let s)?: id = s
        case .int(let i)?: id = String(i)
        default: id = fallbackID
        }
        let source = DocumentSource(path: path, format: format, bytes: bytes, encoding: "utf-8")
        var doc = DocumentJSON.document(from: value, fallbackID: id, source: source)
        doc.id = id
        doc.text = text
        return .success(doc)
    }

    /// Markdown front matter (`---` YAML `---`) becomes fields; the text keeps the body after it.
    private func splitFrontMatter(_ doc: inout Document) {
        let text = doc.text
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return }
        // Counted in UTF-8 bytes: "\r\n" is one Character, so 5 Characters would run past a file that is only "---\r\n".
        let afterOpen = text.utf8.index(text.startIndex, offsetBy: text.hasPrefix("---\r\n") ? 5 : 4)
        guard let close = text.range(of: "\n---", range: afterOpen..<text.endIndex) else { return }
        let yaml = String(text[afterOpen..<close.lowerBound])
        var bodyStart = close.upperBound
        while bodyStart < text.endIndex, text[bodyStart] == "\n" || text[bodyStart] == "\r" || text[bodyStart] == "-" { bodyStart = text.index(after: bodyStart) }
        guard let node = try? Yams.compose(yaml: yaml), case .mapping(let m) = node else {
            doc.warn("front matter is not a YAML mapping; kept as text")
            return
        }
        // Aliases share nodes, so a few lines (`b: [*a, *a]`, `c: [*b, *b]` …) can stand for 2^40 values: converting
        // them would take the document's thread and the process's memory. At most one value per byte of YAML (at
        // least 100,000) is built.
        var budget = max(100_000, yaml.utf8.count)
        var fields: [(String, Value)] = []
        for (k, v) in m {
            guard let key = k.string else { continue }
            guard let value = Self.value(v, budget: &budget) else {
                doc.warn("front matter's aliases expand to more than \(max(100_000, yaml.utf8.count)) values; kept as text")
                return
            }
            fields.append((key == "date" ? "published" : key, value))
        }
        for (name, value) in fields { doc.fields[name] = value }
        doc.text = String(text[bodyStart...])
    }

    /// A YAML node as a value; nil once more than `budget` values have been built.
    static func value(_ node: Node, budget: inout Int) -> Value? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let s): return YAMLScalar.value(of: s.string, plain: s.style == .plain || s.style == .any)
        case .sequence(let seq):
            var list: [Value] = []
            for item in seq {
                guard let value = value(item, budget: &budget) else { return nil }
                list.append(value)
            }
            return .array(list)
        case .mapping(let m):
            var o = OrderedDictionary<String, Value>()
            for (k, v) in m {
                // A key that is no string is written as YAML describes it, which walks it: charged like a value.
                if k.string == nil, value(k, budget: &budget) == nil { return nil }
                guard let value = value(v, budget: &budget) else { return nil }
                o[k.string ?? "\(k)"] = value
            }
            return .object(o)
        case .alias: return .null
        }
    }
}

/// Reads lines from a file descriptor in large chunks; a line longer than `maxLine` comes back as `overlongMarker`.
struct LineReader {
    struct Line {
        var bytes: [UInt8]
        var isBlank: Bool { !bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }
    }
    static let overlongMarker: [UInt8] = [0xFF, 0x00, 0xFF]

    let fd: Int32
    let maxLine: Int
    var buffer: [UInt8] = []
    var start = 0
    var eof = false
    var skipping = false
    /// Where the search for the next newline resumes: each byte is looked at once, however long the line.
    var scanned = 0

    init(fd: Int32, maxLine: Int) {
        self.fd = fd
        self.maxLine = maxLine
    }

    /// The index of the first newline at or after `from`, found with memchr.
    func newline(from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { p in
            guard from < p.count, let base = p.baseAddress, let hit = memchr(base + from, 0x0A, p.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    mutating func next() -> Line? {
        while true {
            if let nl = newline(from: max(start, scanned)) {
                var line = Array(buffer[start..<nl])
                start = nl + 1
                scanned = start
                if skipping { skipping = false; line = Self.overlongMarker }
                if line.last == 0x0D { line.removeLast() }
                return Line(bytes: line)
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = skipping ? Self.overlongMarker : Array(buffer[start...])
                start = buffer.count
                skipping = false
                return Line(bytes: line)
            }
            scanned = buffer.count
            if buffer.count - start > maxLine {
                // Drop the head of an overlong line and remember to report it.
                skipping = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            } else if start > 0 {
                buffer.removeSubrange(0..<start)
                scanned -= start
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 1 << 16))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 1 << 16) }
            buffer.removeSubrange((old + max(0, n))...)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                eof = true
            }
        }
    }
}
