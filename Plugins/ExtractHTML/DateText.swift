import Foundation

/// Dates as pages state them (`2022-01-31T10:00:00+01:00`, `2022-01-31 10:00`, `31.01.2022`, `January 31, 2022`,
/// `31. Januar 2022`, `Mon, 31 Jan 2022 10:00:00 +0100`) → ISO 8601 (`2022-01-31`, `2022-01-31T10:00:00+01:00`).
enum DateText {
    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let names = [
            ["january", "jan", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "stycznia"],
            ["february", "feb", "februar", "février", "febrero", "febbraio", "fevereiro", "lutego"],
            ["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marca"],
            ["april", "apr", "avril", "abril", "aprile", "kwietnia"],
            ["may", "mai", "mayo", "maggio", "maio", "maja"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwca"],
            ["july", "jul", "juli", "juillet", "julio", "luglio", "julho", "lipca"],
            ["august", "aug", "août", "agosto", "sierpnia"],
            ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "września"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro", "października"],
            ["november", "nov", "novembre", "noviembre", "novembro", "listopada"],
            ["december", "dec", "dez", "dezember", "décembre", "diciembre", "dicembre", "dezembro", "grudnia"],
        ]
        for (i, list) in names.enumerated() { for n in list { m[n] = i + 1 } }
        return m
    }()

    /// The ISO 8601 form of `s`, or nil when it holds no plausible date (years 1990–2100).
    static func iso(_ s: String) -> String? {
        let b = Array(s.utf8)
        if b.count >= 10, let y = num(b, 0, 4), b[4] == 0x2D, let m = num(b, 5, 2), b[7] == 0x2D, let d = num(b, 8, 2) {
            guard let date = format(y, m, d) else { return nil }
            return date + time(b, from: 10)
        }
        if b.count >= 8, b.count <= 14, let y = num(b, 0, 4), let m = num(b, 4, 2), let d = num(b, 6, 2), b.count == 8 || b[8] == 0x54 {
            return format(y, m, d)
        }
        // Words and numbers: `31.01.2022`, `January 31, 2022`, `31. Januar 2022`, `Mon, 31 Jan 2022`.
        var numbers: [(value: Int, digits: Int)] = []
        var month: Int?
        var word = ""
        var digits = ""
        func endWord() {
            if !word.isEmpty, month == nil, let m = months[word.lowercased().trimmingCharacters(in: ["."])] { month = m }
            word = ""
        }
        // Digits glued to a word (`berg2012 am 21. Jan. 2015`) are part of it, not a number — unless a date separator
        // follows them (`am09.02.2022`).
        var glued = false
        func endNumber(_ next: Character? = nil) {
            let separator = next == "." || next == "/" || next == "-"
            if !digits.isEmpty, !glued || separator, let v = Int(digits) { numbers.append((v, digits.count)) }
            digits = ""
            glued = false
        }
        for c in s.prefix(80) {
            if c.isNumber && c.isASCII {
                if digits.isEmpty && !word.isEmpty { glued = true; endWord() }
                digits.append(c)
            } else if c.isLetter { endNumber(c); word.append(c) } else {
                endNumber(c); endWord()
                if c == ":" && numbers.count >= 3 { break }
            }
            if numbers.count >= 3 && month == nil && !digits.isEmpty && digits.count > 4 { return nil }
        }
        endNumber(); endWord()
        if let month {
            guard let year = numbers.first(where: { $0.digits == 4 })?.value,
                  let day = numbers.first(where: { $0.digits <= 2 && $0.value >= 1 && $0.value <= 31 })?.value else { return nil }
            return format(year, month, day)
        }
        guard numbers.count >= 3 else { return nil }
        let (a, b2, c) = (numbers[0], numbers[1], numbers[2])
        if a.digits == 4 { return format(a.value, b2.value, c.value) }
        if c.digits == 4 {
            // Day first (31.01.2022, 31/01/2022) unless the second number cannot be a month.
            if s.contains("/") && b2.value > 12 { return format(c.value, a.value, b2.value) }
            return format(c.value, b2.value, a.value)
        }
        return nil
    }

    /// `…/2022/01/31/…` or `…/2022-01-31-…` in a URL.
    static func fromURL(_ url: String) -> String? {
        let b = Array(url.utf8)
        guard b.count >= 10 else { return nil }
        for i in 0..<(b.count - 9) where b[i] == 0x2F {
            if let y = num(b, i + 1, 4), i + 10 < b.count, b[i + 5] == 0x2F || b[i + 5] == 0x2D,
               let m = num(b, i + 6, 2), b[i + 8] == b[i + 5], let d = num(b, i + 9, 2), i + 11 >= b.count || !(0x30...0x39).contains(b[i + 11]) {
                if let date = format(y, m, d) { return date }
            }
        }
        return nil
    }

    /// Days since 1970-01-01 of an ISO date's `YYYY-MM-DD` part (civil calendar, no time zone).
    static func day(_ iso: String) -> Int? {
        let b = Array(iso.utf8)
        guard let y = num(b, 0, 4), b.count >= 10, let m = num(b, 5, 2), let d = num(b, 8, 2) else { return nil }
        // Howard Hinnant's days_from_civil.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func format(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard (1990...2100).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// `THH:MM[:SS][.fff][zone]` (or a space instead of `T`) after the date, normalised; "" when absent.
    private static func time(_ b: [UInt8], from i: Int) -> String {
        guard i + 5 <= b.count, b[i] == 0x54 || b[i] == 0x20, let h = num(b, i + 1, 2), b[i + 3] == 0x3A, let m = num(b, i + 4, 2),
              h < 24, m < 60 else { return "" }
        var j = i + 6
        var sec = 0
        if j + 2 < b.count + 0, j < b.count, b[j] == 0x3A, let s = num(b, j + 1, 2) { sec = s; j += 3 }
        if j < b.count && b[j] == 0x2E { j += 1; while j < b.count && (0x30...0x39).contains(b[j]) { j += 1 } }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var out = "T\(two(h)):\(two(m)):\(two(min(sec, 59)))"
        if j < b.count {
            if b[j] == 0x5A { out += "Z" } else if b[j] == 0x2B || b[j] == 0x2D, let zh = num(b, j + 1, 2) {
                var zm = 0
                if j + 3 < b.count, b[j + 3] == 0x3A, let v = num(b, j + 4, 2) { zm = v } else if let v = num(b, j + 3, 2) { zm = v }
                out += "\(b[j] == 0x2B ? "+" : "-")\(two(zh)):\(two(zm))"
            }
        }
        return out
    }

    private static func num(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at >= 0, at + n <= b.count else { return nil }
        var v = 0
        for k in at..<(at + n) {
            guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
            v = v * 10 + Int(b[k] - 0x30)
        }
        return v
    }
}
