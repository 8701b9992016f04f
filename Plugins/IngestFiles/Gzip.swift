import CZlib

/// gzip files (`.html.gz`): every member inflated in turn, never past `limit` bytes (a gzip bomb fails, it does not fill memory).
enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The inflated bytes, or a one-line reason.
    static func inflate(_ input: [UInt8], limit: Int) -> Result<[UInt8], StageFailureReason> {
        var out: [UInt8] = []
        // The last member's trailer states its inflated size (mod 2^32): room for it at once, not doubling by copies.
        var stated = 0
        if input.count >= 18 {
            let n = input.count
            stated = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
        }
        out.reserveCapacity(min(limit, max(input.count * 4, stated) + 1))
        var stream = z_stream()
        guard galley_inflate_init_gzip(&stream) == Z_OK else { return .failure(StageFailureReason("gzip: cannot start zlib")) }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { inp -> Result<[UInt8], StageFailureReason> in
            stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.avail_in = UInt32(inp.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buf -> Int32 in
                    stream.next_out = buf.baseAddress
                    stream.avail_out = UInt32(buf.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if out.count + produced > limit {
                    return .failure(StageFailureReason("gzip: inflates to more than \(limit) bytes (max_bytes)"))
                }
                out.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another member follows (concatenated gzip files), or trailing zeros.
                    if stream.avail_in == 0 || !inp[(inp.count - Int(stream.avail_in))...].contains(where: { $0 != 0 }) { return .success(out) }
                    guard inflateReset(&stream) == Z_OK else { return .failure(StageFailureReason("gzip: cannot read the next member")) }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { return .failure(StageFailureReason("gzip: truncated (the file ends inside a member)")) }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 { return .failure(StageFailureReason("gzip: truncated (the file ends inside a member)")) }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    return .failure(StageFailureReason("gzip: corrupt data (\(message))"))
                }
            }
        }
    }
}
