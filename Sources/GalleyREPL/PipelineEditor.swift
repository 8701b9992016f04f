import GalleyCore
import Yams

/// Writes parameter changes into pipeline YAML text in place, so comments, key order and layout survive.
public enum PipelineEditor {
    /// The YAML text with every change applied at its value's location (or inserted under the stage's `with`).
    public static func apply(_ edits: [ParameterOverride], to yaml: String, stages: [StageSpec]) throws(ReplError) -> String {
        var text = yaml
        for edit in edits {
            text = try apply(edit, to: text)
        }
        return text
    }

    /// One change applied to the text; the text is parsed again for each change so marks stay right.
    static func apply(_ edit: ParameterOverride, to yaml: String) throws(ReplError) -> String {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch { throw ReplError("cannot parse the pipeline YAML to save it: \(error)") }
        guard let top = root?.mapping, let stagesNode = member(top, "stages"), let seq = stagesNode.sequence else {
            throw ReplError("the pipeline YAML has no 'stages' list to save into")
        }
        guard let item = seq.first(where: { ($0.mapping.flatMap { member($0, "id") ?? member($0, "use") }?.string) == edit.stage }),
              let stage = item.mapping else {
            throw ReplError("stage '\(edit.stage)' is not written in the pipeline YAML")
        }
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let with = member(stage, "with") {
            guard let withMap = with.mapping else { throw ReplError("'with' of stage '\(edit.stage)' is not a mapping") }
            let flow = withMap.style == .flow || opens(with, "{", in: lines)
            if let valueNode = member(withMap, edit.parameter) {
                guard let mark = valueNode.mark else { throw ReplError("no location for \(edit.stage).\(edit.parameter)") }
                let formatted = format(edit.value, like: valueNode.scalar?.style, flow: flow)
                if valueNode.scalar == nil && !opens(valueNode, "[", in: lines) && !opens(valueNode, "{", in: lines),
                   let keyNode = withMap.first(where: { $0.key.string == edit.parameter })?.key, let keyMark = keyNode.mark {
                    // A block list or mapping becomes one flow value on the key's line.
                    let last = lastLine(valueNode)
                    let keyLine = Array(lines[keyMark.line - 1].unicodeScalars)
                    let keyEnd = keyMark.column - 1 + edit.parameter.unicodeScalars.count
                    lines[keyMark.line - 1] = String(String.UnicodeScalarView(keyLine[..<keyEnd])) + ": " + formatted
                    if last > keyMark.line { lines.removeSubrange(keyMark.line..<last) }
                    return lines.joined(separator: "\n")
                }
                try replace(in: &lines, line: mark.line, column: mark.column, flow: flow, with: formatted)
            } else if flow {
                guard let mark = with.mark else { throw ReplError("no location for the 'with' of '\(edit.stage)'") }
                try insertIntoFlowMapping(&lines, line: mark.line, column: mark.column,
                                          entry: "\(edit.parameter): \(format(edit.value, like: nil, flow: true))", empty: withMap.count == 0)
            } else {
                let column = withMap.keys.first?.mark?.column ?? 1
                let after = lastLine(with)
                lines.insert(String(repeating: " ", count: column - 1) + "\(edit.parameter): \(format(edit.value, like: nil, flow: false))", at: after)
            }
        } else {
            let column = stage.keys.first?.mark?.column ?? 1
            let after = lastLine(item)
            lines.insert(String(repeating: " ", count: column - 1) + "with: { \(edit.parameter): \(format(edit.value, like: nil, flow: true)) }",
                         at: after)
        }
        return lines.joined(separator: "\n")
    }

    /// Whether the text at a node's mark starts with `character` (a flow collection's bracket).
    static func opens(_ node: Node, _ character: Unicode.Scalar, in lines: [String]) -> Bool {
        guard let mark = node.mark, lines.indices.contains(mark.line - 1) else { return false }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        return scalars.indices.contains(mark.column - 1) && scalars[mark.column - 1] == character
    }

    /// The value under a string key of a mapping.
    static func member(_ mapping: Node.Mapping, _ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.value
    }

    /// The last line (1-based) any part of a node is written on.
    static func lastLine(_ node: Node) -> Int {
        var line = node.mark?.line ?? 1
        if let m = node.mapping {
            for (k, v) in m { line = max(line, lastLine(k), lastLine(v)) }
        } else if let s = node.sequence {
            for v in s { line = max(line, lastLine(v)) }
        }
        return line
    }

    /// A value as YAML: plain where that reads back the same, else quoted like the original.
    static func format(_ value: Value, like style: Node.Scalar.Style?, flow: Bool) -> String {
        guard case .string(let s) = value else { return value.jsonString }
        if style == .singleQuoted { return "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        if style == .doubleQuoted { return value.jsonString }
        let special: Set<Character> = ["{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "#", "-", "?", ":"]
        let plainSafe = !s.isEmpty && YAMLScalar.value(of: s) == .string(s) && !special.contains(s.first!)
            && !s.contains(": ") && !s.contains(" #") && !s.hasSuffix(":") && !s.contains("\n") && s.trimmingCharacters(in: .whitespaces) == s
            && !(flow && (s.contains(",") || s.contains("}") || s.contains("]")))
        return plainSafe ? s : value.jsonString
    }

    /// Replaces the scalar (or flow collection) starting at line:column.
    static func replace(in lines: inout [String], line: Int, column: Int, flow: Bool, with replacement: String) throws(ReplError) {
        guard lines.indices.contains(line - 1) else { throw ReplError("line \(line) is outside the pipeline") }
        let scalars = Array(lines[line - 1].unicodeScalars)
        let start = column - 1
        guard start >= 0, start <= scalars.count else { throw ReplError("column \(column) is outside line \(line)") }
        guard let end = scalarEnd(scalars, from: start, flow: flow) else {
            throw ReplError("the value at line \(line) spans several lines; edit it by hand")
        }
        var out = String.UnicodeScalarView(scalars[..<start])
        out.append(contentsOf: replacement.unicodeScalars)
        out.append(contentsOf: scalars[end...])
        lines[line - 1] = String(out)
    }

    /// Where the value starting at `start` ends on its line; nil when it continues on the next line.
    static func scalarEnd(_ s: [Unicode.Scalar], from start: Int, flow: Bool) -> Int? {
        guard start < s.count else { return start }
        var i = start
        switch s[start] {
        case "\"":
            i += 1
            while i < s.count {
                if s[i] == "\\" { i += 2; continue }
                if s[i] == "\"" { return i + 1 }
                i += 1
            }
            return nil
        case "'":
            i += 1
            while i < s.count {
                if s[i] == "'" {
                    if i + 1 < s.count && s[i + 1] == "'" { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return nil
        case "[", "{":
            var depth = 0
            var quote: Unicode.Scalar?
            while i < s.count {
                let c = s[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "[" || c == "{" {
                    depth += 1
                } else if c == "]" || c == "}" {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return nil
        default:
            while i < s.count {
                let c = s[i]
                if c == "#" && i > start && (s[i - 1] == " " || s[i - 1] == "\t") { break }
                if flow && (c == "," || c == "}" || c == "]") { break }
                i += 1
            }
            while i > start && (s[i - 1] == " " || s[i - 1] == "\t") { i -= 1 }
            return i
        }
    }

    /// Adds `entry` before the closing brace of the flow mapping that opens at line:column.
    static func insertIntoFlowMapping(_ lines: inout [String], line: Int, column: Int, entry: String, empty: Bool) throws(ReplError) {
        guard lines.indices.contains(line - 1) else { throw ReplError("line \(line) is outside the pipeline") }
        let scalars = Array(lines[line - 1].unicodeScalars)
        guard let end = scalarEnd(scalars, from: column - 1, flow: true), end > 0, scalars[end - 1] == "}" else {
            throw ReplError("the 'with' mapping at line \(line) spans several lines; edit it by hand")
        }
        var close = end - 1
        while close > 0 && scalars[close - 1] == " " { close -= 1 }
        var out = String.UnicodeScalarView(scalars[..<close])
        out.append(contentsOf: ((empty ? " " : ", ") + entry + " ").unicodeScalars)
        out.append(contentsOf: scalars[(end - 1)...])
        lines[line - 1] = String(out)
    }
}
