/// What the detector concluded about one stretch of text.
struct LanguageGuess: Sendable, Equatable {
    /// ISO 639-1 code.
    var code: String
    /// 0–1: the guess's share of the probability over the languages of the text's script.
    var confidence: Double
    /// Probabilities of every candidate language, best first (only the script's languages).
    var ranking: [(code: String, probability: Double)]
    /// Letters looked at.
    var letters: Int

    static func == (a: LanguageGuess, b: LanguageGuess) -> Bool {
        a.code == b.code && a.confidence == b.confidence && a.letters == b.letters
    }
}

/// Naive-Bayes language identification over character 1–3-grams of space-padded words and whole short words,
/// after a script vote: a script only one profiled language is written in (Greek, Hebrew, Thai, Hangul, Kana, Han)
/// decides by itself; within Latin, Cyrillic, Arabic and Devanagari the profiles decide. Linear in the text, and it
/// stops early once one language leads by far.
struct LanguageDetector: Sendable {
    let profiles: LanguageProfiles
    /// Languages allowed, by profile index.
    let allowed: [Bool]
    /// Letters looked at, at most.
    let maxLetters: Int

    /// Profile score units per nat (the profile's quantisation).
    static let scale = 8.0
    /// Naive Bayes counts each letter in several overlapping features; probabilities are tempered by this much.
    static let temperature = 3.0
    /// A lead (in nats) past which the rest of the text cannot change the answer in practice.
    static let decisiveLead: Int32 = Int32(60 * scale)

    init(profiles: LanguageProfiles, languages: Set<String> = [], maxLetters: Int = 2000) {
        self.profiles = profiles
        self.allowed = profiles.codes.map { languages.isEmpty || languages.contains($0) }
        self.maxLetters = maxLetters
    }

    /// Detects the language of a string.
    func detect(_ text: String) -> LanguageGuess? {
        var text = text
        return text.withUTF8 { detect($0, 0..<$0.count) }
    }

    /// Detects the language of the bytes in `range` (UTF-8); nil when they hold fewer than 3 letters or none of a
    /// profiled script.
    func detect(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> LanguageGuess? {
        // Letters, folded, words separated by one space; and a count of letters per script.
        var letters = [UInt32]()
        letters.reserveCapacity(min(range.count, maxLetters) + 64)
        letters.append(0x20)
        var scriptCounts = [Int](repeating: 0, count: Script.allCases.count)
        var letterCount = 0
        LetterFold.table.withUnsafeBufferPointer { fold in
            var i = range.lowerBound
            while i < range.upperBound && letterCount < maxLetters {
                let b0 = bytes[i]
                var c: UInt32
                if b0 < 0x80 {
                    c = UInt32(b0); i += 1
                } else if b0 < 0xE0, i + 1 < range.upperBound {
                    c = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                } else if b0 < 0xF0, i + 2 < range.upperBound {
                    c = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                } else if i + 3 < range.upperBound {
                    c = UInt32(b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F); i += 4
                } else {
                    c = 0; i += 1
                }
                let f = LetterFold.fold(c, fold)
                if f == 0 {
                    if letters[letters.count - 1] != 0x20 { letters.append(0x20) }
                } else {
                    letters.append(f)
                    letterCount += 1
                    scriptCounts[Int(Script.of(c).rawValue)] += 1
                }
            }
        }
        if letters[letters.count - 1] != 0x20 { letters.append(0x20) }
        guard letterCount >= 3 else { return nil }

        // The script vote: Kana with any share of Han is Japanese; else the most frequent script.
        let kana = scriptCounts[Int(Script.kana.rawValue)], han = scriptCounts[Int(Script.han.rawValue)]
        var script = Script.other
        var best = 0
        for s in Script.allCases where s != .other && scriptCounts[Int(s.rawValue)] > best {
            best = scriptCounts[Int(s.rawValue)]
            script = s
        }
        var scriptLetters = best
        if kana > 0 && kana * 10 >= han && (script == .han || script == .kana) {
            script = .kana
            scriptLetters = kana + han
        }
        guard script != .other else { return nil }
        let candidates = profiles.codes.indices.filter { allowed[$0] && profiles.scripts[$0] == script }
        guard !candidates.isEmpty else { return nil }
        let share = (Double(scriptLetters) / Double(letterCount) * 100).rounded() / 100
        if candidates.count == 1 {
            return LanguageGuess(code: profiles.codes[candidates[0]], confidence: share,
                                 ranking: [(profiles.codes[candidates[0]], share)], letters: letterCount)
        }

        // Profile scores over the words.
        var scores = [Int32](repeating: 0, count: profiles.codes.count)
        profiles.withLookup { lookup in
            scores.withUnsafeMutableBufferPointer { sc in
                letters.withUnsafeBufferPointer { l in
                    var wordStart = 0  // index of the space before the word
                    var words = 0
                    var j = 1
                    while j < l.count {
                        guard l[j] == 0x20 else { j += 1; continue }
                        // l[wordStart] ... l[j] is " word ".
                        let n = j - wordStart - 1
                        if n > 0 {
                            for a in wordStart...j {
                                var h = LanguageFeature.seed ^ LanguageFeature.ngram
                                for b in a..<min(a + 3, j + 1) {
                                    h = (h ^ UInt64(l[b])) &* LanguageFeature.prime
                                    if !(b == a && l[a] == 0x20) { lookup.add(h, to: sc) }
                                }
                            }
                            if n <= LanguageFeature.maxWord {
                                var h = LanguageFeature.seed ^ LanguageFeature.word
                                for b in (wordStart + 1)..<j { h = (h ^ UInt64(l[b])) &* LanguageFeature.prime }
                                lookup.add(h, to: sc)
                            }
                            words += 1
                            if words & 7 == 0 && j > 120 && Self.lead(sc, candidates) >= Self.decisiveLead { break }
                        }
                        wordStart = j
                        j += 1
                    }
                }
            }
        }
        let top = candidates.max { scores[$0] < scores[$1] }!
        var weights = candidates.map { (index: $0, w: exp(Double(scores[$0] - scores[top]) / (Self.scale * Self.temperature))) }
        let total = weights.reduce(0) { $0 + $1.w }
        weights.sort { $0.w > $1.w || ($0.w == $1.w && $0.index < $1.index) }
        let ranking = weights.prefix(5).map { (profiles.codes[$0.index], ($0.w / total * 100).rounded() / 100) }
        return LanguageGuess(code: profiles.codes[top], confidence: ranking[0].1, ranking: Array(ranking), letters: letterCount)
    }

    /// The best score's lead over the second among the candidates.
    @inline(__always)
    static func lead(_ scores: UnsafeMutableBufferPointer<Int32>, _ candidates: [Int]) -> Int32 {
        var first = Int32.min, second = Int32.min
        for c in candidates {
            let s = scores[c]
            if s > first { second = first; first = s } else if s > second { second = s }
        }
        return first &- second
    }
}

/// How features are keyed (FNV-1a over scalar values, as in scripts/build-language-profiles.py).
enum LanguageFeature {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3
    static let ngram: UInt64 = 1
    static let word: UInt64 = 2
    static let maxWord = 10
}

import Foundation
