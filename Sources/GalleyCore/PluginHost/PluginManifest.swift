/// A plugin folder's `plugin.yaml`, checked: what the plugin is, how to start it and which stages it offers.
public struct PluginManifest: Sendable {
    /// How the plugin's stages run.
    public enum Kind: String, Sendable, CaseIterable {
        /// A program speaking the JSON-lines protocol on stdin/stdout.
        case process
        /// Word lists and token patterns, compiled by galley; no program.
        case rules
    }

    /// The plugin's name (shown in logs and `galley plugins`).
    public var name: String
    /// The plugin's own version string; nil when the manifest gives none (shown as "(no version)", never as 0).
    public var version: String?
    /// One line saying what it does.
    public var description: String
    /// The protocol version it speaks (1).
    public var protocolVersion: Int
    /// Process or rules.
    public var kind: Kind
    /// The program and its arguments, run without a shell with the plugin folder as working directory.
    public var command: [String]
    /// Seconds one document may take before the plugin is stopped and restarted.
    public var timeout: Double
    /// Seconds the plugin may take to start and answer the handshake.
    public var startTimeout: Double
    /// Processes started for the plugin (each also takes pipelined requests).
    public var concurrency: Int
    /// The stages it offers.
    public var stages: [ManifestStage]
    /// The plugin folder (absolute).
    public var directory: String
    /// The manifest file as shown in diagnostics.
    public var file: String

    /// The default per-document timeout, in seconds.
    public static let defaultTimeout = 30.0
    /// The default start timeout, in seconds.
    public static let defaultStartTimeout = 10.0
}

/// One stage a plugin offers: type name, summary, parameter schema, and rules for rule plugins.
public struct ManifestStage: Sendable {
    /// `phase.what`, e.g. `enrich.readability`.
    public var name: String
    /// One line for `galley stages`.
    public var summary: String
    /// The parameter schema (drives `validate`, `stages`, REPL help).
    public var parameters: [ParameterSpec]
    /// The rules of a rule stage.
    public var rules: RuleSetSpec?
    /// Where the stage is written in the manifest.
    public var location: SourceLocation
}

/// The rules of one rule stage, as written in a manifest: terms with categories and token patterns.
public struct RuleSetSpec: Sendable {
    /// The annotation kind matches are added under (`terms`), or nil for no annotations.
    public var annotation: String?
    /// The field that receives counts per category, or nil for none.
    public var field: String?
    /// Categories in the order they were declared.
    public var categories: [String]
    /// Every term of the gazetteer.
    public var terms: [RuleTerm]
    /// Token patterns.
    public var patterns: [TokenPattern]

    /// Creates a rule set.
    public init(annotation: String? = "terms", field: String? = nil, categories: [String] = [], terms: [RuleTerm] = [],
                patterns: [TokenPattern] = []) {
        self.annotation = annotation
        self.field = field
        self.categories = categories
        self.terms = terms
        self.patterns = patterns
    }
}

/// One gazetteer term: its text, category and matching options.
public struct RuleTerm: Sendable, Hashable {
    /// The text to find.
    public var text: String
    /// The category it counts towards.
    public var category: String
    /// Whether case must match exactly (otherwise ASCII letters match either case).
    public var caseSensitive: Bool
    /// Whether a match must not start or end inside a word.
    public var wholeWords: Bool

    /// Creates a term.
    public init(_ text: String, category: String, caseSensitive: Bool = false, wholeWords: Bool = true) {
        self.text = text
        self.category = category
        self.caseSensitive = caseSensitive
        self.wholeWords = wholeWords
    }
}

/// A sequence of token tests (`NUM`, `CAP`, `troops|soldiers`, `?` for optional) that marks a span.
public struct TokenPattern: Sendable, Hashable {
    /// The pattern's name, reported in each match's `pattern` attribute.
    public var name: String
    /// The category matches count towards.
    public var category: String
    /// The token tests, in order.
    public var elements: [Element]

    /// One position of a token pattern.
    public struct Element: Sendable, Hashable {
        /// What the token must be.
        public var test: Test
        /// Whether the position may be skipped.
        public var optional: Bool

        /// Creates an element.
        public init(_ test: Test, optional: Bool = false) {
            self.test = test
            self.optional = optional
        }
    }

    /// A test on one token.
    public enum Test: Sendable, Hashable {
        /// A number (`NUM`).
        case number
        /// Any word (`WORD`).
        case word
        /// A word starting with a capital letter (`CAP`).
        case capitalized
        /// Any token (`ANY`).
        case any
        /// One of these words, compared case-insensitively (`troops|soldiers`).
        case words([String])
    }

    /// Creates a pattern.
    public init(name: String, category: String, elements: [Element]) {
        self.name = name
        self.category = category
        self.elements = elements
    }

    /// Parses one element as written in a manifest (`NUM`, `CAP?`, `killed|dead`); nil when it is empty.
    public static func element(parsing text: String) -> Element? {
        var t = Substring(text)
        var optional = false
        if t.count > 1, t.last == "?" { optional = true; t = t.dropLast() }
        guard !t.isEmpty else { return nil }
        switch t {
        case "NUM": return Element(.number, optional: optional)
        case "WORD": return Element(.word, optional: optional)
        case "CAP": return Element(.capitalized, optional: optional)
        case "ANY": return Element(.any, optional: optional)
        default:
            let words = t.split(separator: "|").map(String.init)
            return words.isEmpty ? nil : Element(.words(words), optional: optional)
        }
    }
}

/// Builds the transform of a rule stage from its rules and parameters (supplied by the GalleyRules library).
public typealias RuleCompiler = @Sendable (RuleSetSpec, Parameters) throws -> any TransformStage
