import Foundation
import GalleyBuiltins
import GalleyCore
import OrderedCollections

// galley-sink-bench DOCS.jsonl [STAGE [name=value ...]]
//
// Times one output stage by itself: the documents of a JSONL export are read into memory first, then handed to the
// sink (open, write each, finish) three times into a fresh output, and once more into the output the last round left
// (every document already there, unchanged), and once with every document changed (a field added), so each one is
// replaced. Prints documents/s by wall clock and by CPU time (user + sys, all threads).
// `path` defaults to a file in a temporary folder.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: galley-sink-bench DOCS.jsonl [STAGE [name=value ...]]\n".utf8))
    exit(2)
}
let stageName = arguments.count >= 3 ? arguments[2] : "output.sqlite"
guard let type = Builtins.registry[stageName], type.kind == .sink else {
    FileHandle.standardError.write(Data("no output stage named '\(stageName)'\n".utf8))
    exit(2)
}
let scratch = NSTemporaryDirectory() + "galley-sink-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

var values = OrderedDictionary<String, Value>()
values["path"] = .string(scratch + "/out")
for pair in arguments.dropFirst(3) {
    guard let eq = pair.firstIndex(of: "=") else { continue }
    let name = String(pair[..<eq]), raw = String(pair[pair.index(after: eq)...])
    values[name] = Int(raw).map(Value.int) ?? .string(raw)
}
for spec in type.parameters where values[spec.name] == nil {
    if let d = spec.defaultValue { values[spec.name] = d }
}
let config = StageConfig(id: stageName, type: stageName, parameters: Parameters(values), pipelineDirectory: FileManager.default.currentDirectoryPath)

guard let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("cannot read \(arguments[1])\n".utf8))
    exit(1)
}
var loaded: [Document] = []
var bytes = 0
for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
    let value = try JSONParser.parse(line)
    let source = DocumentSource(path: arguments[1], format: "jsonl", bytes: line.count, encoding: "utf-8")
    let doc = DocumentJSON.document(from: value, fallbackID: "line-\(loaded.count + 1)", source: source)
    bytes += doc.text.utf8.count
    loaded.append(doc)
}
let documents = loaded

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

@MainActor func round(fresh: Bool, _ documents: [Document] = documents) throws -> (wall: Double, cpu: Double) {
    if fresh {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? [] {
            try? FileManager.default.removeItem(atPath: scratch + "/" + name)
        }
    }
    guard case .sink(let sink) = try type.make(config) else { fatalError("\(stageName) is not a sink") }
    let cpu0 = cpuSeconds(), t0 = DispatchTime.now().uptimeNanoseconds
    try sink.open(resume: false)
    for doc in documents { try sink.write(doc) }
    try sink.finish()
    return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, cpuSeconds() - cpu0)
}

print("\(stageName): \(documents.count) documents, \(String(format: "%.1f", Double(bytes) / 1e6)) MB of text, \(ProcessInfo.processInfo.activeProcessorCount) cores")
var best = (wall: Double.infinity, cpu: Double.infinity)
for _ in 0..<(Int(ProcessInfo.processInfo.environment["GALLEY_BENCH_ROUNDS"] ?? "") ?? 3) {
    let r = try round(fresh: true)
    best = (min(best.wall, r.wall), min(best.cpu, r.cpu))
}
let n = Double(documents.count)
func line(_ label: String, _ r: (wall: Double, cpu: Double)) {
    print(label.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%8.0f docs/s wall (%.3f s)   %8.0f docs/s CPU (%.3f s)", n / r.wall, r.wall, n / r.cpu, r.cpu))
}
line("new output (best)", best)
line("same documents again", try round(fresh: false))
let changed = documents.map { doc in
    var doc = doc
    doc.fields["revision"] = 2
    return doc
}
line("changed documents", try round(fresh: false, changed))
