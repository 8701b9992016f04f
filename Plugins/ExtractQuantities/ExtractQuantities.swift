import GalleyCore
import GalleyText
import OrderedCollections

/// The `extract.quantities` stage: money, percentages, counts, durations and measures with numeric values.
public struct ExtractQuantities: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.quantities", kind: .transform,
            summary: "Find money, percentages, counts, durations and measures with value, unit, ISO currency and qualifier",
            parameters: [
                ParameterSpec("kinds", .stringList, default: [],
                              doc: "keep only these kinds (money, percent, count, duration, measure); empty keeps all"),
            ],
            make: { config in .transform(ExtractQuantities(config: config)) })
                .producing(["quantities": ["text", "kind", "value", "value_max", "unit", "currency", "qualifier", "start", "end"]]),
    ]

    let kinds: Set<String>

    /// Creates the stage from its configuration.
    public init(config: StageConfig) {
        kinds = Set(config.parameters.strings("kinds") ?? [])
    }

    /// Replaces the document's `quantities` annotations.
    public func process(_ document: inout Document) throws {
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        document.removeAnnotations("quantities")
        for quantity in QuantityExtractor.quantities(in: analyzed, limit: kinds.isEmpty ? document.engineLimit : .max) where kinds.isEmpty || kinds.contains(quantity.kind.rawValue) {
            var attributes: OrderedDictionary<String, Value> = [
                "text": .string(quantity.text), "kind": .string(quantity.kind.rawValue), "value": Self.number(quantity.value),
            ]
            if let upper = quantity.valueMax { attributes["value_max"] = Self.number(upper) }
            if let unit = quantity.unit { attributes["unit"] = .string(unit) }
            if let currency = quantity.currency { attributes["currency"] = .string(currency) }
            if let qualifier = quantity.qualifier { attributes["qualifier"] = .string(qualifier) }
            guard document.addAnnotation(Annotation(kind: "quantities", start: quantity.start, end: quantity.end, attributes: attributes)) else { break }
        }
    }

    /// An integer value for whole numbers, so `2290000000` never prints as `2.29e9`.
    static func number(_ value: Double) -> Value {
        value.rounded() == value && abs(value) < 9e15 ? .int(Int(value)) : .double(value)
    }
}
