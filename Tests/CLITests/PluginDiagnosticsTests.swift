import Foundation
import GalleyTesting
import Testing

/// Run from inside a plugin folder, manifest errors printed a bare `plugin.yaml:2:11`; a plugin without `version`
/// was listed as version 0.
@Test func manifestErrorsNameTheFolderAndAMissingVersionIsNotZero() throws {
    let dir = TemporaryDirectory()
    dir.write("p/plugin.yaml", "name: p\nprotocol: 2\ncommand: [sh, p.sh]\nstages:\n  - name: enrich.p\n    summary: s\n")
    let bad = GalleyProcess.run(["plugins", "--plugins", "."], in: dir.path + "/p")
    #expect(bad.stderr.hasPrefix("\(dir.path)/p/plugin.yaml:2:11: error: the plugin speaks protocol 2; this galley speaks protocol 1\n"), "\(bad.stderr)")
    dir.write("p/plugin.yaml", "name: p\nprotocol: 1\ncommand: [sh, p.sh]\nstages:\n  - name: enrich.p\n    summary: s\n")
    let good = GalleyProcess.run(["plugins", "--plugins", "p"], in: dir.path)
    #expect(good.stdout.hasPrefix("p (no version)  (process, protocol 1)  "), "\(good.stdout)")
}
