/// Reads the datelines news sites print under a headline into ISO 8601 (`2024-11-24T22:33:00`, zone only if stated).
public enum Dateline {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    static let weekdays: Set<String> = ["monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur",
                                        "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun"]
    static let zones: [String: String] = [
        "gmt": "Z", "utc": "Z", "z": "Z", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00", "eet": "+02:00", "eest": "+03:00",
        "est": "-05:00", "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00",
        "pdt": "-07:00", "hkt": "+08:00", "sgt": "+08:00", "jst": "+09:00", "kst": "+09:00", "aest": "+10:00", "aedt": "+11:00",
        "ist": "+05:30", "msk": "+03:00",
    ]
    /// Words that may stand around a date without making the line prose.
    static let fillers: Set<String> = ["published", "updated", "posted", "last", "modified", "date", "on", "at", "first", "created", "time"]

    /// The ISO 8601 form of a line that is only a dateline, or nil when the line is anything else.
    public static func parse(_ line: String) -> String? {
        let tokens = tokenize(line)
        guard !tokens.isEmpty else { return nil }
        var year: Int?, month: Int?, day: Int?, hour: Int?, minute: Int?, second = 0, zone: String?
        var pendingNumbers: [Int] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            switch t {
            case .word(let w):
                let lw = w.lowercased()
                if let m = months[lw] {
                    guard month == nil else { return nil }
                    month = m
                } else if weekdays.contains(lw) || fillers.contains(lw) {
                    // allowed filler
                } else if lw == "am" || lw == "a.m" || lw == "pm" || lw == "p.m" {
                    guard let h = hour else { return nil }
                    if lw.hasPrefix("p") && h < 12 { hour = h + 12 }
                    if lw.hasPrefix("a") && h == 12 { hour = 0 }
                } else if let z = zones[lw] {
                    zone = z
                } else {
                    return nil
                }
            case .number(let n, let digits):
                if digits == 4 && year == nil { year = n } else { pendingNumbers.append(n) }
            case .time(let h, let m, let s):
                guard hour == nil, h < 24, m < 60 else { return nil }
                hour = h; minute = m; second = s
            case .isoDate(let y, let m, let d):
                year = y; month = m; day = d
            case .numericDate(let a, let b, let y):
                // Day first unless that cannot be (British and most of the world's convention).
                if a > 12 { day = a; month = b } else if b > 12 { month = a; day = b } else { day = a; month = b }
                year = y
            case .offset(let o):
                zone = o
            }
            i += 1
        }
        if day == nil, let n = pendingNumbers.first, n >= 1, n <= 31 { day = n; pendingNumbers.removeFirst() }
        guard pendingNumbers.isEmpty, let y = year, let m = month, (1...12).contains(m), y >= 1800, y <= 2200 else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        guard let d = day else { return nil }
        guard (1...31).contains(d) else { return nil }
        var out = "\(y)-\(two(m))-\(two(d))"
        if let h = hour, let mi = minute {
            out += "T\(two(h)):\(two(mi)):\(two(second))"
            if let zone { out += zone }
        }
        return out
    }

    enum Token {
        case word(String)
        case number(Int, digits: Int)
        case time(Int, Int, Int)
        case isoDate(Int, Int, Int)
        case numericDate(Int, Int, Int)
        case offset(String)
    }

    static func tokenize(_ line: String) -> [Token] {
        let s = Array(line.utf8)
        var tokens: [Token] = []
        var i = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
        func number(at j: Int) -> (Int, Int)? {
            var k = j, v = 0
            // Saturates instead of overflowing on a long run of digits (found by Fuzz/FuzzExtractArticle).
            while k < s.count, isDigit(s[k]) { if v < 100_000_000 { v = v * 10 + Int(s[k] - 48) }; k += 1 }
            return k > j ? (v, k - j) : nil
        }
        while i < s.count {
            let c = s[i]
            if isDigit(c) {
                let (n, len) = number(at: i)!
                var j = i + len
                // 2024-11-24[T22:33[:00]][Z|+01:00]
                if len == 4, j < s.count, s[j] == 45, let (m, ml) = number(at: j + 1), ml <= 2, j + 1 + ml < s.count, s[j + 1 + ml] == 45,
                   let (d, dl) = number(at: j + 2 + ml), dl <= 2 {
                    tokens.append(.isoDate(n, m, d))
                    j = j + 2 + ml + dl
                    if j < s.count, s[j] == UInt8(ascii: "T") || s[j] == 32 { j += 1 }
                    i = j
                    continue
                }
                // 24/11/2024 or 24.11.2024
                if len <= 2, j < s.count, s[j] == 47 || s[j] == 46, let (b, bl) = number(at: j + 1), bl <= 2,
                   j + 1 + bl < s.count, s[j + 1 + bl] == s[j], let (y, yl) = number(at: j + 2 + bl), yl == 4 {
                    tokens.append(.numericDate(n, b, y))
                    i = j + 2 + bl + yl
                    continue
                }
                // 22:33[:00] or 22.33 (a time), also 10:33pm
                if len <= 2, j < s.count, s[j] == 58 || s[j] == 46, let (m, ml) = number(at: j + 1), ml == 2 {
                    var k = j + 1 + ml, sec = 0
                    if k < s.count, s[k] == 58, let (ss, sl) = number(at: k + 1), sl == 2 { sec = ss; k += 1 + sl }
                    // Fractional seconds.
                    if k < s.count, s[k] == 46, let (_, fl) = number(at: k + 1) { k += 1 + fl }
                    tokens.append(.time(n, m, sec))
                    i = k
                    continue
                }
                // Ordinals: 24th, 1st.
                if j + 1 < s.count, isAlpha(s[j]), isAlpha(s[j + 1]) {
                    let suffix = String(decoding: s[j..<(j + 2)], as: UTF8.self).lowercased()
                    if ["st", "nd", "rd", "th"].contains(suffix) && (j + 2 == s.count || !isAlpha(s[j + 2])) { j += 2 }
                }
                tokens.append(.number(n, digits: len))
                i = j
                continue
            }
            if (c == 43 || c == 45), i + 1 < s.count, isDigit(s[i + 1]), let last = tokens.last, case .time = last {
                // +0100, +01:00, -05:00 after a time
                if let (h, hl) = number(at: i + 1) {
                    var k = i + 1 + hl
                    var hh = h, mm = 0
                    if hl == 4 { hh = h / 100; mm = h % 100 } else if k < s.count, s[k] == 58, let (m2, ml) = number(at: k + 1) { mm = m2; k += 1 + ml }
                    let sign = c == 43 ? "+" : "-"
                    tokens.append(.offset(hh == 0 && mm == 0 ? "Z" : "\(sign)\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)"))
                    i = k
                    continue
                }
            }
            if isAlpha(c) {
                var j = i
                while j < s.count, isAlpha(s[j]) || (s[j] == 46 && j + 1 < s.count && isAlpha(s[j + 1]) && j - i == 1) { j += 1 }
                tokens.append(.word(String(decoding: s[i..<j], as: UTF8.self)))
                i = j
                continue
            }
            if c >= 0x80 {
                // Non-ASCII letters make it prose; punctuation like – or · is allowed.
                var j = i + 1
                while j < s.count, s[j] & 0xC0 == 0x80 { j += 1 }
                let scalar = String(decoding: s[i..<j], as: UTF8.self).unicodeScalars.first!
                if scalar.properties.isAlphabetic { return [.word("\u{0}")] }
                i = j
                continue
            }
            i += 1
        }
        return tokens
    }
}
