/// Maps UTF-8 byte offsets of one text to Unicode scalar offsets in O(1) after an O(n) precompute.
public struct ScalarOffsets: Sendable {
    /// Scalar offset of every byte offset `0...count`; empty when the text is pure ASCII or too long for Int32.
    private let table: [Int32]
    /// For a text of more than `Int32.max` bytes (where `table` would overflow): the scalar offset of every 64th
    /// byte, and the bytes to count the rest from.
    private let checkpoints: [Int]
    private let bytes: [UInt8]

    /// True when byte offsets and scalar offsets coincide (pure ASCII input).
    public var isIdentity: Bool { table.isEmpty && checkpoints.isEmpty }

    /// Builds the mapping for the given UTF-8 bytes.
    public init(utf8 bytes: [UInt8]) {
        self.init(utf8: bytes, tableLimit: Int(Int32.max))
    }

    /// `tableLimit`: the longest text that gets the one-entry-per-byte Int32 table (tests lower it).
    init(utf8 bytes: [UInt8], tableLimit: Int) {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            (table, checkpoints, self.bytes) = ([], [], [])
            return
        }
        if bytes.count > tableLimit {
            var marks = [Int](repeating: 0, count: bytes.count / 64 + 1)
            var scalars = 0
            for (index, byte) in bytes.enumerated() {
                if index & 63 == 0 { marks[index >> 6] = scalars }
                if byte & 0xC0 != 0x80 { scalars += 1 }
            }
            (table, checkpoints, self.bytes) = ([], marks, bytes)
            return
        }
        var map = [Int32](repeating: 0, count: bytes.count + 1)
        var scalars: Int32 = 0
        for (index, byte) in bytes.enumerated() {
            map[index] = scalars
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        map[bytes.count] = scalars
        (table, checkpoints, self.bytes) = (map, [], [])
    }

    /// The number of Unicode scalars that start before `byteOffset` (its scalar offset at a scalar boundary).
    @inline(__always)
    public func scalarOffset(ofByte byteOffset: Int) -> Int {
        if !table.isEmpty { return Int(table[byteOffset]) }
        if checkpoints.isEmpty { return byteOffset }
        var scalars = checkpoints[byteOffset >> 6]
        for index in (byteOffset & ~63)..<byteOffset where bytes[index] & 0xC0 != 0x80 { scalars += 1 }
        return scalars
    }
}
