import ArgumentParser
import Dispatch
import Foundation
import GalleyCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `--shard K/N`: shard K (from 0) of N.
struct ShardArgument: ExpressibleByArgument {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else { return nil }
        (index, count) = (k, n)
    }
}

/// `--on-error skip|fail|deadletter`.
extension ErrorPolicy: ExpressibleByArgument {}

/// `galley run PIPELINE [INPUT ...]`: process documents through a pipeline.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over files, folders or JSON lines on stdin (-).")

    @Argument(help: "The pipeline YAML file.")
    var pipeline: String

    @Argument(help: "Files or folders to read (default: the pipeline's 'input'); '-' reads JSON lines from stdin.")
    var inputs: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a stage parameter.", valueName: "STAGE.PARAM=VALUE"))
    var sets: [String] = []

    @Option(help: "Documents processed at once (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Process only shard K of N (documents split by a stable hash of their id).", valueName: "K/N"))
    var shard: ShardArgument?

    @Option(name: .customLong("on-error"), help: "What to do with a failed document: skip, fail or deadletter.")
    var onError: ErrorPolicy?

    @Flag(help: "Skip documents already present in the outputs.")
    var resume = false

    @Flag(help: "No progress bar and no summary ('failed:' lines are still printed).")
    var quiet = false

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let registry = Support.registry(pipeline: pipeline, plugins: plugins)
        let loaded = try Support.loadPipeline(pipeline, registry: registry, overrides: try Support.overrides(sets))
        let runner: Runner
        do { runner = try Runner(pipeline: loaded, registry: registry) } catch {
            Terminal.print(error)
            throw ExitCode(1)
        }
        let selection: InputSelection
        if !inputs.isEmpty {
            selection = InputSelection(paths: inputs, include: loaded.input?.include ?? [], exclude: loaded.input?.exclude ?? [])
        } else if let input = loaded.input {
            selection = input
        } else {
            throw ValidationError("no input: give files or folders after the pipeline, or set 'input:' in \(pipeline)")
        }

        var options = RunOptions()
        options.jobs = jobs
        options.resume = resume
        options.onError = onError
        options.shard = shard.map { ($0.index, $0.count) }
        let showProgress = !quiet && isatty(2) != 0
        if showProgress {
            let lastDraw = Mutex<UInt64>(0)
            options.countInputs = true
            options.progress = { p in
                let now = DispatchTime.now().uptimeNanoseconds
                let draw = lastDraw.withLock { last in
                    guard now - last > 100_000_000 else { return false }
                    last = now
                    return true
                }
                if draw { FileHandle.standardError.write(Data(Terminal.progressLine(p).utf8)) }
            }
        }

        let signals = SignalWatch(runner: runner)
        defer { signals.cancel() }
        let summary: RunSummary
        do {
            summary = try runner.run(selection, options: options)
        } catch let error as RunError {
            if showProgress { Terminal.error("") }
            let started = error.summary.ok + error.summary.failed + error.summary.skipped > 0
            // `--quiet` silences progress and the summary, never which documents failed.
            reportFailures(error.summary)
            if !quiet && started { Terminal.error(error.summary.rendered(color: Terminal.colorErrors)) }
            Terminal.error("error: \(error.message)")
            throw ExitCode(1)
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        reportFailures(summary)
        if !quiet { Terminal.error(summary.rendered(color: Terminal.colorErrors)) }
        if summary.interrupted { throw ExitCode(signals.exitCode) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}

extension RunCommand {
    /// One line per failed document on stderr, `path: stage: reason`, before the grouped summary.
    func reportFailures(_ summary: RunSummary) {
        guard !summary.failures.isEmpty else { return }
        var text = ""
        for f in summary.failures { text += "failed: \(f.path): \(f.stage): \(f.message)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// SIGINT/SIGTERM: the first asks the runner to stop reading input; the second exits at once.
final class SignalWatch {
    private final class Received: Sendable {
        let signal = Mutex<Int32>(0)
    }
    private var sources: [DispatchSourceSignal] = []
    private let received = Received()

    init(runner: Runner) {
        let received = self.received
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [source] in
                // Two signals that arrive together are coalesced into one event: `data` counts them.
                let count = source.data
                let first = received.signal.withLock { r in
                    defer { if r == 0 { r = sig } }
                    return r == 0
                }
                if first && count <= 1 {
                    FileHandle.standardError.write(Data("\ngalley: stopping after the documents in flight (signal again to stop now)\n".utf8))
                    runner.stop()
                } else {
                    PluginProcesses.killAll()
                    _exit(128 + sig)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// 130 after SIGINT, 143 after SIGTERM.
    var exitCode: Int32 { 128 + received.signal.withLock { $0 == 0 ? SIGINT : $0 } }

    func cancel() {
        for s in sources { s.setEventHandler(handler: nil); s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
