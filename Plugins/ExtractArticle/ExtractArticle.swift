import GalleyCore
import OrderedCollections

/// The `extract.article` stage: title, dateline, byline, author bio and body paragraphs of a plain-text or Markdown article.
public struct ExtractArticle: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.article", kind: .transform,
            summary: "Find title, published date, author, author bio and body paragraphs; drop datelines and trailing site boilerplate",
            parameters: [
                ParameterSpec("boilerplate", .stringList, default: [],
                              doc: "extra phrases that mark trailing site boilerplate (case-insensitive line prefixes)"),
                ParameterSpec("min_paragraphs", .integer, default: 1, range: 0...1_000_000, doc: "fail a document whose body has fewer paragraphs than this"),
            ],
            make: { config in .transform(ExtractArticle(config: config)) })
                .producing(["title": [], "subtitle": [], "author": [], "author_bio": [], "published": [], "paragraphs": ["start", "end"]]),
    ]

    /// Line prefixes (lowercase) that mark site furniture after the article.
    static let boilerplatePrefixes = [
        "most popular", "most read", "most viewed", "share this", "share on", "share article", "read more", "related",
        "advertisement", "sponsored", "sign up", "subscribe", "follow us", "copyright", "©", "all rights reserved", "comments",
        "tags:", "topics:", "more from", "more on this", "recommended", "you may also like", "newsletter", "click here",
        "back to top", "trending", "top stories", "report an error", "print this", "email this", "join the conversation",
    ]

    /// Words that make a short last line a description of the writer.
    static let bioNouns = ["writer", "journalist", "correspondent", "editor", "author", "reporter", "columnist", "professor",
                           "analyst", "contributor", "researcher", "commentator", "novelist", "broadcaster", "speaker", "teacher",
                           "lecturer", "economist", "historian", "fellow", "freelance"]

    let extraBoilerplate: [String]
    let minParagraphs: Int

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        extraBoilerplate = (config.parameters.strings("boilerplate") ?? []).map { $0.lowercased() }
        minParagraphs = config.parameters.int("min_paragraphs") ?? 1
    }

    public func process(_ doc: inout Document) throws {
        // A web page's body and metadata come from extract.html, which runs before this stage.
        if doc.source.format == "html" {
            if doc.text.isEmpty || doc.annotations.contains(where: { $0.kind == "paragraphs" }) { return }
            throw StageFailure("this is a web page: add 'extract.html' before 'extract.article' in the pipeline")
        }
        var blocks = Self.blocks(of: doc.text)
        let structured = doc.source.format == "json" || doc.source.format == "jsonl"

        // Title: the front matter's or JSON's, else a Markdown heading or the first short line.
        if let first = blocks.first, first.count == 1 {
            let line = first[0]
            if line.hasPrefix("# ") {
                let heading = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                if doc.fields["title"] == nil { doc.fields["title"] = .string(heading) }
                blocks.removeFirst()
            } else if doc.fields["title"] == nil && !structured && line.unicodeScalars.count <= 300 && blocks.count > 1 {
                doc.fields["title"] = .string(line)
                blocks.removeFirst()
            } else if let title = doc.fields["title"]?.stringValue, line == title {
                blocks.removeFirst()
            }
        }

        // Header: datelines and bylines directly under the title.
        var consumed = 0
        while consumed < min(4, blocks.count - 1) {
            let block = blocks[consumed]
            var meta: [(kind: String, value: String)] = []
            for line in block {
                let clean = Self.stripEmphasis(line)
                if let date = Dateline.parse(clean) {
                    meta.append(("published", date))
                } else if let (author, date) = Self.bylineWithDate(clean) {
                    meta.append(("author", author))
                    meta.append(("published", date))
                } else if let author = Self.byline(clean) {
                    meta.append(("author", author))
                } else {
                    meta = []
                    break
                }
            }
            if meta.isEmpty { break }
            for (kind, value) in meta where doc.fields[kind] == nil { doc.fields[kind] = .string(value) }
            consumed += 1
        }
        blocks.removeFirst(consumed)
        if let published = doc.fields["published"]?.stringValue, !Self.isISO(published), let iso = Dateline.parse(published) {
            doc.fields["published"] = .string(iso)
        }

        // Trailer: site boilerplate, then a one-line author bio.
        while let last = blocks.last, blocks.count > 1, isBoilerplate(last) { blocks.removeLast() }
        if blocks.count > 1, let last = blocks.last, last.count == 1, Self.isAuthorBio(last[0]) {
            if doc.fields["author_bio"] == nil { doc.fields["author_bio"] = .string(last[0]) }
            blocks.removeLast()
            while let last = blocks.last, blocks.count > 1, isBoilerplate(last) { blocks.removeLast() }
        }

        let paragraphs = blocks.map { $0.joined(separator: " ") }
        if paragraphs.count < minParagraphs {
            throw StageFailure("found \(paragraphs.count) body paragraphs, fewer than min_paragraphs (\(minParagraphs))")
        }
        doc.setBody(paragraphs)
    }

    /// Blocks of non-blank lines (separated by blank lines), each line trimmed; one byte scan.
    static func blocks(of text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String] = []
        var text = text
        text.withUTF8 { u in
            var lineStart = 0
            let n = u.count
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && u[lineEnd] != 0x0A { lineEnd += 1 }
                var s = lineStart, e = lineEnd
                while s < e && isSpace(u, s) { s += u[s] == 0xC2 ? 2 : 1 }
                while e > s && isSpace(u, e - 1) { e -= 1 }
                if s == e {
                    if !current.isEmpty { blocks.append(current); current = [] }
                } else {
                    current.append(String(decoding: UnsafeBufferPointer(rebasing: u[s..<e]), as: UTF8.self))
                }
                lineStart = lineEnd + 1
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// ASCII white space, or the no-break space (C2 A0) seen at byte `i` (forward) or ending at `i` (backward).
    @inline(__always) static func isSpace(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = u[i]
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C { return true }
        if c == 0xC2, i + 1 < u.count, u[i + 1] == 0xA0 { return true }
        if c == 0xA0, i > 0, u[i - 1] == 0xC2 { return true }
        return false
    }

    static func stripEmphasis(_ line: String) -> String {
        line.trimmingCharacters(in: CharacterSet(charactersIn: "*_ |"))
    }

    static func isISO(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.count >= 10 && b[4] == 45 && b[7] == 45 && b[0...3].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `By Jane Doe` / `By Jane Doe and John Roe, Reuters` → the names.
    static func byline(_ line: String) -> String? {
        var rest: Substring
        if line.hasPrefix("By ") || line.hasPrefix("by ") || line.hasPrefix("BY ") { rest = line.dropFirst(3) }
        else if line.lowercased().hasPrefix("author: ") { rest = line.dropFirst(8) }
        else { return nil }
        rest = rest.drop { $0 == " " }
        // Keep the names; drop an agency or role after a comma.
        if let comma = rest.firstIndex(where: { $0 == "," || $0 == "|" || $0 == "–" || $0 == "—" }) { rest = rest[..<comma] }
        let name = rest.trimmingCharacters(in: .whitespaces)
        let words = name.split(separator: " ")
        guard !words.isEmpty, words.count <= 8, let first = name.unicodeScalars.first, first.properties.isUppercase else { return nil }
        guard words.allSatisfy({ w in w == "and" || w == "&" || w.first!.isUppercase || w.first! == "d" || w == "van" || w == "von" || w == "de" })
        else { return nil }
        return name
    }

    /// `By Jane Doe, November 24, 2024` and `By Jane Doe | 24 November 2024` → (name, ISO date).
    static func bylineWithDate(_ line: String) -> (String, String)? {
        guard line.hasPrefix("By ") || line.hasPrefix("by ") || line.hasPrefix("BY ") else { return nil }
        for separator in ["|", "–", "—", " - ", ","] {
            guard let r = line.range(of: separator) else { continue }
            if let name = byline(String(line[..<r.lowerBound])), let date = Dateline.parse(String(line[r.upperBound...])) {
                return (name, date)
            }
        }
        return nil
    }

    func isBoilerplate(_ block: [String]) -> Bool {
        guard block.count <= 3 else { return false }
        return block.allSatisfy { line in
            let l = line.lowercased()
            guard l.unicodeScalars.count <= 120 else { return false }
            return Self.boilerplatePrefixes.contains(where: { l.hasPrefix($0) }) || extraBoilerplate.contains(where: { l.hasPrefix($0) })
        }
    }

    /// A short last line describing the writer: "A Hong Kong-based writer, teacher and speaker."
    static func isAuthorBio(_ line: String) -> Bool {
        guard line.unicodeScalars.count <= 220 else { return false }
        if line.contains("“") || line.contains("\"") || line.contains("”") { return false }
        let lower = line.lowercased()
        let describesWriter = bioNouns.contains { noun in
            lower.range(of: noun).map { r in r.upperBound == lower.endIndex || !lower[r.upperBound].isLetter || lower[r.upperBound] == "s" } ?? false
        }
        guard describesWriter else { return false }
        let opening = lower.hasPrefix("a ") || lower.hasPrefix("an ") || lower.hasPrefix("the writer") || lower.hasPrefix("the author")
        let isSentence = lower.contains(" is a ") || lower.contains(" is an ") || lower.contains(" is the ")
        return opening || (isSentence && lower.split(separator: " ").count <= 30)
    }
}

import Foundation
