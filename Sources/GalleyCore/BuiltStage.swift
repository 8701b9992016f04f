import Foundation
import OrderedCollections

/// A pipeline stage with its instance, ready to run.
public struct BuiltStage: Sendable {
    /// The stage as the pipeline wrote it.
    public var spec: StageSpec
    /// Its type.
    public var type: StageType
    /// The running instance.
    public var instance: StageInstance

    /// The stage id.
    public var id: String { spec.id }

    /// Wraps a stage instance built outside a pipeline (tests, fuzzers, the REPL).
    public init(spec: StageSpec, type: StageType, instance: StageInstance) {
        self.spec = spec
        self.type = type
        self.instance = instance
    }

    /// Builds every stage of a pipeline; throws one diagnostic per stage that cannot be built.
    public static func build(_ pipeline: Pipeline, registry: StageRegistry) throws(DiagnosticList) -> [BuiltStage] {
        var built: [BuiltStage] = []
        var problems: [Diagnostic] = []
        for spec in pipeline.stages {
            guard let type = registry[spec.type] else {
                problems.append(Diagnostic("unknown stage type '\(spec.type)'", at: spec.location))
                continue
            }
            do {
                let config = StageConfig(id: spec.id, type: spec.type, parameters: spec.parameters, pipelineDirectory: pipeline.directory)
                built.append(BuiltStage(spec: spec, type: type, instance: try type.make(config)))
            } catch {
                problems.append(Diagnostic("stage '\(spec.id)' cannot start: \(error)", at: spec.location))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return built
    }

    /// A field and a kind of annotation share the export's top-level keys: a field named like the document's
    /// annotations (`paragraphs`) would hide them in every export. Checks what a stage just added against the rest.
    static func nameClash(_ doc: Document, newFields: [String], newAnnotationsFrom start: Int) -> String? {
        if start < doc.annotations.count {
            var seen = Set<String>()
            for a in doc.annotations[start...] where seen.insert(a.kind).inserted && doc.fields[a.kind] != nil {
                return "added annotations of kind '\(a.kind)', but the document has a field '\(a.kind)'; the export would hide one of them (give the annotations or the field another name)"
            }
        }
        guard !newFields.isEmpty else { return nil }
        let wanted = Set(newFields)
        for a in doc.annotations where wanted.contains(a.kind) {
            return "set the field '\(a.kind)', but the document has annotations of kind '\(a.kind)'; the export would hide one of them (give the field another name)"
        }
        return nil
    }

    /// Runs this (non-source, non-sink) stage on one document, recording its trace and enforcing the runtime's rules.
    public func apply(to doc: inout Document, limits: PipelineLimits) throws(DocumentError) {
        let fieldsBefore = doc.fields
        let annotationCount = doc.annotations.count
        let textBefore = doc.text
        doc.pendingWarnings = []
        doc.annotationLimit = limits.maxAnnotations
        doc.annotationsRefused = false
        defer { doc.annotationLimit = .max }
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            switch instance {
            case .transform(let t): try t.process(&doc)
            case .corpus(let c): try c.process(&doc)
            case .sink(let s): try s.write(doc)
            case .source: break
            }
        } catch let e as DocumentError {
            throw e
        } catch {
            throw DocumentError(path: doc.source.path, stage: id, message: "\(error)", document: doc)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var entry = TraceEntry(stage: id, seconds: seconds, warnings: doc.pendingWarnings)
        doc.pendingWarnings = []
        for (k, v) in doc.fields where fieldsBefore[k] != v { entry.fieldsAdded.append(k) }
        if doc.annotations.count > annotationCount {
            for a in doc.annotations[annotationCount...] { entry.annotationsAdded[a.kind, default: 0] += 1 }
        }
        if doc.text != textBefore {
            if type.phase >= .enrich {
                throw DocumentError(path: doc.source.path, stage: id,
                                    message: "a \(type.phase) stage may not replace the text (only ingest and extract stages may)", document: doc)
            }
            entry.replacedText = true
        }
        doc.trace.append(entry)
        if doc.annotationsRefused {
            doc.annotationsRefused = false
            throw DocumentError(path: doc.source.path, stage: id,
                                message: "more than \(limits.maxAnnotations) annotations, over the limit of \(limits.maxAnnotations) (limits.max_annotations; the stage stopped at the limit)", document: doc)
        }
        if doc.annotations.count > limits.maxAnnotations {
            throw DocumentError(path: doc.source.path, stage: id,
                                message: "\(doc.annotations.count) annotations, over the limit of \(limits.maxAnnotations)", document: doc)
        }
        if seconds > limits.stageSeconds {
            throw DocumentError(path: doc.source.path, stage: id,
                                message: String(format: "took %.1f s, over the limit of %g s per document", seconds, limits.stageSeconds), document: doc)
        }
        // A stage that recomputes a kind removes the old ones first, so there may be fewer annotations than before.
        for a in doc.annotations[min(annotationCount, doc.annotations.count)...] where a.start < 0 || a.end < a.start {
            throw DocumentError(path: doc.source.path, stage: id, message: "annotation '\(a.kind)' has a bad span \(a.start)..<\(a.end)", document: doc)
        }
        if let clash = Self.nameClash(doc, newFields: entry.fieldsAdded, newAnnotationsFrom: annotationCount) {
            throw DocumentError(path: doc.source.path, stage: id, message: clash, document: doc)
        }
    }
}
