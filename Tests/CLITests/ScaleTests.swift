import Foundation
import GalleyCore
import GalleyTesting
import Testing

// What the ways of spreading a run rely on (docs/scale.md): `--shard K/N` over the same input, and documents handed
// over on stdin instead of read from files.

/// Runs the galley binary to its end (GalleyProcess: NO_COLOR set, output collected in files).
private func galley(_ arguments: [String], in directory: String = Repository.root, environment: [String: String] = [:],
                    stdin: String? = nil) -> GalleyProcess {
    GalleyProcess.run(arguments, in: directory, input: stdin, environment: environment)
}

/// The lines of a JSON-lines file, and each line's id.
private func documents(_ path: String) throws -> [(id: String, line: String)] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return (object["id"] as! String, String(line))
    }
}

/// `--shard 0/3`, `1/3` and `2/3` (Kubernetes indexed Jobs, Slurm arrays) together write exactly the documents of a
/// plain run, each once, each line as the plain run writes it, every shard in the plain run's order.
@Test func threeShardsTogetherAreThePlainRun() throws {
    let out = TemporaryDirectory()
    let plain = galley(["run", "Pipelines/news.yaml", "seeds", "--quiet"], environment: ["GALLEY_OUT": out.at("plain")])
    #expect(plain.status == 0, "\(plain.stderr)")
    let all = try documents(out.at("plain") + "/news.jsonl")
    #expect(all.map(\.id) == ["c24f7448657ccb9a", "63c2bd9aeced800c", "c49cdf2873630f9e", "38bd05dccaf86dc6", "5599e9d46852b00f",
                              "a82488117d9d04f9", "wire-2024-0001", "wire-2024-0002", "b941c492a2241a8d"])
    var shards: [[(id: String, line: String)]] = []
    for k in 0..<3 {
        let r = galley(["run", "Pipelines/news.yaml", "seeds", "--shard", "\(k)/3"], environment: ["GALLEY_OUT": out.at("shard\(k)")])
        #expect(r.status == 0, "\(r.stderr)")
        shards.append(try documents(out.at("shard\(k)") + "/news.jsonl"))
        #expect(r.stderr.contains("output: \(out.at("shard\(k)"))/news.jsonl (\(shards[k].count) document"))
    }
    #expect(shards.map { $0.map(\.id) } == [["c24f7448657ccb9a", "c49cdf2873630f9e", "a82488117d9d04f9"],
                                            ["38bd05dccaf86dc6", "5599e9d46852b00f", "wire-2024-0001", "wire-2024-0002", "b941c492a2241a8d"],
                                            ["63c2bd9aeced800c"]])
    for (k, shard) in shards.enumerated() {
        // Each document in the shard its id hashes to, the shard's lines those of the plain run, in its order.
        #expect(shard.allSatisfy { Runner.shard(of: $0.id, count: 3) == k })
        #expect(shard.map(\.line) == all.filter { Runner.shard(of: $0.id, count: 3) == k }.map(\.line))
    }
    #expect(shards.flatMap { $0.map(\.id) }.sorted() == all.map(\.id).sorted())
}

/// Texts handed over on stdin as `{"id", "source", "text"}` (what contrib/spark/galley_pipe.py sends) come out on
/// stdout as the very lines a run over the folder of the same files writes: the ids are ingest.files' own
/// (FNV-1a 64 of the file name, NUL, the bytes), the `source` of a line is kept, and the stages see the same document.
@Test func stdinToStdoutGivesTheDocumentsOfAFolderRun() throws {
    let dir = TemporaryDirectory()
    let names = ["001_bbc_style_port_strike.txt", "003_byline_wire_story.txt", "004_dateline_time_zone.txt"]
    var lines: [String] = []
    for name in names {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/seeds/" + name))
        dir.write("texts/" + name, bytes)
        let id = StableHash.hex(StableHash.fnv1a64(Array(name.utf8) + [0] + Array(bytes)))
        let source: [String: Any] = ["path": "texts/" + name, "format": "txt", "bytes": bytes.count, "encoding": "utf-8"]
        let line: [String: Any] = ["id": id, "source": source, "text": String(decoding: bytes, as: UTF8.self)]
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
    let pipeline = Repository.root + "/Pipelines/news.yaml"
    let folder = galley(["run", pipeline, "texts", "--quiet"], in: dir.path, environment: ["GALLEY_OUT": dir.at("folder")])
    #expect(folder.status == 0, "\(folder.stderr)")
    let piped = galley(["run", pipeline, "-", "--quiet", "--set", "write.path=-"], in: dir.path,
                           environment: ["GALLEY_OUT": dir.at("piped")], stdin: lines.joined(separator: "\n") + "\n")
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.stderr == "")
    let fromFolder = try documents(dir.at("folder") + "/news.jsonl")
    #expect(fromFolder.map(\.id) == ["63c2bd9aeced800c", "38bd05dccaf86dc6", "5599e9d46852b00f"])
    #expect(piped.stdout == fromFolder.map { $0.line + "\n" }.joined())
    // The seed's own fields, made by the stages from the text on stdin.
    let first = try JSONSerialization.jsonObject(with: Data(piped.stdout.split(separator: "\n")[0].utf8)) as! [String: Any]
    #expect(first["title"] as? String == "Dockers end strike at Felixstowe after pay deal")
    #expect((first["source"] as? [String: Any])?["path"] as? String == "texts/001_bbc_style_port_strike.txt")

    // Without an id and a source, a line is a JSON-lines document of stdin: the stages read it as such (no title
    // taken from its first line), so the same text is not the same document.
    let bare = galley(["run", pipeline, "-", "--quiet", "--set", "write.path=-"], in: dir.path,
                          environment: ["GALLEY_OUT": dir.at("bare")],
                          stdin: String(decoding: try JSONSerialization.data(withJSONObject: ["text": try String(contentsOfFile: Repository.root + "/seeds/" + names[0], encoding: .utf8)]), as: UTF8.self) + "\n")
    #expect(bare.status == 0, "\(bare.stderr)")
    let bareDoc = try JSONSerialization.jsonObject(with: Data(bare.stdout.utf8)) as! [String: Any]
    #expect((bareDoc["source"] as? [String: Any])?["path"] as? String == "-:1")
    #expect((bareDoc["source"] as? [String: Any])?["format"] as? String == "jsonl")
    #expect(bareDoc["id"] as? String != "63c2bd9aeced800c")
    #expect(bareDoc["title"] == nil)
}

/// Runs contrib/slurm/galley-array.sh as Slurm runs one task of an array (its variables set), in the repository.
private func slurmTask(_ k: Int, of n: Int, min: Int = 0, out: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = ["contrib/slurm/galley-array.sh", "seeds", out]
    p.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
    var env = ProcessInfo.processInfo.environment
    env["GALLEY"] = Repository.galleyBinary
    env["SLURM_ARRAY_TASK_ID"] = String(k)
    env["SLURM_ARRAY_TASK_COUNT"] = String(n)
    env["SLURM_ARRAY_TASK_MIN"] = String(min)
    env["SLURM_ARRAY_TASK_MAX"] = String(min + n - 1)
    env["SLURM_CPUS_PER_TASK"] = "1"
    p.environment = env
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// The Slurm array script: tasks 0, 1 and 2 of an array of 3 write shard-0 … shard-2, which together are the plain
/// run's documents; an array that does not start at 0 is refused (its shards would miss documents).
@Test func theSlurmArrayScriptsTasksTogetherAreThePlainRun() throws {
    let out = TemporaryDirectory()
    let plain = galley(["run", "Pipelines/news.yaml", "seeds", "--quiet"], environment: ["GALLEY_OUT": out.at("plain")])
    #expect(plain.status == 0, "\(plain.stderr)")
    let all = try documents(out.at("plain") + "/news.jsonl")
    var lines: [String] = []
    for k in 0..<3 {
        #expect(try slurmTask(k, of: 3, out: out.at("array")) == 0)
        lines += try documents(out.at("array/shard-\(k)") + "/news.jsonl").map(\.line)
    }
    #expect(lines.count == 9)
    #expect(lines.sorted() == all.map(\.line).sorted())
    #expect(try slurmTask(1, of: 3, min: 1, out: out.at("gap")) == 2)
    #expect(!FileManager.default.fileExists(atPath: out.at("gap")))
}
