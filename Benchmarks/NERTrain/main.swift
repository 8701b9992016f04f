import Foundation
import GalleyText

// galley-ner-train train TRAIN.conll --out MODEL [--dev DEV.conll] [--epochs N] [--buckets N] [--classes F] [--names F]
// galley-ner-train cv TRAIN.conll [--folds K] [--epochs N] [--buckets N] [--classes F] [--names F]
// galley-ner-train eval MODEL TEST.conll
//
// Trains the entity model of `extract.entities` on CoNLL-2003-format data (one `word … tag` line per token, blank
// lines between sentences, `-DOCSTART-` between documents, IOB1 or IOB2 tags) and evaluates it: precision, recall
// and F1 of exact entity spans, per type and overall, as conlleval counts them, and tagging speed. `cv` trains on
// all folds of the training documents but one and scores that one, for each fold.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("galley-ner-train: \(message)\n".utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}

/// How a model is trained.
struct Training {
    var epochs = 12
    var buckets = 1 << 18
    var builder = LexiconBuilder()

    /// The training documents, each with a lexicon whose training-name lists come from the other half of the
    /// documents (so that a word's own name never vouches for it, as a new text's names do not), and the lexicon of
    /// every document's names for the model.
    func documents(_ train: [[EntityTrainer.Sentence]]) -> ([EntityTrainer.Document], EntityLexicon) {
        let even = builder.lexicon(trainingNames: train.enumerated().filter { $0.offset % 2 == 1 }.flatMap(\.element))
        let odd = builder.lexicon(trainingNames: train.enumerated().filter { $0.offset % 2 == 0 }.flatMap(\.element))
        let docs = train.enumerated().map { EntityTrainer.Document(sentences: $0.element, lexicon: $0.offset % 2 == 0 ? even : odd) }
        return (docs, builder.lexicon(trainingNames: train.flatMap { $0 }))
    }

    /// Trains on documents; `report` is called after each epoch with the epoch, its accuracy and the model so far.
    func train(_ train: [[EntityTrainer.Sentence]], report: (Int, Double, () -> EntityModel) -> Void = { _, _, _ in }) -> EntityModel {
        let (docs, lexicon) = documents(train)
        let trainer = EntityTrainer(buckets: buckets)
        // A fixed shuffle of the documents per epoch, so a model is reproducible.
        var generator = SplitMix64(seed: 2003)
        var order = docs
        for epoch in 1...epochs {
            order.shuffle(using: &generator)
            let accuracy = trainer.epoch(documents: order)
            report(epoch, accuracy) { trainer.model(lexicon: lexicon) }
        }
        return trainer.model(lexicon: lexicon)
    }
}

@MainActor func training() -> Training {
    var t = Training()
    t.epochs = Int(option("--epochs") ?? "12") ?? 12
    t.buckets = Int(option("--buckets") ?? "262144") ?? 262144
    do {
        if let path = option("--classes") { try t.builder.readClasses(path) }
        if let path = option("--names") { try t.builder.readNames(path) }
    } catch { fail("\(error)") }
    return t
}

func documents(_ path: String) -> [[EntityTrainer.Sentence]] {
    var docs: [[EntityTrainer.Sentence]] = []
    var last = -1
    for s in readCoNLL(path) {
        if s.document != last { docs.append([]); last = s.document }
        docs[docs.count - 1].append(EntityTrainer.Sentence(words: s.words, tags: s.tags))
    }
    return docs
}

switch args.first {
case "train":
    guard let out = option("--out") else { fail("give --out MODEL") }
    let dev = option("--dev").map(documents)
    let t = training()
    guard args.count == 2 else { fail("usage: galley-ner-train train TRAIN.conll --out MODEL [--dev DEV] [--epochs N] [--buckets N] [--classes F] [--names F]") }
    let train = documents(args[1])
    let sentences = train.flatMap { $0 }
    print("training on \(train.count) documents, \(sentences.count) sentences, \(sentences.reduce(0) { $0 + $1.tokens.count }) tokens, \(t.buckets) feature buckets")
    let model = t.train(train) { epoch, accuracy, model in
        var line = String(format: "epoch %2d  training tokens right %.2f%%", epoch, accuracy * 100)
        if let dev, epoch == t.epochs || epoch % 4 == 0 {
            line += String(format: "  dev F1 %.2f", evaluate(EntityRecognizer(model: model()), dev).document.overall * 100)
        }
        print(line)
    }
    // The last epoch's model: the dev set is for reporting, not for picking an epoch.
    do { try model.encoded().write(to: URL(fileURLWithPath: out)) } catch { fail("cannot write \(out): \(error)") }
    print("wrote \(out) (\(model.encoded().count) bytes, a lexicon of \(model.lexicon.keys.count) words)")
case "cv":
    let folds = Int(option("--folds") ?? "3") ?? 3
    let t = training()
    guard args.count == 2, folds >= 2 else { fail("usage: galley-ner-train cv TRAIN.conll [--folds K] [--epochs N] [--buckets N] [--classes F] [--names F]") }
    let all = documents(args[1])
    var scores: [Double] = []
    for fold in 0..<folds {
        let held = all.indices.filter { $0 % folds == fold }.map { all[$0] }
        let rest = all.indices.filter { $0 % folds != fold }.map { all[$0] }
        let model = t.train(rest)
        let f = evaluate(EntityRecognizer(model: model), held).document.overall * 100
        scores.append(f)
        print(String(format: "fold %d of %d: %d documents held out, F1 %.2f", fold + 1, folds, held.count, f))
    }
    print(String(format: "cross-validation over %@: mean F1 %.2f (folds %@)", args[1], scores.reduce(0, +) / Double(folds),
                 scores.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
case "eval":
    guard args.count == 3 else { fail("usage: galley-ner-train eval MODEL TEST.conll") }
    let started = cpuSeconds()
    let model: EntityModel
    do { model = try EntityModel(contentsOf: args[1]) } catch { fail("\(error)") }
    let loaded = (cpuSeconds() - started) * 1000
    let docs = documents(args[2])
    let result = evaluate(EntityRecognizer(model: model), docs)
    print("\(args[2]): \(docs.count) documents, \(docs.reduce(0) { $0 + $1.count }) sentences, \(result.tokens) tokens")
    print("each sentence alone:")
    print(result.alone.report())
    print("each document's sentences in order, names labelled consistently within it (as extract.entities does):")
    print(result.document.report())
    print(String(format: "tagging: %.0f tokens/s (%.3f s of CPU time, one core); model load %.1f ms of CPU time", Double(result.tokens) / result.seconds, result.seconds, loaded))
default:
    fail("usage: galley-ner-train train TRAIN.conll --out MODEL [--dev DEV] … | cv TRAIN.conll [--folds K] … | eval MODEL TEST.conll")
}
