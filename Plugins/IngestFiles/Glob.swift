/// A path glob: `*` within a name, `?` one character, `**/` any number of folders.
struct Glob: Sendable {
    let pattern: [UInt8]

    init(_ pattern: String) { self.pattern = Array(pattern.utf8) }

    /// Whether a relative path (with `/` separators) matches.
    func matches(_ path: String) -> Bool {
        let p = Array(path.utf8)
        // A pattern without a folder part matches the file name anywhere, as .gitignore does.
        if !pattern.contains(UInt8(ascii: "/")), let slash = p.lastIndex(of: UInt8(ascii: "/")) {
            return Self.match(pattern[...], p[(slash + 1)...])
        }
        return Self.match(pattern[...], p[...])
    }

    private static func match(_ pat: ArraySlice<UInt8>, _ str: ArraySlice<UInt8>) -> Bool {
        var pat = pat, str = str
        while let c = pat.first {
            if c == UInt8(ascii: "*") {
                if pat.starts(with: "**/".utf8) {
                    let rest = pat.dropFirst(3)
                    if match(rest, str) { return true }
                    var s = str
                    while let slash = s.firstIndex(of: UInt8(ascii: "/")) {
                        s = s[(slash + 1)...]
                        if match(rest, s) { return true }
                    }
                    return false
                }
                if pat.starts(with: "**".utf8) { return true }
                let rest = pat.dropFirst()
                var s = str
                while true {
                    if match(rest, s) { return true }
                    guard let f = s.first, f != UInt8(ascii: "/") else { return false }
                    s = s.dropFirst()
                }
            }
            guard let s = str.first else { return false }
            if c != UInt8(ascii: "?") && c != s { return false }
            if c == UInt8(ascii: "?") && s == UInt8(ascii: "/") { return false }
            pat = pat.dropFirst()
            str = str.dropFirst()
        }
        return str.isEmpty
    }
}
