import GalleyCore
import Testing

@Test func jsonRoundTripKeepsKeyOrderAndEscapes() throws {
    let text = #"{"z":1,"a":[true,false,null],"s":"line\nbreak \"quoted\" \\ tab\t é 🙂","n":-2.5,"e":1e3}"#
    let value = try JSONParser.parse(text)
    #expect(value["z"] == .int(1))
    #expect(value["s"] == .string("line\nbreak \"quoted\" \\ tab\t é 🙂"))
    #expect(value["n"] == .double(-2.5))
    #expect(value["e"] == .double(1000))
    #expect(value.jsonString == #"{"z":1,"a":[true,false,null],"s":"line\nbreak \"quoted\" \\ tab\t é 🙂","n":-2.5,"e":1000}"#)
}

@Test func jsonSurrogatePairsDecodeToOneScalar() throws {
    let value = try JSONParser.parse(#""\ud83d\ude00 \u00e9""#)
    #expect(value == .string("😀 é"))
}

@Test func jsonControlCharactersAreEscaped() {
    #expect(Value.string("a\u{01}b").jsonString == #""a\u0001b""#)
}

@Test func malformedJSONReportsByteOffset() {
    #expect(throws: JSONError.self) { try JSONParser.parse(#"{"a": 1,}"#) }
    do {
        _ = try JSONParser.parse(#"{"a" 1}"#)
        Issue.record("expected an error")
    } catch let error as JSONError {
        #expect(error.offset == 5)
        #expect(error.message == "expected ':'")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test func deeplyNestedJSONIsRefused() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
}

@Test func exportPutsKeysInSchemaOrderAndGroupsAnnotations() {
    var doc = Document(id: "d1", source: DocumentSource(path: "a.txt", format: "txt", bytes: 5, encoding: "utf-8"), text: "Hi. Yo.")
    doc.fields["custom"] = "x"
    doc.fields["published"] = "2024-01-02"
    doc.fields["title"] = "T"
    doc.annotations.append(Annotation(kind: "sentences", start: 4, end: 7))
    doc.annotations.append(Annotation(kind: "sentences", start: 0, end: 3))
    let json = DocumentJSON.object(doc).jsonString
    #expect(json == #"{"id":"d1","source":{"path":"a.txt","format":"txt","bytes":5,"encoding":"utf-8"},"title":"T","published":"2024-01-02","text":"Hi. Yo.","sentences":[{"start":4,"end":7},{"start":0,"end":3}],"custom":"x"}"#)
}

@Test func exportedDocumentReadsBackWithAnnotations() throws {
    let line = #"{"id":"x","text":"Kim said.","title":"T","entities":[{"text":"Kim","label":"PER","start":0,"end":3}],"stats":{"words":2}}"#
    let doc = DocumentJSON.document(from: try JSONParser.parse(line), fallbackID: "f",
                                    source: DocumentSource(path: "-", format: "jsonl", bytes: 0, encoding: "utf-8"))
    #expect(doc.id == "x")
    #expect(doc.annotations == [Annotation(kind: "entities", start: 0, end: 3, attributes: ["text": "Kim", "label": "PER"])])
    #expect(doc.fields["stats"] == ["words": 2])
    #expect(doc.fields["title"] == "T")
}
