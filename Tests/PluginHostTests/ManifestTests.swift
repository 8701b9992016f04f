import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

@Suite struct ManifestTests {
    @Test func readabilityManifestLoadsWithItsSchema() throws {
        let m = try ManifestLoader().load(directory: Repository.root + "/Plugins/Readability")
        #expect(m.name == "readability")
        #expect(m.version == "1.0.0")
        #expect(m.kind == .process)
        #expect(m.protocolVersion == 1)
        #expect(m.command == ["python3", "-u", "readability.py"])
        #expect(m.timeout == 10)
        #expect(m.concurrency == 2)
        #expect(m.stages.map(\.name) == ["enrich.readability"])
        let p = m.stages[0].parameters
        #expect(p.map(\.name) == ["formulas", "field", "long_sentence_words"])
        #expect(p[0].type == .stringList)
        #expect(p[1].defaultValue == .string("readability"))
        #expect(p[2].type == .integer)
        #expect(p[2].defaultValue == .int(40))
    }

    @Test func everyManifestProblemIsReportedWithItsPlace() {
        let yaml = """
            name: broken
            protocol: 2
            comand: [python3, x.py]
            timeout: -1
            stages:
              - name: readability
                summary: no phase
                parameters:
                  size: { type: integr, doc: typo }
                  mode: { type: choice, doc: no choices }
              - name: enrich.ok
                sumary: typo
            """
        do {
            _ = try ManifestLoader().load(yaml: yaml, file: "broken/plugin.yaml", directory: "/tmp/broken")
            Issue.record("expected diagnostics")
        } catch {
            let lines = error.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
            #expect(lines == [
                "1:1 a process plugin needs a 'command'",
                "2:11 the plugin speaks protocol 2; this galley speaks protocol 1",
                "3:1 unknown manifest key 'comand'; did you mean 'command'?",
                "4:10 'timeout' must be a number of seconds above 0 and at most 1000000, got -1",
                "6:11 stage name 'readability' must be 'phase.what' with phase ingest, extract, enrich or output",
                "9:21 unknown parameter type 'integr'; did you mean 'integer'?",
                "10:21 parameter 'mode' is a choice but has no 'choices'",
                "11:5 stage 'enrich.ok' needs a 'summary' (one line for 'galley stages')",
                "12:5 unknown stage key 'sumary'; did you mean 'summary'?",
            ])
        }
    }

    @Test func ruleManifestNeedsNoCommandAndReadsTermFiles() throws {
        let folder = TemporaryDirectory()
        folder.write("places.txt", "# places\nKursk\nPyongyang\n\n")
        let yaml = """
            name: places
            protocol: 1
            kind: rules
            stages:
              - name: enrich.places
                summary: Places.
                field: place_counts
                terms: { leaders: [Putin, Kim Jong-un] }
                term_files: { places: places.txt }
            """
        let m = try ManifestLoader().load(yaml: yaml, file: "plugin.yaml", directory: folder.path)
        let rules = try #require(m.stages[0].rules)
        #expect(rules.categories == ["leaders", "places"])
        #expect(rules.terms.map(\.text) == ["Putin", "Kim Jong-un", "Kursk", "Pyongyang"])
        #expect(rules.annotation == "terms")
        #expect(rules.field == "place_counts")
        #expect(m.stages[0].parameters.map(\.name) == ["categories", "annotate"])
    }

    @Test func validateChecksPluginParametersWithoutStartingIt() throws {
        let found = Builtins.withPlugins(pipelineDirectory: Repository.root + "/Pipelines")
        let yaml = """
            pipeline: p
            stages:
              - use: ingest.files
              - use: enrich.readability
                with: { formulas: 3, formula: [smog] }
            """
        do {
            _ = try PipelineLoader(registry: found.registry).load(yaml: yaml, file: "p.yaml", directory: "/tmp")
            Issue.record("expected diagnostics")
        } catch {
            #expect(error.diagnostics.map(\.message) == [
                "parameter 'formulas' of 'enrich.readability' expects list of strings, got integer '3'",
                "'enrich.readability' has no parameter 'formula'; did you mean 'formulas'?",
            ])
        }
        let host = try #require(found.plugins.first { $0.manifest.name == "readability" }?.host)
        #expect(host.runningPIDs.isEmpty)
    }

    @Test func discoveryLooksBesideTheProjectInExtraFoldersAndThePathVariable() throws {
        let folder = TemporaryDirectory()
        let root = folder.path
        func plugin(_ dir: String, _ name: String, stage: String) {
            folder.write(dir + "/plugin.yaml", "name: \(name)\nprotocol: 1\ncommand: [true]\nstages:\n  - { name: \(stage), summary: S }\n")
        }
        plugin("project/Plugins/A", "a", stage: "enrich.a")
        folder.folder("project/Pipelines")
        plugin("extra/B", "b", stage: "enrich.b")
        plugin("env/C", "c", stage: "enrich.c")
        plugin("env/A2", "a", stage: "enrich.a2")
        plugin("env/D", "d", stage: "extract.article")
        let found = PluginDiscovery.registry(builtins: Builtins.registry, pipelineDirectory: root + "/project/Pipelines",
                                             extraDirs: [root + "/extra"], environment: ["GALLEY_PLUGIN_PATH": root + "/env"])
        #expect(found.plugins.map(\.manifest.name) == ["b", "a", "c", "d"])
        #expect(found.registry["enrich.a"]?.origin == "a")
        #expect(found.registry["enrich.a2"] == nil)
        #expect(found.registry["extract.article"]?.origin == "builtin")
        #expect(found.diagnostics.map(\.message) == [
            "plugin 'a' in \(root)/env/A2 is ignored: a plugin of that name was found first in \(root)/project/Plugins/A",
            "stage 'extract.article' of plugin 'd' is already defined by 'builtin'; ignoring it",
        ])
    }
}
