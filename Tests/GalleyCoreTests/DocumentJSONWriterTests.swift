import GalleyCore
import OrderedCollections
import Testing

/// The direct JSON writer of the JSON-lines and SQLite outputs gives exactly the bytes of `DocumentJSON.line`.
@Suite struct DocumentJSONWriterTests {
    func written(_ doc: Document) -> String {
        var writer = DocumentJSONWriter(doc)
        writer.writeDocument()
        return String(decoding: writer.w.bytes, as: UTF8.self)
    }

    @Test func theSameBytesAsTheValueTree() {
        var doc = Document(id: "d-1", source: DocumentSource(path: "in/é \"q\".txt", format: "txt", bytes: 42, encoding: "utf-8"),
                           text: "Kim met Putin.\n\n“Tab\there”, 5% ☃")
        doc.fields["title"] = "Kim meets Putin"
        doc.fields["published"] = "2024-11-24"
        doc.fields["custom"] = ["a": 1, "b": [1.5, -2, true, .null], "c": "x\u{0001}y"]
        doc.fields["stats"] = ["words": 5, "reading_minutes": 0.1]
        doc.fields["text"] = "a field named text is not exported"
        doc.annotations = [
            Annotation(kind: "entities", start: 0, end: 3, attributes: ["text": "Kim", "label": "PER"]),
            Annotation(kind: "sentences", start: 0, end: 14),
            Annotation(kind: "entities", start: 8, end: 13, attributes: ["start": 99, "text": "Putin", "confidence": 0.93]),
            Annotation(kind: "custom_kind", start: 16, end: 20, attributes: ["n": -7]),
            Annotation(kind: "paragraphs", start: 0, end: 14),
        ]
        let line = String(decoding: DocumentJSON.line(doc), as: UTF8.self)
        #expect(written(doc) == line)
        #expect(line.hasPrefix(#"{"id":"d-1","source":{"path":"in/é \"q\".txt","format":"txt","bytes":42,"encoding":"utf-8"},"title":"Kim meets Putin","published":"2024-11-24","text":"#))
        #expect(line.contains(#""entities":[{"text":"Kim","label":"PER","start":0,"end":3},{"start":8,"text":"Putin","confidence":0.93,"end":13}]"#))
    }

    @Test func aFieldNamedLikeAnAnnotationKindWinsAsInTheExport() {
        var doc = Document(id: "x", source: DocumentSource(path: "x", format: "txt", bytes: 1, encoding: "utf-8"), text: "x")
        doc.fields["quotes"] = "a field"
        doc.fields["later"] = 1
        doc.annotations = [Annotation(kind: "quotes", start: 0, end: 1), Annotation(kind: "later", start: 0, end: 1)]
        #expect(written(doc) == String(decoding: DocumentJSON.line(doc), as: UTF8.self))
        #expect(written(doc) == #"{"id":"x","source":{"path":"x","format":"txt","bytes":1,"encoding":"utf-8"},"text":"x","quotes":"a field","later":1}"#)
    }
}
