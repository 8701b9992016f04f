import GalleyCore
import GalleyText

/// The `enrich.stats` stage: word, sentence and paragraph counts, reading time and Flesch reading ease.
public struct EnrichStats: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.stats", kind: .transform,
            summary: "Add stats: words, sentences, paragraphs, reading minutes and Flesch reading ease",
            parameters: [
                ParameterSpec("words_per_minute", .integer, default: 238, range: 1...10_000, doc: "reading speed for reading_minutes"),
            ],
            make: { config in .transform(EnrichStats(config: config)) })
                .producing(["stats": ["words", "sentences", "paragraphs", "reading_minutes", "flesch_reading_ease"]]),
    ]

    let wordsPerMinute: Int

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        wordsPerMinute = max(1, config.parameters.int("words_per_minute") ?? 238)
    }

    /// Sets the `stats` field.
    public func process(_ document: inout Document) throws {
        let stats = TextStatistics(AnalysisCache.shared.analysis(of: document.text))
        let minutes = (Double(stats.words) / Double(wordsPerMinute) * 10).rounded() / 10
        document.fields["stats"] = [
            "words": .int(stats.words),
            "sentences": .int(stats.sentences),
            "paragraphs": .int(stats.paragraphs),
            "reading_minutes": .double(minutes),
            "flesch_reading_ease": .double(stats.fleschReadingEase),
        ]
    }
}
