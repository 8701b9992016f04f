// swift-tools-version: 6.0
import PackageDescription

/// A Swift plugin: a library target in `Plugins/<name>` that exports its stage types.
func plugin(_ name: String, dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: ["GalleyCore"] + dependencies, path: "Plugins/\(name)")
}

/// The text extraction and enrichment plugins built on GalleyText.
let textStages: [Target.Dependency] = ["ExtractHTML", "ExtractSentences", "ExtractQuotes", "ExtractQuantities", "ExtractEntities", "Dates", "EnrichStats"]

/// The output plugins beyond JSON lines.
let outputStages: [Target.Dependency] = ["OutputSQLite", "OutputCSV", "OutputMarkdown", "OutputReport", "OutputPostgres"]

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
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Core runtime: documents, stages, registry, pipeline YAML, runner, diagnostics.
        .target(name: "GalleyCore", dependencies: [
            "Yams",
            .product(name: "OrderedCollections", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        // Shared text utilities: byte scanning, tokenizer, sentence splitter, offsets.
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

        // Swift plugins (one folder each under Plugins/).
        plugin("IngestFiles", dependencies: ["Yams", "CZlib"]),
        plugin("ExtractHTML", dependencies: ["CLibXML2", .product(name: "OrderedCollections", package: "swift-collections")]),
        plugin("ExtractArticle"),
        plugin("OutputJSONL"),
        plugin("ExtractSentences", dependencies: ["GalleyText"]),
        plugin("ExtractQuotes", dependencies: ["GalleyText"]),
        plugin("ExtractQuantities", dependencies: ["GalleyText"]),
        // The entity tagger's model ships as a resource (Resources/conll2003.model, made by galley-ner-train).
        .target(name: "ExtractEntities", dependencies: ["GalleyCore", "GalleyText", .product(name: "OrderedCollections", package: "swift-collections")],
                path: "Plugins/ExtractEntities", resources: [.copy("Resources/conll2003.model")]),
        plugin("Dates", dependencies: ["GalleyText"]),
        plugin("EnrichStats", dependencies: ["GalleyText"]),
        plugin("OutputSQLite", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "CSQLiteConfig",
                                              .product(name: "OrderedCollections", package: "swift-collections")]),
        plugin("OutputCSV"),
        plugin("OutputMarkdown"),
        plugin("OutputReport"),
        plugin("OutputPostgres", dependencies: ["OutputSQLite", .product(name: "PostgresNIO", package: "postgres-nio"),
                                               .product(name: "GRDB", package: "GRDB.swift")]),

        // Every Swift plugin, folded into the builtin registry.
        .target(name: "GalleyBuiltins", dependencies: ["GalleyCore", "GalleyRules", "IngestFiles", "ExtractArticle", "OutputJSONL"]
                    + textStages + outputStages),
        // The REPL: session, commands, rendering, line editing over readline.
        .target(name: "GalleyREPL", dependencies: [
            "GalleyCore", "CReadline", "Yams",
            .product(name: "OrderedCollections", package: "swift-collections"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The command-line front end.
        .executableTarget(name: "galley", dependencies: [
            "GalleyCore", "GalleyBuiltins", "CReadline", "GalleyREPL", "OutputSQLite", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers for tests: temporary folders, running the galley binary, repository paths.
        .target(name: "GalleyTesting"),

        .testTarget(name: "GalleyCoreTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting"]),
        .testTarget(name: "GalleyTextTests", dependencies: ["GalleyText"]),
        .testTarget(name: "PluginTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting", "IngestFiles", "ExtractArticle", "OutputJSONL", "CZlib"]),
        .testTarget(name: "CLITests", dependencies: ["GalleyCore", "GalleyTesting"]),
        .testTarget(name: "TextStagesTests", dependencies: ["GalleyCore", "GalleyBuiltins", "GalleyTesting"] + textStages),
        .testTarget(name: "PluginHostTests", dependencies: ["GalleyCore", "GalleyRules", "GalleyBuiltins"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GalleyREPLTests", dependencies: ["GalleyREPL", "GalleyCore", "GalleyBuiltins"]),

        // Release-build timing of the GalleyText extractors over a folder of articles.
        .executableTarget(name: "galley-text-bench", dependencies: ["GalleyText", "GalleyCore", "GalleyBuiltins"], path: "Benchmarks/TextBench"),
        // Trains and evaluates the entity model of extract.entities on CoNLL-format data.
        .executableTarget(name: "galley-ner-train", dependencies: ["GalleyText"], path: "Benchmarks/NERTrain"),
        // Release-build timing of one output stage over documents held in memory.
        .executableTarget(name: "galley-sink-bench", dependencies: ["GalleyCore", "GalleyBuiltins", .product(name: "OrderedCollections", package: "swift-collections")], path: "Benchmarks/SinkBench"),
        .testTarget(name: "RobustnessTests", dependencies: ["GalleyCore", "GalleyBuiltins", "IngestFiles"]),
        .testTarget(name: "OutputTests", dependencies: ["GalleyCore", "GalleyBuiltins", "IngestFiles", "ExtractArticle",
                                                        "OutputSQLite", "OutputCSV", "OutputMarkdown", "OutputReport", "OutputPostgres",
                                                        .product(name: "GRDB", package: "GRDB.swift"),
                                                        .product(name: "OrderedCollections", package: "swift-collections")]),
    ],
    swiftLanguageModes: [.v6]
)
