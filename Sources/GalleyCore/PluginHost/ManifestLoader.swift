import Foundation
import OrderedCollections
import Yams

/// Reads a plugin folder's `plugin.yaml` into a checked `PluginManifest`, collecting every problem with its location.
public struct ManifestLoader: Sendable {
    /// The manifest file name inside a plugin folder.
    public static let fileName = "plugin.yaml"
    /// The protocol version this galley speaks.
    public static let protocolVersion = 1

    static let topLevelKeys = ["name", "version", "description", "protocol", "kind", "command", "timeout", "start_timeout",
                               "concurrency", "stages"]
    static let processStageKeys = ["name", "summary", "parameters"]
    static let ruleStageKeys = ["name", "summary", "annotation", "field", "case_sensitive", "whole_words", "terms", "term_files", "patterns"]
    static let parameterKeys = ["type", "default", "required", "doc", "choices"]
    static let typeNames = ["string", "integer", "number", "boolean", "list", "mapping", "any", "choice"]
    static let patternKeys = ["name", "category", "tokens"]
    static let categoryKeys = ["terms", "case_sensitive", "whole_words"]

    /// Variables for `${VAR}` interpolation.
    public var environment: [String: String]

    /// Creates a loader (the environment defaults to the process environment).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Loads `plugin.yaml` from a plugin folder; throws every diagnostic found.
    public func load(directory: String) throws(DiagnosticList) -> PluginManifest {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        let path = URL(fileURLWithPath: dir).appendingPathComponent(Self.fileName).path
        // Always with its folder: a bare 'plugin.yaml:2:11' does not say which plugin.
        let shownDir = displayPath(dir)
        let shown = (shownDir == "." ? dir : shownDir) + "/" + Self.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticList([Diagnostic("cannot read plugin manifest '\(shown)'")])
        }
        if data.count > PipelineLoader.maxFileBytes {
            throw DiagnosticList([Diagnostic("manifest is \(data.count) bytes; the limit is \(PipelineLoader.maxFileBytes)",
                                             at: SourceLocation(file: shown, line: 1, column: 1),
                                             fix: "put long word lists in 'term_files'")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([Diagnostic("manifest is not valid UTF-8", at: SourceLocation(file: shown, line: 1, column: 1))])
        }
        return try load(yaml: text, file: shown, directory: dir)
    }

    /// Why the program of a manifest's `command` cannot be run (nil when it can): a path (with a `/`) is taken relative
    /// to the plugin folder, a bare name is looked for on `PATH`, as the plugin is started.
    static func programProblem(_ program: String, directory: String, environment: [String: String]) -> String? {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : directory + "/" + program
            var info = stat()
            guard stat(path, &info) == 0 else { return "'command' names '\(program)', which is not in the plugin folder '\(directory)'" }
            if (info.st_mode & S_IFMT) == S_IFDIR { return "'command' names '\(program)', which is a folder, not a program" }
            if access(path, X_OK) != 0 { return "'command' names '\(program)', which is not executable (chmod +x it, or run it with its interpreter: command: [python3, \(program)])" }
            return nil
        }
        let searchPath = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + program
            if access(candidate, X_OK) == 0 { return nil }
        }
        return "'command' names the program '\(program)', which is not on PATH"
    }

    /// Loads manifest YAML text; `file` is used in diagnostics, `directory` is the plugin folder.
    public func load(yaml: String, file: String, directory: String) throws(DiagnosticList) -> PluginManifest {
        var walk = Walk(file: file, yaml: yaml, environment: environment)
        let top = try walk.topMapping(yaml, what: "a plugin manifest must be a YAML mapping with 'name', 'protocol' and 'stages'",
                                      fix: "start the file with 'name: NAME' and 'protocol: 1'")

        var manifest = PluginManifest(name: URL(fileURLWithPath: directory).lastPathComponent, version: nil, description: "",
                                      protocolVersion: 0, kind: .process, command: [], timeout: PluginManifest.defaultTimeout,
                                      startTimeout: PluginManifest.defaultStartTimeout, concurrency: 1, stages: [],
                                      directory: directory, file: file)
        var stagesNode: Node?, commandNode: Node?, protocolSeen = false
        for (keyNode, valueNode) in top {
            guard let key = keyNode.string else { walk.error("keys must be strings", at: keyNode); continue }
            switch key {
            case "name": if let s = walk.string(valueNode, what: "'name'") { manifest.name = s }
            case "version": if let s = walk.scalarText(valueNode, what: "'version'") { manifest.version = s }
            case "description": manifest.description = walk.string(valueNode, what: "'description'") ?? ""
            case "protocol":
                protocolSeen = true
                if let v = walk.value(valueNode).intValue {
                    manifest.protocolVersion = v
                    if v != Self.protocolVersion {
                        walk.error("the plugin speaks protocol \(v); this galley speaks protocol \(Self.protocolVersion)", at: valueNode,
                                   fix: "write 'protocol: 1' and follow docs/plugin-protocol.md")
                    }
                } else {
                    walk.error("'protocol' must be an integer", at: valueNode, fix: "write 'protocol: 1'")
                }
            case "kind":
                if let s = walk.string(valueNode, what: "'kind'") {
                    if let k = PluginManifest.Kind(rawValue: s) { manifest.kind = k } else {
                        walk.error("unknown plugin kind '\(s)'\(didYouMean(s, PluginManifest.Kind.allCases.map(\.rawValue)))", at: valueNode,
                                   fix: "use 'process' (a program) or 'rules' (word lists, no program)")
                    }
                }
            case "command": commandNode = valueNode
            case "timeout": manifest.timeout = walk.positiveNumber(valueNode, what: "'timeout'") ?? manifest.timeout
            case "start_timeout": manifest.startTimeout = walk.positiveNumber(valueNode, what: "'start_timeout'") ?? manifest.startTimeout
            case "concurrency":
                if let i = walk.value(valueNode).intValue, i >= 1, i <= 64 { manifest.concurrency = i } else {
                    walk.error("'concurrency' must be an integer from 1 to 64", at: valueNode)
                }
            case "stages": stagesNode = valueNode
            default:
                walk.error("unknown manifest key '\(key)'\(didYouMean(key, Self.topLevelKeys))", at: keyNode,
                           fix: "allowed keys: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        if !protocolSeen {
            walk.error("the manifest has no 'protocol'", line: 1, column: 1, fix: "add 'protocol: 1'")
        }
        switch (manifest.kind, commandNode) {
        case (.process, let node?):
            manifest.command = walk.stringList(node, what: "'command'")
            if manifest.command.isEmpty || manifest.command[0].isEmpty {
                walk.error("'command' must name a program", at: node, fix: "e.g. command: [python3, plugin.py]")
            } else if case .scalar = node, manifest.command[0].contains(where: { $0 == " " || $0 == "\t" }) {
                // No shell runs the command: 'python3 bp.py' would be looked for as a program named so.
                let words = manifest.command[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                walk.error("'command' is run without a shell, so '\(manifest.command[0])' names one program with spaces in its name",
                           at: node, fix: "write the program and its arguments as a list: command: [\(words.joined(separator: ", "))]")
            } else if let problem = Self.programProblem(manifest.command[0], directory: directory, environment: environment) {
                walk.error(problem, at: node, fix: "install it, or give its path relative to the plugin folder (command: [./\(manifest.command[0])])")
            }
        case (.process, nil):
            walk.error("a process plugin needs a 'command'", line: 1, column: 1,
                       fix: "add 'command: [python3, plugin.py]' (run in the plugin folder, without a shell), or 'kind: rules'")
        case (.rules, let node?):
            walk.error("a rules plugin has no 'command'", at: node, fix: "remove 'command', or write 'kind: process'")
        case (.rules, nil): break
        }
        if let stagesNode {
            manifest.stages = walk.manifestStages(stagesNode, kind: manifest.kind, directory: directory)
        } else {
            walk.error("the manifest has no 'stages' list", line: 1, column: 1, fix: "add 'stages:' with '- name: enrich.something'")
        }
        if !walk.diagnostics.isEmpty {
            throw DiagnosticList(walk.diagnostics.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) })
        }
        return manifest
    }

    /// The parameters every rule stage takes.
    public static let ruleParameters: [ParameterSpec] = [
        ParameterSpec("categories", .stringList, default: .array([]), doc: "only these categories (empty: all)"),
        ParameterSpec("annotate", .boolean, default: .bool(true), doc: "add annotations (false: only the counts field)"),
    ]
}

extension Walk {
    /// A scalar's text whatever its YAML type (`version: 1.0` is text).
    mutating func scalarText(_ node: Node, what: String) -> String? {
        guard case .scalar(let s) = node else { error("\(what) must be a scalar", at: node); return nil }
        return interpolate(s.string, node: node)
    }

    mutating func positiveNumber(_ node: Node, what: String) -> Double? {
        let v = value(node)
        if let d = v.doubleValue, PipelineLimits.secondsRange.contains(d) { return d }
        error("\(what) must be a number of seconds above 0 and at most \(Int(PipelineLimits.secondsRange.upperBound)), got \(v.shown)", at: node)
        return nil
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        if let b = value(node).boolValue { return b }
        error("\(what) must be true or false", at: node)
        return nil
    }

    mutating func manifestStages(_ node: Node, kind: PluginManifest.Kind, directory: String) -> [ManifestStage] {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            error("'stages' must be a non-empty list", at: node, fix: "write each stage as '- name: enrich.something'")
            return []
        }
        var stages: [ManifestStage] = []
        var seen: [String: Int] = [:]
        for item in seq {
            guard case .mapping(let m) = item else {
                error("a stage must be a mapping with 'name' and 'summary'", at: item)
                continue
            }
            var stage = ManifestStage(name: "", summary: "", parameters: [], rules: kind == .rules ? RuleSetSpec() : nil, location: location(item))
            let allowed = kind == .rules ? ManifestLoader.ruleStageKeys : ManifestLoader.processStageKeys
            var termsNode: Node?, filesNode: Node?, patternsNode: Node?
            var caseSensitive = false, wholeWords = true
            for (k, v) in m {
                let key = k.string ?? ""
                guard allowed.contains(key) else {
                    let other = kind == .rules ? ManifestLoader.processStageKeys : ManifestLoader.ruleStageKeys
                    let why = other.contains(key) ? " in a \(kind.rawValue) plugin" : didYouMean(key, allowed)
                    error("unknown stage key '\(key)'\(why)", at: k, fix: "allowed keys: \(allowed.joined(separator: ", "))")
                    continue
                }
                switch key {
                case "name":
                    guard let name = string(v, what: "stage 'name'") else { continue }
                    guard let phase = Phase(typeName: name), name.contains(".") else {
                        error("stage name '\(name)' must be 'phase.what' with phase ingest, extract, enrich or output", at: v,
                              fix: "e.g. enrich.\(name)")
                        continue
                    }
                    if phase == .ingest || phase == .output {
                        error("an external plugin stage transforms documents; '\(name)' is in the \(phase) phase", at: v,
                              fix: "name it extract.… or enrich.…")
                    }
                    if let line = seen[name] { error("duplicate stage '\(name)' (first at line \(line))", at: v) }
                    seen[name] = v.mark?.line ?? 0
                    stage.name = name
                case "summary": stage.summary = string(v, what: "'summary'") ?? ""
                case "parameters": stage.parameters = parameterSchema(v)
                case "annotation":
                    if case .scalar(let s) = v, s.string == "" || s.string == "null" || s.string == "~" { stage.rules?.annotation = nil }
                    else { stage.rules?.annotation = string(v, what: "'annotation'") }
                case "field": stage.rules?.field = string(v, what: "'field'")
                case "case_sensitive": caseSensitive = bool(v, what: "'case_sensitive'") ?? false
                case "whole_words": wholeWords = bool(v, what: "'whole_words'") ?? true
                case "terms": termsNode = v
                case "term_files": filesNode = v
                case "patterns": patternsNode = v
                default: break
                }
            }
            if stage.name.isEmpty, !m.contains(where: { $0.key.string == "name" }) {
                error("a stage needs a 'name' (its type name, e.g. enrich.readability)", at: item)
            }
            if stage.summary.isEmpty, !m.contains(where: { $0.key.string == "summary" }) {
                error("stage '\(stage.name)' needs a 'summary' (one line for 'galley stages')", at: item)
            }
            if var rules = stage.rules {
                if let termsNode { terms(termsNode, into: &rules, caseSensitive: caseSensitive, wholeWords: wholeWords) }
                if let filesNode { termFiles(filesNode, into: &rules, directory: directory, caseSensitive: caseSensitive, wholeWords: wholeWords) }
                if let patternsNode { patterns(patternsNode, into: &rules) }
                if rules.terms.isEmpty && rules.patterns.isEmpty {
                    error("rule stage '\(stage.name)' has no 'terms', 'term_files' or 'patterns'", at: item)
                }
                if rules.annotation == nil && rules.field == nil {
                    error("rule stage '\(stage.name)' adds nothing: set 'annotation' or 'field'", at: item)
                }
                stage.rules = rules
                stage.parameters = ManifestLoader.ruleParameters
            }
            stages.append(stage)
        }
        return stages
    }

    mutating func parameterSchema(_ node: Node) -> [ParameterSpec] {
        guard case .mapping(let m) = node else {
            error("'parameters' must be a mapping of parameter names to {type, default, doc}", at: node)
            return []
        }
        var specs: [ParameterSpec] = []
        for (k, v) in m {
            guard let name = k.string, !name.isEmpty else { error("parameter names must be strings", at: k); continue }
            guard case .mapping(let pm) = v else {
                error("parameter '\(name)' must be a mapping with 'type' and 'doc'", at: v, fix: "\(name): { type: string, doc: ... }")
                continue
            }
            var typeName = "any", typeNode: Node?, defaultValue: Value?, defaultNode: Node?, required = false, doc = "", choices: [String]?
            for (pk, pv) in pm {
                switch pk.string ?? "" {
                case "type": typeName = string(pv, what: "'type'") ?? "any"; typeNode = pv
                case "default": defaultValue = value(pv); defaultNode = pv
                case "required": required = bool(pv, what: "'required'") ?? false
                case "doc": doc = string(pv, what: "'doc'") ?? ""
                case "choices": choices = stringList(pv, what: "'choices'")
                default:
                    let key = pk.string ?? ""
                    error("unknown key '\(key)' in parameter '\(name)'\(didYouMean(key, ManifestLoader.parameterKeys))", at: pk,
                          fix: "allowed keys: \(ManifestLoader.parameterKeys.joined(separator: ", "))")
                }
            }
            let type: ParameterType
            switch typeName {
            case "string": type = .string
            case "integer": type = .integer
            case "number": type = .number
            case "boolean": type = .boolean
            case "list": type = .stringList
            case "mapping": type = .mapping
            case "any": type = .any
            case "choice":
                guard let choices, !choices.isEmpty else {
                    error("parameter '\(name)' is a choice but has no 'choices'", at: typeNode ?? v, fix: "add 'choices: [a, b]'")
                    continue
                }
                type = .choice(choices)
            default:
                error("unknown parameter type '\(typeName)'\(didYouMean(typeName, ManifestLoader.typeNames))", at: typeNode ?? v,
                      fix: "types: \(ManifestLoader.typeNames.joined(separator: ", "))")
                continue
            }
            if choices != nil, typeName != "choice" { error("'choices' needs 'type: choice'", at: typeNode ?? v) }
            var normalised: Value?
            if let defaultValue, !defaultValue.isNull {
                switch ParameterSpec(name, type, doc: doc).check(defaultValue) {
                case .success(let c): normalised = c
                case .failure(.wrongType): error("the default of '\(name)' must be \(type), not \(defaultValue.typeName)", at: defaultNode ?? v)
                case .failure(let problem): error("the default of '\(name)' \(problem.message)", at: defaultNode ?? v)
                }
            }
            specs.append(ParameterSpec(name, type, default: normalised, required: required, doc: doc))
        }
        return specs
    }

    mutating func terms(_ node: Node, into rules: inout RuleSetSpec, caseSensitive: Bool, wholeWords: Bool) {
        guard case .mapping(let m) = node else {
            error("'terms' must map each category to a list of terms", at: node, fix: "terms: { military: [troops, soldiers] }")
            return
        }
        for (k, v) in m {
            guard let category = k.string, !category.isEmpty else { error("categories must be strings", at: k); continue }
            var cs = caseSensitive, ww = wholeWords
            var listNode = v
            if case .mapping(let cm) = v {
                var found: Node?
                for (ck, cv) in cm {
                    switch ck.string ?? "" {
                    case "terms": found = cv
                    case "case_sensitive": cs = bool(cv, what: "'case_sensitive'") ?? cs
                    case "whole_words": ww = bool(cv, what: "'whole_words'") ?? ww
                    default:
                        let key = ck.string ?? ""
                        error("unknown key '\(key)' in category '\(category)'\(didYouMean(key, ManifestLoader.categoryKeys))", at: ck,
                              fix: "allowed keys: \(ManifestLoader.categoryKeys.joined(separator: ", "))")
                    }
                }
                guard let found else { error("category '\(category)' has no 'terms'", at: v); continue }
                listNode = found
            }
            guard case .sequence = listNode else {
                error("category '\(category)' must be a list of terms (or a mapping with 'terms')", at: listNode)
                continue
            }
            if !rules.categories.contains(category) { rules.categories.append(category) }
            for term in stringList(listNode, what: "a term") where !term.isEmpty {
                rules.terms.append(RuleTerm(term, category: category, caseSensitive: cs, wholeWords: ww))
            }
        }
    }

    mutating func termFiles(_ node: Node, into rules: inout RuleSetSpec, directory: String, caseSensitive: Bool, wholeWords: Bool) {
        guard case .mapping(let m) = node else {
            error("'term_files' must map each category to a file of terms, one per line", at: node, fix: "term_files: { places: places.txt }")
            return
        }
        for (k, v) in m {
            guard let category = k.string, let file = string(v, what: "a term file") else { continue }
            let path = file.hasPrefix("/") ? file : URL(fileURLWithPath: directory).appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else {
                error("cannot read term file '\(file)' (looked in \(directory))", at: v)
                continue
            }
            if !rules.categories.contains(category) { rules.categories.append(category) }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let term = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if term.isEmpty || term.hasPrefix("#") { continue }
                rules.terms.append(RuleTerm(term, category: category, caseSensitive: caseSensitive, wholeWords: wholeWords))
            }
        }
    }

    mutating func patterns(_ node: Node, into rules: inout RuleSetSpec) {
        guard case .sequence(let seq) = node else {
            error("'patterns' must be a list of {name, category, tokens}", at: node)
            return
        }
        for (i, item) in seq.enumerated() {
            guard case .mapping(let m) = item else { error("a pattern must be a mapping with 'category' and 'tokens'", at: item); continue }
            var name = "pattern \(i + 1)", category: String?, elements: [TokenPattern.Element] = []
            for (k, v) in m {
                switch k.string ?? "" {
                case "name": name = string(v, what: "pattern 'name'") ?? name
                case "category": category = string(v, what: "pattern 'category'")
                case "tokens":
                    guard case .sequence(let ts) = v, !ts.isEmpty else {
                        error("'tokens' must be a non-empty list like [NUM, \"troops|soldiers\"]", at: v)
                        continue
                    }
                    for t in ts {
                        guard let text = string(t, what: "a token test") else { continue }
                        if let e = TokenPattern.element(parsing: text) { elements.append(e) } else {
                            error("bad token test '\(text)'", at: t, fix: "use NUM, WORD, CAP, ANY or words separated by '|', with '?' for optional")
                        }
                    }
                default:
                    let key = k.string ?? ""
                    error("unknown key '\(key)' in a pattern\(didYouMean(key, ManifestLoader.patternKeys))", at: k,
                          fix: "allowed keys: \(ManifestLoader.patternKeys.joined(separator: ", "))")
                }
            }
            guard let category else { error("pattern '\(name)' needs a 'category'", at: item); continue }
            if elements.isEmpty { continue }
            if elements.allSatisfy(\.optional) { error("pattern '\(name)' has only optional tokens", at: item); continue }
            if !rules.categories.contains(category) { rules.categories.append(category) }
            rules.patterns.append(TokenPattern(name: name, category: category, elements: elements))
        }
    }
}
