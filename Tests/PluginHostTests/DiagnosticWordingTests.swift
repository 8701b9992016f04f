import Foundation
import GalleyBuiltins
import GalleyCore
import Testing

/// Diagnostics that pointed the wrong way: the phase-order fix named the stage just before instead of the first
/// output, an unknown plugin stage did not say where plugins are found, manifest errors lost their folder, and a
/// missing plugin version read as 0.
@Suite struct DiagnosticWordingTests {
    func fixes(_ yaml: String) -> [String] {
        do {
            _ = try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: yaml, file: "p.yaml", directory: "/tmp")
            return []
        } catch {
            return error.diagnostics.compactMap(\.fix)
        }
    }

    @Test func aStageAfterTheOutputsIsToMoveBeforeTheFirstOutput() {
        let yaml = """
        pipeline: p
        stages:
          - use: ingest.files
          - id: write
            use: output.jsonl
            with: { path: out/a.jsonl }
          - id: db
            use: output.sqlite
            with: { path: out/a.sqlite }
          - use: enrich.stats
          - use: extract.sentences
        """
        #expect(fixes(yaml) == ["move 'enrich.stats' before the first output ('write')", "move 'extract.sentences' before the first output ('write')"])
        let enrichFirst = "pipeline: p\nstages:\n  - use: ingest.files\n  - use: enrich.stats\n  - use: enrich.dates\n  - use: extract.sentences\n"
        #expect(fixes(enrichFirst) == ["move 'extract.sentences' before the first enrich stage ('enrich.stats')"])
    }

    @Test func anUnknownStageThatIsNoTypoSaysWherePluginsAreFound() {
        #expect(fixes("pipeline: p\nstages:\n  - use: ingest.files\n  - use: enrich.readability\n") == [
            "run 'galley stages' to list the stage types; a stage from an external plugin needs the plugin's folder in Plugins/ beside the pipeline, in --plugins DIR or in GALLEY_PLUGIN_PATH",
        ])
    }
}
