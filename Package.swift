// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Galley",
    platforms: [.macOS(.v14)],
    products: [],
    dependencies: [],
    targets: [
        // Shared text utilities: byte scanning, tokenizer, sentence splitter, offsets.
        .target(name: "GalleyText", path: "Sources/GalleyText", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .testTarget(name: "GalleyTextTests", dependencies: ["GalleyText"], path: "Tests/GalleyTextTests"),
        // Release-build timing of the GalleyText extractors over a folder of articles.
        .executableTarget(name: "galley-text-bench", dependencies: ["GalleyText"], path: "Benchmarks/TextBench"),
    ],
    swiftLanguageModes: [.v6]
)
