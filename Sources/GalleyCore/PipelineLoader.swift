import Foundation
import OrderedCollections
import Yams

/// Reads pipeline YAML into a checked `Pipeline`, collecting every problem with its location.
public struct PipelineLoader: Sendable {
    /// Largest pipeline file accepted, in bytes.
    public static let maxFileBytes = 1 << 20
    /// Most YAML nodes visited (refuses alias bombs).
    public static let maxNodes = 100_000
    /// Deepest nesting accepted.
    public static let maxDepth = 64

    /// Stage types the pipeline may use.
    public var registry: StageRegistry
    /// Variables for `${VAR}` interpolation.
    public var environment: [String: String]

    /// Creates a loader over a registry and an environment (defaults to the process environment).
    public init(registry: StageRegistry, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.registry = registry
        self.environment = environment
    }

    static let topLevelKeys = ["pipeline", "description", "input", "on_error", "deadletter", "limits", "stages", "tests"]
    static let stageKeys = ["use", "id", "with"]
    static let inputKeys = ["path", "include", "exclude"]
    static let limitKeys = ["max_annotations", "stage_seconds"]
    static let testKeys = ["name", "input", "expect"]

    /// Loads and checks a pipeline file; throws every diagnostic found.
    public func load(file: String, overrides: [ParameterOverride] = []) throws(DiagnosticList) -> Pipeline {
        let url = URL(fileURLWithPath: file)
        var st = stat()
        if stat(file, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFDIR {
            // A named pipe or device would block or never end.
            throw DiagnosticList([Diagnostic("cannot read pipeline '\(file)': not a regular file")])
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        if let size = attributes?[.size] as? Int, size > Self.maxFileBytes {
            throw DiagnosticList([Diagnostic("pipeline file is \(size) bytes; the limit is \(Self.maxFileBytes)",
                                             at: SourceLocation(file: file, line: 1, column: 1),
                                             fix: "a pipeline is a short YAML file; check that the right file was named")])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDir)
            let why = !exists ? "no such file" : isDir.boolValue ? "it is a directory" : "it cannot be read"
            throw DiagnosticList([Diagnostic("cannot read pipeline '\(file)': \(why)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([Diagnostic("pipeline is not valid UTF-8", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        return try load(yaml: text, file: file, directory: url.deletingLastPathComponent().path, overrides: overrides)
    }

    /// Loads and checks pipeline YAML text; `file` is used in diagnostics, `directory` resolves relative paths.
    public func load(yaml: String, file: String, directory: String, overrides: [ParameterOverride] = []) throws(DiagnosticList) -> Pipeline {
        var walk = Walk(file: file, yaml: yaml, environment: environment)
        if yaml.utf8.count > Self.maxFileBytes {
            throw DiagnosticList([walk.diag("pipeline text is \(yaml.utf8.count) bytes; the limit is \(Self.maxFileBytes)", line: 1, column: 1)])
        }
        let top = try walk.topMapping(yaml, what: "a pipeline must be a YAML mapping with 'pipeline' and 'stages' keys",
                                      fix: "start the file with 'pipeline: NAME' and a 'stages:' list")

        var pipeline = Pipeline(name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent, description: nil,
                                file: file, directory: directory, input: nil, onError: .skip, deadletter: nil, deadletterLocation: nil,
                                limits: PipelineLimits(), stages: [], tests: [], yaml: yaml)
        var stagesNode: Node?
        for (keyNode, valueNode) in top {
            guard let key = keyNode.string else { walk.error("keys must be strings", at: keyNode); continue }
            switch key {
            case "pipeline": if let s = walk.string(valueNode, what: "'pipeline'") { pipeline.name = s }
            case "description": pipeline.description = walk.string(valueNode, what: "'description'")
            case "input": pipeline.input = walk.input(valueNode, directory: directory)
            case "on_error":
                if let s = walk.string(valueNode, what: "'on_error'") {
                    if let p = ErrorPolicy(rawValue: s) { pipeline.onError = p } else {
                        walk.error("unknown on_error policy '\(s)'\(didYouMean(s, ErrorPolicy.allCases.map(\.rawValue)))", at: valueNode,
                                   fix: "use one of: skip, fail, deadletter")
                    }
                }
            case "deadletter":
                pipeline.deadletter = walk.string(valueNode, what: "'deadletter'")
                pipeline.deadletterLocation = walk.location(valueNode)
            case "limits": pipeline.limits = walk.limits(valueNode)
            case "stages": stagesNode = valueNode
            case "tests": pipeline.tests = walk.tests(valueNode, directory: directory)
            default:
                walk.error("unknown top-level key '\(key)'\(didYouMean(key, Self.topLevelKeys))", at: keyNode,
                           fix: "allowed keys: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        if let stagesNode {
            pipeline.stages = walk.stages(stagesNode, registry: registry, directory: directory)
        } else {
            walk.error("the pipeline has no 'stages' list", line: 1, column: 1, fix: "add 'stages:' with at least '- use: ingest.files'")
        }
        if pipeline.onError == .deadletter && pipeline.deadletter == nil {
            walk.error("on_error is 'deadletter' but no 'deadletter' path is given", line: 1, column: 1,
                       fix: "add 'deadletter: out/failed.jsonl'")
        }
        apply(overrides, to: &pipeline, walk: &walk, directory: directory)
        checkOutputPaths(pipeline, walk: &walk)
        checkExportPaths(pipeline, walk: &walk)
        let sorted = walk.diagnostics.sorted { ($0.location ?? SourceLocation(file: "", line: 0, column: 0)) < ($1.location ?? SourceLocation(file: "", line: 0, column: 0)) }
        if sorted.contains(where: { $0.severity == .error }) { throw DiagnosticList(sorted) }
        pipeline.warnings = sorted
        return pipeline
    }

    private func apply(_ overrides: [ParameterOverride], to pipeline: inout Pipeline, walk: inout Walk, directory: String) {
        for o in overrides {
            guard let index = pipeline.stages.firstIndex(where: { $0.id == o.stage }) else {
                walk.diagnostics.append(Diagnostic("--set \(o.stage).\(o.parameter): no stage with id '\(o.stage)'\(didYouMean(o.stage, pipeline.stages.map(\.id)))",
                                                   fix: "stage ids: \(pipeline.stages.map(\.id).joined(separator: ", "))"))
                continue
            }
            var stage = pipeline.stages[index]
            guard let type = registry[stage.type] else { continue }
            guard let spec = type.parameter(o.parameter) else {
                walk.diagnostics.append(Diagnostic("--set \(o.stage).\(o.parameter): '\(stage.type)' has no parameter '\(o.parameter)'\(didYouMean(o.parameter, type.parameters.map(\.name)))",
                                                   fix: "see 'galley stages \(stage.type)'"))
                continue
            }
            let value: Value
            switch spec.check(o.value) {
            case .success(let v): value = v
            case .failure(let problem):
                walk.diagnostics.append(Diagnostic("--set \(o.stage).\(o.parameter): \(problem.message)"))
                continue
            }
            stage.written[o.parameter] = o.value
            stage.parameters.values[o.parameter] = value
            stage.parameterLocations[o.parameter] = nil
            pipeline.stages[index] = stage
        }
    }
}

extension PipelineLoader {
    /// Every output path names a file (or, for a folder output, a folder), and no two outputs, nor an output and the
    /// dead letter, write one path: they would share one temporary file and commit a broken one.
    func checkOutputPaths(_ pipeline: Pipeline, walk: inout Walk) {
        struct Claim { var normalized: String; var what: String; var location: SourceLocation? }
        var claims: [Claim] = []
        func report(_ message: String, at location: SourceLocation?, setPrefix: String, fix: String) {
            if let location {
                walk.error(message, line: location.line, column: location.column, fix: fix)
            } else {
                walk.diagnostics.append(Diagnostic(setPrefix + message, fix: fix))
            }
        }
        func claim(_ path: String, what: String, role: OutputRole, at location: SourceLocation?, setPrefix: String) {
            if role == .file, let problem = OutputPath.problem(naming: path) {
                report("the path '\(path)' of \(what) \(problem == "the path is empty" ? "is empty" : problem.replacingOccurrences(of: "it names", with: "names"))", at: location, setPrefix: setPrefix, fix: "give the path of a file, not a folder")
                return
            }
            let normalized = OutputPath.normalized(path)
            if let other = claims.first(where: { $0.normalized == normalized }) {
                let place = other.location.map { " (line \($0.line))" } ?? " (--set)"
                report("the path '\(path)' of \(what) is also written by \(other.what)\(place); two writers on one path would corrupt it",
                       at: location, setPrefix: setPrefix, fix: "give each output and the dead letter a path of its own")
                return
            }
            claims.append(Claim(normalized: normalized, what: what, location: location))
        }
        for stage in pipeline.stages {
            guard let type = registry[stage.type] else { continue }
            for spec in type.parameters {
                guard let role = spec.output, let path = stage.parameters.string(spec.name), path != "-" else { continue }
                claim(path, what: "output '\(stage.id)'", role: role, at: stage.parameterLocations[spec.name],
                      setPrefix: "--set \(stage.id).\(spec.name): ")
            }
        }
        if let deadletter = pipeline.deadletter {
            claim(deadletter, what: "the dead letter", role: .file, at: pipeline.deadletterLocation, setPrefix: "")
        }
    }
}

/// The parts of the walk that read a pipeline: input, limits, tests and stages.
extension PipelineLoader {
    /// The export path a column names, without its filters: `entities[label=PER].text` → `entities.text`.
    static func plainPath(_ column: String) -> String {
        var out = ""
        var depth = 0
        for c in column {
            if c == "[" { depth += 1; continue }
            if c == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    /// The known path a misspelt one most likely meant: the fewest edits, a swap of two neighbours counting as one
    /// (`titel` → `title`, not `site`), within a third of its length; nil when none is that close.
    static func closestPath(to path: String, in known: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in 1...a.count {
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        let word = Array(path)
        var best: (String, Int)?
        for candidate in known.sorted() where candidate != path {
            let d = distance(word, Array(candidate))
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (name, d) = best, d <= max(2, min(word.count, name.count) / 3) else { return nil }
        return name
    }

    /// Every value of a parameter that names export paths (`output.csv` `columns`) is checked against what the
    /// pipeline's stages produce: a misspelling of a path some stage type produces is an error with "did you mean", a
    /// path that no stage of this pipeline produces a warning (its cells would be empty). A pipeline with a stage that
    /// does not declare what it produces (an external plugin) gets no warning for paths nobody is known to produce.
    func checkExportPaths(_ pipeline: Pipeline, walk: inout Walk) {
        var inPipeline = Set(DocumentJSON.alwaysPresent)
        var undeclared = false
        var producers: [String: [String]] = [:]
        for t in registry.types.values.sorted(by: { $0.name < $1.name }) {
            for p in t.produces ?? [] { producers[p, default: []].append(t.name) }
        }
        for stage in pipeline.stages {
            guard let type = registry[stage.type] else { continue }
            if type.kind == .sink { continue }
            if let produced = type.produces { inPipeline.formUnion(produced) } else { undeclared = true }
        }
        let known = Array(Set(producers.keys).union(DocumentJSON.alwaysPresent))
        for stage in pipeline.stages {
            guard let type = registry[stage.type] else { continue }
            for spec in type.parameters where spec.exportPaths {
                let location = stage.parameterLocations[spec.name]
                func report(_ message: String, severity: Diagnostic.Severity, fix: String?) {
                    if let location {
                        var d = walk.diag(message, line: location.line, column: location.column, fix: fix)
                        d.severity = severity
                        walk.diagnostics.append(d)
                    } else {
                        walk.diagnostics.append(Diagnostic("--set \(stage.id).\(spec.name): " + message, severity: severity, fix: fix))
                    }
                }
                for column in stage.parameters.strings(spec.name) ?? [] {
                    let path = Self.plainPath(column)
                    if inPipeline.contains(path) { continue }
                    if let makers = producers[path] {
                        report("\(spec.name) of '\(stage.id)': '\(column)' is produced by \(makers.map { "'\($0)'" }.joined(separator: " or ")), which this pipeline does not run; the column will be empty",
                               severity: .warning, fix: "add \(makers[0]) to the stages, or drop the column")
                    } else if let near = Self.closestPath(to: path, in: known) {
                        // With a stage that does not say what it produces, the name may be its own: a warning only.
                        report("\(spec.name) of '\(stage.id)': no stage produces '\(column)'; did you mean '\(near)'?", severity: undeclared ? .warning : .error,
                               fix: "write '\(near)'")
                    } else if !undeclared {
                        report("\(spec.name) of '\(stage.id)': no stage of this pipeline produces '\(column)'; the column will be empty",
                               severity: .warning, fix: "the export's keys are listed in docs/reliability.md; a field an external plugin adds is fine")
                    }
                }
            }
        }
    }
}

extension Walk {
    mutating func input(_ node: Node, directory: String) -> InputSelection? {
        func resolve(_ p: String) -> String {
            p == "-" || p.hasPrefix("/") ? p : displayPath(URL(fileURLWithPath: directory).appendingPathComponent(p).standardized.path)
        }
        switch node {
        case .scalar:
            return string(node, what: "'input'").map { InputSelection(paths: [resolve($0)]) }
        case .mapping(let m):
            var selection = InputSelection(paths: [])
            for (k, v) in m {
                switch k.string ?? "" {
                case "path": selection.paths = stringList(v, what: "input path").map(resolve)
                case "include": selection.include = stringList(v, what: "'include'")
                case "exclude": selection.exclude = stringList(v, what: "'exclude'")
                default:
                    let key = k.string ?? ""
                    error("unknown key '\(key)' in 'input'\(didYouMean(key, PipelineLoader.inputKeys))", at: k,
                          fix: "allowed keys: \(PipelineLoader.inputKeys.joined(separator: ", "))")
                }
            }
            if selection.paths.isEmpty { error("'input' needs a 'path'", at: node, fix: "add 'path: ../seeds'") }
            return selection
        default:
            error("'input' must be a path or a mapping with 'path', 'include', 'exclude'", at: node)
            return nil
        }
    }

    mutating func limits(_ node: Node) -> PipelineLimits {
        var limits = PipelineLimits()
        guard case .mapping(let m) = node else { error("'limits' must be a mapping", at: node); return limits }
        for (k, v) in m {
            let key = k.string ?? ""
            let val = value(v)
            switch key {
            case "max_annotations":
                if let i = val.intValue, PipelineLimits.annotationRange.contains(i) { limits.maxAnnotations = i } else {
                    error("'max_annotations' must be an integer from \(PipelineLimits.annotationRange.lowerBound) to \(PipelineLimits.annotationRange.upperBound), got \(val.shown)", at: v)
                }
            case "stage_seconds":
                if let d = val.doubleValue, PipelineLimits.secondsRange.contains(d) { limits.stageSeconds = d } else {
                    error("'stage_seconds' must be a number of seconds above 0 and at most \(Int(PipelineLimits.secondsRange.upperBound)), got \(val.shown)", at: v)
                }
            default:
                error("unknown key '\(key)' in 'limits'\(didYouMean(key, PipelineLoader.limitKeys))", at: k,
                      fix: "allowed keys: \(PipelineLoader.limitKeys.joined(separator: ", "))")
            }
        }
        return limits
    }

    mutating func tests(_ node: Node, directory: String) -> [PipelineTest] {
        guard case .sequence(let seq) = node else { error("'tests' must be a list", at: node); return [] }
        var tests: [PipelineTest] = []
        for (n, item) in seq.enumerated() {
            guard case .mapping(let m) = item else { error("each test must be a mapping with name, input, expect", at: item); continue }
            var test = PipelineTest(name: "test \(n + 1)", input: "", expect: [:], location: location(item))
            for (k, v) in m {
                switch k.string ?? "" {
                case "name": test.name = string(v, what: "test name") ?? test.name
                case "input":
                    if let p = string(v, what: "test input") {
                        test.input = p.hasPrefix("/") ? p : displayPath(URL(fileURLWithPath: directory).appendingPathComponent(p).standardized.path)
                    }
                case "expect":
                    if case .object(let o) = value(v) { test.expect = o } else { error("'expect' must be a mapping of keys to values", at: v) }
                default:
                    let key = k.string ?? ""
                    error("unknown key '\(key)' in a test\(didYouMean(key, PipelineLoader.testKeys))", at: k,
                          fix: "allowed keys: \(PipelineLoader.testKeys.joined(separator: ", "))")
                }
            }
            if test.input.isEmpty { error("test '\(test.name)' has no 'input'", at: item, fix: "add 'input: ../seeds/FILE'") }
            tests.append(test)
        }
        return tests
    }

    mutating func stages(_ node: Node, registry: StageRegistry, directory: String) -> [StageSpec] {
        guard case .sequence(let seq) = node else {
            error("'stages' must be a list of stages", at: node, fix: "write each stage as '- use: TYPE'")
            return []
        }
        if seq.isEmpty { error("'stages' is empty", at: node, fix: "add at least '- use: ingest.files'") }
        var specs: [StageSpec] = []
        var idLocations: [String: SourceLocation] = [:]
        var lastPhase: (Phase, String)?
        var seenPhases: [(Phase, String)] = []
        for (index, item) in seq.enumerated() {
            guard case .mapping(let m) = item else {
                error("a stage must be a mapping with 'use' (and optionally 'id', 'with')", at: item,
                      fix: "write '- use: \(item.string ?? "TYPE")'")
                continue
            }
            var typeName: String?, typeNode: Node?, id: String?, idNode: Node?, withNode: Node?
            for (k, v) in m {
                switch k.string ?? "" {
                case "use": typeName = string(v, what: "'use'"); typeNode = v
                case "id": id = string(v, what: "'id'"); idNode = v
                case "with": withNode = v
                default:
                    let key = k.string ?? ""
                    error("unknown stage key '\(key)'\(didYouMean(key, PipelineLoader.stageKeys))", at: k,
                          fix: "a stage has 'use', 'id' and 'with'")
                }
            }
            guard let typeName, let typeNode else {
                error("stage \(index + 1) has no 'use'", at: item, fix: "add 'use: TYPE' (see 'galley stages')")
                continue
            }
            let stageID = id ?? typeName
            if let previous = idLocations[stageID] {
                error("duplicate stage id '\(stageID)' (first used at line \(previous.line))", at: idNode ?? typeNode,
                      fix: "give one of them another 'id:'")
            } else {
                idLocations[stageID] = location(idNode ?? typeNode)
            }
            guard let type = registry[typeName] else {
                let hint = didYouMean(typeName, Array(registry.types.keys))
                error("unknown stage type '\(typeName)'\(hint)", at: typeNode,
                      fix: "run 'galley stages' to list the stage types"
                        + (hint.isEmpty ? "; a stage from an external plugin needs the plugin's folder in Plugins/ beside the pipeline, in --plugins DIR or in \(PluginDiscovery.pathVariable)" : ""))
                continue
            }
            if let (phase, prevID) = lastPhase, type.phase < phase {
                // It must go before the first stage of a later phase, which is not always the one just before it.
                let (firstPhase, firstID) = seenPhases.first { $0.0 > type.phase } ?? (phase, prevID)
                let place = firstPhase == .output ? "the first output ('\(firstID)')" : "the first \(firstPhase) stage ('\(firstID)')"
                error("stage '\(stageID)' (\(type.phase)) comes after '\(prevID)' (\(phase)); stages must run in phase order ingest → extract → enrich → output",
                      at: typeNode, fix: "move '\(stageID)' before \(place)")
            }
            seenPhases.append((type.phase, stageID))
            if lastPhase == nil || type.phase >= lastPhase!.0 { lastPhase = (type.phase, stageID) }
            if index == 0 && type.kind != .source {
                error("the first stage must be a source such as 'ingest.files', not '\(typeName)'", at: typeNode,
                      fix: "add '- use: ingest.files' as the first stage")
            } else if index > 0 && type.kind == .source {
                error("only the first stage may be a source; '\(typeName)' is stage \(index + 1)", at: typeNode)
            }
            var written = OrderedDictionary<String, Value>()
            var parameters = OrderedDictionary<String, Value>()
            var parameterLocations: [String: SourceLocation] = [:]
            if let withNode {
                if case .mapping(let wm) = withNode {
                    for (k, v) in wm {
                        let pname = k.string ?? ""
                        let val = value(v)
                        guard let spec = type.parameter(pname) else {
                            let names = type.parameters.map(\.name)
                            error("'\(typeName)' has no parameter '\(pname)'\(didYouMean(pname, names))", at: k,
                                  fix: names.isEmpty ? "'\(typeName)' takes no parameters; remove 'with'" : "parameters: \(names.joined(separator: ", "))")
                            continue
                        }
                        written[pname] = val
                        parameterLocations[pname] = location(v)
                        switch spec.check(val) {
                        case .success(let coerced): parameters[pname] = coerced
                        case .failure(.wrongType):
                            error("parameter '\(pname)' of '\(typeName)' expects \(spec.type), got \(val.typeName)\(val.isNull ? "" : " '\(val)'")", at: v,
                                  fix: "\(pname): \(spec.doc)")
                        case .failure(let problem):
                            error("parameter '\(pname)' of '\(typeName)' \(problem.message)", at: v, fix: "\(pname): \(spec.doc)")
                        }
                    }
                } else {
                    error("'with' must be a mapping of parameter names to values", at: withNode, fix: "write 'with: { name: value }'")
                }
            }
            var resolved = OrderedDictionary<String, Value>()
            for spec in type.parameters {
                if let v = parameters[spec.name] { resolved[spec.name] = v }
                else if let d = spec.defaultValue { resolved[spec.name] = d }
                else if spec.required && written[spec.name] == nil {
                    error("'\(typeName)' needs parameter '\(spec.name)' (\(spec.type))", at: typeNode,
                          fix: "add 'with: { \(spec.name): ... }' — \(spec.doc)")
                }
            }
            var spec = StageSpec(id: stageID, type: typeName, parameters: Parameters(resolved), written: written, location: location(item))
            spec.parameterLocations = parameterLocations
            specs.append(spec)
        }
        return specs
    }
}

/// An absolute path shown relative to the working directory when it lies below it.
func displayPath(_ absolute: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    if absolute == cwd { return "." }
    let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
}
