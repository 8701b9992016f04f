import Foundation
import GalleyCore
import GalleyText
import OrderedCollections
import Synchronization

/// The `extract.entities` stage: people, places, organisations and other names, tagged by an averaged perceptron
/// (`GalleyText.EntityRecognizer`). The bundled model is trained on CoNLL-2003 English news; `galley-ner-train`
/// trains others.
public struct ExtractEntities: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "extract.entities", kind: .transform,
            summary: "Find people, places, organisations and other names (PER, LOC, ORG, MISC) with a trained tagger",
            parameters: [
                ParameterSpec("model", .string, default: "default",
                              doc: "entity model file made by galley-ner-train, relative to the pipeline; 'default': the bundled CoNLL-2003 model"),
                ParameterSpec("labels", .stringList, default: [],
                              doc: "keep only these labels (PER, LOC, ORG, MISC); empty keeps all"),
            ],
            make: { config in .transform(try ExtractEntities(config: config)) })
                .producing(["entities": ["text", "label", "canonical", "link", "start", "end"]]),
    ]

    let recognizer: EntityRecognizer
    let labels: Set<String>

    /// Creates the stage from its configuration, loading its model (each file once per process).
    public init(config: StageConfig) throws {
        let name = config.parameters.string("model") ?? "default"
        let path: String
        if name.isEmpty || name == "default" {
            guard let bundled = Bundle.module.path(forResource: "conll2003", ofType: "model") else {
                throw StageFailure("extract.entities: the bundled model is missing from this build (Resources/conll2003.model)")
            }
            path = bundled
        } else {
            path = name.hasPrefix("/") ? name : config.pipelineDirectory + "/" + name
        }
        recognizer = EntityRecognizer(model: try Self.model(at: path))
        labels = Set(config.parameters.strings("labels") ?? [])
        for label in labels where !EntityModel.types.contains(label) {
            throw StageFailure("extract.entities: unknown label '\(label)'; the labels are \(EntityModel.types.joined(separator: ", "))")
        }
    }

    private static let models = Mutex<[String: EntityModel]>([:])

    static func model(at path: String) throws -> EntityModel {
        if let model = models.withLock({ $0[path] }) { return model }
        let model: EntityModel
        do { model = try EntityModel(contentsOf: path) } catch { throw StageFailure("extract.entities: \(error)") }
        models.withLock { $0[path] = model }
        return model
    }

    /// Replaces the document's `entities` annotations. A one-word name of a person that is the last word of a
    /// longer name found earlier in the document ("Putin" after "Vladimir Putin") gets the first such name as
    /// `canonical`. (Family names first, as in Korean, are not matched: "Kim" could be any Kim.)
    public func process(_ document: inout Document) throws {
        let analyzed = AnalysisCache.shared.analysis(of: document.text)
        document.removeAnnotations("entities")
        var fullNames: [String: String] = [:]  // last word → full name, people only
        for entity in recognizer.entities(in: analyzed, limit: labels.isEmpty ? document.engineLimit : .max) where labels.isEmpty || labels.contains(entity.label) {
            var attributes: OrderedDictionary<String, Value> = ["text": .string(entity.text), "label": .string(entity.label)]
            if entity.label == "PER" {
                let words = entity.text.split(separator: " ")
                if words.count > 1, let last = words.last {
                    if fullNames[String(last)] == nil { fullNames[String(last)] = entity.text }
                } else if let full = fullNames[entity.text] {
                    attributes["canonical"] = .string(full)
                }
            }
            guard document.addAnnotation(Annotation(kind: "entities", start: entity.start, end: entity.end, attributes: attributes)) else { break }
        }
    }
}
