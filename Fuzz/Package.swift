// swift-tools-version: 6.0
// libFuzzer targets for Galley. Not part of the main build: `make fuzz` builds them with
// `-sanitize=fuzzer,address -parse-as-library` and runs each for a bounded time.
import PackageDescription

let galley: Target.Dependency = .product(name: "GalleyLibraries", package: "Galley")

let package = Package(
    name: "GalleyFuzz",
    dependencies: [.package(name: "Galley", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [galley]),
        .executableTarget(name: "FuzzPipelineLoader", dependencies: [galley, "FuzzSupport"]),
        .executableTarget(name: "FuzzExtractArticle", dependencies: [galley, "FuzzSupport"]),
        .executableTarget(name: "FuzzIngestLine", dependencies: [galley, "FuzzSupport"]),
        .executableTarget(name: "FuzzNewsPipeline", dependencies: [galley, "FuzzSupport"]),
        .executableTarget(name: "FuzzEntityTagger", dependencies: [galley, "FuzzSupport"]),
        .executableTarget(name: "FuzzExtractHTML", dependencies: [galley, "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
