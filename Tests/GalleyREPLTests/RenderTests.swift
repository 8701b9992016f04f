import Foundation
import GalleyBuiltins
import GalleyCore
import Synchronization
import Testing
@testable import GalleyREPL

/// Table layout.
@Suite struct RenderTests {
    @Test func wideTablesAreNarrowedToFitOnATerminal() {
        let rows = [["0", "North Korea is not sending troops", "Kim Yong-hyun"], ["1", "You cannot control people", "Lee Min-bok"]]
        #expect(Render.table(["#", "text", "speaker"], rows, fit: 40) == """
        #  text                    speaker
        0  North Korea is not se…  Kim Yong-hyun
        1  You cannot control pe…  Lee Min-bok
        """)
        #expect(Render.table(["#", "text", "speaker"], rows).split(separator: "\n")[1] == "0  North Korea is not sending troops  Kim Yong-hyun")
    }
}
