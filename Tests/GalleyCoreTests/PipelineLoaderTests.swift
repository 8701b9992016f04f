import GalleyBuiltins
import GalleyCore
import Testing

/// Loads YAML and returns the rendered first lines (`file:line:col: error: message`) of every diagnostic.
func diagnostics(_ yaml: String, environment: [String: String] = [:], overrides: [ParameterOverride] = []) -> [String] {
    do {
        _ = try PipelineLoader(registry: Builtins.registry, environment: environment)
            .load(yaml: yaml, file: "news.yaml", directory: "/tmp", overrides: overrides)
        return []
    } catch {
        return error.diagnostics.map { $0.description.split(separator: "\n").first.map(String.init) ?? "" }
    }
}

let validPipeline = """
pipeline: news
stages:
  - use: ingest.files
  - use: extract.article
  - id: write
    use: output.jsonl
    with: { path: out/news.jsonl }
"""

@Test func validPipelineLoadsWithDefaults() throws {
    let p = try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: validPipeline, file: "news.yaml", directory: "/tmp")
    #expect(p.name == "news")
    #expect(p.stages.map(\.id) == ["ingest.files", "extract.article", "write"])
    #expect(p.stages[0].parameters.int("max_bytes") == 20_000_000)
    #expect(p.stages[2].parameters.string("path") == "out/news.jsonl")
    #expect(p.onError == .skip)
}

@Test func misspeltStageTypeSuggestsTheClosestName() {
    let yaml = validPipeline.replacingOccurrences(of: "extract.article", with: "extract.articel")
    #expect(diagnostics(yaml) == ["news.yaml:4:10: error: unknown stage type 'extract.articel'; did you mean 'extract.article'?"])
}

@Test func diagnosticShowsTheLineAndACaret() throws {
    let yaml = validPipeline.replacingOccurrences(of: "extract.article", with: "extract.articel")
    do {
        _ = try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: yaml, file: "news.yaml", directory: "/tmp")
        Issue.record("expected diagnostics")
    } catch {
        let lines = error.diagnostics[0].description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "  - use: extract.articel")
        #expect(lines[2] == "         ^")
        #expect(lines[3] == "  fix: run 'galley stages' to list the stage types")
    }
}

@Test func yamlSyntaxErrorNamesLineAndColumn() {
    let yaml = "pipeline: news\nstages:\n  - use: ingest.files\n   - use: output.jsonl\n"
    let d = diagnostics(yaml)
    #expect(d.count == 1)
    #expect(d[0].hasPrefix("news.yaml:4:4: error: YAML syntax error:"))
}

@Test func unknownTopLevelAndStageKeysAreReported() {
    let yaml = """
    pipeline: news
    stgaes: []
    stages:
      - use: ingest.files
        wiht: { max_bytes: 10 }
    """
    #expect(diagnostics(yaml) == [
        "news.yaml:2:1: error: unknown top-level key 'stgaes'; did you mean 'stages'?",
        "news.yaml:5:5: error: unknown stage key 'wiht'; did you mean 'with'?",
    ])
}

@Test func parameterProblemsAreAllReported() {
    let yaml = """
    pipeline: news
    stages:
      - use: ingest.files
        with:
          max_bytes: lots
          max_byte: 10
      - use: output.jsonl
    """
    #expect(diagnostics(yaml) == [
        "news.yaml:5:18: error: parameter 'max_bytes' of 'ingest.files' expects integer, got string 'lots'",
        "news.yaml:6:7: error: 'ingest.files' has no parameter 'max_byte'; did you mean 'max_bytes'?",
        "news.yaml:7:10: error: 'output.jsonl' needs parameter 'path' (string)",
    ])
}

@Test func duplicateIdsAndPhaseOrderAreReported() {
    let yaml = """
    pipeline: news
    stages:
      - use: ingest.files
      - id: write
        use: output.jsonl
        with: { path: a.jsonl }
      - use: extract.article
      - id: write
        use: output.jsonl
        with: { path: b.jsonl }
    """
    #expect(diagnostics(yaml) == [
        "news.yaml:7:10: error: stage 'extract.article' (extract) comes after 'write' (output); stages must run in phase order ingest → extract → enrich → output",
        "news.yaml:8:9: error: duplicate stage id 'write' (first used at line 4)",
    ])
}

@Test func undefinedVariablePointsAtTheDollarSign() {
    let yaml = """
    pipeline: news
    stages:
      - use: ingest.files
      - use: output.jsonl
        with: { path: "${OUT_DIR}/news.jsonl" }
    """
    #expect(diagnostics(yaml) == ["news.yaml:5:20: error: undefined variable 'OUT_DIR'"])
}

@Test func variablesAndDefaultsAreInterpolated() throws {
    let yaml = """
    pipeline: ${NAME:-fallback}
    stages:
      - use: ingest.files
        with:
          max_bytes: ${LIMIT:-100}
      - use: output.jsonl
        with:
          path: ${OUT}/x.jsonl
    """
    let loader = PipelineLoader(registry: Builtins.registry, environment: ["OUT": "/data"])
    let p = try loader.load(yaml: yaml, file: "p.yaml", directory: "/tmp")
    #expect(p.name == "fallback")
    #expect(p.stages[0].parameters.int("max_bytes") == 100)
    #expect(p.stages[1].parameters.string("path") == "/data/x.jsonl")
    // A quoted scalar stays a string, so the integer parameter rejects it.
    let quoted = yaml.replacingOccurrences(of: "max_bytes: ${LIMIT:-100}", with: "max_bytes: \"${LIMIT:-100}\"")
    #expect(diagnostics(quoted, environment: ["OUT": "/d"]) == ["news.yaml:5:18: error: parameter 'max_bytes' of 'ingest.files' expects integer, got string '100'"])
}

@Test func firstStageMustBeASource() {
    let yaml = "pipeline: x\nstages:\n  - use: extract.article\n"
    #expect(diagnostics(yaml) == ["news.yaml:3:10: error: the first stage must be a source such as 'ingest.files', not 'extract.article'"])
}

@Test func aliasBombIsRefusedQuickly() {
    var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        previous = name
    }
    yaml += "pipeline: bomb\nstages: *i\n"
    let started = ContinuousClock.now
    let d = diagnostics(yaml)
    #expect(ContinuousClock.now - started < .seconds(1))
    // Points at the first alias (issue 5).
    #expect(d == ["news.yaml:2:8: error: the YAML expands to more than 100000 nodes (an alias bomb?)"])
}

@Test func setOverridesAreCheckedLikeYAML() throws {
    let ok = ParameterOverride(parsing: "write.path=elsewhere.jsonl")!
    let p = try PipelineLoader(registry: Builtins.registry, environment: [:])
        .load(yaml: validPipeline, file: "news.yaml", directory: "/tmp", overrides: [ok])
    #expect(p.stage("write")?.parameters.string("path") == "elsewhere.jsonl")
    #expect(ParameterOverride(parsing: "ingest.files.max_bytes=12")?.value == .int(12))
    #expect(diagnostics(validPipeline, overrides: [ParameterOverride(parsing: "ingest.files.max_bytes=big")!])
            == ["error: --set ingest.files.max_bytes: expected integer, got string 'big'"])
    #expect(diagnostics(validPipeline, overrides: [ParameterOverride(parsing: "wrte.path=x")!])
            == ["error: --set wrte.path: no stage with id 'wrte'; did you mean 'write'?"])
}
