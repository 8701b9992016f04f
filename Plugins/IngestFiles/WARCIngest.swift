import Foundation
import GalleyCore

#if canImport(Glibc)
import Glibc
#endif

/// WARC input: a `.warc` or `.warc.gz` file is streamed record by record while the input is walked; each `response`
/// record is one item, loaded (HTTP parsed, payload de-chunked, inflated and decoded) by the workers.
extension IngestFiles {
    static let otherRecordsNote = "WARC records that are not responses (request, revisit, warcinfo, metadata …)"
    static let notHTMLNote = "WARC responses that are not HTML"
    static let statusNote = "WARC responses with an HTTP status other than 200"

    /// Emits one item per response record of an open WARC file; records of other types are counted, broken ones fail.
    func streamWARC(fd: Int32, path: String, relative: String, emit: (SourceItem) throws -> Bool,
                    note: (String, String) -> Void) throws -> Bool {
        var magic: [UInt8] = [0, 0]
        let gzip = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 2, 0) } == 2 && magic == [0x1F, 0x8B]
        var reader = WARCReader(fd: fd, gzip: gzip, maxBytes: maxBytes, chunkSize: warcReadSize)
        defer { reader.close() }
        while let event = reader.next() {
            switch event {
            case .failed(let number, let reason):
                guard try emit(Self.failedItem(path: "\(path):\(number)", relative: relative, reason: reason)) else { return false }
            case .record(let record):
                let type = record.headers["warc-type"]?.lowercased() ?? ""
                guard type == "response" else {
                    note(Self.otherRecordsNote, "\(path):\(record.number) (\(type.isEmpty ? "no WARC-Type" : type))")
                    continue
                }
                let item = SourceItem(path: path, relativePath: relative, inline: record.head + [0x0D, 0x0A, 0x0D, 0x0A] + record.block,
                                      line: record.number)
                guard try emit(item) else { return false }
            }
        }
        return true
    }

    /// One response record (its WARC header, a blank line, the HTTP response) as a web page document, or nothing
    /// when it is no page (counted), or a failure.
    func loadWARCRecord(_ record: [UInt8], item: SourceItem, path: String) -> [Result<Document, DocumentError>] {
        func fail(_ message: String) -> [Result<Document, DocumentError>] {
            [.failure(DocumentError(path: path, stage: "ingest.files", message: message))]
        }
        var split = record.count
        for i in 0..<max(0, record.count - 3) where record[i] == 0x0D && record[i + 1] == 0x0A && record[i + 2] == 0x0D && record[i + 3] == 0x0A {
            split = i
            break
        }
        let warc = WARCReader.parseHeaders(Array(record[0..<split]))
        let block = Array(record[min(record.count, split + 4)...])
        guard let http = HTTPPayload.parse(block) else { return fail("the response record holds no HTTP response") }
        guard http.status == 200 else {
            notes.add(Self.statusNote, "\(path) (\(http.status))")
            return []
        }
        var body = Array(http.body)
        if let te = http.headers["transfer-encoding"]?.lowercased(), te.contains("chunked") {
            switch HTTPPayload.dechunk(http.body) {
            case .success(let b): body = b
            case .failure(let reason): return fail(reason.message)
            }
        }
        switch http.headers["content-encoding"]?.lowercased().trimmingCharacters(in: .whitespaces) ?? "" {
        case "", "identity", "none":
            break
        case "gzip", "x-gzip":
            // Crawlers often store the payload already inflated but keep the header: only gzip data is inflated.
            if Gzip.isGzip(body) {
                switch Gzip.inflate(body, limit: maxBytes) {
                case .success(let b): body = b
                case .failure(let reason): return fail(reason.message)
                }
            }
        case "deflate":
            switch HTTPPayload.inflateDeflate(body, limit: maxBytes) {
            case .success(let b): body = b
            case .failure(let reason): return fail(reason.message)
            }
        case let other:
            return fail("HTTP Content-Encoding '\(other)' is not supported")
        }
        let contentType = http.headers["content-type"]
        let media = contentType.map(HTTPPayload.mediaType) ?? Self.sniffedMediaType(body)
        guard media == "text/html" || media == "application/xhtml+xml" else {
            notes.add(Self.notHTMLNote, "\(path) (\(media.isEmpty ? "no Content-Type" : media))")
            return []
        }
        if body.isEmpty { return fail("empty page") }
        let recordID = warc["warc-record-id"] ?? ""
        let id = recordID.isEmpty
            ? StableHash.hex(StableHash.fnv1a64(Self.nameBytes(item) + Array(":\(item.line ?? 0)\0".utf8) + block))
            : StableHash.hex(StableHash.fnv1a64(Array(recordID.utf8)))
        switch webPage(body, id: id, path: path, declared: contentType.flatMap(HTMLDecoding.charset(contentType:))) {
        case .failure(let reason): return fail(reason.message)
        case .success(var doc):
            func unbracketed(_ s: String) -> String { s.hasPrefix("<") && s.hasSuffix(">") ? String(s.dropFirst().dropLast()) : s }
            if let uri = warc["warc-target-uri"] { doc.fields["url"] = .string(unbracketed(uri)) }
            if let date = warc["warc-date"] { doc.fields["fetched"] = .string(date) }
            if !recordID.isEmpty { doc.fields["warc_record_id"] = .string(unbracketed(recordID)) }
            return [.success(doc)]
        }
    }

    /// `text/html` when a payload without a Content-Type starts like a page, else "".
    static func sniffedMediaType(_ body: [UInt8]) -> String {
        let head = body.prefix(512).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        let lower = String(decoding: head.prefix(14), as: UTF8.self).lowercased()
        return lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") ? "text/html" : ""
    }
}
