import GalleyCore
import OrderedCollections
import Testing

/// A document with hand-made `entities` annotations over its text (each name at its first occurrence from `from`).
func withEntities(_ text: String, _ names: [(String, String)]) -> Document {
    var d = document(text)
    let scalars = Array(text.unicodeScalars)
    var from = 0
    for (name, label) in names {
        let n = Array(name.unicodeScalars)
        var i = from
        while i + n.count <= scalars.count, Array(scalars[i..<(i + n.count)]) != n { i += 1 }
        d.annotations.append(Annotation(kind: "entities", start: i, end: i + n.count,
                                        attributes: ["text": .string(name), "label": .string(label)]))
        from = i + n.count
    }
    return d
}

func attribute(_ d: Document, _ key: String) -> [String] {
    d.annotations("entities").map { $0.attributes[key]?.stringValue ?? "-" }
}

@Test func shortNamesResolveToTheFullestForm() throws {
    let text = "Vladimir Putin met Kim Jong-un. Kim Yong-hyun said Kim Jong-un had sent troops. Putin thanked Kim. Trump, Donald Trump and Zelenskyy."
    let d = try run(["enrich.entities"], on: withEntities(text, [
        ("Vladimir Putin", "PER"), ("Kim Jong-un", "PER"), ("Kim Yong-hyun", "PER"), ("Kim Jong-un", "PER"), ("Putin", "PER"),
        ("Kim", "PER"), ("Trump", "PER"), ("Donald Trump", "PER"), ("Zelenskyy", "PER"),
    ]))
    #expect(attribute(d, "canonical") == ["Vladimir Putin", "Kim Jong-un", "Kim Yong-hyun", "Kim Jong-un", "Vladimir Putin",
                                          "Kim Jong-un", "Donald Trump", "Donald Trump", "Zelenskyy"])
}

@Test func placesNationalitiesAndOrganisationsLink() throws {
    let text = "North Korean and South Korean officials met Ukrainian envoys in Pyongyang, near Kursk, with the United Nations and Nato watching the North Koreans."
    let d = try run(["enrich.entities"], on: withEntities(text, [
        ("North Korean", "MISC"), ("South Korean", "MISC"), ("Ukrainian", "MISC"), ("Pyongyang", "LOC"), ("Kursk", "LOC"),
        ("United Nations", "ORG"), ("Nato", "ORG"), ("North Koreans", "MISC"),
    ]))
    #expect(attribute(d, "link") == ["KP", "KR", "UA", "KP", "RU", "UN", "NATO", "KP"])
    #expect(attribute(d, "link_type") == ["demonym", "demonym", "demonym", "city", "city", "organisation", "organisation", "demonym"])
    #expect(attribute(d, "link_name") == ["North Korea", "South Korea", "Ukraine", "Pyongyang", "Kursk", "United Nations",
                                          "North Atlantic Treaty Organization", "North Korea"])
    #expect(attribute(d, "correction") == ["-", "-", "-", "-", "-", "-", "-", "-"])
}

@Test func misspelledPlacesLinkWithTheCorrection() throws {
    let d = try run(["enrich.entities"], on: withEntities("A defector in Soeul and a diplomat in Moskow; Smith in Sowel.", [
        ("Soeul", "LOC"), ("Moskow", "LOC"), ("Smith", "PER"), ("Sowel", "LOC"),
    ]))
    #expect(attribute(d, "link") == ["KR", "RU", "-", "-"])
    #expect(attribute(d, "correction") == ["Seoul", "Moscow", "-", "-"])
    let strict = try run(["enrich.entities"], on: withEntities("in Soeul", [("Soeul", "LOC")]), ["enrich.entities": ["misspellings": false]])
    #expect(attribute(strict, "link") == ["-"])
}

@Test func eitherKoreaFollowsTheDocument() throws {
    let north = try run(["enrich.entities"], on: withEntities("North Korean troops left Pyongyang; the Koreans fought.", [
        ("North Korean", "MISC"), ("Pyongyang", "LOC"), ("Koreans", "MISC"),
    ]))
    #expect(attribute(north, "link") == ["KP", "KP", "KP"])
    let south = try run(["enrich.entities"], on: withEntities("Seoul said Korean exports rose.", [("Seoul", "LOC"), ("Korean", "MISC")]))
    #expect(attribute(south, "link") == ["KR", "KR"])
    #expect(attribute(south, "link_name") == ["Seoul", "South Korea"])
}
