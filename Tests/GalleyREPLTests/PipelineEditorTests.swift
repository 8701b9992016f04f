import Foundation
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// Saving edits into the YAML text in place.
@Suite struct PipelineEditorTests {
    static let yaml = """
    pipeline: e
    stages:
      - use: ingest.files   # first
      - id: names
        use: extract.names
        with:
          names:
            - Kim Jong-un
            - Kim Yong-hyun
          label: 'PER'   # quoted
      - id: write
        use: output.jsonl
        with: { path: out.jsonl }
    tests: []
    """

    @Test func aBlockListBecomesAFlowListOnTheKeyLine() throws {
        let edited = try PipelineEditor.apply([ParameterOverride(stage: "names", parameter: "names", value: ["Lee Min-bok"])],
                                              to: Self.yaml, stages: [])
        #expect(edited == Self.yaml.replacingOccurrences(of: "names:\n        - Kim Jong-un\n        - Kim Yong-hyun", with: "names: [\"Lee Min-bok\"]"))
    }

    @Test func aQuotedScalarKeepsItsQuotesAndTheComment() throws {
        let edited = try PipelineEditor.apply([ParameterOverride(stage: "names", parameter: "label", value: "ORG")], to: Self.yaml, stages: [])
        #expect(edited == Self.yaml.replacingOccurrences(of: "label: 'PER'   # quoted", with: "label: 'ORG'   # quoted"))
    }

    @Test func aPlainScalarInAFlowMappingIsReplacedInPlace() throws {
        let edited = try PipelineEditor.apply([ParameterOverride(stage: "write", parameter: "path", value: "a b: c.jsonl"),
                                               ParameterOverride(stage: "ingest.files", parameter: "hidden", value: true)],
                                              to: Self.yaml, stages: [])
        #expect(edited == Self.yaml
            .replacingOccurrences(of: "{ path: out.jsonl }", with: "{ path: \"a b: c.jsonl\" }")
            .replacingOccurrences(of: "  - use: ingest.files   # first\n", with: "  - use: ingest.files   # first\n    with: { hidden: true }\n"))
    }

    @Test func anUnknownStageIsAnError() {
        #expect(throws: ReplError.self) {
            try PipelineEditor.apply([ParameterOverride(stage: "nope", parameter: "x", value: 1)], to: Self.yaml, stages: [])
        }
    }
}
