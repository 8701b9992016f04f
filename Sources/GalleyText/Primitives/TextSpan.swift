/// A span of a text in Unicode scalar offsets, end exclusive (Python `str` indices).
public struct TextSpan: Sendable, Hashable, Codable {
    /// Scalar offset of the first scalar.
    public var start: Int
    /// Scalar offset one past the last scalar.
    public var end: Int

    /// Creates a span.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}
