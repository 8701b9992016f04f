import GalleyCore
import OrderedCollections

/// The stage of a rule plugin: adds an annotation per match and/or a field counting matches per category.
public struct RuleStage: TransformStage {
    /// The compiled rules.
    public let matcher: RuleMatcher
    /// The annotation kind, or nil for none.
    public let annotation: String?
    /// The counts field, or nil for none.
    public let field: String?

    /// Compiles a rule set with a stage's parameters (`categories`, `annotate`).
    public init(_ spec: RuleSetSpec, parameters: Parameters) {
        matcher = RuleMatcher(spec, categories: parameters.strings("categories") ?? [])
        annotation = parameters.bool("annotate") == false ? nil : spec.annotation
        field = spec.field
    }

    /// Finds the matches in the document's text and records them.
    public func process(_ document: inout Document) throws {
        let matches = matcher.matches(in: document.text)
        if let annotation {
            for m in matches {
                var attributes: OrderedDictionary<String, Value> = [
                    "text": .string(m.text),
                    "category": .string(m.category),
                ]
                if let t = m.term { attributes["term"] = .string(t) }
                if let p = m.pattern { attributes["pattern"] = .string(p) }
                guard document.addAnnotation(Annotation(kind: annotation, start: m.start, end: m.end, attributes: attributes)) else { break }
            }
        }
        if let field {
            var counts = OrderedDictionary<String, Value>()
            for c in matcher.categories { counts[c] = .int(0) }
            for m in matches { counts[m.category] = .int((counts[m.category]?.intValue ?? 0) + 1) }
            document.fields[field] = .object(counts)
        }
    }
}

/// The GalleyRules library's entry point for plugin discovery.
public enum GalleyRules {
    /// Compiles a rule stage; pass it to `PluginDiscovery.registry(…compileRules:)`.
    public static let compiler: RuleCompiler = { spec, parameters in RuleStage(spec, parameters: parameters) }
}
