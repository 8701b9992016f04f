import OrderedCollections

/// What happens to a document that fails a stage.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Report it and go on without writing it (default).
    case skip
    /// Stop the run at the first failure.
    case fail
    /// Write it to the dead-letter file and go on.
    case deadletter
}

/// Limits that turn hostile input into per-document errors.
public struct PipelineLimits: Sendable, Hashable {
    /// Most annotations one document may carry.
    public var maxAnnotations: Int = 200_000
    /// Most seconds one stage may take on one document.
    public var stageSeconds: Double = 60

    /// The values `max_annotations` may take.
    public static let annotationRange = 1...1_000_000_000
    /// The values `stage_seconds` (and a plugin's `timeout`) may take: above 0, at most 1,000,000 s (11.6 days), so
    /// that every clock computation on them stays far inside `UInt64` nanoseconds.
    public static let secondsRange = Double.leastNonzeroMagnitude...1_000_000

    /// Seconds as nanoseconds, clamped to `secondsRange` so that no value can overflow (`UInt64(.infinity)` traps).
    public static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64(min(max(seconds, 0), secondsRange.upperBound) * 1e9)
    }

    /// The defaults.
    public init() {}
}

/// One stage of a loaded pipeline: its id, type, checked parameters and where it was written.
public struct StageSpec: Sendable {
    /// Unique id within the pipeline (defaults to the type name).
    public var id: String
    /// Stage type name.
    public var type: String
    /// Checked parameters with defaults filled in.
    public var parameters: Parameters
    /// Parameters as the pipeline (and `--set`) gave them, without defaults.
    public var written: OrderedDictionary<String, Value>
    /// Where the stage's entry starts in the YAML.
    public var location: SourceLocation?
    /// Where each parameter's value is written in the YAML (not for values given with `--set`).
    public var parameterLocations: [String: SourceLocation] = [:]

    /// Creates a stage spec.
    public init(id: String, type: String, parameters: Parameters, written: OrderedDictionary<String, Value> = [:],
                location: SourceLocation? = nil) {
        self.id = id
        self.type = type
        self.parameters = parameters
        self.written = written
        self.location = location
    }
}

/// One entry of a pipeline's `tests:` section.
public struct PipelineTest: Sendable {
    /// What the test is called.
    public var name: String
    /// The input file, resolved against the pipeline's folder.
    public var input: String
    /// Expected top-level values of the exported document.
    public var expect: OrderedDictionary<String, Value>
    /// Where the test is written.
    public var location: SourceLocation?
}

/// A pipeline loaded from YAML and checked against a stage registry.
public struct Pipeline: Sendable {
    /// The `pipeline:` name.
    public var name: String
    /// The `description:`.
    public var description: String?
    /// The YAML file as the user named it.
    public var file: String
    /// The folder of the YAML file; `input:` and test paths are relative to it.
    public var directory: String
    /// The `input:` selection, paths resolved against `directory`.
    public var input: InputSelection?
    /// The `on_error:` policy.
    public var onError: ErrorPolicy
    /// The `deadletter:` path.
    public var deadletter: String?
    /// Where the `deadletter:` path is written.
    public var deadletterLocation: SourceLocation?
    /// The `limits:`.
    public var limits: PipelineLimits
    /// The stages in order.
    public var stages: [StageSpec]
    /// The `tests:` section.
    public var tests: [PipelineTest]
    /// The YAML text it was loaded from.
    public var yaml: String
    /// What the loader warns about without refusing the pipeline (a CSV column no stage of it produces).
    public var warnings: [Diagnostic] = []

    /// The stage with this id.
    public func stage(_ id: String) -> StageSpec? { stages.first { $0.id == id } }
}

/// A `--set STAGE.PARAM=VALUE` override.
public struct ParameterOverride: Sendable, Hashable {
    /// Stage id.
    public var stage: String
    /// Parameter name.
    public var parameter: String
    /// The value, parsed as a YAML scalar.
    public var value: Value

    /// Creates an override.
    public init(stage: String, parameter: String, value: Value) {
        self.stage = stage
        self.parameter = parameter
        self.value = value
    }

    /// Parses `STAGE.PARAM=VALUE`; the value is read as a YAML scalar (`10` is an integer, `"10"` a string).
    public init?(parsing text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = text[..<eq]
        guard let dot = key.lastIndex(of: "."), dot != key.startIndex, key.index(after: dot) != key.endIndex else { return nil }
        self.stage = String(key[..<dot])
        self.parameter = String(key[key.index(after: dot)...])
        self.value = YAMLScalar.value(of: String(text[text.index(after: eq)...]))
    }
}

/// The YAML 1.2 core-schema reading of a plain scalar, shared by the loader and `--set`.
public enum YAMLScalar {
    /// `null`/`~`/empty → null, `true`/`false` → bool, integers, floats, quoted text → string, else string.
    public static func value(of text: String, plain: Bool = true) -> Value {
        guard plain else { return .string(text) }
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", "+.inf", ".Inf": return .double(.infinity)
        case "-.inf", "-.Inf": return .double(-.infinity)
        default: break
        }
        if t.count >= 2, let f = t.first, let l = t.last, (f == "\"" && l == "\"") || (f == "'" && l == "'") {
            return .string(String(t.dropFirst().dropLast()))
        }
        if isInteger(t), let i = Int(t) { return .int(i) }
        if isFloat(t), let d = Double(t) { return .double(d) }
        return .string(text)
    }

    private static func isInteger(_ t: String) -> Bool {
        var s = Substring(t)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        return !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isFloat(_ t: String) -> Bool {
        var s = Substring(t)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard let first = s.first, first.isNumber || first == "." else { return false }
        return s.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" }
            && s.contains(where: { $0.isNumber })
    }
}

import Foundation
