import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

@Suite struct ExamplePluginsTests {
    static func host(_ folder: String) throws -> PluginHost {
        PluginHost(manifest: try ManifestLoader().load(directory: Repository.root + "/Plugins/" + folder), log: LogSink().log)
    }

    static func doc(_ text: String) -> Document {
        Document(id: "d", source: DocumentSource(path: "d.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
    }

    @Test func readabilityScoresASmallArticle() throws {
        let host = try Self.host("Readability")
        defer { host.shutdown() }
        var d = Self.doc("The cat sat on the mat. The dog ran away from a beautiful elephant!\n\nIt was over.")
        try host.process(&d, stage: "enrich.readability", parameters: Array(#"{"field":"readability","long_sentence_words":5}"#.utf8))
        #expect(d.fields["readability"] == ["words": 17, "sentences": 3, "syllables": 23, "complex_words": 2,
                                            "flesch_reading_ease": 86.62, "flesch_kincaid_grade": 2.58, "gunning_fog": 6.97,
                                            "smog": 7.79, "coleman_liau": 0.08, "automated_readability": -1.7])
        #expect(d.annotations == [Annotation(kind: "long_sentences", start: 0, end: 23, attributes: ["words": 6]),
                                  Annotation(kind: "long_sentences", start: 24, end: 67, attributes: ["words": 8])])
    }

    @Test func readabilityRejectsAnUnknownFormulaForThatDocumentOnly() throws {
        let host = try Self.host("Readability")
        defer { host.shutdown() }
        var d = Self.doc("One sentence here.")
        #expect(throws: StageFailure("plugin 'readability' reported an error: ValueError: unknown formula 'lix' (known: flesch_reading_ease, flesch_kincaid_grade, gunning_fog, smog, coleman_liau, automated_readability)")) {
            try host.process(&d, stage: "enrich.readability", parameters: Array(#"{"formulas":["smog","lix"]}"#.utf8))
        }
        try host.process(&d, stage: "enrich.readability", parameters: Array(#"{"formulas":["smog"],"field":"r"}"#.utf8))
        #expect(d.fields["r"] == ["words": 3, "sentences": 1, "syllables": 4, "complex_words": 0, "smog": 3.13])
    }

    @Test func shellWordCountCountsWordsAndParagraphs() throws {
        let host = try Self.host("WordCount")
        defer { host.shutdown() }
        var d = Self.doc("He said \"no\" twice.\n\nA \\ backslash\tand tab.\n\nLast one here, with four words more")
        try host.process(&d, stage: "enrich.wordcount", parameters: Array(#"{"field":"wc"}"#.utf8))
        #expect(d.fields["wc"] == ["words": 16, "paragraphs": 3, "longest_paragraph_words": 7])
    }

    @Test func allThreeExamplePluginsOnTheSeedArticle() throws {
        let found = Builtins.withPlugins(pipelineDirectory: Repository.root + "/Pipelines")
        defer { found.shutdown() }
        let pipeline = try PipelineLoader(registry: found.registry).load(file: Repository.root + "/Pipelines/plugins.yaml")
        let runner = try Runner(pipeline: pipeline, registry: found.registry)
        guard case .source(let source)? = runner.stages.first?.instance,
              case .success(var doc)? = source.load(SourceItem(path: Repository.seedArticle, relativePath: "000_f33259cb4be8492d.txt")).first
        else { Issue.record("cannot load the seed"); return }
        try runner.transform(&doc)
        #expect(doc.fields["readability"] == ["words": 822, "sentences": 46, "syllables": 1314, "complex_words": 122,
                                              "flesch_reading_ease": 53.46, "flesch_kincaid_grade": 10.24, "gunning_fog": 13.08,
                                              "smog": 12.43, "coleman_liau": 10.83, "automated_readability": 10.16])
        #expect(doc.annotations("long_sentences").map { [$0.start, $0.end] } == [[1923, 2181], [3409, 3617]])
        #expect(doc.fields["wordcount"] == ["words": 821, "paragraphs": 26, "longest_paragraph_words": 53])
        #expect(doc.fields["conflict_terms"]?["forces"] == 27)
        #expect(doc.trace.map(\.stage) == ["extract.html", "extract.article", "enrich.readability", "enrich.wordcount", "enrich.conflict_terms"])
    }
}
