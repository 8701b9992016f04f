import GalleyCore
import GalleyText
import OrderedCollections

/// The `extract.quotes` stage: direct quotations and reported speech with their speakers.
public struct ExtractQuotes: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.quotes", kind: .transform,
            summary: "Find direct quotes (straight, curly, multi-paragraph) and reported speech, with speaker and role",
            parameters: [
                ParameterSpec("indirect", .boolean, default: true, doc: "also list reported speech (`Name said that …`) as kind indirect"),
                ParameterSpec("require_speaker", .boolean, default: false, doc: "drop quotes whose speaker the article does not name"),
            ],
            make: { config in .transform(ExtractQuotes(config: config)) })
                .producing(["quotes": ["text", "speaker", "speaker_role", "kind", "start", "end"]]),
    ]

    let includeIndirect: Bool
    let requireSpeaker: Bool

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        includeIndirect = config.parameters.bool("indirect") ?? true
        requireSpeaker = config.parameters.bool("require_speaker") ?? false
    }

    /// Replaces the document's `quotes` annotations.
    public func process(_ document: inout Document) throws {
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        document.removeAnnotations("quotes")
        for quote in QuoteExtractor.quotes(in: analyzed, limit: includeIndirect && !requireSpeaker ? document.engineLimit : .max) {
            if quote.kind == .indirect && !includeIndirect { continue }
            if quote.speaker == nil && requireSpeaker { continue }
            var attributes: OrderedDictionary<String, Value> = ["text": .string(quote.text)]
            if let speaker = quote.speaker { attributes["speaker"] = .string(speaker) }
            if let role = quote.speakerRole { attributes["speaker_role"] = .string(role) }
            attributes["kind"] = .string(quote.kind.rawValue)
            guard document.addAnnotation(Annotation(kind: "quotes", start: quote.start, end: quote.end, attributes: attributes)) else { break }
        }
    }
}
