import Foundation
import GalleyCore
import GalleyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What an output may be written over, for every writer: `.` and folders are refused when the pipeline is checked,
/// devices, pipes and symlinks are never replaced, a replaced file keeps its mode.
@Suite(.serialized)
struct OutputTargetTests {
    /// A pipeline with every file output, on paths under `out/`.
    static let pipeline = """
    pipeline: targets
    on_error: deadletter
    deadletter: out/failed.jsonl
    stages:
      - use: ingest.files
      - id: write
        use: output.jsonl
        with: { path: out/a.jsonl }
      - id: csv
        use: output.csv
        with: { path: out/a.csv }
      - id: db
        use: output.sqlite
        with: { path: out/a.sqlite }
      - id: report
        use: output.report
        with: { path: out/a.html }

    """

    static func folder() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        dir.write("in/a.txt", "An article.\n")
        dir.write("p.yaml", pipeline)
        return dir
    }

    /// `.`, `./` and `out/` as an output path trapped (SIGILL) in `deletingLastPathComponent`; now each is refused
    /// before anything is opened.
    @Test(arguments: ["write", "csv", "db", "report"])
    func aDotOrAFolderAsAnOutputPathIsAnError(_ stage: String) throws {
        let dir = Self.folder()
        for path in [".", "./", "out/"] {
            let run = GalleyProcess.run(["run", "p.yaml", "in", "--set", "\(stage).path=\(path)"], in: dir.path)
            #expect(run.status == 1)
            #expect(run.stderr == "error: --set \(stage).path: the path '\(path)' of output '\(stage)' names a folder, not a file\n  fix: give the path of a file, not a folder\n")
        }
        #expect(dir.list("out").isEmpty)
    }

    /// Renaming over a device turned it into a regular file (`/dev/null` replaced when run as root); a named pipe
    /// and a symlink were replaced the same way. Each is refused and left as it was.
    @Test(arguments: ["write", "csv", "db", "report"])
    func aDeviceAPipeOrALinkIsNeverReplaced(_ stage: String) throws {
        let dir = Self.folder()
        mkfifo(dir.at("pipe"), 0o644)
        let victim = dir.write("victim.txt", "keep me\n")
        symlink(victim, dir.at("link"))
        let cases = [
            ("/dev/null", "it is a character device, not a regular file (for standard output, use the path '-' where the output allows it)"),
            ("pipe", "it is a named pipe, not a regular file"),
            ("link", "it is a symbolic link (to '\(victim)'); galley replaces only regular files, so name the file itself"),
        ]
        for (path, why) in cases {
            let run = GalleyProcess.run(["run", "p.yaml", "in", "--set", "\(stage).path=\(path)"], in: dir.path)
            #expect(run.status == 1)
            #expect(run.stderr == "error: cannot write '\(path)': \(why)\n")
        }
        var st = stat()
        #expect(lstat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        #expect(lstat(dir.at("pipe"), &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        #expect(lstat(dir.at("link"), &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
        #expect(dir.bytes("victim.txt") == Array("keep me\n".utf8))
        // Nothing was committed by the run that stopped (an SQLite database opened before is created, empty).
        #expect(dir.list("out").filter { !$0.hasPrefix(".") && $0 != "a.sqlite" } == [])
    }

    @Test func aDeadLetterThatIsADeviceIsRefused() throws {
        let dir = Self.folder()
        dir.write("p.yaml", Self.pipeline.replacingOccurrences(of: "deadletter: out/failed.jsonl", with: "deadletter: /dev/null"))
        let run = GalleyProcess.run(["run", "p.yaml", "in"], in: dir.path)
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write '/dev/null': it is a character device, not a regular file (for standard output, use the path '-' where the output allows it)\n")
    }

    /// A 0600 output came back 0644 after a run; every replaced file keeps its permission bits.
    @Test func aReplacedOutputKeepsItsMode() throws {
        let dir = Self.folder()
        dir.write("in/b.txt", "")  // fails, so the dead letter is written
        let first = GalleyProcess.run(["run", "p.yaml", "in", "--set", "db.mode=replace"], in: dir.path)
        #expect(first.status == 3, "\(first.stderr)")
        let files = ["a.jsonl", "a.csv", "a.sqlite", "a.html", "failed.jsonl"]
        for f in files { chmod(dir.at("out/" + f), 0o600) }
        let second = GalleyProcess.run(["run", "p.yaml", "in", "--set", "db.mode=replace"], in: dir.path)
        #expect(second.status == 3, "\(second.stderr)")
        var modes: [String] = []
        for f in files {
            var st = stat()
            stat(dir.at("out/" + f), &st)
            modes.append("\(f) \(String(st.st_mode & 0o777, radix: 8))")
        }
        #expect(modes == files.map { "\($0) 600" })
    }
}
