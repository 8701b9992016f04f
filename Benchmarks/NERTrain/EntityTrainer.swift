import GalleyText

/// Learns an `EntityModel` with the averaged perceptron: after each token, the weights of its features move
/// towards the gold tag and away from the predicted one; the model keeps the average of the weights over all
/// updates, which generalises better than the last ones.
final class EntityTrainer {
    /// One training sentence: its text, tokens and the gold tag index of each token.
    struct Sentence: Sendable {
        var bytes: [UInt8]
        var tokens: [Token]
        var tags: [Int]

        /// Builds a sentence from pre-tokenized words and their tags (CoNLL format): the words are joined with
        /// spaces and tokenized again as galley tokenizes text, each word's tag going to its first token and the
        /// matching `I-` tag to the rest.
        init(words: [String], tags wordTags: [String]) {
            var text = "", starts: [Int] = []
            for w in words {
                if !text.isEmpty { text += " " }
                starts.append(text.utf8.count)
                text += w
            }
            bytes = Array(text.utf8)
            tokens = Tokenizer.tokenize(bytes)
            var tags: [Int] = []
            var w = 0
            for t in tokens {
                while w + 1 < starts.count && starts[w + 1] <= Int(t.start) { w += 1 }
                var tag = EntityModel.tags.firstIndex(of: wordTags[w]) ?? 0
                if tag != 0 && tag % 2 == 1 && Int(t.start) != starts[w] { tag += 1 }  // B- on a later piece → I-
                tags.append(tag)
            }
            // A word's pieces may have made I- follow O (a word split oddly): repair to B-; punctuation only continues
            // a name (`.NET` starts with a word).
            for i in tags.indices where tags[i] != 0 {
                let word = EntityDecoder.isWord(tokens[i]), prev = i == 0 ? 0 : tags[i - 1]
                if tags[i] % 2 == 0, !EntityDecoder.allowed(tags[i], after: prev) { tags[i] -= 1 }
                if tags[i] % 2 == 1, !word { tags[i] = EntityDecoder.allowed(tags[i] + 1, after: prev) ? tags[i] + 1 : 0 }
            }
            self.tags = tags
        }
    }

    /// A document to learn from: its sentences in order (a name's types are remembered from one to the next, as
    /// `extract.entities` remembers them) and the lexicon its features look words up in.
    struct Document {
        var sentences: [Sentence]
        var lexicon: EntityLexicon
    }

    let buckets: Int
    var weights: [Float]
    var totals: [Float]
    var stamps: [Int32]
    var clock: Int32 = 0

    init(buckets: Int = 1 << 18) {
        self.buckets = buckets
        let n = buckets * EntityModel.tagCount
        weights = [Float](repeating: 0, count: n)
        totals = [Float](repeating: 0, count: n)
        stamps = [Int32](repeating: 0, count: n)
    }

    /// One pass over sentences taken each as a document of its own, with no lexicon.
    func epoch(_ sentences: [Sentence]) -> Double {
        epoch(documents: sentences.map { Document(sentences: [$0], lexicon: .empty) })
    }

    /// One pass over the documents; returns the share of tokens tagged correctly before the updates.
    func epoch(documents: [Document]) -> Double {
        var correct = 0, total = 0
        var feats = [Int](repeating: 0, count: EntityDecoder.featureCount)
        var scores = [Float](repeating: 0, count: EntityModel.tagCount)
        let mask = buckets - 1, tagCount = EntityModel.tagCount
        for document in documents {
            var memory: [UInt64: UInt8] = [:]
            for s in document.sentences where !s.tokens.isEmpty {
                var fx = EntityFeatures(tokens: s.tokens, range: 0..<s.tokens.count, bytes: s.bytes, lexicon: document.lexicon, memory: memory)
                var scratch = [UInt64](repeating: 0, count: EntityFeatures.staticCount)
                var guesses = [Int](repeating: 0, count: s.tokens.count)
                var p1 = 0, p2 = 0
                for j in 0..<s.tokens.count {
                    guard !(p1 == 0 && EntityFeatures.cannotStartName(s.tokens[j])),
                          s.bytes.withUnsafeBufferPointer({ EntityFeatures.canBeName(s.tokens[j], $0) }) else { p2 = p1; p1 = 0; continue }
                    EntityDecoder.features(&fx, j, p1, p2, mask: mask, scratch: &scratch, into: &feats)
                    for t in 0..<tagCount { scores[t] = 0 }
                    for f in feats { for t in 0..<tagCount { scores[t] += weights[f * tagCount + t] } }
                    var guess = 0, best = -Float.infinity
                    let word = EntityDecoder.isWord(s.tokens[j])
                    for t in 0..<tagCount where EntityDecoder.allowed(t, after: p1, word: word) && scores[t] > best { guess = t; best = scores[t] }
                    let gold = s.tags[j]
                    clock += 1
                    if guess != gold {
                        for f in feats {
                            update(f * tagCount + gold, 1)
                            update(f * tagCount + guess, -1)
                        }
                    } else {
                        correct += 1
                    }
                    total += 1
                    // The tags before are the ones the model gave, as when tagging; so is the memory.
                    guesses[j] = guess
                    p2 = p1; p1 = guess
                }
                EntityRecognizer.remember(guesses, range: 0..<s.tokens.count, tokens: s.tokens, bytes: s.bytes, into: &memory)
            }
        }
        return total == 0 ? 0 : Double(correct) / Double(total)
    }

    @inline(__always) private func update(_ i: Int, _ delta: Float) {
        totals[i] += Float(clock - stamps[i]) * weights[i]
        stamps[i] = clock
        weights[i] += delta
    }

    /// The averaged model, with the lexicon it is to look words up in.
    func model(lexicon: EntityLexicon = .empty) -> EntityModel {
        var averaged = [Float](repeating: 0, count: weights.count)
        let now = Float(max(clock, 1))
        for i in weights.indices {
            let total = totals[i] + Float(clock - stamps[i]) * weights[i]
            averaged[i] = total / now
        }
        return EntityModel(buckets: buckets, weights: averaged, lexicon: lexicon)
    }
}
