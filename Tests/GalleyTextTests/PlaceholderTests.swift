import Testing
@testable import GalleyText

@Test func moduleLoads() { #expect(String(describing: GalleyText.self) == "GalleyText") }
