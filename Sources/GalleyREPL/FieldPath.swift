import GalleyCore

/// A step of a `show` path: a key or a list index.
enum PathStep: Equatable {
    case key(String)
    case index(Int)
}

/// Parses and follows `show` paths like `quotes[0].speaker`.
enum FieldPath {
    /// The steps of a path; nil when it is malformed.
    static func parse(_ text: String) -> [PathStep]? {
        var steps: [PathStep] = []
        var key = ""
        var chars = Array(text)[...]
        func flushKey() -> Bool {
            guard !key.isEmpty else { return true }
            steps.append(.key(key)); key = ""
            return true
        }
        while let c = chars.popFirst() {
            switch c {
            case ".":
                guard !key.isEmpty || steps.last.map({ if case .index = $0 { return true }; return false }) == true else { return nil }
                _ = flushKey()
            case "[":
                _ = flushKey()
                var number = ""
                while let d = chars.popFirst(), d != "]" { number.append(d) }
                guard let n = Int(number.trimmingCharacters(in: .whitespaces)) else { return nil }
                steps.append(.index(n))
            default:
                key.append(c)
            }
        }
        _ = flushKey()
        return steps.isEmpty ? nil : steps
    }

    /// Follows the steps into a value; the error names the step that failed, with "did you mean".
    static func resolve(_ steps: [PathStep], in root: Value) throws(ReplError) -> Value {
        var value = root
        var walked = ""
        for step in steps {
            switch step {
            case .key(let k):
                guard let o = value.objectValue else { throw ReplError("'\(walked)' is a \(value.typeName), not a mapping") }
                guard let next = o[k] else {
                    let hint = closestMatch(to: k, in: Array(o.keys)).map { "; did you mean '\(walked.isEmpty ? "" : walked + ".")\($0)'?" } ?? ""
                    throw ReplError(walked.isEmpty ? "the document has no '\(k)'\(hint)" : "'\(walked)' has no '\(k)'\(hint)")
                }
                walked += walked.isEmpty ? k : ".\(k)"
                value = next
            case .index(let n):
                guard let a = value.arrayValue else { throw ReplError("'\(walked)' is a \(value.typeName), not a list") }
                let i = n < 0 ? a.count + n : n
                guard a.indices.contains(i) else { throw ReplError("'\(walked)' has \(a.count) item\(a.count == 1 ? "" : "s"); no [\(n)]") }
                walked += "[\(n)]"
                value = a[i]
            }
        }
        return value
    }

    /// Every path completion could offer: top-level keys, `key[0]`, and keys inside the first list item.
    static func candidates(_ root: Value) -> [String] {
        guard let o = root.objectValue else { return [] }
        var out = ["fields", "trace"]
        for (k, v) in o {
            out.append(k)
            if let first = v.arrayValue?.first {
                out.append("\(k)[0]")
                for sub in first.objectValue?.keys ?? [] { out.append("\(k)[0].\(sub)") }
            } else if let inner = v.objectValue {
                for sub in inner.keys { out.append("\(k).\(sub)") }
            }
        }
        return out
    }
}
