import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyRules
import GalleyTesting
import Testing

@Suite struct RulesTests {
    static func stage(_ yaml: String, parameters: [String: Value] = [:]) throws -> RuleStage {
        let m = try ManifestLoader().load(yaml: yaml, file: "plugin.yaml", directory: "/tmp")
        var values = Parameters()
        for p in m.stages[0].parameters { values.values[p.name] = parameters[p.name] ?? p.defaultValue }
        return RuleStage(try #require(m.stages[0].rules), parameters: values)
    }

    static let rules = """
        name: t
        protocol: 1
        kind: rules
        stages:
          - name: enrich.t
            summary: T.
            field: counts
            terms:
              orgs: { case_sensitive: true, terms: [NATO, UN] }
              arms: [missile, missiles, ballistic missile]
              stems: { whole_words: false, terms: [warfare] }
            patterns:
              - { name: size, category: figures, tokens: [NUM, "troops|soldiers"] }
              - { name: named, category: figures, tokens: [CAP, "Army?", forces] }
        """

    static func doc(_ text: String) -> Document {
        Document(id: "d", source: DocumentSource(path: "d.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"), text: text)
    }

    @Test func curlyQuotesAndDashesAreWordBoundaries() throws {
        var d = Self.doc("“Missiles”—missile–NATO’s; Korea’s")
        try Self.stage(Self.rules).process(&d)
        #expect(d.annotations.map { "\($0.attributes["text"]!)@\($0.start)..<\($0.end)" } == ["Missiles@1..<9", "missile@11..<18", "NATO@19..<23"])
    }

    @Test func phrasesMatchAcrossLineBreaksHyphensAndPossessives() throws {
        let yaml = """
            name: t
            protocol: 1
            kind: rules
            stages:
              - name: enrich.t
                summary: T.
                terms: { people: [Kim Jong-un, Kim, U.S. president], places: [North Korea] }
            """
        var d = Self.doc("Kim Jong-un’s North\nKorea; Kim's U.S. president, not North Koreans or Kimberley.")
        try Self.stage(yaml).process(&d)
        #expect(d.annotations.map { "\($0.attributes["text"]!)@\($0.start)" } == ["Kim Jong-un@0", "North\nKorea@14", "Kim@27", "U.S. president@33"])
    }

    @Test func caseAndWordBoundaryOptionsPerCategory() throws {
        var d = Self.doc("NATO and nato; the UN, a unit. A Ballistic missile, missiles, cyberwarfare and “Missile”.")
        try Self.stage(Self.rules).process(&d)
        let found = d.annotations.map { "\($0.attributes["text"]!)|\($0.attributes["category"]!)|\($0.start)" }
        #expect(found == ["NATO|orgs|0", "UN|orgs|19", "Ballistic missile|arms|33", "missiles|arms|52", "warfare|stems|67",
                          "Missile|arms|80"])
        #expect(d.fields["counts"] == ["orgs": 2, "arms": 3, "stems": 1, "figures": 0])
    }

    @Test func tokenPatternsWithOptionalTokens() throws {
        var d = Self.doc("Some 5,000 troops met 12 soldiers. Kursk Army forces and Russian forces held.")
        try Self.stage(Self.rules).process(&d)
        let found = d.annotations.map { "\($0.attributes["text"]!)|\($0.attributes["pattern"] ?? "-")" }
        #expect(found == ["5,000 troops|size", "12 soldiers|size", "Kursk Army forces|named", "Russian forces|named"])
        #expect(d.fields["counts"]?["figures"] == 4)
    }

    @Test func categoriesParameterAndAnnotateFalseLeaveOnlyCounts() throws {
        var d = Self.doc("NATO fired a missile at 300 troops.")
        try Self.stage(Self.rules, parameters: ["categories": ["arms"], "annotate": false]).process(&d)
        #expect(d.annotations.isEmpty)
        #expect(d.fields["counts"] == ["arms": 1])
    }

    @Test func conflictTermsOnTheSeedArticle() throws {
        let found = Builtins.withPlugins(pipelineDirectory: Repository.root + "/Pipelines")
        let yaml = """
            pipeline: t
            stages:
              - use: ingest.files
              - use: extract.article
              - use: enrich.conflict_terms
            """
        let pipeline = try PipelineLoader(registry: found.registry).load(yaml: yaml, file: "t.yaml", directory: Repository.root + "/Pipelines")
        let runner = try Runner(pipeline: pipeline, registry: found.registry)
        guard case .source(let source)? = runner.stages.first?.instance, case .success(var doc)? = source.load(SourceItem(path: Repository.seedArticle, relativePath: "000_f33259cb4be8492d.txt")).first
        else { Issue.record("cannot load the seed"); return }
        try runner.transform(&doc)
        #expect(doc.fields["conflict_terms"] == ["forces": 27, "weapons": 6, "combat": 17, "casualties": 5, "diplomacy": 4, "alliances": 0, "figures": 2])
        let terms = doc.annotations("terms")
        #expect(terms.count == 61)
        let first = try #require(terms.first)
        #expect(first.attributes == ["text": "soldier", "category": "forces", "term": "soldier"])
        let scalars = Array(doc.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[first.start..<first.end])) == "soldier")
        let figures = terms.filter { $0.attributes["category"] == "figures" }.map { $0.attributes["text"]! }
        #expect(figures == ["10,000 men", "lost 42,000"])
        for t in terms { #expect(String(String.UnicodeScalarView(scalars[t.start..<t.end])) == t.attributes["text"]?.stringValue) }
    }
}
