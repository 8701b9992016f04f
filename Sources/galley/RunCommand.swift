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

    @Option(name: .customLong("checkpoint-documents"),
            help: ArgumentHelp("Commit the file outputs and the dead letter every N documents (0: not by count).", valueName: "N"))
    var checkpointDocuments: Int = RunOptions().checkpointDocuments

    @Option(name: .customLong("checkpoint-seconds"),
            help: ArgumentHelp("Commit the file outputs and the dead letter every S seconds (0: not by time).", valueName: "S"))
    var checkpointSeconds: Double = RunOptions().checkpointSeconds

    @Flag(help: "No progress bar and no summary ('failed:' lines are still printed).")
    var quiet = false

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard checkpointDocuments >= 0 else { throw ValidationError("--checkpoint-documents must be 0 or more, got \(checkpointDocuments)") }
        guard checkpointSeconds.isFinite, checkpointSeconds >= 0, checkpointSeconds <= PipelineLimits.secondsRange.upperBound else {
            throw ValidationError("--checkpoint-seconds must be from 0 to \(Int(PipelineLimits.secondsRange.upperBound)), got \(checkpointSeconds)")
        }
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
        options.checkpointDocuments = checkpointDocuments
        options.checkpointSeconds = checkpointSeconds
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

/// SIGINT/SIGTERM: the first asks the runner to stop reading input (cancelling plugin calls in flight); the second
/// exits at once.
///
/// A real handler, not `SIG_IGN` plus a dispatch source: a dispatch source reads the signal through a `signalfd`,
/// which only sees it while every thread blocks it, and threads started earlier (a plugin's readers) do not, so the
/// kernel handed the signal to one of them and it was dropped as ignored. The handler runs on whichever thread the
/// signal reaches and only writes the signal's number to a pipe; a thread of its own acts on it.
final class SignalWatch {
    private let watcher: Thread
    private var previous: [Int32: sigaction] = [:]

    init(runner: Runner) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        signalPipe.store(fds[1], ordering: .sequentiallyConsistent)
        let readEnd = fds[0]
        watcher = Thread {
            var received: Int32 = 0
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                let sig = Int32(byte)
                if sig == 0 { return }   // cancelled
                if received == 0 {
                    received = sig
                    signalReceived.store(sig, ordering: .relaxed)
                    FileHandle.standardError.write(Data("\ngalley: stopping after the documents in flight; plugin calls in flight are cancelled (signal again to stop now)\n".utf8))
                    runner.stop()
                } else {
                    PluginProcesses.killAll()
                    _exit(128 + sig)
                }
            }
        }
        watcher.name = "signal watch"
        watcher.start()
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                let fd = signalPipe.load(ordering: .relaxed)
                if fd >= 0 { _ = write(fd, &byte, 1) }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            sigaction(sig, &action, &old)
            previous[sig] = old
            // A parent may have started galley with the signal blocked.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
    }

    /// 130 after SIGINT, 143 after SIGTERM.
    var exitCode: Int32 { 128 + { $0 == 0 ? SIGINT : $0 }(signalReceived.load(ordering: .relaxed)) }

    func cancel() {
        for (sig, old) in previous {
            var action = old
            sigaction(sig, &action, nil)
        }
        // The write end stays open: a handler running on another thread may still be writing to it.
        let fd = signalPipe.exchange(-1, ordering: .sequentiallyConsistent)
        if fd >= 0 {
            var zero: UInt8 = 0
            _ = write(fd, &zero, 1)
        }
    }
}

/// The write end of the signal pipe (read by the signal handler: an atomic, no locks).
private let signalPipe = Atomic<Int32>(-1)
/// The first signal received.
private let signalReceived = Atomic<Int32>(0)
