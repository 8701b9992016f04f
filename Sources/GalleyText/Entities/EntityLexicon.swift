/// What the entity tagger knows of words beyond their spelling, shipped inside the model file: three nested word
/// classes learnt from unlabeled news (coarse to fine, as the prefixes of a Brown-cluster path) and the name lists a
/// word is found in (compiled from facts, and the names of the training data), by type and place in the name.
package struct EntityLexicon: Sendable {
    /// Lower-cased word keys (`WordKey.of`, a possessive `'s` cut off).
    package let keys: [UInt64]
    /// Per key: its classes, coarse in bits 0–7, middle in 8–17, fine in 18–29, each one more than the class number
    /// (0: the word has none).
    package let classes: [UInt32]
    /// Per key: the lists it is in — bit `3 × list + place`, places 0 a whole name, 1 a name's first word, 2 a later
    /// word; lists 0–3 the facts' PER, LOC, ORG, MISC, lists 4–7 the training data's.
    package let names: [UInt32]
    private let table: KeyTable

    package init(keys: [UInt64], classes: [UInt32], names: [UInt32]) {
        precondition(keys.count == classes.count && keys.count == names.count)
        self.keys = keys
        self.classes = classes
        self.names = names
        table = KeyTable(keys)
    }

    package static let empty = EntityLexicon(keys: [], classes: [], names: [])

    /// The classes and lists of a word key (0, 0 for a word the lexicon does not hold).
    @inline(__always) package func lookup(_ key: UInt64) -> (classes: UInt32, names: UInt32) {
        let slot = table.slot(of: key)
        return slot >= 0 ? (classes[slot], names[slot]) : (0, 0)
    }

    /// Packs three class numbers (coarse, middle, fine) as `classes` holds them.
    package static func pack(_ coarse: Int, _ middle: Int, _ fine: Int) -> UInt32 {
        UInt32(coarse + 1) | UInt32(middle + 1) << 8 | UInt32(fine + 1) << 18
    }
}
