/// A name tagged in a document: the lower-cased keys of its words and its type (index into `EntityModel.types`).
public struct TaggedName: Sendable, Equatable {
    public var words: [UInt64]
    public var type: Int

    public init(words: [UInt64], type: Int) {
        self.words = words
        self.type = type
    }

    /// Labels a document's names consistently, as a reader would: a one-word name that is the last word of a longer
    /// person's name is that person ("Trump" after "Donald Trump"); then every occurrence of the same words takes
    /// the type most of them got (a tie keeps each its own).
    public static func harmonize(_ names: inout [TaggedName]) {
        let person = 0
        var surnames = Set<UInt64>()
        for n in names where n.type == person && n.words.count > 1 { surnames.insert(n.words[n.words.count - 1]) }
        for i in names.indices where names[i].words.count == 1 && surnames.contains(names[i].words[0]) { names[i].type = person }
        var votes: [[UInt64]: [Int]] = [:]
        for n in names { votes[n.words, default: [0, 0, 0, 0]][n.type] += 1 }
        for i in names.indices {
            let v = votes[names[i].words]!
            if let best = v.indices.max(by: { v[$0] < v[$1] }), v[best] > v[names[i].type] { names[i].type = best }
        }
    }
}

