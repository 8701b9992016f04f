@preconcurrency import CReadline
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the screen supports, decided in one place for the CLI and the REPL.
public enum TerminalStyle {
    /// Whether output on file descriptor `fd` should get ANSI colours: it is a terminal and `NO_COLOR` is not set.
    public static func colors(on fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        isatty(fd) != 0 && environment["NO_COLOR"] == nil
    }

    /// The version of the readline library the REPL links against, e.g. `8.2`.
    public static var readlineVersion: String {
        let v = Int(galley_readline_version())
        return "\(v >> 8).\(v & 0xff)"
    }
}
