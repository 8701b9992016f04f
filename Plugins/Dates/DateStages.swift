import GalleyCore
import GalleyText
import OrderedCollections

/// The `extract.dates` and `enrich.dates` stages: find date expressions, then resolve them against `published`.
public enum DateStages {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.dates", kind: .transform,
            summary: "Find absolute and relative date expressions (January 20, in October, 1953, last month, on Friday) with their grain",
            make: { _ in .transform(ExtractDates()) })
                .producing(["dates": ["text", "grain", "start", "end"]]),
        StageType(
            name: "enrich.dates", kind: .transform,
            summary: "Resolve each date expression to an ISO value (day, ISO week, month or year) against the published date",
            parameters: [
                ParameterSpec("reference", .string,
                              doc: "ISO date to resolve against when a document has no `published` field (e.g. 2024-11-24)"),
            ],
            make: { config in .transform(try EnrichDates(config: config)) })
                .producing(["dates": ["text", "value", "grain", "start", "end"]]),
    ]
}

/// The `extract.dates` stage: date expressions as `dates` annotations with `text` and `grain`.
public struct ExtractDates: TransformStage {
    /// Creates the stage.
    public init() {}

    /// Replaces the document's `dates` annotations.
    public func process(_ document: inout Document) throws {
        document.removeAnnotations("dates")
        for mention in AnalysisCache.shared.dateMentions(of: document.text, limit: document.engineLimit) {
            let attributes: OrderedDictionary<String, Value> = ["text": .string(mention.text), "grain": .string(mention.grain.rawValue)]
            guard document.addAnnotation(Annotation(kind: "dates", start: mention.start, end: mention.end, attributes: attributes)) else { break }
        }
    }
}

/// The `enrich.dates` stage: fills `value` on `dates` annotations from the document's `published` date.
public struct EnrichDates: TransformStage {
    let reference: CalendarDate?

    /// Creates the stage from its configuration; a malformed `reference` is a configuration error.
    public init(config: StageConfig) throws {
        if let text = config.parameters.string("reference") {
            guard let date = CalendarDate(iso: text) else {
                throw StageFailure("reference '\(text)' is not an ISO date like 2024-11-24")
            }
            reference = date
        } else {
            reference = nil
        }
    }

    /// Sets `value` on every `dates` annotation it can resolve; warns about those it cannot and why.
    public func process(_ document: inout Document) throws {
        guard document.annotations.contains(where: { $0.kind == "dates" }) else { return }
        let published = document.publishedDate.map { CalendarDate(year: $0.year, month: $0.month, day: $0.day) } ?? reference
        // The expressions are re-read from the text at each span, so tense and context found by extract.dates still count.
        var expressions: [Int: DateExpression] = [:]
        for mention in AnalysisCache.shared.dateMentions(of: document.text) {
            expressions[mention.start << 32 | mention.end] = mention.expression
        }
        var unresolved: [String] = []
        var reasons: Set<String> = []
        for index in document.annotations.indices where document.annotations[index].kind == "dates" {
            var annotation = document.annotations[index]
            let text = annotation.attributes["text"]?.stringValue ?? ""
            guard let expression = expressions[annotation.start << 32 | annotation.end] ?? DateExtractor.dates(in: text).first?.expression else {
                unresolved.append(text)
                reasons.insert("not a date expression")
                continue
            }
            switch DateResolver.resolve(expression, published: published) {
            case .value(let value):
                // Export order as in docs/design.md (JSON export): text, value, grain, then anything else another stage added.
                var attributes: OrderedDictionary<String, Value> = [
                    "text": .string(text), "value": .string(value),
                    "grain": annotation.attributes["grain"] ?? .string(expression.grain.rawValue),
                ]
                for (key, other) in annotation.attributes where attributes[key] == nil { attributes[key] = other }
                annotation.attributes = attributes
            case .unresolved(let reason):
                annotation.attributes.removeValue(forKey: "value")
                unresolved.append(text)
                reasons.insert(reason)
            }
            document.annotations[index] = annotation
        }
        if !unresolved.isEmpty {
            let quoted = unresolved.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            let more = unresolved.count > 5 ? " and \(unresolved.count - 5) more" : ""
            document.warn("\(unresolved.count) date(s) left without value (\(quoted)\(more)): \(reasons.sorted().joined(separator: "; "))")
        }
    }
}
