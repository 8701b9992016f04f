import Foundation
import GalleyBuiltins
import GalleyCore
import Testing

/// Issue 12, item 21: `output.csv` columns are checked against what the pipeline's stages produce.
struct ExportPathCheckTests {
    func load(_ columns: String, stages: String = "  - use: extract.article\n") throws(DiagnosticList) -> Pipeline {
        let yaml = "pipeline: c\nstages:\n  - use: ingest.files\n\(stages)  - use: output.csv\n    with: { path: out.csv, columns: \(columns) }\n"
        return try PipelineLoader(registry: Builtins.registry, environment: [:]).load(yaml: yaml, file: "c.yaml", directory: "/tmp")
    }

    func problems(_ columns: String, stages: String = "  - use: extract.article\n") -> [String] {
        do {
            return try load(columns, stages: stages).warnings.map { "\($0.severity): \($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
        } catch {
            return error.diagnostics.map { "\($0.severity): \($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
        }
    }

    @Test func aMisspelledColumnIsAnErrorWithDidYouMean() {
        #expect(problems("[id, titel, quotes.speker]", stages: "  - use: extract.article\n  - use: extract.quotes\n") == [
            "error: 7:37: columns of 'output.csv': no stage produces 'titel'; did you mean 'title'?",
            "error: 7:37: columns of 'output.csv': no stage produces 'quotes.speker'; did you mean 'quotes.speaker'?",
        ])
    }

    @Test func aColumnNoStageOfThePipelineProducesIsAWarning() {
        #expect(problems("[id, title, quotes.speaker, \"entities[label=PER].text\"]") == [
            "warning: 6:37: columns of 'output.csv': 'quotes.speaker' is produced by 'extract.quotes', which this pipeline does not run; the column will be empty",
            "warning: 6:37: columns of 'output.csv': 'entities[label=PER].text' is produced by 'extract.entities', which this pipeline does not run; the column will be empty",
        ])
        #expect(problems("[id, my_score]") == ["warning: 6:37: columns of 'output.csv': no stage of this pipeline produces 'my_score'; the column will be empty"])
    }

    @Test func columnsThePipelineProducesPassQuietly() throws {
        let p = try load("[id, title, source.path, quotes.speaker, stats.words]", stages: "  - use: extract.article\n  - use: extract.quotes\n  - use: enrich.stats\n")
        #expect(p.warnings.isEmpty)
    }
}
