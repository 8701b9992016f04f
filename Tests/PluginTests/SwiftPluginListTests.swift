import Foundation
import GalleyBuiltins
import GalleyCore
import GalleyTesting
import Testing

/// The builtin registry is generated from Package.swift's `swiftPlugins` (BuildPlugins/BuiltinRegistry): it must
/// hold exactly the folders of `Plugins/` that have Swift sources, each with its stage types.
@Suite struct SwiftPluginListTests {
    @Test func theGeneratedRegistryHoldsEverySwiftPluginFolder() throws {
        let plugins = Repository.root + "/Plugins"
        let folders = try FileManager.default.contentsOfDirectory(atPath: plugins).filter { name in
            let files = (try? FileManager.default.subpathsOfDirectory(atPath: plugins + "/" + name)) ?? []
            return files.contains { $0.hasSuffix(".swift") }
        }
        #expect(Builtins.pluginModules.sorted() == folders.sorted())
        #expect(Builtins.pluginModules.count == 20)
        #expect(Builtins.pluginModules.first == "IngestFiles")
        #expect(Builtins.registry["extract.dates"] != nil && Builtins.registry["enrich.dates"] != nil)
        #expect(Builtins.registry["output.postgres"]?.kind == .sink)
        #expect(Set(Builtins.stageTypes.map(\.name)).count == Builtins.stageTypes.count)
    }
}
