/// Maps UTF-8 byte offsets of one text to Unicode scalar offsets in O(1) after an O(n) precompute.
public struct ScalarOffsets: Sendable {
    /// Scalar offset of every byte offset `0...count`; empty when the text is pure ASCII.
    private let table: [Int32]

    /// True when byte offsets and scalar offsets coincide (pure ASCII input).
    public var isIdentity: Bool { table.isEmpty }

    /// Builds the mapping for the given UTF-8 bytes.
    public init(utf8 bytes: [UInt8]) {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            table = []
            return
        }
        var map = [Int32](repeating: 0, count: bytes.count + 1)
        var scalars: Int32 = 0
        for (index, byte) in bytes.enumerated() {
            map[index] = scalars
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        map[bytes.count] = scalars
        table = map
    }

    /// The number of Unicode scalars that start before `byteOffset` (its scalar offset at a scalar boundary).
    @inline(__always)
    public func scalarOffset(ofByte byteOffset: Int) -> Int {
        table.isEmpty ? byteOffset : Int(table[byteOffset])
    }
}
