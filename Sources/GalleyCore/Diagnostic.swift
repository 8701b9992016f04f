/// A place in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A problem found in a pipeline or manifest, with where it is and how to fix it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable { case error, warning, note }

    /// Error or warning.
    public var severity: Severity
    /// One line saying what is wrong (with "did you mean" where a name is close).
    public var message: String
    /// Where; nil for problems with no place (a missing file).
    public var location: SourceLocation?
    /// The text of the offending line, for the caret display.
    public var sourceLine: String?
    /// How to fix it, when that is not obvious from the message.
    public var fix: String?

    /// Creates a diagnostic.
    public init(_ message: String, severity: Severity = .error, at location: SourceLocation? = nil,
                sourceLine: String? = nil, fix: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.fix = fix
    }

    /// `file:line:col: error: message`, the line and a caret, and the fix.
    public var description: String { rendered(color: false) }

    /// The diagnostic as printed to stderr, optionally with ANSI colours.
    public func rendered(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : "", red = color ? "\u{1B}[31m" : "", yellow = color ? "\u{1B}[33m" : ""
        let green = color ? "\u{1B}[32m" : "", reset = color ? "\u{1B}[0m" : ""
        let sevColour = severity == .error ? red : yellow
        var out = ""
        if let loc = location { out += "\(bold)\(loc):\(reset) " }
        out += "\(sevColour)\(bold)\(severity.rawValue):\(reset)\(bold) \(message)\(reset)"
        if let line = sourceLine, let loc = location {
            out += "\n" + line
            var caret = ""
            for (i, ch) in line.unicodeScalars.enumerated() where i < loc.column - 1 {
                caret.unicodeScalars.append(ch == "\t" ? "\t" : " ")
            }
            out += "\n" + caret + "\(green)^\(reset)"
        }
        if let fix { out += "\n  fix: \(fix)" }
        return out
    }
}

/// Several diagnostics thrown together (a pipeline is checked whole before it runs).
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]
    /// Wraps a list.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// All diagnostics, one block each.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
