import GalleyBuiltins
import GalleyCore
import Testing

/// Two writers on one path are refused by the loader, where they are written: the dead letter on an output's path,
/// or two outputs on one path (they shared one temporary file and committed a broken line).
struct OutputPathCheckTests {
    static let yaml = """
    pipeline: news
    on_error: deadletter
    deadletter: out/news.jsonl
    stages:
      - use: ingest.files
      - id: write
        use: output.jsonl
        with: { path: out/news.jsonl }
      - id: csv
        use: output.csv
        with: { path: ./out/../out/news.csv }
      - id: db
        use: output.sqlite
        with: { path: out/news.csv }
    """

    @Test func theDeadLetterOnAnOutputPathAndTwoOutputsOnOnePathAreLocated() {
        #expect(diagnostics(Self.yaml) == [
            "news.yaml:3:13: error: the path 'out/news.jsonl' of the dead letter is also written by output 'write' (line 8); two writers on one path would corrupt it",
            "news.yaml:14:19: error: the path 'out/news.csv' of output 'db' is also written by output 'csv' (line 11); two writers on one path would corrupt it",
        ])
    }

    @Test func setOverridesThatMakeTwoWritersOnOnePathAreRefused() {
        let distinct = Self.yaml.replacingOccurrences(of: "deadletter: out/news.jsonl", with: "deadletter: out/failed.jsonl")
            .replacingOccurrences(of: "path: out/news.csv }", with: "path: out/news.sqlite }")
        #expect(diagnostics(distinct) == [])
        #expect(diagnostics(distinct, overrides: [ParameterOverride(parsing: "db.path=out/failed.jsonl")!]) == [
            "news.yaml:3:13: error: the path 'out/failed.jsonl' of the dead letter is also written by output 'db' (--set); two writers on one path would corrupt it",
        ])
        #expect(diagnostics(distinct, overrides: [ParameterOverride(parsing: "write.path=out/news.sqlite")!]) == [
            "news.yaml:14:19: error: the path 'out/news.sqlite' of output 'db' is also written by output 'write' (--set); two writers on one path would corrupt it",
        ])
    }

    @Test func aPathThatNamesAFolderIsLocated() {
        let yaml = Self.yaml.replacingOccurrences(of: "deadletter: out/news.jsonl", with: "deadletter: out/")
            .replacingOccurrences(of: "path: out/news.jsonl }", with: "path: . }")
            .replacingOccurrences(of: "path: out/news.csv }", with: "path: \"\" }")
        #expect(diagnostics(yaml) == [
            "news.yaml:3:13: error: the path 'out/' of the dead letter names a folder, not a file",
            "news.yaml:8:19: error: the path '.' of output 'write' names a folder, not a file",
            "news.yaml:14:19: error: the path '' of output 'db' is empty",
        ])
    }

    @Test func pathsAreSplitWithoutFoundation() {
        #expect(OutputPath.split(".") == (".", "."))
        #expect(OutputPath.split("./") == (".", "."))
        #expect(OutputPath.split("a.jsonl") == (".", "a.jsonl"))
        #expect(OutputPath.split("out/a.jsonl") == ("out", "a.jsonl"))
        #expect(OutputPath.split("/a") == ("/", "a"))
        #expect(OutputPath.sibling(of: "out/a.jsonl", suffix: ".lock") == "out/.a.jsonl.lock")
        #expect(OutputPath.normalized("./out/../out/a", base: "/w") == "/w/out/a")
    }
}
