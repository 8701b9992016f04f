import CZlib
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a WARC file as one stream, read in chunks: a plain `.warc` as it is, a `.warc.gz` inflated member by
/// member (Common Crawl writes one gzip member per record; one member for the whole file works too). A corrupt member
/// becomes a gap in the stream (the reader skips to the next gzip header) and a file that ends inside a member ends
/// with a gap, so that the record parser fails only the records they held.
struct WARCByteStream {
    enum Chunk {
        case data([UInt8])
        /// Bytes are missing here; the reason names the gzip member's offset in the file.
        case gap(String)
        /// A gzip member ended here with its checksum right: the bytes before it are what was written.
        case memberEnd
        case end
    }

    let fd: Int32
    let gzip: Bool
    let chunkSize: Int
    private var input: [UInt8] = []
    private var inputStart = 0
    /// File offset of `input[0]`.
    private var inputOffset = 0
    private var eof = false
    private var stream = z_stream()
    private var streamReady = false
    /// File offset where the current gzip member starts, and whether it has produced anything or consumed input.
    private var memberOffset = 0
    private var inMember = false
    private var finished = false
    private var pendingMemberEnd = false

    init(fd: Int32, gzip: Bool, chunkSize: Int) {
        self.fd = fd
        self.gzip = gzip
        self.chunkSize = max(16, chunkSize)
    }

    /// Ends the zlib stream; call once when done.
    mutating func close() {
        if streamReady { inflateEnd(&stream); streamReady = false }
    }

    /// Reads more of the file into `input`; false at the end of the file (or on a read error, reported as the end).
    private mutating func fill() -> Bool {
        if eof { return false }
        if inputStart > 0 && inputStart >= input.count / 2 {
            input.removeSubrange(0..<inputStart)
            inputOffset += inputStart
            inputStart = 0
        }
        let old = input.count
        input.append(contentsOf: repeatElement(0, count: chunkSize))
        var n = 0
        repeat { n = input.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old, chunkSize) } } while n < 0 && errno == EINTR
        input.removeSubrange((old + max(0, n))...)
        if n <= 0 { eof = true; return false }
        return true
    }

    mutating func next() -> Chunk {
        if pendingMemberEnd { pendingMemberEnd = false; return .memberEnd }
        if finished { return .end }
        if !gzip {
            if inputStart >= input.count && !fill() { finished = true; return .end }
            let chunk = Array(input[inputStart...])
            inputStart = input.count
            return .data(chunk)
        }
        if !streamReady {
            guard galley_inflate_init_gzip(&stream) == Z_OK else { finished = true; return .gap("gzip: cannot start zlib") }
            streamReady = true
        }
        var out = [UInt8](repeating: 0, count: chunkSize)
        while true {
            if inputStart >= input.count {
                if !fill() {
                    finished = true
                    return inMember ? .gap("the file ends inside the gzip member at byte \(memberOffset) (truncated)") : .end
                }
            }
            if !inMember {
                // Between members: zeros (padding) are skipped; a member starts with the gzip magic number.
                while inputStart < input.count && input[inputStart] == 0 { inputStart += 1 }
                if inputStart >= input.count { continue }
                memberOffset = inputOffset + inputStart
                inMember = true
            }
            let available = input.count - inputStart
            let (status, used, produced) = input.withUnsafeMutableBufferPointer { inp in
                out.withUnsafeMutableBufferPointer { o -> (Int32, Int, Int) in
                    stream.next_in = inp.baseAddress! + inputStart
                    stream.avail_in = UInt32(available)
                    stream.next_out = o.baseAddress
                    stream.avail_out = UInt32(o.count)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    return (s, available - Int(stream.avail_in), o.count - Int(stream.avail_out))
                }
            }
            inputStart += used
            switch status {
            case Z_STREAM_END:
                inMember = false
                inflateReset(&stream)
                if produced > 0 { pendingMemberEnd = true; return .data(Array(out[0..<produced])) }
                return .memberEnd
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return .data(Array(out[0..<produced])) }
                if status == Z_BUF_ERROR && used == 0 && inputStart < input.count {
                    // No progress with input left: zlib wants what it cannot get.
                    return resync("no progress")
                }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                return resync(message)
            }
        }
    }

    /// After a corrupt member: skip to the next gzip header (1F 8B 08) after the member's start and report the gap.
    private mutating func resync(_ message: String) -> Chunk {
        let failedAt = memberOffset
        inflateReset(&stream)
        inMember = false
        // From one byte past the member's start when it is still buffered (zlib may have read into the next member).
        let from = failedAt + 1 - inputOffset
        if from >= 0 && from <= input.count { inputStart = from }
        let gap = Chunk.gap("corrupt gzip member at byte \(failedAt) (\(message))")
        while true {
            var i = inputStart
            while i + 2 < input.count {
                if input[i] == 0x1F && input[i + 1] == 0x8B && input[i + 2] == 0x08 { inputStart = i; return gap }
                i += 1
            }
            inputStart = max(inputStart, input.count - 2)
            if !fill() {
                inputStart = input.count
                return gap
            }
        }
    }
}

/// The records of a WARC file, one at a time, from a `WARCByteStream`; memory holds one record (its block only
/// when it is at most `maxBytes`).
struct WARCReader {
    struct Record {
        /// 1 for the first record of the file; lost records count too.
        var number: Int
        /// Header names lowercased, values trimmed.
        var headers: [String: String]
        /// The header block as read (the `WARC/1.x` line and the fields).
        var head: [UInt8]
        var block: [UInt8]
    }

    enum Event {
        case record(Record)
        case failed(number: Int, reason: String)
    }

    private var bytes: WARCByteStream
    private let maxBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    /// A gap seen while filling the buffer, not yet reported.
    private var pendingGap: String?
    /// Whether the last event was a failure caused by a gap with no record read since (gaps in a row lose one record).
    private var lastWasGap = false
    private var number = 0
    private let gzip: Bool
    /// Where in `buffer` the last gzip member ended (a record is given out once the member holding its end has
    /// ended with its checksum right, so that damage zlib sees only at the checksum fails the record).
    private var memberEndAt = -1

    init(fd: Int32, gzip: Bool, maxBytes: Int, chunkSize: Int = 1 << 20) {
        bytes = WARCByteStream(fd: fd, gzip: gzip, chunkSize: chunkSize)
        self.maxBytes = maxBytes
        self.gzip = gzip
    }

    mutating func close() { bytes.close() }

    /// Appends the next chunk; false when there is none (the end, or a gap, which is kept in `pendingGap`).
    private mutating func pull() -> Bool {
        if ended || pendingGap != nil { return false }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            memberEndAt -= start
            start = 0
        }
        switch bytes.next() {
        case .data(let d): buffer.append(contentsOf: d); return true
        case .memberEnd: memberEndAt = buffer.count; return true
        case .gap(let reason): pendingGap = reason; return false
        case .end: ended = true; return false
        }
    }

    /// Where the header block that starts at `start` ends (a blank line: CR LF CR LF, or LF LF), searching from
    /// `from`: the end of the header and the start of the block.
    private func headerEnd(from: Int) -> (head: Int, block: Int)? {
        buffer.withUnsafeBufferPointer { p -> (Int, Int)? in
            guard let base = p.baseAddress else { return nil }
            var i = from
            while i < p.count, let hit = memchr(base + i, 0x0A, p.count - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if at + 1 < p.count && p[at + 1] == 0x0A { return (at, at + 2) }
                if at + 2 < p.count && p[at + 1] == 0x0D && p[at + 2] == 0x0A { return (at, at + 3) }
                i = at + 1
            }
            return nil
        }
    }

    /// A failure for the record a gap cut (or for the member lost between records), then a fresh start.
    private mutating func gapFailure(inRecord: Bool) -> Event? {
        guard let reason = pendingGap else { return nil }
        pendingGap = nil
        buffer.removeAll(keepingCapacity: true)
        start = 0
        memberEndAt = -1
        if !inRecord && lastWasGap { return nil }
        lastWasGap = true
        if !inRecord { number += 1 }
        return .failed(number: number, reason: reason)
    }

    mutating func next() -> Event? {
        while true {
            // Between records: blank lines are skipped; anything else up to the next `WARC/` line is not a record.
            var skippedGarbage = false
            while true {
                while start < buffer.count && (buffer[start] == 0x0D || buffer[start] == 0x0A) { start += 1 }
                if buffer.count - start >= 5 {
                    if buffer[start..<(start + 5)].elementsEqual("WARC/".utf8) { break }
                    skippedGarbage = true
                    if let nl = buffer[start...].firstIndex(of: 0x0A) { start = nl + 1; continue }
                    start = buffer.count
                }
                if !pull() {
                    if pendingGap != nil {
                        // A gap after bytes that were no record: the gap's failure stands for both.
                        if let e = gapFailure(inRecord: false) { return e }
                        skippedGarbage = false
                        continue
                    }
                    if skippedGarbage || start < buffer.count {
                        number += 1
                        start = buffer.count
                        return .failed(number: number, reason: "not a WARC record (no 'WARC/' version line) before the end of the file")
                    }
                    return nil
                }
            }
            number += 1
            lastWasGap = false
            if skippedGarbage {
                // Bytes that were no record came first: they fail as one record; the record that follows comes next.
                // (A gap right after them is the same loss.)
                lastWasGap = true
                return .failed(number: number, reason: "not a WARC record (no 'WARC/' version line); skipped to the next record")
            }
            let recordNumber = number
            // The header block.
            var searchFrom = start
            var end: (head: Int, block: Int)?
            while true {
                end = headerEnd(from: max(start, searchFrom - 3))
                if end != nil { break }
                searchFrom = buffer.count
                if buffer.count - start > 1 << 20 {
                    start = buffer.count
                    return .failed(number: recordNumber, reason: "WARC header longer than 1 MB")
                }
                if !pull() {
                    if pendingGap != nil { return gapFailure(inRecord: true)! }
                    start = buffer.count
                    return .failed(number: recordNumber, reason: "truncated: the file ends inside the WARC header")
                }
            }
            let head = Array(buffer[start..<end!.head])
            start = end!.block
            let headers = Self.parseHeaders(head)
            guard let lengthText = headers["content-length"], let length = Int(lengthText), length >= 0 else {
                return .failed(number: recordNumber, reason: "WARC record has no valid Content-Length")
            }
            // The block: kept when it fits max_bytes, else skipped as it streams by.
            let keep = length <= maxBytes
            var block: [UInt8] = []
            if keep { block.reserveCapacity(length) }
            var remaining = length
            while remaining > 0 {
                if start >= buffer.count {
                    if !pull() {
                        if pendingGap != nil { return gapFailure(inRecord: true)! }
                        return .failed(number: recordNumber, reason: "truncated: the file ends inside the record (\(length - remaining) of \(length) bytes)")
                    }
                    continue
                }
                let n = min(remaining, buffer.count - start)
                if keep { block.append(contentsOf: buffer[start..<(start + n)]) }
                start += n
                remaining -= n
            }
            if !keep { return .failed(number: recordNumber, reason: "WARC record is \(length) bytes, over the limit of \(maxBytes) (max_bytes)") }
            // The record's end must have come out of a member that ended well: with one member per record that is
            // right after it; with one member for the whole file the record goes once 1 MB more has come out fine.
            while gzip && memberEndAt < start && buffer.count - start < 1 << 20 {
                if !pull() {
                    if pendingGap != nil { return gapFailure(inRecord: true)! }
                    break
                }
            }
            return .record(Record(number: recordNumber, headers: headers, head: head, block: block))
        }
    }

    /// `Name: value` lines (continuation lines folded in), names lowercased.
    static func parseHeaders(_ head: [UInt8]) -> [String: String] {
        var headers: [String: String] = [:]
        var last: String?
        for raw in head.split(separator: 0x0A, omittingEmptySubsequences: true).dropFirst() {
            var line = raw
            if line.last == 0x0D { line = line.dropLast() }
            if let first = line.first, first == 0x20 || first == 0x09, let key = last {
                headers[key, default: ""] += " " + String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if headers[name] == nil { headers[name] = value }
            last = name
        }
        return headers
    }
}

/// The HTTP response inside a WARC `response` record: status, headers and the payload, de-chunked and inflated.
enum HTTPPayload {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: ArraySlice<UInt8>
    }

    static func parse(_ block: [UInt8]) -> Response? {
        guard block.starts(with: "HTTP/".utf8) else { return nil }
        var i = 0
        var headEnd: Int?
        var bodyStart = 0
        while let nl = block[i...].firstIndex(of: 0x0A) {
            if nl + 1 < block.count && block[nl + 1] == 0x0A { headEnd = nl; bodyStart = nl + 2; break }
            if nl + 2 < block.count && block[nl + 1] == 0x0D && block[nl + 2] == 0x0A { headEnd = nl; bodyStart = nl + 3; break }
            i = nl + 1
        }
        let head = Array(block[0..<(headEnd ?? block.count)])
        if headEnd == nil { bodyStart = block.count }
        let statusLine = head.split(separator: 0x0A).first ?? []
        let parts = statusLine.split(separator: 0x20)
        guard parts.count >= 2, let status = Int(String(decoding: parts[1], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return Response(status: status, headers: WARCReader.parseHeaders(head), body: block[bodyStart...])
    }

    /// The media type of a `Content-Type` value, lowercased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        (contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A body sent with `Transfer-Encoding: chunked`, put back together.
    static func dechunk(_ body: ArraySlice<UInt8>) -> Result<[UInt8], StageFailureReason> {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while true {
            guard let nl = body[i...].firstIndex(of: 0x0A) else { return .failure(StageFailureReason("HTTP chunked body is cut short (no chunk size line)")) }
            var sizeText = String(decoding: body[i..<nl], as: UTF8.self)
            if let semi = sizeText.firstIndex(of: ";") { sizeText = String(sizeText[..<semi]) }
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16), size >= 0 else {
                return .failure(StageFailureReason("HTTP chunked body has a bad chunk size '\(sizeText.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20))'"))
            }
            i = nl + 1
            if size == 0 { return .success(out) }
            guard body.endIndex - i >= size else { return .failure(StageFailureReason("HTTP chunked body is cut short (a chunk of \(size) bytes has \(body.endIndex - i))")) }
            out.append(contentsOf: body[i..<(i + size)])
            i += size
            if i < body.endIndex && body[i] == 0x0D { i += 1 }
            if i < body.endIndex && body[i] == 0x0A { i += 1 }
            if i >= body.endIndex { return .success(out) }
        }
    }

    /// A body sent with `Content-Encoding: deflate` (zlib, or raw deflate as some servers send it).
    static func inflateDeflate(_ body: [UInt8], limit: Int) -> Result<[UInt8], StageFailureReason> {
        for bits in [32 + 15, -15] as [Int32] {
            var stream = z_stream()
            guard galley_inflate_init2(&stream, bits) == Z_OK else { continue }
            defer { inflateEnd(&stream) }
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var input = body
            var status: Int32 = Z_OK
            input.withUnsafeMutableBufferPointer { inp in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                while status == Z_OK && out.count <= limit {
                    status = chunk.withUnsafeMutableBufferPointer { c in
                        stream.next_out = c.baseAddress
                        stream.avail_out = UInt32(c.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                    if status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0 { status = Z_BUF_ERROR }
                }
            }
            if out.count > limit { return .failure(StageFailureReason("deflate: inflates to more than \(limit) bytes (max_bytes)")) }
            if status == Z_STREAM_END { return .success(out) }
        }
        return .failure(StageFailureReason("HTTP body marked Content-Encoding: deflate is not deflate data"))
    }
}
