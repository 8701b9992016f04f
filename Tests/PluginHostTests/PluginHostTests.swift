import Foundation
@testable import GalleyCore
import GalleyTesting
import Synchronization
import Testing

extension StageFailure: Equatable {
    public static func == (a: StageFailure, b: StageFailure) -> Bool { a.message == b.message }
}

@Suite struct PluginHostTests {
    @Test func echoRoundTripCarriesParamsAndScalarOffsets() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        let doc = try f.process("Café crème — naïve WARN", parameters: "{\"label\":\"x\",\"level\":2}")
        #expect(doc.fields["echo"] == .object(["stage": "enrich.fixture", "params": ["label": "x", "level": 2], "scalars": 23,
                                                "doc": "doc-23"]))
        #expect(doc.annotations == [Annotation(kind: "second_word", start: 5, end: 10, attributes: ["text": "crème"])])
        #expect(doc.pendingWarnings == ["checked"])
        // stderr is forwarded by its own thread: the line may arrive after the answer.
        _ = waitUntil(timeout: 5) { !f.sink.all.isEmpty }
        #expect(f.sink.all.first == "[fixture-echo] fixture echo: started")
    }

    @Test func protocolVersionMismatchIsAClearErrorAndNoProcessStays() throws {
        let f = try Fixture("version")
        #expect(throws: StageFailure("plugin 'fixture-version' speaks protocol 2, but this galley speaks protocol 1; update the plugin (see docs/plugin-protocol.md)")) {
            try f.process("text")
        }
        // The failure is permanent: no restarts are attempted.
        #expect(throws: StageFailure.self) { try f.process("again") }
        #expect(f.processes.isEmpty)
    }

    @Test func slowStartWithinTheStartTimeoutWorks() throws {
        let f = try Fixture("slowstart", startTimeout: 5)
        defer { f.host.shutdown() }
        let seconds = try f.host.start()
        #expect(seconds >= 1.0)
        #expect(try f.process("one two").annotations.map(\.end) == [7])
    }

    @Test func slowStartPastTheStartTimeoutFailsNamingTheTimeout() throws {
        let f = try Fixture("slowstart", startTimeout: 0.3)
        defer { f.host.shutdown() }
        do {
            _ = try f.process("one two")
            Issue.record("expected a start failure")
        } catch {
            #expect("\(error)".hasPrefix("plugin 'fixture-slowstart' did not answer the handshake within 0.3 s (start_timeout)"))
            #expect("\(error)".hasSuffix("(failed 4 times in a row; giving up on it)"))
        }
        #expect(f.processes.isEmpty)
    }

    @Test func garbageBeforeTheHandshakeIsShown() throws {
        let f = try Fixture("hellogarbage", startTimeout: 2)
        do {
            _ = try f.process("x")
            Issue.record("expected a start failure")
        } catch {
            #expect("\(error)".hasPrefix("plugin 'fixture-hellogarbage' wrote a line to stdout that is not JSON: \"Hello! I am not JSON\""))
        }
        #expect(f.processes.isEmpty)
    }

    @Test func crashOnOneDocumentFailsOnlyThatDocument() throws {
        let f = try Fixture("crash")
        let run = try runPipeline(f, texts: articles(8, special: "CRASH"))
        f.host.shutdown()
        #expect(run.summary.ok == 7, "\(run.summary.failures.map(\.message))")
        #expect(run.summary.failed == 1)
        let failure = try #require(run.summary.failures.first)
        #expect(failure.path.hasSuffix("02.txt"))
        #expect(failure.message == "plugin 'fixture-crash' exited with status 3 while processing this document; its last stderr lines: fixture crash: started | fixture: crashing on purpose; it will be restarted")
        #expect(run.written.keys.sorted() == ["00.txt", "01.txt", "03.txt", "04.txt", "05.txt", "06.txt", "07.txt"])
        #expect(f.processes.isEmpty)
    }

    @Test func hangingDocumentTimesOutAndTheOthersPass() throws {
        // 3 s, not 1: the other documents, and the restarted plugin's first answer, must each come within the
        // timeout too, and a fully loaded 2-core machine running every test suite at once once took longer than 1 s.
        let f = try Fixture("hang", timeout: 3)
        let run = try runPipeline(f, texts: articles(6, special: "HANG"))
        f.host.shutdown()
        #expect(run.summary.ok == 5, "\(run.summary.failures.map(\.message))")
        #expect(run.summary.failures.map(\.message) == ["plugin 'fixture-hang' did not answer within 3 s (its timeout); it was stopped and will be restarted"])
        #expect(f.processes.isEmpty)
    }

    @Test func garbageOnStdoutFailsThatDocumentShowingTheLine() throws {
        let f = try Fixture("garbage")
        let run = try runPipeline(f, texts: articles(6, special: "GARBAGE"))
        f.host.shutdown()
        #expect(run.summary.ok == 5)
        #expect(run.summary.failures.map(\.message) == ["plugin 'fixture-garbage' wrote a line to stdout that is not JSON: \"this is not json GARBAGE\""])
        #expect(run.summary.failures.first?.path.hasSuffix("02.txt") == true)
        #expect(f.processes.isEmpty)
    }

    @Test func pluginErrorFailsOneDocument() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        #expect(throws: StageFailure("plugin 'fixture-echo' reported an error: cannot handle BADDOC documents")) { try f.process("a BADDOC") }
        #expect(try f.process("a b").annotations.count == 1)
    }

    @Test func aResponseMayNotReplaceTextOrAnEarlierField() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        var doc = Document(id: "d", source: DocumentSource(path: "d", format: "txt", bytes: 3, encoding: "utf-8"), text: "a b", fields: ["echo": "mine"])
        #expect(throws: StageFailure("plugin 'fixture-echo' tried to replace the field 'echo' set by an earlier stage; responses may only add fields and annotations")) {
            try f.host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8))
        }
        #expect(doc.fields["echo"] == "mine")
        #expect(doc.annotations.isEmpty)
        var plain = Document(id: "d", source: DocumentSource(path: "d", format: "txt", bytes: 3, encoding: "utf-8"), text: "a b")
        try f.host.apply(["id": 1, "fields": ["x": 1]], to: &plain)
        #expect(throws: StageFailure("plugin 'fixture-echo' tried to set 'text'; responses may only add fields and annotations")) {
            try f.host.apply(["id": 2, "fields": ["text": "new"]], to: &plain)
        }
        #expect(plain.fields["x"] == 1)
        #expect(plain.text == "a b")
    }

    @Test func annotationOutsideTheTextIsRejected() throws {
        let f = try Fixture("outside")
        defer { f.host.shutdown() }
        #expect(throws: StageFailure("plugin 'fixture-outside' answered with annotation 0 ('spans' 0..<11) outside the text, which has 6 characters (Unicode scalars); annotation spans must lie within text")) {
            try f.process("héllo!")
        }
    }

    @Test func repeatedCrashesGiveUpWithTheLastStderrLines() throws {
        let f = try Fixture("alwayscrash")
        var messages: [String] = []
        for i in 0..<6 {
            do { _ = try f.process("document \(i)") } catch { messages.append("\(error)") }
        }
        #expect(messages.count == 6)
        #expect(messages[0].hasPrefix("plugin 'fixture-alwayscrash' exited with status 7 while processing this document"))
        #expect(messages[4].hasPrefix("plugin 'fixture-alwayscrash' stopped 4 times in a row (last: exited with status 7); giving up on it; its last stderr lines: "))
        #expect(messages[4].contains("fixture: cannot go on"))
        #expect(messages[5] == messages[4])
        #expect(f.sink.all.filter { $0.contains("restarting it") }.count == 3)
        #expect(f.processes.isEmpty)
    }

    @Test func shutdownEscalatesToSIGKILLForAPluginThatIgnoresSIGTERM() throws {
        let f = try Fixture("stubborn")
        _ = try f.process("one two")
        #expect(f.processes.count == 1)
        let started = Date()
        f.host.shutdown(grace: 0.3)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(f.processes.isEmpty)
    }

    @Test func shutdownClosesStdinAndTheWellBehavedPluginExits() throws {
        let f = try Fixture("echo")
        _ = try f.process("one two")
        let pids = f.host.runningPIDs
        #expect(pids.count == 1)
        let started = Date()
        f.host.shutdown()
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(f.processes.isEmpty)
        // A later document starts the plugin again.
        #expect(try f.process("three four").annotations.first?.attributes["text"] == "four")
        f.host.shutdown()
    }

    @Test func manyThreadsPipelineRequestsIntoOneProcess() throws {
        let f = try Fixture("echo", concurrency: 1)
        defer { f.host.shutdown() }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<50 {
                let text = "w\(worker) n\(i) \(String(repeating: "x", count: i))"
                do {
                    let doc = try f.process(text)
                    results.add(doc.annotations.first?.attributes["text"]?.stringValue == "n\(i)" && doc.fields["echo"]?["scalars"] == .int(text.count))
                } catch { results.add(false) }
            }
        }
        #expect(results.values.count == 400)
        #expect(results.values.allSatisfy { $0 })
        #expect(f.host.runningPIDs.count == 1)
    }

    @Test func aMissingProgramFailsAtOnceWithoutRetrying() throws {
        var manifest = try ManifestLoader().load(directory: Repository.pluginFixtures + "/echo")
        manifest.command = ["python-that-does-not-exist-9"]
        let sink = LogSink()
        let host = PluginHost(manifest: manifest, log: sink.log)
        var doc = Document(id: "d", source: DocumentSource(path: "d", format: "txt", bytes: 1, encoding: "utf-8"), text: "x")
        #expect(throws: StageFailure("plugin 'fixture-echo' cannot start: cannot run 'python-that-does-not-exist-9': no such program (is it installed and on PATH, or is the path relative to the plugin folder right?)")) {
            try host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8))
        }
        // No restart was tried (each would be logged, after a backoff).
        #expect(!sink.all.contains { $0.contains("restarting") }, "\(sink.all)")
    }

    @Test func aHelloWithoutTheManifestsStageIsRefused() throws {
        var manifest = try ManifestLoader().load(directory: Repository.pluginFixtures + "/echo")
        manifest.stages[0].name = "enrich.other"
        let host = PluginHost(manifest: manifest, log: LogSink().log)
        #expect(throws: StageFailure("plugin 'fixture-echo' does not offer stage 'enrich.other' declared in its manifest (it offers: enrich.fixture)")) {
            try host.start()
        }
        #expect(host.runningPIDs.isEmpty)
    }

    @Test func aRelativeProgramPathIsResolvedInThePluginFolder() throws {
        let folder = TemporaryDirectory()
        let dir = folder.path
        folder.write("bin/run.sh", #"""
            #!/bin/sh
            read hello
            echo '{"type":"hello","protocol":1,"stages":["enrich.pwd"]}'
            here=$(pwd)
            while read line; do
              id=$(printf '%s\n' "$line" | sed 's/^{"id":\([0-9]*\).*/\1/')
              echo "{\"id\":$id,\"fields\":{\"cwd\":\"$here\"}}"
            done
            """#)
        chmod(dir + "/bin/run.sh", 0o755)
        folder.write("plugin.yaml", "name: pwd\nprotocol: 1\ncommand: [./bin/run.sh]\nstages:\n  - { name: enrich.pwd, summary: S }\n")
        let host = PluginHost(manifest: try ManifestLoader().load(directory: dir), log: LogSink().log)
        defer { host.shutdown() }
        var doc = Document(id: "d", source: DocumentSource(path: "d", format: "txt", bytes: 1, encoding: "utf-8"), text: "x")
        try host.process(&doc, stage: "enrich.pwd", parameters: Array("{}".utf8))
        #expect(doc.fields["cwd"] == .string(dir))
    }

    @Test func buildingAPipelineStartsThePluginInTheBackground() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        let type = try #require(f.host.stageTypes().first)
        _ = try type.make(StageConfig(id: "x", type: type.name, parameters: Parameters(), pipelineDirectory: "/tmp"))
        _ = waitUntil(timeout: 5) { !f.host.runningPIDs.isEmpty }
        #expect(f.host.runningPIDs.count == 1)
        #expect(try f.process("a b").annotations.count == 1)
        #expect(f.host.runningPIDs.count == 1)
    }

    @Test func concurrencyStartsSeveralProcesses() throws {
        let f = try Fixture("echo", concurrency: 3)
        defer { f.host.shutdown() }
        try f.host.start()
        #expect(f.host.runningPIDs.count == 3)
        #expect(f.processes.count == 3)
    }
}


final class ResultsBox: Sendable {
    private let store = Mutex<[Bool]>([])
    func add(_ v: Bool) { store.withLock { $0.append(v) } }
    var values: [Bool] { store.withLock { $0 } }
}
