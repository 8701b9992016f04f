/// Decodes article bytes: UTF-8 (BOM stripped), else Windows-1252; refuses binary data.
enum TextDecoding {
    /// Windows-1252 code points for 0x80–0x9F; 0 marks the five undefined bytes.
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The decoded text and the encoding's name, or a one-line reason it cannot be decoded.
    static func decode(_ bytes: [UInt8]) -> Result<(String, String), StageFailureReason> {
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(StageFailureReason("binary file (NUL byte at offset \(nul))"))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let s = String(validating: body, as: UTF8.self) {
            return controlCharacterCheck(s).map { .failure($0) } ?? .success((s, "utf-8"))
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(body.count)
        for b in body {
            if b < 0x80 || b >= 0xA0 {
                scalars.append(Unicode.Scalar(b))
            } else {
                let cp = cp1252High[Int(b - 0x80)]
                guard cp != 0, let scalar = Unicode.Scalar(cp) else {
                    return .failure(StageFailureReason("not valid UTF-8 and not Windows-1252 (byte 0x\(String(b, radix: 16, uppercase: true)))"))
                }
                scalars.append(scalar)
            }
        }
        let s = String(scalars)
        return controlCharacterCheck(s).map { .failure($0) } ?? .success((s, "windows-1252"))
    }

    /// Text with many control characters is binary data in disguise.
    private static func controlCharacterCheck(_ s: String) -> StageFailureReason? {
        var controls = 0, total = 0
        for b in s.utf8 {
            total += 1
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { controls += 1 }
        }
        if total > 0 && controls * 20 > total { return StageFailureReason("binary file (\(controls) control characters in \(total) bytes)") }
        return nil
    }
}

/// A one-line reason, as a typed error value.
struct StageFailureReason: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
