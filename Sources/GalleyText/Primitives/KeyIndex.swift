/// Dense numbers for 64-bit keys that are already hashes (word keys, phrase keys): an open-addressing table, so a
/// per-document vocabulary costs a multiply and a probe per lookup instead of a `Dictionary`'s SipHash. Numbers are
/// given in order of first insertion, from 0.
public struct KeyIndex: Sendable {
    /// Slot → number + 1 (0: empty).
    private var slots: [Int32]
    /// Number → key.
    public private(set) var keys: [UInt64] = []
    private var shift: UInt64

    /// An index sized for about `capacity` keys.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        keys.reserveCapacity(capacity)
    }

    /// How many keys have a number.
    public var count: Int { keys.count }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The number of `key`, or nil.
    @inline(__always)
    public func number(of key: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = home(key)
        while true {
            let n = Int(slots[slot])
            if n == 0 { return nil }
            if keys[n - 1] == key { return n - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The number of `key`, given the next one when it has none; `inserted` says which.
    @inline(__always)
    @discardableResult
    public mutating func insert(_ key: UInt64) -> (number: Int, inserted: Bool) {
        if keys.count * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var slot = home(key)
        while true {
            let n = Int(slots[slot])
            if n == 0 {
                keys.append(key)
                slots[slot] = Int32(truncatingIfNeeded: keys.count)
                return (keys.count - 1, true)
            }
            if keys[n - 1] == key { return (n - 1, false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        let mask = size - 1
        for (n, key) in keys.enumerated() {
            var slot = home(key)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: n + 1)
        }
    }
}
