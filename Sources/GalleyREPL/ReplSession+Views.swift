import GalleyCore
import OrderedCollections

/// The commands that look at the session: stages, documents, the document, its text, diffs, timings, parameters.
extension ReplSession {
    /// Widest cell in tables before it is clipped.
    var cellLimit: Int { max(24, min(60, width / 2)) }

    /// The numbered stage list: id, type, kind, state, time; `▸` marks the next stage, `●` a breakpoint.
    public func listStages() throws(ReplError) {
        _ = try requirePipeline()
        let next = position
        var rows: [[String]] = []
        for (i, stage) in stages.enumerated() {
            let mark = (breakpoints.contains(stage.id) ? "●" : "") + (i == next ? "▸" : "")
            var state = states[i].label
            if case .failed(let why) = states[i] { state += ": " + Render.clip(why, cellLimit) }
            let time = states[i] == .done ? results[i]?.trace.last(where: { $0.stage == stage.id }).map { Render.ms($0.seconds) } ?? "" : ""
            rows.append([mark, "\(i + 1)", stage.id, stage.type.name, stage.type.kind.rawValue, state, time])
        }
        say(Render.table(["", "#", "id", "type", "kind", "state", "time"], rows))
    }

    /// The numbered list of input documents; `▸` marks the open one.
    public func listDocuments() throws(ReplError) {
        let items = try inputItems()
        guard !items.isEmpty else { throw ReplError("the input holds no documents") }
        let shown = items.prefix(500)
        var rows = shown.enumerated().map { n, item in [n == current ? "▸" : "", "\(n + 1)", Self.display(item)] }
        if items.count > shown.count { rows.append(["", "…", "\(items.count - shown.count) more"]) }
        say(Render.table(["", "#", "path"], rows))
    }

    /// Moves to the next (`by: 1`) or previous (`by: -1`) document.
    public func move(by delta: Int) throws(ReplError) {
        let items = try inputItems()
        let target = (current ?? -1) + delta
        guard items.indices.contains(target) else {
            throw ReplError(delta > 0 ? "no next document (\(items.count) in the input)" : "no previous document")
        }
        try openItem(target)
    }

    /// The open document, or an error saying how to get one.
    func requireDocument() throws(ReplError) -> Document {
        _ = try requirePipeline()
        guard let doc = document else { throw ReplError("no document yet: 'step' or 'run' first") }
        return doc
    }

    /// Prints the document or the part of it at `path` (`title`, `quotes`, `entities[0]`, `fields`, `trace`).
    public func show(_ path: String?) throws(ReplError) {
        let doc = try requireDocument()
        let root = DocumentJSON.object(doc)
        guard let path, !path.isEmpty else {
            var o = root.objectValue ?? [:]
            o["text"] = .string("\(doc.text.unicodeScalars.count) characters: " + Render.clip(doc.text, cellLimit))
            say(Render.mapping(o, cellLimit: cellLimit))
            return
        }
        if path == "fields" {
            let rows = (root.objectValue ?? [:]).map { k, v in [k, v.typeName, Render.summary(v, limit: cellLimit)] }
            say(Render.table(["field", "type", "value"], rows))
            return
        }
        if path == "trace" {
            let rows = doc.trace.map { t -> [String] in
                let added = (t.replacedText ? ["~text"] : []) + t.fieldsAdded.map { "+\($0)" } + t.annotationsAdded.map { "+\($0.key)×\($0.value)" }
                return [t.stage, Render.ms(t.seconds), added.joined(separator: " ")]
            }
            say(Render.table(["stage", "time", "added"], rows))
            return
        }
        if root[path] == nil, let note = doc.notes[path] {
            switch note {
            case .array(let a): say(a.isEmpty ? "(none)" : a.map { "- " + ($0.stringValue ?? $0.description) }.joined(separator: "\n"))
            default: say(note.stringValue ?? note.description)
            }
            return
        }
        guard let steps = FieldPath.parse(path) else { throw ReplError("cannot read the path '\(path)'; write e.g. title, quotes, entities[0].text") }
        let value = try FieldPath.resolve(steps, in: root)
        switch value {
        case .array(let a): say(Render.list(a, cellLimit: cellLimit, fit: fitTables ? width : nil))
        case .object(let o): say(Render.mapping(o, cellLimit: cellLimit * 2))
        default: say(value.description)
        }
    }

    /// The label marked on an annotation in `text`: its `label`, a quote's speaker, a quantity's kind, else the kind.
    static func markLabel(_ a: Annotation) -> String {
        if let l = a.attributes["label"]?.stringValue { return l }
        if a.kind == "quotes" {
            return a.attributes["speaker"]?.stringValue.map { "quote: \($0)" } ?? "quote"
        }
        if let k = a.attributes["kind"]?.stringValue, a.kind != "quotes" { return k }
        return a.kind.hasSuffix("s") ? String(a.kind.dropLast()) : a.kind
    }

    /// ANSI colour for a label.
    static func colour(for label: String) -> String {
        switch label {
        case "PER": return "1;33"
        case "ORG": return "1;36"
        case "LOC": return "1;32"
        case "MISC": return "1;35"
        default:
            if label.hasPrefix("quote") { return "34" }
            let palette = ["31", "32", "33", "35", "36", "4;34"]
            return palette[Int(StableHash.fnv1a64(Array(label.utf8)) % UInt64(palette.count))]
        }
    }

    /// The text with annotations of the given kinds or labels marked (default: all but paragraphs and sentences).
    public func text(_ kinds: [String]) throws(ReplError) {
        let doc = try requireDocument()
        let wanted = Set(kinds)
        let chosen = doc.annotations.filter { a in
            if wanted.isEmpty { return a.kind != "paragraphs" && a.kind != "sentences" }
            return wanted.contains(a.kind) || (a.attributes["label"]?.stringValue).map(wanted.contains) == true
        }
        if !wanted.isEmpty {
            let present = Set(chosen.map(\.kind) + chosen.compactMap { $0.attributes["label"]?.stringValue })
            let missing = kinds.filter { !present.contains($0) }
            if !missing.isEmpty {
                let all = OrderedSet(doc.annotations.map(\.kind))
                say("(no \(missing.joined(separator: ", ")) annotations; kinds here: \(all.isEmpty ? "none" : all.joined(separator: ", ")))")
            }
        }
        say(Self.marked(doc.text, chosen, color: color))
    }

    /// The text with `[span]{LABEL}` marks, or with colours and a legend.
    static func marked(_ text: String, _ annotations: [Annotation], color: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        let spans = annotations.filter { $0.start >= 0 && $0.end <= scalars.count && $0.start <= $0.end }
            .sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var opens: [Int: [Annotation]] = [:], closes: [Int: [Annotation]] = [:]
        for a in spans {
            opens[a.start, default: []].append(a)
            closes[a.end, default: []].insert(a, at: 0)
        }
        var out = String.UnicodeScalarView()
        var stack: [String] = []
        var legend = OrderedSet<String>()
        func emit(_ s: String) { out.append(contentsOf: s.unicodeScalars) }
        for i in 0...scalars.count {
            for a in closes[i] ?? [] {
                let label = markLabel(a)
                if color {
                    if let at = stack.lastIndex(of: label) { stack.remove(at: at) }
                    emit("\u{1B}[0m" + (stack.last.map { "\u{1B}[\(colour(for: $0))m" } ?? ""))
                } else {
                    emit("]{\(label)}")
                }
            }
            for a in opens[i] ?? [] {
                let label = markLabel(a)
                if color {
                    stack.append(label)
                    legend.append(label.split(separator: ":").first.map(String.init) ?? label)
                    emit("\u{1B}[\(colour(for: label))m")
                } else {
                    emit("[")
                }
            }
            if i < scalars.count { out.append(scalars[i]) }
        }
        var result = String(out)
        if color && !legend.isEmpty {
            result += "\n\n" + legend.map { "\u{1B}[\(colour(for: $0))m\($0)\u{1B}[0m" }.joined(separator: "  ")
        }
        return result
    }

    /// What stage `id` (default: the one run last) added, removed or changed, field by field and annotation by annotation.
    public func diff(_ id: String?) throws(ReplError) {
        _ = try requirePipeline()
        let index: Int
        if let id { index = try stageIndex(id) } else {
            guard let lastRun else { throw ReplError("no stage has run on this document") }
            index = lastRun
        }
        guard let after = results[index], states[index] == .done || states[index] == .stale else {
            throw ReplError("'\(stages[index].id)' has not run on this document")
        }
        let before = index > 0 ? results[index - 1] : nil
        say(Self.diff(stages[index].id, before: before, after: after, cellLimit: cellLimit))
    }

    /// The diff of two snapshots of a document as printed by `diff`.
    static func diff(_ stage: String, before: Document?, after: Document, cellLimit: Int) -> String {
        var lines = ["diff \(stage):"]
        var old = OrderedDictionary<String, Value>(), new = OrderedDictionary<String, Value>()
        if let before {
            old = before.fields
            old["id"] = .string(before.id)
            old["source"] = DocumentJSON.sourceObject(before.source)
        }
        new = after.fields
        new["id"] = .string(after.id)
        new["source"] = DocumentJSON.sourceObject(after.source)
        let beforeText = before?.text ?? ""
        if beforeText != after.text {
            let b = beforeText.unicodeScalars.count, a = after.text.unicodeScalars.count
            lines.append(before == nil || b == 0 ? "+ text: \(a) characters" : "~ text: \(b) → \(a) characters")
        }
        for (k, v) in new {
            if let o = old[k] {
                if o != v { lines.append("~ \(k): \(Render.summary(o, limit: cellLimit)) → \(Render.summary(v, limit: cellLimit))") }
            } else {
                lines.append("+ \(k): \(Render.summary(v, limit: cellLimit))")
            }
        }
        for k in old.keys where new[k] == nil { lines.append("- \(k)") }
        let kinds = OrderedSet((before?.annotations ?? []).map(\.kind) + after.annotations.map(\.kind))
        let scalars = Array(after.text.unicodeScalars)
        let oldScalars = Array((before?.text ?? "").unicodeScalars)
        func describe(_ a: Annotation, _ text: [Unicode.Scalar]) -> String {
            var snippet = a.attributes["text"]?.stringValue
            if snippet == nil, a.start >= 0, a.end <= text.count, a.start <= a.end {
                snippet = String(String.UnicodeScalarView(text[a.start..<a.end]))
            }
            var parts = ["\(a.kind)[\(a.start)..<\(a.end)]"]
            if let snippet { parts.append(Value.string(Render.cell(.string(snippet), limit: cellLimit)).jsonString) }
            for (k, v) in a.attributes where k != "text" { parts.append("\(k)=\(Render.cell(v, limit: 30))") }
            return parts.joined(separator: " ")
        }
        for kind in kinds {
            var remaining: [Annotation: Int] = [:]
            for a in before?.annotations ?? [] where a.kind == kind { remaining[a, default: 0] += 1 }
            var added: [Annotation] = []
            for a in after.annotations where a.kind == kind {
                if let n = remaining[a], n > 0 { remaining[a] = n - 1 } else { added.append(a) }
            }
            let removed = (before?.annotations ?? []).filter { a in
                guard a.kind == kind, let n = remaining[a], n > 0 else { return false }
                remaining[a] = n - 1
                return true
            }
            if !added.isEmpty {
                lines.append("+ \(kind): \(added.count) added")
                for a in added.prefix(10) { lines.append("    + " + describe(a, scalars)) }
                if added.count > 10 { lines.append("    … and \(added.count - 10) more") }
            }
            if !removed.isEmpty {
                lines.append("- \(kind): \(removed.count) removed")
                for a in removed.prefix(10) { lines.append("    - " + describe(a, oldScalars)) }
                if removed.count > 10 { lines.append("    … and \(removed.count - 10) more") }
            }
        }
        if let t = after.trace.last(where: { $0.stage == stage }) {
            for w in t.warnings { lines.append("! warning: \(w)") }
        }
        if lines.count == 1 { lines.append("  no changes") }
        return lines.joined(separator: "\n")
    }

    /// Per-stage timing for the open document.
    public func timing() throws(ReplError) {
        let doc = try requireDocument()
        let total = doc.trace.reduce(0) { $0 + $1.seconds }
        var rows = doc.trace.map { t in
            [t.stage, Render.ms(t.seconds), total > 0 ? "\(Int((t.seconds / total * 100).rounded()))%" : ""]
        }
        rows.append(["total", Render.ms(total), ""])
        say(Render.table(["stage", "time", "share"], rows))
    }

    /// A stage's parameters: value (`*` when changed with `set`), type, default, documentation.
    public func params(_ id: String) throws(ReplError) {
        let stage = stages[try stageIndex(id)]
        guard !stage.type.parameters.isEmpty else {
            say("\(stage.id) (\(stage.type.name)) takes no parameters")
            return
        }
        let changed = Set(edits.filter { $0.stage == stage.id }.map(\.parameter))
        let rows = stage.type.parameters.map { p in
            [p.name + (changed.contains(p.name) ? "*" : ""), stage.spec.parameters[p.name]?.jsonString ?? "—", p.type.description,
             p.required ? "required" : p.defaultValue?.jsonString ?? "—", p.doc]
        }
        say("\(stage.id) (\(stage.type.name)): \(stage.type.summary)")
        say(Render.table(["name", "value", "type", "default", "doc"], rows))
    }
}
