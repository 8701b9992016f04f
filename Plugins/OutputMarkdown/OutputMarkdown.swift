import Foundation
import GalleyCore
import Synchronization

/// The `output.markdown` stage: one `.md` file per document, YAML front matter then the body.
public final class OutputMarkdown: SinkStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "output.markdown", kind: .sink,
            summary: "Write one Markdown file per document (YAML front matter, then the body), named from the title",
            parameters: [
                ParameterSpec("path", .string, required: true, output: .folder, doc: "folder for the .md files, relative to the working directory"),
            ],
            make: { config in .sink(try OutputMarkdown(config: config)) }),
    ]

    /// The output folder.
    public let folder: String
    private let written = Mutex(Set<String>())
    /// This run's lock on the folder (a second run into it fails at once).
    private let lock = Mutex<OutputLock?>(nil)

    /// Creates the stage from its configuration.
    public init(config: StageConfig) throws {
        folder = config.parameters.string("path") ?? "out/markdown"
        if folder == "-" { throw StageFailure("output.markdown writes a folder; give a path") }
    }

    public func open(resume: Bool) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), !isDir.boolValue {
            throw StageFailure("cannot write Markdown into '\(folder)': it is a file")
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw StageFailure("cannot create folder '\(folder)': \(error.localizedDescription)")
        }
        let taken = try OutputLock(for: folder)
        lock.withLock { $0 = taken }
        written.withLock { $0 = [] }
    }

    /// Resumable: each document's file name is known from its title and id.
    public var resumable: Bool { false }

    public func write(_ document: Document) throws {
        guard written.withLock({ $0.insert(document.id).inserted }) else { return }
        let name = Self.fileName(title: document.fields["title"]?.stringValue, id: document.id)
        let file = try AtomicFile(path: folder + "/" + name)
        do {
            try file.append(Array(Self.render(document).utf8))
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    public func finish() throws { abort() }

    public func abort() { lock.withLock { l in l?.release(); l = nil } }

    /// The file name for a document: a slug of the title (letters and digits, `-` between words, at most 80 bytes)
    /// and a stable suffix from the id, so two articles with one title never collide and no name leaves the folder.
    public static func fileName(title: String?, id: String) -> String {
        let slug = slugify(title ?? "")
        let safeID = !id.isEmpty && id.utf8.count <= 24 && id.utf8.allSatisfy { isSafe($0) }
        let suffix = safeID ? id : StableHash.hex(StableHash.fnv1a64(Array(id.utf8)))
        return (slug.isEmpty ? "untitled" : slug) + "-" + suffix + ".md"
    }

    static func isSafe(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    /// Lower-case letters and digits (diacritics removed, other scripts kept), words joined by `-`, at most 80 bytes.
    public static func slugify(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var out = ""
        var pendingDash = false
        for ch in folded.unicodeScalars {
            let keep = ch.properties.isAlphabetic || ch.properties.numericType != nil
            if !keep {
                if ch == "'" || ch == "’" { continue }
                pendingDash = !out.isEmpty
                continue
            }
            let piece = String(ch).lowercased()
            if out.utf8.count + piece.utf8.count + (pendingDash ? 1 : 0) > 80 { break }
            if pendingDash { out.append("-"); pendingDash = false }
            out.append(piece)
        }
        return out
    }

    /// The file content: YAML front matter (every field, as JSON, which is valid YAML; people, places, organisations and speakers), then the body.
    public static func render(_ doc: Document) -> String {
        var lines = ["---"]
        func add(_ key: String, _ value: Value) { lines.append("\(yamlKey(key)): \(value.jsonString)") }
        add("id", .string(doc.id))
        add("source", .string(doc.source.path))
        for (k, v) in doc.fields { add(k, v) }
        let groups: [(String, [String])] = [
            ("people", distinct(doc.annotations("entities").filter { $0.attributes["label"]?.stringValue == "PER" }, "text")),
            ("places", distinct(doc.annotations("entities").filter { $0.attributes["label"]?.stringValue == "LOC" }, "text")),
            ("organisations", distinct(doc.annotations("entities").filter { $0.attributes["label"]?.stringValue == "ORG" }, "text")),
            ("speakers", distinct(doc.annotations("quotes"), "speaker")),
        ]
        for (key, names) in groups where !names.isEmpty && doc.fields[key] == nil { add(key, .array(names.map(Value.string))) }
        lines.append("---")
        lines.append("")
        if let title = doc.fields["title"]?.stringValue, !title.isEmpty {
            lines.append("# " + title.replacingOccurrences(of: "\n", with: " "))
            lines.append("")
        }
        if let subtitle = doc.fields["subtitle"]?.stringValue, !subtitle.isEmpty {
            lines.append("*" + subtitle.replacingOccurrences(of: "\n", with: " ") + "*")
            lines.append("")
        }
        lines.append(doc.text)
        return lines.joined(separator: "\n") + (doc.text.hasSuffix("\n") ? "" : "\n")
    }

    static func distinct(_ annotations: [Annotation], _ attribute: String) -> [String] {
        var seen = Set<String>()
        return annotations.compactMap { $0.attributes[attribute]?.stringValue }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func yamlKey(_ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { isSafe($0) } && key.utf8.first != 0x2D
        return plain ? key : Value.string(key).jsonString
    }
}
