import Foundation
import OrderedCollections
import Yams

/// " (did you mean 'x'?)" when a candidate is close, else "".
func didYouMean(_ word: String, _ candidates: [String]) -> String {
    guard let m = closestMatch(to: word, in: candidates), m != word else { return "" }
    return "; did you mean '\(m)'?"
}

/// One walk over a YAML document (a pipeline or a plugin manifest): located diagnostics collected as it goes,
/// syntax errors explained, alias bombs and deep nesting refused, `${VAR}` expanded, scalars read as values.
/// `PipelineLoader` and `ManifestLoader` add the readers of their own keys in extensions.
struct Walk {
    let file: String
    let lines: [Substring]
    let environment: [String: String]
    var diagnostics: [Diagnostic] = []

    init(file: String, yaml: String, environment: [String: String]) {
        self.file = file
        self.lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        self.environment = environment
    }

    func diag(_ message: String, line: Int, column: Int, fix: String? = nil) -> Diagnostic {
        let source = line >= 1 && line <= lines.count ? String(lines[line - 1]).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) : nil
        return Diagnostic(message, at: SourceLocation(file: file, line: line, column: column), sourceLine: source, fix: fix)
    }

    mutating func error(_ message: String, line: Int, column: Int, fix: String? = nil) {
        diagnostics.append(diag(message, line: line, column: column, fix: fix))
    }

    mutating func error(_ message: String, at node: Node, columnOffset: Int = 0, fix: String? = nil) {
        let mark = node.mark
        error(message, line: mark?.line ?? 1, column: (mark?.column ?? 1) + columnOffset, fix: fix)
    }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func yamlDiagnostic(_ error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            return diag(message, line: mark.line, column: mark.column, fix: yamlFix(problem))
        case .reader(let problem, _, _, _):
            return diag("YAML cannot be read: \(problem)", line: 1, column: 1)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return diag("duplicate keys: \(duplicates.joined(separator: ", "))", line: context.mark.line, column: context.mark.column,
                        fix: "each key may appear once in a mapping")
        default:
            return diag("YAML error: \(error)", line: 1, column: 1)
        }
    }

    private func yamlFix(_ problem: String) -> String? {
        if problem.contains("tab") { return "indent with spaces, not tabs" }
        if problem.contains("mapping values are not allowed") { return "quote the value if it contains ': ', or fix the indentation" }
        if problem.contains("did not find expected key") || problem.contains("expected <block end>") {
            return "check the indentation: items of one list or mapping must line up"
        }
        if problem.contains("undefined alias") { return "define the anchor (&name) before using the alias (*name)" }
        if problem.contains("did not find expected '-'") { return "each list item starts with '- ' at the same indentation" }
        return nil
    }

    /// Parses YAML whose top level must be a mapping, refusing syntax errors, other shapes and alias bombs.
    mutating func topMapping(_ yaml: String, what: String, fix: String) throws(DiagnosticList) -> Node.Mapping {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw DiagnosticList([yamlDiagnostic(error)])
        } catch {
            throw DiagnosticList([diag("cannot parse YAML: \(error)", line: 1, column: 1)])
        }
        guard let root, case .mapping(let top) = root else {
            throw DiagnosticList([diag(what, line: 1, column: 1, fix: fix)])
        }
        if !countNodes(root) { throw DiagnosticList(diagnostics) }
        return top
    }

    /// Visits the tree counting nodes and depth; false (with a diagnostic) when it is too large or deep.
    mutating func countNodes(_ root: Node) -> Bool {
        var count = 0
        var stack: [(Node, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > PipelineLoader.maxNodes {
                let (line, column) = firstAlias() ?? (1, 1)
                error("the YAML expands to more than \(PipelineLoader.maxNodes) nodes (an alias bomb?)", line: line, column: column,
                      fix: "remove the repeated aliases (*name); a pipeline needs no more than a few hundred nodes")
                return false
            }
            if depth > PipelineLoader.maxDepth {
                error("the YAML is nested more than \(PipelineLoader.maxDepth) levels deep", at: node,
                      fix: "flatten the structure; pipelines need only a few levels")
                return false
            }
            switch node {
            case .mapping(let m): for (k, v) in m { stack.append((k, depth + 1)); stack.append((v, depth + 1)) }
            case .sequence(let s): for v in s { stack.append((v, depth + 1)) }
            default: break
            }
        }
        return true
    }

    /// Line and column of the first alias (`*name` after a space, `[`, `{`, `,` or `:`), for pointing at a bomb.
    func firstAlias() -> (Int, Int)? {
        for (n, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            var quote: UInt8 = 0
            for (i, b) in bytes.enumerated() {
                if quote != 0 { if b == quote { quote = 0 }; continue }
                if b == 0x22 || b == 0x27 { quote = b; continue }
                if b == 0x23 && (i == 0 || bytes[i - 1] == 0x20) { break }
                guard b == 0x2A, i + 1 < bytes.count, bytes[i + 1] > 0x20 else { continue }
                if i == 0 || [0x20, 0x5B, 0x7B, 0x2C, 0x3A].contains(bytes[i - 1]) { return (n + 1, i + 1) }
            }
        }
        return nil
    }

    /// Expands `${VAR}` and `${VAR:-default}` in a scalar; reports undefined variables at their column.
    mutating func interpolate(_ text: String, node: Node) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        let quoted: Int = {
            if case .scalar(let s) = node, s.style == .singleQuoted || s.style == .doubleQuoted { return 1 }
            return 0
        }()
        while i < scalars.count {
            if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "$", i + 2 < scalars.count, scalars[i + 2] == "{" {
                out += "$"; i += 2; continue
            }
            guard scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{" else {
                out.unicodeScalars.append(scalars[i]); i += 1; continue
            }
            guard let close = scalars[(i + 2)...].firstIndex(of: "}") else {
                error("unterminated '${' in '\(text)'", at: node, columnOffset: quoted + i, fix: "close it with '}'")
                return text
            }
            let body = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
            let name: String, fallback: String?
            if let r = body.range(of: ":-") {
                name = String(body[..<r.lowerBound]); fallback = String(body[r.upperBound...])
            } else {
                name = body; fallback = nil
            }
            if let v = environment[name], !(v.isEmpty && fallback != nil) {
                out += v
            } else if let fallback {
                out += fallback
            } else {
                error("undefined variable '\(name)'", at: node, columnOffset: quoted + i,
                      fix: "set \(name) in the environment, or give a default: ${\(name):-value}")
            }
            i = close + 1
        }
        return out
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let s) = node else {
            error("\(what) must be a string, not a \(describe(node))", at: node)
            return nil
        }
        return interpolate(s.string, node: node)
    }

    /// Converts a node to a `Value`, interpolating strings and reading plain scalars by the core schema.
    mutating func value(_ node: Node) -> Value {
        switch node {
        case .scalar(let s):
            let text = interpolate(s.string, node: node)
            return YAMLScalar.value(of: text, plain: s.style == .plain || s.style == .any)
        case .sequence(let seq):
            return .array(seq.map { value($0) })
        case .mapping(let m):
            var o = OrderedDictionary<String, Value>()
            for (k, v) in m { o[k.string ?? "\(k)"] = value(v) }
            return .object(o)
        case .alias:
            return .null
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    mutating func stringList(_ node: Node, what: String) -> [String] {
        switch node {
        case .scalar: return string(node, what: what).map { [$0] } ?? []
        case .sequence(let seq): return seq.compactMap { string($0, what: what) }
        default:
            error("\(what) must be a string or a list of strings", at: node)
            return []
        }
    }
}
