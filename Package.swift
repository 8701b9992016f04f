// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Galley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "galley", targets: ["galley"]),
    ],
    dependencies: [],
    targets: [
        // Shared text utilities: byte scanning, tokenizer, sentence splitter, offsets.
        .target(name: "GalleyText", path: "Sources/GalleyText"),
        .testTarget(name: "GalleyTextTests", dependencies: ["GalleyText"], path: "Tests/GalleyTextTests"),
    ],
    swiftLanguageModes: [.v6]
)
