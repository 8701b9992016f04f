import Foundation
import GalleyCore
import GalleyREPL

#if canImport(Glibc)
import Glibc
#endif

/// The version line, with the readline library galley links against.
enum GalleyVersion {
    static var string: String {
        "galley 0.1.0 (readline \(TerminalStyle.readlineVersion))"
    }
}

/// Writing to stderr, colours and the progress bar.
enum Terminal {
    /// Whether stderr is a terminal that should get colours (NO_COLOR turns them off).
    static var colorErrors: Bool { TerminalStyle.colors(on: 2) }

    /// Writes a line to stderr.
    static func error(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Prints diagnostics to stderr.
    static func print(_ diagnostics: DiagnosticList) {
        for d in diagnostics.diagnostics { error(d.rendered(color: colorErrors)) }
    }

    /// A progress line for a TTY: documents done, rate and ETA.
    static func progressLine(_ p: RunProgress) -> String {
        let rate = p.elapsed > 0 ? Double(p.done) / p.elapsed : 0
        var line = "\r\u{1B}[2K"
        if p.foundAll && p.found > 0 {
            let fraction = min(1, Double(p.done) / Double(p.found))
            let width = 28
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
            line += "\(p.done)/\(p.found) docs"
            if rate > 0 {
                let eta = Int((Double(p.found - p.done) / rate).rounded())
                line += String(format: "  %.0f docs/s  ETA %d:%02d", rate, eta / 60, eta % 60)
            }
        } else {
            line += "\(p.done) docs" + String(format: "  %.0f docs/s", rate)
        }
        if p.failed > 0 { line += "  \(p.failed) failed" }
        return line
    }
}
