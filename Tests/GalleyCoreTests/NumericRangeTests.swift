import GalleyBuiltins
import GalleyCore
import Testing

/// Every numeric limit and parameter is checked for its range by the loader: a value out of range is a located
/// diagnostic, never a trap at run time (`stage_seconds: 1e11` trapped in `UInt64(seconds * 1e9)`).
struct NumericRangeTests {
    static func pipeline(limits: String = "", with: String = "") -> String {
        """
        pipeline: ranges
        \(limits.isEmpty ? "" : "limits: \(limits)\n")stages:
          - use: ingest.files
          - id: db
            use: output.sqlite
            with: { path: out/x.sqlite\(with) }
        """
    }

    @Test(arguments: ["1e11", ".inf", "1e300", "0", "-1"])
    func stageSecondsOutOfRangeIsLocated(_ value: String) {
        #expect(diagnostics(Self.pipeline(limits: "{ stage_seconds: \(value) }")) == [
            "news.yaml:2:26: error: 'stage_seconds' must be a number of seconds above 0 and at most 1000000, got \(YAMLScalar.value(of: value).shown)",
        ])
    }

    @Test func stageSecondsInRangeIsAccepted() throws {
        #expect(diagnostics(Self.pipeline(limits: "{ stage_seconds: 1000000 }")) == [])
        #expect(diagnostics(Self.pipeline(limits: "{ stage_seconds: 0.25 }")) == [])
    }

    @Test(arguments: ["1e300", ".inf", "0", "2000000000"])
    func maxAnnotationsOutOfRangeIsLocated(_ value: String) {
        #expect(diagnostics(Self.pipeline(limits: "{ max_annotations: \(value) }")) == [
            "news.yaml:2:28: error: 'max_annotations' must be an integer from 1 to 1000000000, got \(YAMLScalar.value(of: value).shown)",
        ])
    }

    @Test func anIntegerParameterOutOfRangeIsLocated() {
        #expect(diagnostics(Self.pipeline(with: ", batch: 0")) == [
            "news.yaml:6:40: error: parameter 'batch' of 'output.sqlite' must be from 1 to 1000000, got 0",
        ])
        // Whole numbers too large for an integer used to trap in Int(d) while being checked.
        #expect(diagnostics(Self.pipeline(with: ", batch: 1e300")) == [
            "news.yaml:6:40: error: parameter 'batch' of 'output.sqlite' must be from 1 to 1000000, got 1e+300",
        ])
    }

    @Test func setOverridesAreCheckedForTheirRangeToo() {
        let cases: [(String, String)] = [
            ("db.batch=.inf", "error: --set db.batch: must be from 1 to 1000000, got .inf"),
            ("ingest.files.max_bytes=1e300", "error: --set ingest.files.max_bytes: must be from 1 to 4000000000, got 1e+300"),
            ("ingest.files.max_bytes=0", "error: --set ingest.files.max_bytes: must be from 1 to 4000000000, got 0"),
        ]
        for (set, expected) in cases {
            #expect(diagnostics(Self.pipeline(), overrides: [ParameterOverride(parsing: set)!]) == [expected])
        }
    }

    /// Every builtin integer or number parameter has a range, so `validate` can refuse what would misbehave.
    @Test func everyBuiltinNumericParameterHasARange() {
        var missing: [String] = []
        for type in Builtins.registry.sorted {
            for p in type.parameters where p.range == nil {
                switch p.type {
                case .integer, .number: missing.append("\(type.name).\(p.name)")
                default: break
                }
            }
        }
        #expect(missing == [])
    }

    @Test func aManifestTimeoutOutOfRangeIsLocated() {
        let yaml = "name: p\nprotocol: 1\ncommand: [sh, p.sh]\ntimeout: 1e11\nstart_timeout: .inf\nstages:\n  - name: enrich.p\n    summary: s\n"
        do {
            _ = try ManifestLoader(environment: [:]).load(yaml: yaml, file: "p/plugin.yaml", directory: "/tmp/p")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.map { $0.description.split(separator: "\n")[0] } == [
                "p/plugin.yaml:4:10: error: 'timeout' must be a number of seconds above 0 and at most 1000000, got 1e+11",
                "p/plugin.yaml:5:16: error: 'start_timeout' must be a number of seconds above 0 and at most 1000000, got .inf",
            ])
        }
    }
}
