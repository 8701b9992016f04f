import Foundation
import GalleyCore
import GalleyText
import Synchronization

/// The `enrich.keywords` stage: the top key phrases of the text, YAKE-style, with stop words for the document's
/// language (`Resources/stopwords.txt`) and names from `extract.entities` kept whole.
public struct EnrichKeywords: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.keywords", kind: .transform,
            summary: "Add keywords: the top key phrases (YAKE-style word statistics; names kept whole)",
            parameters: [
                ParameterSpec("count", .integer, default: 10, range: 1...1000, doc: "how many key phrases"),
                ParameterSpec("max_words", .integer, default: 3, range: 1...8, doc: "words in a phrase, at most (whole names may be longer)"),
                ParameterSpec("language", .string, default: "",
                              doc: "stop-word list to use; empty: the document's language field, else English"),
                ParameterSpec("entities", .boolean, default: true, doc: "keep names from extract.entities whole and prefer them"),
            ],
            make: { config in .transform(try EnrichKeywords(config: config)) }),
    ]

    let extractors: [String: KeyphraseExtractor]
    let fixedLanguage: String?
    let useEntities: Bool

    /// Creates the stage from its configuration.
    public init(config: StageConfig) throws {
        let lists = try Self.stopWordLists()
        let count = config.parameters.int("count") ?? 10
        let maxWords = config.parameters.int("max_words") ?? 3
        var extractors: [String: KeyphraseExtractor] = [:]
        for (language, words) in lists {
            extractors[language] = KeyphraseExtractor(stopWords: WordSet(words), maxWords: maxWords, count: count, englishFolding: language == "en")
        }
        self.extractors = extractors
        let language = config.parameters.string("language") ?? ""
        if !language.isEmpty && lists[language] == nil {
            throw StageFailure("enrich.keywords: no stop words for '\(language)'; the languages are \(lists.keys.sorted().joined(separator: ", "))")
        }
        fixedLanguage = language.isEmpty ? nil : language
        useEntities = config.parameters.bool("entities") ?? true
    }

    private static let lists = Mutex<[String: [String]]?>(nil)

    /// The bundled stop-word lists by language.
    static func stopWordLists() throws -> [String: [String]] {
        if let l = lists.withLock({ $0 }) { return l }
        guard let path = Bundle.module.path(forResource: "stopwords", ofType: "txt"),
              let data = FileManager.default.contents(atPath: path) else {
            throw StageFailure("enrich.keywords: the bundled stop words are missing from this build (Resources/stopwords.txt)")
        }
        var out: [String: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            out[String(parts[0])] = parts[1].split(separator: " ").map(String.init)
        }
        lists.withLock { $0 = out }
        return out
    }

    /// Adds `keywords` annotations ({text, score} at the phrase's first occurrence), best first.
    public func process(_ document: inout Document) throws {
        let language = fixedLanguage ?? document.fields["language"]?.stringValue.flatMap { extractors[$0] == nil ? nil : $0 } ?? "en"
        guard let extractor = extractors[language] ?? extractors["en"] else { return }
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        let entities = useEntities ? document.annotations.compactMap { a -> (start: Int, end: Int, canonical: String?, kind: NameKind)? in
            guard a.kind == "entities" else { return nil }
            let canonical = a.attributes["canonical"]?.stringValue
            let kind: NameKind
            switch a.attributes["link_type"]?.stringValue {
            case "country", "city", "region": kind = .place
            case "demonym": kind = .nationality
            default: kind = .name
            }
            return (a.start, a.end, canonical == a.attributes["text"]?.stringValue ? nil : canonical, kind)
        } : []
        let phrases = extractor.keyphrases(analyzed, entities: entities)
        document.removeAnnotations("keywords")
        for p in phrases {
            document.annotations.append(Annotation(kind: "keywords", start: p.start, end: p.end,
                                                   attributes: ["text": .string(p.text), "score": .double(p.score)]))
        }
    }
}
