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

    /// Runs this (non-source, non-sink) stage on one document, recording its trace and enforcing the runtime's rules.
    public func apply(to doc: inout Document, limits: PipelineLimits) throws(DocumentError) {
        let fieldsBefore = doc.fields
        let annotationCount = doc.annotations.count
        let textBefore = doc.text
        doc.pendingWarnings = []
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
        if doc.annotations.count > limits.maxAnnotations {
            throw DocumentError(path: doc.source.path, stage: id,
                                message: "\(doc.annotations.count) annotations, over the limit of \(limits.maxAnnotations)", document: doc)
        }
        if seconds > limits.stageSeconds {
            throw DocumentError(path: doc.source.path, stage: id,
                                message: String(format: "took %.1f s, over the limit of %g s per document", seconds, limits.stageSeconds), document: doc)
        }
        for a in doc.annotations[annotationCount...] where a.start < 0 || a.end < a.start {
            throw DocumentError(path: doc.source.path, stage: id, message: "annotation '\(a.kind)' has a bad span \(a.start)..<\(a.end)", document: doc)
        }
    }
}
