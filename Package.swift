// swift-tools-version: 6.1
import PackageDescription

/// A Swift plugin: a library target in `Plugins/<name>` whose public type `<name>` exports `stageTypes`.
struct SwiftPlugin {
    var name: String
    var dependencies: [Target.Dependency] = []
    var resources: [Resource]? = nil

    var target: Target {
        .target(name: name, dependencies: ["GalleyCore"] + dependencies, path: "Plugins/\(name)", resources: resources)
    }
}

/// Every Swift plugin compiled into galley — the one list to extend when adding one (docs/plugins.md, "Writing a
/// Swift stage"): it makes the targets, GalleyBuiltins' dependencies and, through BuildPlugins/BuiltinRegistry,
/// the builtin registry. Plugins depend on GalleyCore and shared libraries only, never on another plugin.
let swiftPlugins: [SwiftPlugin] = [
    SwiftPlugin(name: "IngestFiles", dependencies: ["Yams", "CZlib"]),
    SwiftPlugin(name: "ExtractHTML", dependencies: ["CLibXML2", .product(name: "OrderedCollections", package: "swift-collections")]),
    SwiftPlugin(name: "ExtractArticle"),
    SwiftPlugin(name: "ExtractSentences", dependencies: ["GalleyText"]),
    SwiftPlugin(name: "ExtractQuotes", dependencies: ["GalleyText"]),
    SwiftPlugin(name: "ExtractQuantities", dependencies: ["GalleyText"]),
    // The entity tagger's model ships as a resource (Resources/conll2003.model, made by galley-ner-train).
    SwiftPlugin(name: "ExtractEntities", dependencies: ["GalleyText", .product(name: "OrderedCollections", package: "swift-collections")],
                resources: [.copy("Resources/conll2003.model")]),
    SwiftPlugin(name: "Dates", dependencies: ["GalleyText"]),
    SwiftPlugin(name: "EnrichStats", dependencies: ["GalleyText"]),
    // Language profiles (Resources/languages.profile) made by scripts/build-language-profiles.py.
    SwiftPlugin(name: "EnrichLanguage", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
                resources: [.copy("Resources/languages.profile")]),
    // Stop words (Resources/stopwords.txt) made by scripts/build-language-profiles.py.
    SwiftPlugin(name: "EnrichKeywords", dependencies: ["GalleyText"], resources: [.copy("Resources/stopwords.txt")]),
    SwiftPlugin(name: "EnrichSummary", dependencies: ["GalleyText"]),
    // The gazetteer (Resources/gazetteer.tsv) made by scripts/build-gazetteer.py.
    SwiftPlugin(name: "EnrichEntities", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
                resources: [.copy("Resources/gazetteer.tsv")]),
    SwiftPlugin(name: "EnrichDuplicates", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    SwiftPlugin(name: "OutputJSONL"),
    SwiftPlugin(name: "OutputSQLite", dependencies: ["GalleyRows", .product(name: "GRDB", package: "GRDB.swift"), "CSQLiteConfig"]),
    SwiftPlugin(name: "OutputCSV"),
    SwiftPlugin(name: "OutputMarkdown"),
    SwiftPlugin(name: "OutputReport", dependencies: ["GalleyRows"]),
    SwiftPlugin(name: "OutputPostgres", dependencies: ["GalleyRows", "CLibPQ"]),
]

/// The text extraction and enrichment plugins built on GalleyText (for their tests).
let textStages: [Target.Dependency] = ["ExtractHTML", "ExtractSentences", "ExtractQuotes", "ExtractQuantities", "ExtractEntities", "Dates", "EnrichStats",
                                       "EnrichLanguage", "EnrichKeywords", "EnrichSummary", "EnrichEntities", "EnrichDuplicates"]

let package = Package(
    name: "Galley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "galley", targets: ["galley"]),
        // The libraries, for the fuzzers in Fuzz/ (a package of their own, built with -sanitize=fuzzer).
        .library(name: "GalleyLibraries", targets: ["GalleyCore", "IngestFiles", "ExtractArticle", "ExtractHTML", "OutputJSONL",
                                                    "ExtractSentences", "ExtractQuotes", "ExtractQuantities", "Dates", "EnrichStats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // Core runtime: documents, stages, registry, pipeline YAML, runner, diagnostics.
        .target(name: "GalleyCore", dependencies: [
            "Yams",
            .product(name: "OrderedCollections", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        // The text engines the text stages share, one folder each: Primitives (tokenizer, scalar offsets, word sets,
        // lexicon, multi-pattern matcher, number parsing), Sentences, Quotes, Quantities, Dates, Entities, Statistics.
        .target(name: "GalleyText", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // Rule plugins (`kind: rules`): word lists and token patterns compiled into one matcher.
        .target(name: "GalleyRules", dependencies: [
            "GalleyCore", "GalleyText", .product(name: "OrderedCollections", package: "swift-collections"),
        ]),
        // libreadline for the REPL.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CSQLiteConfig", path: "Sources/CSQLiteConfig"),
        // libxml2's HTML parser (SAX) for extract.html; zlib for .gz inputs.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libpq, PostgreSQL's own client library, for output.postgres (COPY for bulk loads).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The row model both database outputs write: SQL values, annotation tables, documents flattened to rows.
        .target(name: "GalleyRows", dependencies: ["GalleyCore", .product(name: "OrderedCollections", package: "swift-collections")]),

        // Swift plugins (one folder each under Plugins/), from the list above.
    ] + swiftPlugins.map(\.target) + [
        // Every Swift plugin, folded into the builtin registry (written by BuildPlugins/BuiltinRegistry).
        .target(name: "GalleyBuiltins", dependencies: ["GalleyCore", "GalleyRules"] + swiftPlugins.map { .target(name: $0.name) },
                plugins: ["BuiltinRegistry"]),
        .plugin(name: "BuiltinRegistry", capability: .buildTool(), path: "BuildPlugins/BuiltinRegistry"),
        // The REPL: session, commands, rendering, line editing over readline.
        .target(name: "GalleyREPL", dependencies: [
            "GalleyCore", "CReadline", "Yams",
            .product(name: "OrderedCollections", package: "swift-collections"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The command-line front end.
        .executableTarget(name: "galley", dependencies: [
            "GalleyCore", "GalleyBuiltins", "GalleyREPL", "OutputSQLite",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers for tests: temporary folders, running the galley binary, repository paths.
        .target(name: "GalleyTesting"),

        .testTarget(name: "GalleyCoreTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting"]),
        .testTarget(name: "GalleyTextTests", dependencies: ["GalleyText"]),
        .testTarget(name: "PluginTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting", "IngestFiles", "ExtractArticle", "OutputJSONL", "CZlib"]),
        .testTarget(name: "CLITests", dependencies: ["GalleyCore", "GalleyTesting"]),
        .testTarget(name: "TextStagesTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting"] + textStages),
        .testTarget(name: "PluginHostTests", dependencies: ["GalleyCore", "GalleyRules", "GalleyBuiltins", "GalleyTesting"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GalleyREPLTests", dependencies: ["GalleyREPL", "GalleyCore", "GalleyBuiltins", "GalleyTesting"]),

        // Release-build timing of the GalleyText extractors over a folder of articles.
        .executableTarget(name: "galley-text-bench", dependencies: ["GalleyText", "GalleyCore", "GalleyBuiltins"], path: "Benchmarks/TextBench",
                          exclude: ["quantities-dev.tsv"]),
        // Trains and evaluates the entity model of extract.entities on CoNLL-format data.
        .executableTarget(name: "galley-ner-train", dependencies: ["GalleyText"], path: "Benchmarks/NERTrain"),
        .testTarget(name: "NERTrainTests", dependencies: ["galley-ner-train", "GalleyText", "GalleyTesting"]),
        // Release-build timing of one output stage over documents held in memory.
        .executableTarget(name: "galley-sink-bench", dependencies: ["GalleyCore", "GalleyBuiltins", .product(name: "OrderedCollections", package: "swift-collections")], path: "Benchmarks/SinkBench"),
        // Release-build cost of the enrichment stages, and their outputs for scripts/bench_enrich.py.
        .executableTarget(name: "galley-enrich-bench", dependencies: ["GalleyCore", "GalleyBuiltins"], path: "Benchmarks/EnrichBench"),
        .testTarget(name: "EnrichmentTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting"] + textStages),
        .testTarget(name: "RobustnessTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting", "IngestFiles"]),
        .testTarget(name: "OutputTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting", "IngestFiles", "ExtractArticle",
                                                        "GalleyRows", "OutputSQLite", "OutputCSV", "OutputMarkdown", "OutputReport", "OutputPostgres",
                                                        .product(name: "GRDB", package: "GRDB.swift"),
                                                        .product(name: "OrderedCollections", package: "swift-collections")]),
    ],
    swiftLanguageModes: [.v6]
)
