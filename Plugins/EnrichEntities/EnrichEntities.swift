import Foundation
import GalleyCore
import OrderedCollections
import Synchronization

/// The `enrich.entities` stage: names found by `extract.entities` resolved and linked. Each person mention gets
/// `canonical`, the fullest form of that name in the document (`Putin` → `Vladimir Putin`; for a Korean, Chinese
/// or Vietnamese family name standing alone, `Kim` → the most mentioned full name starting with it); places,
/// nationalities and organisations get `link` (ISO 3166-1 code, or the organisation's short name), `link_type` and
/// `link_name` from the bundled gazetteer, and a close misspelling of a place also `correction`.
public struct EnrichEntities: TransformStage {
    /// The stage types this plugin exports.
    public static let stageTypes: [StageType] = [
        StageType(
            name: "enrich.entities", kind: .transform,
            summary: "Resolve names (canonical: the fullest form in the document) and link places, nationalities and organisations to a gazetteer",
            parameters: [
                ParameterSpec("misspellings", .boolean, default: true,
                              doc: "link a place name one edit away from a gazetteer name, recording the correction"),
            ],
            make: { config in .transform(try EnrichEntities(config: config)) }),
    ]

    let gazetteer: Gazetteer
    let misspellings: Bool

    /// Creates the stage, loading the bundled gazetteer (once per process).
    public init(config: StageConfig) throws {
        gazetteer = try Self.bundledGazetteer()
        misspellings = config.parameters.bool("misspellings") ?? true
    }

    private static let loaded = Mutex<Gazetteer?>(nil)

    static func bundledGazetteer() throws -> Gazetteer {
        if let g = loaded.withLock({ $0 }) { return g }
        guard let path = Bundle.module.path(forResource: "gazetteer", ofType: "tsv") else {
            throw StageFailure("enrich.entities: the bundled gazetteer is missing from this build (Resources/gazetteer.tsv)")
        }
        let g: Gazetteer
        do { g = try Gazetteer(contentsOf: path) } catch { throw StageFailure("enrich.entities: cannot read \(path): \(error)") }
        loaded.withLock { $0 = g }
        return g
    }

    /// Family names written first (Korean, Chinese, Vietnamese): alone, they stand for a full name starting with them.
    static let familyFirst: Set<String> = [
        "Kim", "Lee", "Park", "Choi", "Jung", "Chung", "Kang", "Cho", "Yoon", "Yun", "Jang", "Lim", "Han", "Oh", "Seo", "Shin",
        "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Ko", "Moon", "Yang", "Son", "Bae", "Baek", "Roh", "Ri", "Pak",
        "Wang", "Li", "Zhang", "Liu", "Chen", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He",
        "Lin", "Luo", "Xi", "Deng", "Mao", "Jiang", "Wen", "Hu", "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Vo",
        "Dang", "Bui", "Do", "Ho", "Ngo", "Duong", "Ly", "To",
    ]

    /// Adds `canonical` to person mentions and `link`, `link_type`, `link_name` (and `correction`) to the others.
    public func process(_ document: inout Document) throws {
        let indices = document.annotations.indices.filter { document.annotations[$0].kind == "entities" }
        guard !indices.isEmpty else { return }
        // Each mention's text (possessive dropped) and label, read once.
        let mentions = indices.map { i in
            let a = document.annotations[i].attributes
            return (annotation: i, text: Self.stripPossessive(a["text"]?.stringValue ?? ""), label: a["label"]?.stringValue ?? "")
        }

        // Full names (two words or more) of people, how often each occurs, first seen first, with their words.
        var fullCount: OrderedDictionary<String, Int> = [:]
        for m in mentions where m.label == "PER" {
            let t = m.text
            if t.contains(" ") { fullCount[t, default: 0] += 1 }
        }
        let full = fullCount.map { FullName(name: $0.key, words: $0.key.split(separator: " "), count: $0.value) }
        // Each distinct mention is looked up once; misspellings are searched for places only.
        var found: [String: (entry: GazetteerEntry, correction: String?)?] = [:]
        func lookup(_ mention: String, _ label: String) -> (entry: GazetteerEntry, correction: String?)? {
            let key = label == "LOC" && misspellings ? "L" + mention : "-" + mention
            if let known = found[key] { return known }
            let result = gazetteer.lookup(mention, corrections: label == "LOC" && misspellings)
            found[key] = .some(result)
            return result
        }
        // Links of the unambiguous mentions, to choose between the places an ambiguous name (`Korean`) may mean.
        var linkCounts: [String: Int] = [:]
        for m in mentions where m.label != "PER" {
            if let (entry, _) = lookup(m.text, m.label), !entry.link.contains("|") { linkCounts[entry.link, default: 0] += 1 }
        }
        var canonicals: [String: String] = [:]
        for (i, mention, label) in mentions {
            if label == "PER" {
                let name = canonicals[mention] ?? canonical(of: mention, among: full)
                canonicals[mention] = name
                document.annotations[i].attributes["canonical"] = .string(name)
                continue
            }
            guard var (entry, correction) = lookup(mention, label) else { continue }
            if entry.link.contains("|") {
                let links = entry.link.split(separator: "|").map(String.init), names = entry.canonical.split(separator: "|").map(String.init)
                var best = 0
                for (k, link) in links.enumerated() where linkCounts[link, default: 0] > linkCounts[links[best], default: 0] { best = k }
                entry.link = links[best]
                entry.canonical = best < names.count ? names[best] : entry.canonical
            }
            document.annotations[i].attributes["link"] = .string(entry.link)
            document.annotations[i].attributes["link_type"] = .string(entry.type)
            document.annotations[i].attributes["link_name"] = .string(entry.canonical)
            if let correction { document.annotations[i].attributes["correction"] = .string(correction) }
        }
    }

    /// A person's full name in the document, its words and how often it occurs.
    struct FullName {
        var name: String
        var words: [Substring]
        var count: Int
    }

    /// The fullest form of a person's name in the document.
    func canonical(of mention: String, among full: [FullName]) -> String {
        let words = mention.split(separator: " ")
        guard !words.isEmpty else { return mention }
        var best: (name: String, words: Int, count: Int)?
        for candidate in full where candidate.name != mention {
            let (name, parts, count) = (candidate.name, candidate.words, candidate.count)
            guard parts.count > words.count else { continue }
            let matches: Bool
            if words.count == 1 && Self.familyFirst.contains(String(words[0])) {
                matches = parts[0] == words[0]
            } else {
                matches = parts.suffix(words.count).elementsEqual(words)  // Putin ← Vladimir Putin; Jong-un not
            }
            guard matches else { continue }
            if best == nil || count > best!.count || (count == best!.count && parts.count > best!.words) {
                best = (name, parts.count, count)
            }
        }
        return best?.name ?? mention
    }

    /// `Putin’s` → `Putin`.
    static func stripPossessive(_ s: String) -> String {
        for suffix in ["\u{2019}s", "'s"] where s.hasSuffix(suffix) { return String(s.dropLast(2)) }
        return s
    }
}
