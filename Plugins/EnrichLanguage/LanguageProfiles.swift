import Foundation

/// The writing systems the detector tells apart before it compares profiles.
enum Script: UInt8, Sendable, CaseIterable {
    case latin, cyrillic, greek, arabic, hebrew, devanagari, thai, hangul, kana, han, other

    /// The script of a scalar value (the same ranges as scripts/build-language-profiles.py).
    @inline(__always)
    static func of(_ c: UInt32) -> Script {
        if c < 0x250 || (0x1E00..<0x1F00).contains(c) { return .latin }
        if (0x370..<0x400).contains(c) || (0x1F00..<0x2000).contains(c) { return .greek }
        if (0x400..<0x530).contains(c) { return .cyrillic }
        if (0x590..<0x600).contains(c) { return .hebrew }
        if (0x600..<0x700).contains(c) || (0x750..<0x780).contains(c) || (0xFB50..<0xFE00).contains(c) || (0xFE70..<0xFF00).contains(c) { return .arabic }
        if (0x900..<0x980).contains(c) { return .devanagari }
        if (0xE00..<0xE80).contains(c) { return .thai }
        if (0x1100..<0x1200).contains(c) || (0x3130..<0x3190).contains(c) || (0xAC00..<0xD7B0).contains(c) { return .hangul }
        if (0x3040..<0x3100).contains(c) || (0x31F0..<0x3200).contains(c) || (0xFF66..<0xFFA0).contains(c) { return .kana }
        if (0x3400..<0xA000).contains(c) || (0xF900..<0xFB00).contains(c) || (0x20000..<0x30000).contains(c) { return .han }
        return .other
    }
}

/// Character n-gram and short-word frequency profiles of many languages, read from `languages.profile`
/// (made by scripts/build-language-profiles.py): for each feature key, the languages that have it among their most
/// frequent ones and its quantised negative log probability there.
struct LanguageProfiles: Sendable {
    /// ISO 639-1 codes, by language index.
    let codes: [String]
    /// The script of each language.
    let scripts: [Script]
    /// Open-addressing table, one 64-bit word a slot so that a lookup touches one cache line of it: the key's upper
    /// 32 bits, the feature's entry count (8 bits) and its first entry (24 bits); 0 = empty.
    private let slots: [UInt64]
    private let slotShift: UInt64
    /// Entries, each language index | quantised score << 8, a feature's entries side by side.
    private let entries: [UInt16]
    /// What a quantised score is subtracted from to give the bonus over an unseen feature.
    private let floor: Int32

    /// Why a profile file cannot be read.
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a profile file.
    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw FormatError(description: "cannot read \(path)") }
        try self.init(bytes: [UInt8](data), name: path)
    }

    /// Parses the bytes of a profile file.
    init(bytes: [UInt8], name: String) throws {
        var at = 0
        func need(_ n: Int) throws {
            guard at + n <= bytes.count else { throw FormatError(description: "\(name): truncated at byte \(at)") }
        }
        func u8() throws -> UInt8 { try need(1); defer { at += 1 }; return bytes[at] }
        func u16() throws -> Int { try need(2); defer { at += 2 }; return Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32() throws -> Int { Int(try u16()) | Int(try u16()) << 16 }
        func u64() throws -> UInt64 {
            try need(8)
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            at += 8
            return v
        }
        try need(4)
        guard bytes[0..<4] == [0x47, 0x4C, 0x50, 0x31] else { throw FormatError(description: "\(name): not a language profile (no GLP1 header)") }
        at = 4
        let languageCount = try u16()
        var codes: [String] = [], scripts: [Script] = []
        for _ in 0..<languageCount {
            let a = try u8(), b = try u8(), s = try u8()
            codes.append(String(decoding: [a, b], as: UTF8.self))
            guard let script = Script(rawValue: s) else { throw FormatError(description: "\(name): unknown script \(s)") }
            scripts.append(script)
        }
        let featureCount = try u32()
        var keys = [UInt64](), starts = [Int32](), langs = [UInt8](), qs = [UInt8]()
        keys.reserveCapacity(featureCount)
        starts.reserveCapacity(featureCount + 1)
        for _ in 0..<featureCount {
            keys.append(try u64())
            starts.append(Int32(langs.count))
            let n = Int(try u8())
            for _ in 0..<n {
                let l = try u8()
                guard Int(l) < languageCount else { throw FormatError(description: "\(name): language index \(l) out of range") }
                langs.append(l)
                qs.append(try u8())
            }
        }
        let floor = Int32(qs.max() ?? 0) + 4
        guard langs.count < 1 << 24 else { throw FormatError(description: "\(name): \(langs.count) entries, more than this table holds") }
        var capacityBits: UInt64 = 4
        while (1 << capacityBits) < featureCount * 2 { capacityBits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << Int(capacityBits))
        let shift = 64 - capacityBits
        let mask = (1 << Int(capacityBits)) - 1
        for (i, key) in keys.enumerated() {
            let count = (i + 1 < starts.count ? Int(starts[i + 1]) : langs.count) - Int(starts[i])
            guard count > 0 else { continue }  // a feature no language has adds nothing
            var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 {
                // Two features whose keys share their upper half on one probe path could not be told apart.
                guard slots[slot] >> 32 != key >> 32 else { throw FormatError(description: "\(name): features \(key) collide") }
                slot = (slot + 1) & mask
            }
            slots[slot] = (key >> 32) << 32 | UInt64(count) << 24 | UInt64(starts[i])
        }
        self.codes = codes
        self.scripts = scripts
        self.slots = slots
        self.slotShift = shift
        self.entries = zip(langs, qs).map { UInt16($0) | UInt16($1) << 8 }
        self.floor = floor
    }

    /// Runs `body` with the table's storage at hand (the detector's hot loop looks features up through it).
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { s in
            entries.withUnsafeBufferPointer { e in
                body(Lookup(slots: s, shift: slotShift, entries: e, floor: floor))
            }
        }
    }

    /// The profile table's storage, valid inside `withLookup`.
    struct Lookup {
        let slots: UnsafeBufferPointer<UInt64>
        let shift: UInt64
        let entries: UnsafeBufferPointer<UInt16>
        let floor: Int32

        /// Adds the feature's bonus (how much likelier than unseen it is) to each language that has it.
        @inline(__always)
        func add(_ key: UInt64, to scores: UnsafeMutableBufferPointer<Int32>) {
            let mask = slots.count - 1
            var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            let upper = key >> 32
            while true {
                let v = slots[slot]
                if v == 0 { return }
                if v >> 32 == upper {
                    let start = Int(v & 0xFF_FFFF), count = Int((v >> 24) & 0xFF)
                    for e in start..<(start + count) {
                        let entry = entries[e]
                        scores[Int(entry & 0xFF)] &+= floor - Int32(entry >> 8)
                    }
                    return
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// Letters as the profiles see them: 0 for a scalar that is no letter or mark, else the scalar lowercased (below
/// U+0600, where case exists), for every scalar of the Basic Multilingual Plane.
enum LetterFold {
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 0x10000)
        for v in 0..<0x10000 {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark:
                var folded = UInt32(v)
                if v < 0x600, s.properties.changesWhenLowercased {
                    let lower = s.properties.lowercaseMapping.unicodeScalars
                    if lower.count == 1, let l = lower.first { folded = l.value }
                }
                t[v] = folded
            default:
                continue
            }
        }
        return t
    }()

    /// The folded letter of a scalar value, or 0.
    @inline(__always)
    static func fold(_ c: UInt32, _ table: UnsafeBufferPointer<UInt32>) -> UInt32 {
        if c < 0x10000 { return table[Int(c)] }
        return (0x20000..<0x30000).contains(c) ? c : 0
    }
}
