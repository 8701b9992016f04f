import CZlib
import Foundation
import GalleyCore
import GalleyTesting
@testable import IngestFiles
import Testing

/// A small WARC writer for the tests: records as Common Crawl writes them, plain or one gzip member per record.
enum WARCWriter {
    static func http(status: Int = 200, _ headers: [(String, String)], _ body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Not Found")\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    static func record(_ type: String, uri: String, id: String, date: String = "2024-05-01T10:00:00Z", block: [UInt8]) -> [UInt8] {
        let contentType = type == "response" || type == "revisit" ? "application/http; msgtype=response"
            : type == "request" ? "application/http; msgtype=request" : "application/warc-fields"
        let head = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: \(date)\r\n"
            + "WARC-Record-ID: <urn:uuid:\(id)>\r\nContent-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func page(_ uri: String, id: String, status: Int = 200, contentType: String = "text/html; charset=utf-8", _ html: String) -> [UInt8] {
        record("response", uri: uri, id: id, block: http(status: status, [("Content-Type", contentType)], Array(html.utf8)))
    }

    /// One gzip member.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(galley_deflate_init_gzip(&stream, 6) == Z_OK)
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o -> Int in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                stream.next_out = o.baseAddress
                stream.avail_out = UInt32(o.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return o.count - Int(stream.avail_out)
            }
        }
        return Array(out[0..<produced])
    }

    /// The records as one file's bytes: plain, or one gzip member each; with the offset where each member starts.
    static func file(_ records: [[UInt8]], gzip: Bool) -> (bytes: [UInt8], offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for r in records {
            offsets.append(bytes.count)
            bytes += gzip ? Self.gzip(r) : r
        }
        return (bytes, offsets)
    }
}

/// What reading one WARC file gave.
private struct Read {
    var docs: [Document] = []
    var failures: [(String, String)] = []
    var notes: [SourceNote] = []
    func note(_ reason: String) -> SourceNote? { notes.first { $0.reason == reason } }
}

private func read(_ path: String, readSize: Int = 1 << 20) throws -> Read {
    guard case .source(let made) = try makeStage("ingest.files"), var source = made as? IngestFiles else { fatalError() }
    source.warcReadSize = readSize
    var r = Read()
    try source.enumerate(InputSelection(paths: [path])) { item in
        for result in source.load(item) {
            switch result {
            case .success(let d): r.docs.append(d)
            case .failure(let e): r.failures.append((e.path, e.message))
            }
        }
        return true
    }
    r.notes = source.takeNotes()
    return r
}

private let quay = newsPage()

/// Every kind of record: what is a page and what is passed over.
private func mixedRecords() -> [[UInt8]] {
    var latin1: [UInt8] = Array("<html><body><article><h1>Caf".utf8)
    latin1 += [0xE9]
    latin1 += Array(" owner</h1><p>".utf8)
    latin1 += [0x93, 0x4E, 0x61, 0xEF, 0x76, 0x65, 0x94]
    latin1 += Array("</p></article></body></html>".utf8)
    let chunkedBody: [UInt8] = WARCWriter.gzip(Array(quay.utf8))
    let half = chunkedBody.count / 2
    var chunked: [UInt8] = Array(String(half, radix: 16).utf8)
    chunked += [13, 10]
    chunked += chunkedBody[0..<half]
    chunked += [13, 10]
    chunked += Array(String(chunkedBody.count - half, radix: 16).utf8)
    chunked += Array(";ext=1\r\n".utf8)
    chunked += chunkedBody[half...]
    chunked += Array("\r\n0\r\n\r\n".utf8)
    return [
        WARCWriter.record("warcinfo", uri: "", id: "00000000-0000-0000-0000-000000000000", block: Array("software: galley-tests\r\n".utf8)),
        WARCWriter.record("request", uri: "https://harbour.example/quay", id: "11111111-1111-1111-1111-111111111111",
                          block: Array("GET /quay HTTP/1.1\r\nHost: harbour.example\r\n\r\n".utf8)),
        WARCWriter.page("https://harbour.example/quay", id: "22222222-2222-2222-2222-222222222222", quay),
        WARCWriter.record("response", uri: "https://cafe.example/", id: "33333333-3333-3333-3333-333333333333",
                          block: WARCWriter.http([("Content-Type", "text/html; charset=ISO-8859-1")], latin1)),
        WARCWriter.record("response", uri: "https://harbour.example/logo.png", id: "44444444-4444-4444-4444-444444444444",
                          block: WARCWriter.http([("Content-Type", "image/png")], [0x89, 0x50, 0x4E, 0x47])),
        WARCWriter.page("https://harbour.example/gone", id: "55555555-5555-5555-5555-555555555555", status: 404, "<html><p>Not found</p></html>"),
        WARCWriter.record("revisit", uri: "https://harbour.example/quay", id: "66666666-6666-6666-6666-666666666666",
                          block: WARCWriter.http([("Content-Type", "text/html")], [])),
        WARCWriter.record("response", uri: "https://harbour.example/chunked", id: "77777777-7777-7777-7777-777777777777",
                          block: WARCWriter.http([("Content-Type", "application/xhtml+xml"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], chunked)),
    ]
}

private func id(_ uuid: String) -> String { StableHash.hex(StableHash.fnv1a64(Array("<urn:uuid:\(uuid)>".utf8))) }

@Suite struct WARCTests {
    @Test(arguments: [false, true], [7, 1 << 20])
    func responsesWithHTMLPayloadsBecomePages(gzip: Bool, readSize: Int) throws {
        let dir = TemporaryDirectory()
        let name = gzip ? "crawl.warc.gz" : "crawl.warc"
        let path = dir.write(name, Data(WARCWriter.file(mixedRecords(), gzip: gzip).bytes))
        let r = try read(path, readSize: readSize)
        #expect(r.failures.map { "\($0.0): \($0.1)" } == [])
        #expect(r.docs.map(\.source.path) == ["\(path):3", "\(path):4", "\(path):8"])
        #expect(r.docs.map(\.id) == [id("22222222-2222-2222-2222-222222222222"), id("33333333-3333-3333-3333-333333333333"),
                                     id("77777777-7777-7777-7777-777777777777")])
        #expect(r.docs.map { $0.fields["url"] } == [.string("https://harbour.example/quay"), .string("https://cafe.example/"), .string("https://harbour.example/chunked")])
        #expect(r.docs.map { $0.fields["fetched"] } == Array(repeating: .string("2024-05-01T10:00:00Z"), count: 3))
        #expect(r.docs[0].fields["warc_record_id"] == .string("urn:uuid:22222222-2222-2222-2222-222222222222"))
        #expect(r.docs.map(\.source.format) == ["html", "html", "html"])
        #expect(r.docs[0].text == quay)
        #expect(r.docs[2].text == quay)
        // The HTTP charset decides: ISO-8859-1 is read as Windows-1252, as browsers do.
        #expect(r.docs[1].source.encoding == "windows-1252")
        #expect(r.docs[1].text.contains("Café owner</h1><p>“Naïve”"))
        #expect(r.note(IngestFiles.otherRecordsNote) == SourceNote(reason: IngestFiles.otherRecordsNote, count: 3,
            examples: ["\(path):1 (warcinfo)", "\(path):2 (request)", "\(path):7 (revisit)"]))
        #expect(r.note(IngestFiles.notHTMLNote) == SourceNote(reason: IngestFiles.notHTMLNote, count: 1, examples: ["\(path):5 (image/png)"]))
        #expect(r.note(IngestFiles.statusNote) == SourceNote(reason: IngestFiles.statusNote, count: 1, examples: ["\(path):6 (404)"]))
    }

    @Test func aTruncatedLastMemberFailsOnlyItsRecord() throws {
        let dir = TemporaryDirectory()
        let records = (1...3).map { WARCWriter.page("https://x.example/\($0)", id: "\($0)", quay) }
        let (bytes, offsets) = WARCWriter.file(records, gzip: true)
        let path = dir.write("cut.warc.gz", Data(bytes[0..<(offsets[2] + (bytes.count - offsets[2]) / 2)]))
        let r = try read(path, readSize: 100)
        #expect(r.docs.map(\.source.path) == ["\(path):1", "\(path):2"])
        #expect(r.failures.map { "\($0.0): \($0.1)" } == ["\(path):3: the file ends inside the gzip member at byte \(offsets[2]) (truncated)"])

        let plain = WARCWriter.file(records, gzip: false).bytes
        let cutPlain = dir.write("cut.warc", Data(plain[0..<(plain.count - 100)]))
        let p = try read(cutPlain, readSize: 100)
        #expect(p.docs.count == 2)
        let block = records[2].count - 4 - (records[2].firstRange(of: Array("\r\n\r\n".utf8))!.upperBound)
        #expect(p.failures.map { "\($0.0): \($0.1)" } == ["\(cutPlain):3: truncated: the file ends inside the record (\(block - 96) of \(block) bytes)"])
    }

    @Test(arguments: [100, 1 << 20])
    func aCorruptMemberInTheMiddleFailsOnlyItsRecord(readSize: Int) throws {
        let dir = TemporaryDirectory()
        let records = (1...4).map { WARCWriter.page("https://x.example/\($0)", id: "\($0)", quay) }
        var (bytes, offsets) = WARCWriter.file(records, gzip: true)
        // The first deflate block header of member 2 (after the 10-byte gzip header): block type 3 does not exist.
        bytes[offsets[1] + 10] |= 0x06
        let path = dir.write("bad.warc.gz", Data(bytes))
        let r = try read(path, readSize: readSize)
        #expect(r.docs.map(\.source.path) == ["\(path):1", "\(path):3", "\(path):4"])
        #expect(r.docs.map { $0.fields["url"] } == [.string("https://x.example/1"), .string("https://x.example/3"), .string("https://x.example/4")])
        #expect(r.failures.map { "\($0.0): \($0.1)" } == ["\(path):2: corrupt gzip member at byte \(offsets[1]) (invalid block type)"])
    }

    @Test(arguments: [100, 1 << 20])
    func aMemberWhoseChecksumIsWrongFailsItsRecord(readSize: Int) throws {
        let dir = TemporaryDirectory()
        let records = (1...3).map { WARCWriter.page("https://x.example/\($0)", id: "\($0)", quay) }
        var (bytes, offsets) = WARCWriter.file(records, gzip: true)
        // The CRC-32 of member 2 (the 8 bytes before member 3 are its CRC and its size): zlib finds out at the end.
        bytes[offsets[2] - 8] ^= 0xFF
        let path = dir.write("crc.warc.gz", Data(bytes))
        let r = try read(path, readSize: readSize)
        #expect(r.docs.map(\.source.path) == ["\(path):1", "\(path):3"])
        #expect(r.failures.map { "\($0.0): \($0.1)" } == ["\(path):2: corrupt gzip member at byte \(offsets[1]) (incorrect data check)"])
    }

    @Test func garbageBetweenPlainRecordsFailsAsOneRecord() throws {
        let dir = TemporaryDirectory()
        let records = (1...2).map { WARCWriter.page("https://x.example/\($0)", id: "\($0)", quay) }
        let path = dir.write("junk.warc", Data(records[0] + Array("this is not a record\nnor this\n".utf8) + records[1]))
        let r = try read(path)
        #expect(r.docs.map(\.source.path) == ["\(path):1", "\(path):3"])
        #expect(r.failures.map { "\($0.0): \($0.1)" } == ["\(path):2: not a WARC record (no 'WARC/' version line); skipped to the next record"])
    }

    @Test func aLargeRecordSpansManyReads() throws {
        let dir = TemporaryDirectory()
        // Pseudo-random words compress poorly, so that one gzip member spans several 1 MB reads.
        var seed: UInt64 = 42
        var words: [String] = []
        for _ in 0..<700_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            words.append(String(seed >> 40, radix: 36))
        }
        let html = "<html><body><article><h1>Long</h1><p>" + words.joined(separator: " ") + "</p></article></body></html>"
        let records = [WARCWriter.page("https://x.example/long", id: "long", html), WARCWriter.page("https://x.example/short", id: "short", quay)]
        let (bytes, offsets) = WARCWriter.file(records, gzip: true)
        #expect(offsets[1] > 2 << 20)
        let path = dir.write("long.warc.gz", Data(bytes))
        let r = try read(path)
        #expect(r.failures.isEmpty)
        #expect(r.docs.map(\.text) == [html, quay])
    }

    @Test func aWARCRunsThroughTheNewsPipeline() throws {
        let dir = TemporaryDirectory()
        let out = TemporaryDirectory()
        // Every kind of record but the small Latin-1 page, which is too short an article for extract.html.
        var records = mixedRecords()
        records.remove(at: 3)
        dir.write("crawl.warc.gz", Data(WARCWriter.file(records, gzip: true).bytes))
        let r = GalleyProcess.run(["run", "Pipelines/news.yaml", dir.path], environment: ["GALLEY_OUT": out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2 ok, 0 failed"))
        #expect(r.stderr.contains("passed over: 3 \(IngestFiles.otherRecordsNote) ("))
        #expect(r.stderr.contains("passed over: 1 \(IngestFiles.notHTMLNote) (\(dir.path)/crawl.warc.gz:4 (image/png))"))
        #expect(r.stderr.contains("passed over: 1 \(IngestFiles.statusNote) (\(dir.path)/crawl.warc.gz:5 (404))"))
        let lines = try String(contentsOfFile: out.path + "/news.jsonl", encoding: .utf8).split(separator: "\n")
        let docs = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(docs.count == 2)
        let first = docs[0]
        #expect(first["url"] as? String == "https://harbour.example/quay")
        #expect(first["fetched"] as? String == "2024-05-01T10:00:00Z")
        #expect(first["title"] as? String == "New quay opens in March")
        #expect(first["text"] as? String == articleParagraphs.joined(separator: "\n\n"))
        #expect((first["paragraphs"] as? [Any])?.count == 3)
        #expect(((first["quotes"] as? [[String: Any]])?.first?["speaker"] as? String) == "Mara Jensen")
        #expect(docs[1]["url"] as? String == "https://harbour.example/chunked")
        #expect(docs[1]["text"] as? String == articleParagraphs.joined(separator: "\n\n"))
    }
}
