import Foundation
import GalleyCore
import GalleyTesting
import Testing

@Test func jsonlOutputAppearsOnlyWhenFinishedAndKeepsOneCopyPerId() throws {
    let folder = TemporaryDirectory()
    let dir = folder.path
    let path = dir + "/nested/out.jsonl"
    guard case .sink(let sink) = try makeStage("output.jsonl", ["path": .string(path)]) else { fatalError() }
    try sink.open(resume: false)
    let doc = Document(id: "d1", source: DocumentSource(path: "a.txt", format: "txt", bytes: 1, encoding: "utf-8"), text: "é")
    try sink.write(doc)
    try sink.write(doc)
    #expect(!FileManager.default.fileExists(atPath: path))
    try sink.finish()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == #"{"id":"d1","source":{"path":"a.txt","format":"txt","bytes":1,"encoding":"utf-8"},"text":"é"}"# + "\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/nested") == ["out.jsonl"])
    #expect(try sink.existingIDs() == ["d1"])
}
