/// An open-addressing table from word keys to slots; keys are already hashes, so probing uses them directly.
struct KeyTable: Sendable {
    private let keys: [UInt64]
    private let mask: Int

    /// Builds a table holding `keys`; `slot(of:)` returns the index of a key in `keys` order.
    init(_ input: [UInt64]) {
        var capacity = 16
        while capacity < input.count * 4 { capacity <<= 1 }
        var table = [UInt64](repeating: 0, count: capacity)
        var slots = [Int32](repeating: -1, count: capacity)
        for (index, key) in input.enumerated() {
            var position = Int(truncatingIfNeeded: key >> 7) & (capacity - 1)
            while table[position] != 0 && table[position] != key { position = (position + 1) & (capacity - 1) }
            if table[position] == 0 {
                table[position] = key
                slots[position] = Int32(index)
            }
        }
        keys = table
        mask = capacity - 1
        self.slots = slots
    }

    private let slots: [Int32]

    /// The index (in construction order) of `key`, or -1.
    @inline(__always)
    func slot(of key: UInt64) -> Int {
        var position = Int(truncatingIfNeeded: key >> 7) & mask
        while true {
            let candidate = keys[position]
            if candidate == key { return Int(slots[position]) }
            if candidate == 0 { return -1 }
            position = (position + 1) & mask
        }
    }
}

/// A set of case-insensitive words looked up by token key without building strings.
public struct WordSet: Sendable {
    private let table: KeyTable

    /// Builds the set from words (compared case-insensitively).
    public init(_ words: [String]) { table = KeyTable(words.map(WordKey.of)) }

    /// Builds the set from word keys (`WordKey.of`).
    public init(keys: [UInt64]) { table = KeyTable(keys) }

    /// Whether the token's word is in the set.
    @inline(__always) public func contains(_ token: Token) -> Bool { table.slot(of: token.key) >= 0 }

    /// Whether a key is in the set.
    @inline(__always) public func contains(key: UInt64) -> Bool { table.slot(of: key) >= 0 }
}

/// A case-insensitive map from words to values, looked up by token key.
public struct WordMap<Value: Sendable>: Sendable {
    private let table: KeyTable
    private let values: [Value]
    /// The keys of every word in the map.
    public let keys: [UInt64]

    /// Builds the map from (word, value) pairs; the first pair for a word wins.
    public init(_ pairs: [(String, Value)]) {
        keys = pairs.map { WordKey.of($0.0) }
        table = KeyTable(keys)
        values = pairs.map(\.1)
    }

    /// Builds the map from word keys and their values, in the same order.
    public init(keys: [UInt64], values: [Value]) {
        self.keys = keys
        table = KeyTable(keys)
        self.values = values
    }

    /// The value for a word key, if any.
    @inline(__always) public subscript(key key: UInt64) -> Value? {
        let slot = table.slot(of: key)
        return slot >= 0 ? values[slot] : nil
    }

    /// The value for the token's word, if any.
    @inline(__always) public subscript(_ token: Token) -> Value? {
        let slot = table.slot(of: token.key)
        return slot >= 0 ? values[slot] : nil
    }
}
