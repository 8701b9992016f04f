import Foundation
import GalleyCore
import OrderedCollections
import Synchronization

/// The `enrich.language` stage: the language of the text (ISO 639-1) and the detector's confidence, from character
/// n-gram and short-word profiles of 39 languages in 10 scripts (`Resources/languages.profile`, built by
/// scripts/build-language-profiles.py). A language the page or front matter states is kept unless the text clearly
/// says otherwise; both are recorded.
public struct EnrichLanguage: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.language", kind: .transform,
            summary: "Add language (ISO 639-1) and language_confidence from character n-gram profiles of 39 languages",
            parameters: [
                ParameterSpec("languages", .stringList, default: [],
                              doc: "only these ISO 639-1 codes are considered; empty: every profiled language"),
                ParameterSpec("per_paragraph", .boolean, default: false,
                              doc: "also detect each paragraph (a `language` annotation each, and `languages` shares) for mixed-language articles"),
                ParameterSpec("max_chars", .integer, default: 2000, range: 50...1_000_000,
                              doc: "letters looked at, at most, per document (and per paragraph)"),
                ParameterSpec("override_confidence", .number, default: 0.9, range: 0...1,
                              doc: "a stated language gives way to the detected one only at this confidence or more"),
                ParameterSpec("min_chars", .integer, default: 20, range: 1...100_000,
                              doc: "letters needed before a detected language may replace a stated one"),
            ],
            make: { config in .transform(try EnrichLanguage(config: config)) }),
    ]

    let detector: LanguageDetector
    let perParagraph: Bool
    let overrideConfidence: Double
    let minChars: Int

    /// Creates the stage from its configuration, loading the bundled profiles (once per process).
    public init(config: StageConfig) throws {
        let profiles = try Self.bundledProfiles()
        let wanted = Set(config.parameters.strings("languages") ?? [])
        for code in wanted.sorted() where !profiles.codes.contains(code) {
            throw StageFailure("enrich.language: no profile for '\(code)'; the languages are \(profiles.codes.sorted().joined(separator: ", "))")
        }
        detector = LanguageDetector(profiles: profiles, languages: wanted, maxLetters: config.parameters.int("max_chars") ?? 2000)
        perParagraph = config.parameters.bool("per_paragraph") ?? false
        overrideConfidence = config.parameters.double("override_confidence") ?? 0.9
        minChars = config.parameters.int("min_chars") ?? 20
    }

    private static let loaded = Mutex<LanguageProfiles?>(nil)

    /// The profiles shipped with the plugin.
    static func bundledProfiles() throws -> LanguageProfiles {
        if let p = loaded.withLock({ $0 }) { return p }
        guard let path = Bundle.module.path(forResource: "languages", ofType: "profile") else {
            throw StageFailure("enrich.language: the bundled profiles are missing from this build (Resources/languages.profile)")
        }
        let profiles: LanguageProfiles
        do { profiles = try LanguageProfiles(contentsOf: path) } catch { throw StageFailure("enrich.language: \(error)") }
        loaded.withLock { $0 = profiles }
        return profiles
    }

    /// The ISO 639-1 part of a stated language tag (`en-GB` → `en`, `pt_BR` → `pt`, `ENG`… → nil).
    static func isoCode(_ tag: String) -> String? {
        let head = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard head.count == 2, head.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return head == "no" ? "nb" : head
    }

    /// Sets `language` and `language_confidence`; with a stated language, also `language_stated` and
    /// `language_detected`.
    public func process(_ document: inout Document) throws {
        var text = document.text
        let (guess, paragraphs): (LanguageGuess?, [(start: Int, end: Int, guess: LanguageGuess)]) = text.withUTF8 { bytes in
            let guess = detector.detect(bytes, 0..<bytes.count)
            return (guess, perParagraph ? paragraphGuesses(bytes) : [])
        }
        let stated = document.fields["language"]?.stringValue
        if let stated {
            document.fields["language_stated"] = .string(stated)
            if let guess { document.fields["language_detected"] = .string(guess.code) }
            let statedCode = Self.isoCode(stated)
            if let guess, guess.code != statedCode, guess.confidence >= overrideConfidence, guess.letters >= minChars {
                document.fields["language"] = .string(guess.code)
                document.fields["language_confidence"] = .double(guess.confidence)
            } else if let statedCode {
                document.fields["language"] = .string(statedCode)
                let p = guess?.ranking.first { $0.code == statedCode }?.probability
                if let p { document.fields["language_confidence"] = .double(p) }
            }
        } else if let guess {
            document.fields["language"] = .string(guess.code)
            document.fields["language_confidence"] = .double(guess.confidence)
        }
        guard perParagraph, !paragraphs.isEmpty else { return }
        var letters: OrderedDictionary<String, Int> = [:]
        for p in paragraphs {
            document.annotations.append(Annotation(kind: "language", start: p.start, end: p.end, attributes: [
                "language": .string(p.guess.code), "confidence": .double(p.guess.confidence),
            ]))
            letters[p.guess.code, default: 0] += p.guess.letters
        }
        let total = Double(letters.values.reduce(0, +))
        let shares = letters.sorted { $0.value > $1.value }
        document.fields["languages"] = .array(shares.map {
            ["language": .string($0.key), "share": .double((Double($0.value) / total * 100).rounded() / 100)]
        })
    }

    /// Each paragraph (text between blank lines) with its language, offsets in scalars.
    func paragraphGuesses(_ bytes: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int, guess: LanguageGuess)] {
        var out: [(start: Int, end: Int, guess: LanguageGuess)] = []
        var i = 0, scalar = 0
        var startByte = 0, startScalar = 0
        func close(_ endByte: Int, _ endScalar: Int) {
            if endByte > startByte, let g = detector.detect(bytes, startByte..<endByte) {
                out.append((startScalar, endScalar, g))
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                close(i, scalar)
                while i < bytes.count, bytes[i] == 0x0A { i += 1; scalar += 1 }
                startByte = i
                startScalar = scalar
                continue
            }
            if bytes[i] & 0xC0 != 0x80 { scalar += 1 }
            i += 1
        }
        close(bytes.count, scalar)
        return out
    }
}
