/// Greedy BIO decoding shared by tagging and training.
package enum EntityDecoder {
    /// Whether tag `t` may follow tag `prev` (`I-X` only after `B-X` or `I-X`) on a token that is a word or number
    /// (`word`) or the punctuation inside a name (the `.` of `N. McLean`, the `&` of `AT&T`), which only continues one.
    @inline(__always) package static func allowed(_ t: Int, after prev: Int, word: Bool = true) -> Bool {
        if t == 0 { return true }
        if t % 2 == 1 { return word }
        return prev == t || prev == t - 1
    }

    /// Whether a token is a word or number (may start a name), as `allowed` takes it.
    @inline(__always) package static func isWord(_ token: Token) -> Bool { token.kind == .word || token.kind == .number }

    /// The bucket indices of token `j`'s features given the two tags before it; `scratch` holds
    /// `EntityFeatures.staticCount` hashes.
    @inline(__always)
    package static func features(_ fx: inout EntityFeatures, _ j: Int, _ p1: Int, _ p2: Int, mask: Int,
                         scratch: inout [UInt64], into out: inout [Int]) {
        fx.hashes(j, into: &scratch)
        for k in 0..<EntityFeatures.staticCount { out[k] = Int(truncatingIfNeeded: scratch[k]) & mask }
        let n = EntityFeatures.staticCount
        out[n] = Int(truncatingIfNeeded: EntityFeatures.mix(101, UInt64(p1))) & mask
        out[n + 1] = Int(truncatingIfNeeded: EntityFeatures.mix(102, UInt64(p2 * 16 + p1))) & mask
        out[n + 2] = Int(truncatingIfNeeded: EntityFeatures.mix(103, scratch[1] &+ UInt64(p1))) & mask  // tag before + word
        out[n + 3] = Int(truncatingIfNeeded: EntityFeatures.mix(104, scratch[2] &+ UInt64(p1))) & mask  // tag before + shape
    }
    package static let featureCount = EntityFeatures.staticCount + 4
}

