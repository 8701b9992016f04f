import GalleyCore
import GalleyText

/// The `extract.sentences` stage: sentence spans that respect abbreviations, decimals, quotes and paragraph breaks.
public struct ExtractSentences: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.sentences", kind: .transform,
            summary: "Split the text into sentences (abbreviations, initials, decimals, closing quotes; never across a paragraph break)",
            make: { _ in .transform(ExtractSentences()) })
                .producing(["sentences": ["start", "end"]]),
    ]

    /// Creates the stage.
    public init() {}

    /// Replaces the document's `sentences` annotations.
    public func process(_ document: inout Document) throws {
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        document.removeAnnotations("sentences")
        for s in analyzed.sentences { guard document.addAnnotation(Annotation(kind: "sentences", start: s.start, end: s.end)) else { break } }
    }
}
