import Foundation
import GalleyCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A file's identity on disk: the same file reached by two names (a hard link, a root given twice) has one.
struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// Counts of what `ingest.files` passed over on purpose, by reason, with the first few examples; safe to share.
final class NoteTally: Sendable {
    fileprivate struct Counts {
        var order: [String] = []
        var counts: [String: (Int, [String])] = [:]

        mutating func add(_ reason: String, _ example: String) {
            if counts[reason] == nil { order.append(reason); counts[reason] = (0, []) }
            counts[reason]!.0 += 1
            if counts[reason]!.1.count < 3 { counts[reason]!.1.append(example) }
        }

        var notes: [SourceNote] { order.map { SourceNote(reason: $0, count: counts[$0]!.0, examples: counts[$0]!.1) } }
    }
    /// What the last complete walk of the input passed over (a second walk, as the progress count makes, finds the same).
    private let walked = Mutex<[SourceNote]>([])
    /// What loading passed over (WARC records), added up until taken.
    private let loaded = Mutex(Counts())

    init() {}

    func setWalked(_ notes: [SourceNote]) { walked.withLock { $0 = notes } }

    func add(_ reason: String, _ example: String) { loaded.withLock { $0.add(reason, example) } }

    /// Every note since the last call.
    func take() -> [SourceNote] {
        let w = walked.withLock { n -> [SourceNote] in defer { n = [] }; return n }
        let l = loaded.withLock { c -> [SourceNote] in defer { c = Counts() }; return c.notes }
        return w + l
    }

    /// A tally for one walk.
    struct Walk {
        fileprivate var counts = Counts()
        mutating func add(_ reason: String, _ example: String) { counts.add(reason, example) }
        var notes: [SourceNote] { counts.notes }
    }
}

/// Paths as `ingest.files` shows them: UTF-8 kept, everything that could make a name ambiguous or split a line escaped.
enum PathText {
    /// A name's bytes as text: valid UTF-8 is kept, a backslash becomes `\\`, a newline `\n`, a tab `\t`, a carriage
    /// return `\r`, other control characters and bytes that are not UTF-8 `\xHH`. The flag says whether anything was
    /// escaped (then the text is not the name, and the bytes must be kept to open it).
    static func escape(_ bytes: [UInt8]) -> (text: String, escaped: Bool) {
        var plain = true
        for b in bytes where b < 0x20 || b >= 0x7F || b == 0x5C { plain = false; break }
        if plain { return (String(decoding: bytes, as: UTF8.self), false) }
        var out = ""
        var escaped = false
        var i = 0
        let hex = Array("0123456789ABCDEF".utf8)
        func byte(_ b: UInt8) {
            out += "\\x" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            escaped = true
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x5C: out += "\\\\"; escaped = true; i += 1
            case 0x0A: out += "\\n"; escaped = true; i += 1
            case 0x09: out += "\\t"; escaped = true; i += 1
            case 0x0D: out += "\\r"; escaped = true; i += 1
            case 0..<0x20, 0x7F: byte(b); i += 1
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(b)); i += 1
            default:
                let n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
                if n > 0, i + n <= bytes.count, let s = String(validating: bytes[i..<(i + n)], as: UTF8.self),
                   let scalar = s.unicodeScalars.first, !(0x80...0x9F).contains(scalar.value) {
                    out += s
                    i += n
                } else {
                    byte(b)
                    i += 1
                }
            }
        }
        return (out, escaped)
    }
}

/// Opening input paths of any length: one longer than PATH_MAX is opened folder by folder.
enum InputPath {
    static let maxPath = Int(PATH_MAX)

    /// `open(2)` on the path's bytes; `-1` with `errno` set on failure.
    static func open(_ raw: [UInt8], _ flags: Int32) -> Int32 {
        if raw.count < maxPath { return withCString(raw) { Glibc.open($0, flags, 0) } }
        var parts = raw.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Array($0) }
        guard let last = parts.popLast() else { errno = ENOENT; return -1 }
        var dir = raw.first == UInt8(ascii: "/") ? Glibc.open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : AT_FDCWD
        if dir == -1 { return -1 }
        defer { if dir != AT_FDCWD { close(dir) } }
        for part in parts {
            let next = withCString(part) { openat(dir, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            if next < 0 { return -1 }
            if dir != AT_FDCWD { close(dir) }
            dir = next
        }
        return withCString(last) { openat(dir, $0, flags, 0) }
    }

    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { body($0) }
        }
    }
}

/// One walk over the input roots, in a stable order (names sorted by their bytes). Every entry it meets is emitted,
/// reported as a failing item, or counted in a note; nothing is dropped without a word but what the selection leaves
/// out (hidden names, names no `include` pattern matches, `exclude`).
final class Walker {
    let hidden: Bool
    let followSymlinks: Bool
    let include: [Glob]
    let exclude: [Glob]
    /// `include` patterns whose last part has no wildcard: they name a file, so even a README is read.
    let literalNames: Set<String>
    let emitItem: (SourceItem) throws -> Bool
    var emitFileBody: (_ path: String, _ relative: String, _ raw: [UInt8]?) throws -> Bool
    var notes = NoteTally.Walk()

    /// The roots' real paths: a symlink leading anywhere else leaves the input.
    var roots: [[UInt8]] = []
    /// With several roots every file is remembered (one may hold another); with one, only files with several
    /// names (hard links) or reached through a symlink.
    let rememberEveryFile: Bool
    var seenFiles: Set<FileID> = []
    var seenFolders: Set<FileID> = []
    var ancestors: [FileID] = []
    /// The run's own outputs: names beside them (the temporary and lock files, SQLite's -wal, -shm and -journal)
    /// by the identity of their folder, and the outputs that exist by their own identity.
    var ownNames: [FileID: [[UInt8]]] = [:]
    var ownFiles: Set<FileID> = []

    static let ownOutputNote = "of the run's own outputs in the input (outputs, their temporary files, the dead letter) not read"
    static let twiceNote = "inputs reached twice (a root given twice or inside another, a hard link), read once"
    static let insideLinkNote = "symlinks inside the input not followed (their targets are read where they are)"
    static let corpusDocNote = "corpus documentation files (README, LICENSE …) not read; name one in 'include' to read it"

    init(selection: InputSelection, hidden: Bool, followSymlinks: Bool, emitItem: @escaping (SourceItem) throws -> Bool,
         emitFile: @escaping (String, String, [UInt8]?) throws -> Bool) {
        self.hidden = hidden
        self.followSymlinks = followSymlinks
        include = selection.include.map(Glob.init)
        exclude = selection.exclude.map(Glob.init)
        literalNames = Set(selection.include.compactMap { p in
            let last = p.split(separator: "/").last.map(String.init) ?? p
            return last.contains("*") || last.contains("?") ? nil : last.lowercased()
        })
        self.emitItem = emitItem
        self.emitFileBody = emitFile
        rememberEveryFile = selection.paths.filter { $0 != "-" }.count > 1
        for path in selection.paths where path != "-" {
            if let real = Self.realPath(Array(path.utf8)) { roots.append(real) }
        }
        for output in selection.ownOutputs {
            let full = OutputPath.normalized(output.path)
            var st = stat()
            if stat(full, &st) == 0 { ownFiles.insert(FileID(st)) }
            let (folder, name) = OutputPath.split(full)
            guard !output.isFolder, stat(folder, &st) == 0 else { continue }
            let n = Array(name.utf8)
            ownNames[FileID(st), default: []] += [n, n + Array("-wal".utf8), n + Array("-shm".utf8), n + Array("-journal".utf8),
                                                   [UInt8(ascii: ".")] + n + [UInt8(ascii: ".")]]
        }
    }

    static func realPath(_ raw: [UInt8]) -> [UInt8]? {
        guard raw.count < InputPath.maxPath, let p = InputPath.withCString(raw, { realpath($0, nil) }) else { return nil }
        defer { free(p) }
        return Array(String(cString: p).utf8)
    }

    func isOwnName(_ name: [UInt8], in folder: FileID) -> Bool {
        guard let names = ownNames[folder] else { return false }
        // The last entry of each group of five is the prefix of the hidden siblings (`.out.jsonl.tmp-PID`, `.out.jsonl.lock`).
        for (k, n) in names.enumerated() {
            if k % 5 == 4 ? name.starts(with: n) : name == n { return true }
        }
        return false
    }

    /// Whether a name is a corpus's own documentation rather than an article.
    static func isCorpusDocumentation(_ name: String) -> Bool {
        let stem = name.split(separator: ".", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return ["readme", "license", "licence", "copying", "changelog", "changes", "notice", "authors", "contributing"].contains(stem)
    }

    func emitFile(_ path: String, _ relative: String, _ raw: [UInt8]?) throws -> Bool { try emitFileBody(path, relative, raw) }

    func fail(_ path: String, _ relative: String, _ reason: String) throws -> Bool {
        try emitItem(IngestFiles.failedItem(path: path, relative: relative, reason: reason))
    }

    /// One root: a folder is walked, anything else is one item (a missing path fails when it is loaded).
    func root(_ path: String) throws -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return try emitFile(path, (path as NSString).lastPathComponent, nil) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return try fail(path, ".", "cannot open folder: \(IngestFiles.errnoText())") }
            defer { close(fd) }
            return try walk(fd: fd, path: path, raw: Array(path.utf8), relative: "", keepRaw: false, remember: false)
        }
        let id = FileID(st)
        if seenFiles.contains(id) { notes.add(Self.twiceNote, path); return true }
        if ownFiles.contains(id) { notes.add(Self.ownOutputNote, path); return true }
        seenFiles.insert(id)
        return try emitFile(path, (path as NSString).lastPathComponent, nil)
    }

    /// The entries of an open folder, names sorted by their bytes.
    func names(of fd: Int32) -> Result<[[UInt8]], StageFailureReason> {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            let why = IngestFiles.errnoText()
            if copy >= 0 { close(copy) }
            return .failure(StageFailureReason(why))
        }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { return .failure(StageFailureReason(IngestFiles.errnoText())) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { b in Array(b.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return .success(names.sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// Walks an open folder; `remember` when it was reached through a symlink (its files may be reached again).
    func walk(fd: Int32, path: String, raw: [UInt8], relative: String, keepRaw: Bool, remember: Bool) throws -> Bool {
        let rel = relative.isEmpty ? "." : relative
        var st = stat()
        guard fstat(fd, &st) == 0 else { return try fail(path, rel, "cannot read: \(IngestFiles.errnoText())") }
        let folder = FileID(st)
        if ancestors.contains(folder) { return try fail(path, rel, "symlink loop: leads back to a folder it is inside") }
        if ownFiles.contains(folder) { notes.add(Self.ownOutputNote, path); return true }
        guard seenFolders.insert(folder).inserted else { notes.add(Self.twiceNote, path); return true }
        ancestors.append(folder)
        defer { ancestors.removeLast() }
        let names: [[UInt8]]
        switch self.names(of: fd) {
        case .success(let n): names = n
        case .failure(let why): return try fail(path, rel, "cannot list folder: \(why.message)")
        }
        for name in names {
            if !hidden && name.first == UInt8(ascii: ".") { continue }
            let (shown, escaped) = PathText.escape(name)
            let full = path.hasSuffix("/") ? path + shown : path + "/" + shown
            let fullRaw = raw.last == UInt8(ascii: "/") ? raw + name : raw + [UInt8(ascii: "/")] + name
            let entryRel = relative.isEmpty ? shown : relative + "/" + shown
            let needsRaw = keepRaw || escaped || fullRaw.count >= InputPath.maxPath
            if isOwnName(name, in: folder) { notes.add(Self.ownOutputNote, full); continue }
            var entry = stat()
            let found = InputPath.withCString(name) { fstatat(fd, $0, &entry, AT_SYMLINK_NOFOLLOW) }
            guard found == 0 else {
                if !matchesFile(shown, entryRel) { continue }
                guard try fail(full, entryRel, "cannot read: \(IngestFiles.errnoText())") else { return false }
                continue
            }
            var viaLink = false
            if (entry.st_mode & S_IFMT) == S_IFLNK {
                let target = Self.linkTarget(fd, name)
                var followed = stat()
                guard InputPath.withCString(name, { fstatat(fd, $0, &followed, 0) }) == 0 else {
                    if !matchesFile(shown, entryRel) { continue }
                    guard try fail(full, entryRel, "symlink to '\(target)' leads nowhere: \(IngestFiles.errnoText())") else { return false }
                    continue
                }
                let isDir = (followed.st_mode & S_IFMT) == S_IFDIR
                if !isDir && !matchesFile(shown, entryRel) { continue }
                if let real = Self.realPath(Array("/proc/self/fd/\(fd)/".utf8) + name) ?? Self.realPath(fullRaw),
                   roots.contains(where: { real == $0 || real.starts(with: $0 + [UInt8(ascii: "/")]) }) {
                    notes.add(Self.insideLinkNote, full)
                    continue
                }
                if !followSymlinks {
                    guard try fail(full, entryRel, "symlink to '\(target)' leads outside the input; not followed (follow_symlinks: true reads it)") else { return false }
                    continue
                }
                entry = followed
                viaLink = true
            }
            if (entry.st_mode & S_IFMT) == S_IFDIR {
                if exclude.contains(where: { $0.matches(entryRel) || $0.matches(entryRel + "/") }) { continue }
                let sub = InputPath.withCString(name) { openat(fd, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (viaLink ? 0 : O_NOFOLLOW)) }
                guard sub >= 0 else {
                    guard try fail(full, entryRel, "cannot open folder: \(IngestFiles.errnoText())") else { return false }
                    continue
                }
                let more = try walk(fd: sub, path: full, raw: fullRaw, relative: entryRel, keepRaw: needsRaw, remember: remember || viaLink)
                close(sub)
                guard more else { return false }
                continue
            }
            if !viaLink && !matchesFile(shown, entryRel) { continue }
            if Self.isCorpusDocumentation(shown) && !literalNames.contains(shown.lowercased()) {
                notes.add(Self.corpusDocNote, full)
                continue
            }
            let id = FileID(entry)
            if ownFiles.contains(id) { notes.add(Self.ownOutputNote, full); continue }
            if seenFiles.contains(id) { notes.add(Self.twiceNote, full); continue }
            if rememberEveryFile || remember || viaLink || entry.st_nlink > 1 { seenFiles.insert(id) }
            guard try emitFile(full, entryRel, needsRaw ? fullRaw : nil) else { return false }
        }
        return true
    }

    /// Whether the selection takes a file: a known format when no `include` is given, else an `include` match, and no
    /// `exclude` match.
    func matchesFile(_ name: String, _ relative: String) -> Bool {
        if include.isEmpty {
            guard IngestFiles.isKnown(name) else { return false }
        } else if !include.contains(where: { $0.matches(relative) }) {
            return false
        }
        return !exclude.contains { $0.matches(relative) }
    }

    /// Where a symlink points, as text for messages.
    static func linkTarget(_ fd: Int32, _ name: [UInt8]) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = InputPath.withCString(name) { p in buffer.withUnsafeMutableBufferPointer { readlinkat(fd, p, UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 4096) } }
        return n < 0 ? "?" : PathText.escape(Array(buffer[0..<n])).text
    }
}
