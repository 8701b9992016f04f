import Foundation
@testable import GalleyCore
import GalleyTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, item 19 and 16: plugins that leave processes behind, break the protocol in ways that hit other
/// documents, or hang while galley is asked to stop.
@Suite(.serialized) struct PluginFaultTests {
    static func document(_ text: String, id: String? = nil) -> Document {
        Document(id: id ?? "doc-\(text)", source: DocumentSource(path: "t.txt", format: "txt", bytes: text.utf8.count, encoding: "utf-8"),
                 text: text)
    }

    @Test func aGrandchildInASessionOfItsOwnDoesNotOutliveThePlugin() throws {
        let f = try Fixture("echo")
        _ = try f.process("start a DAEMON now")
        #expect(waitUntil { !processesTagged(f.marker + "-daemon").isEmpty }, "the fixture's daemon did not start")
        f.host.shutdown(grace: 0.5)
        #expect(waitUntil(timeout: 5) { processesTagged(f.marker).isEmpty }, "left running: \(processesTagged(f.marker))")
    }

    @Test func anOverLongLineFailsOnlyItsOwnRequest() throws {
        var manifest = try ManifestLoader().load(directory: Repository.pluginFixtures + "/echo")
        let marker = "galley-test-" + UUID().uuidString
        manifest.command.append(marker)
        let sink = LogSink()
        let host = PluginHost(manifest: manifest, log: sink.log, maxLineBytes: 1 << 20)
        defer { host.shutdown() }
        let long = Mutex<Result<Document, any Error>?>(nil)
        let thread = Thread {
            var doc = Self.document("a LONG answer")
            do { try host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8)); long.withLock { $0 = .success(doc) } }
            catch { long.withLock { $0 = .failure(error) } }
        }
        thread.start()
        #expect(waitUntil { sink.all.contains("[fixture-echo] fixture: got LONG") })
        // Queued behind the long answer on the same process: it must not be blamed for it.
        var innocent = Self.document("an innocent one")
        try host.process(&innocent, stage: "enrich.fixture", parameters: Array("{}".utf8))
        #expect(innocent.annotations.first?.attributes["text"] == "innocent")
        #expect(waitUntil { long.withLock { $0 } != nil })
        guard case .failure(let error)? = long.withLock({ $0 }) else { Issue.record("the long answer was accepted"); return }
        #expect("\(error)" == "plugin 'fixture-echo' wrote a line longer than 1 MB to stdout")
    }

    @Test func anIdSentAsAStringIsNamedAsSuch() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        do {
            _ = try f.process("IDSTRING here")
            Issue.record("the answer with a string id was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("plugin 'fixture-echo' answered with an \"id\" that is a string (\"1\"), not the request's integer id"), "\(message)")
            #expect(!message.contains("no \"id\""))
        }
        // The plugin goes on.
        #expect(try f.process("one two").annotations.map(\.end) == [7])
    }

    @Test func anAnswerNamingAnotherDocumentIsNotApplied() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        let first = Mutex<(any Error)?>(nil)
        let thread = Thread {
            var doc = Self.document("SWAP me", id: "doc-a")
            do { try f.host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8)) } catch { first.withLock { $0 = error } }
        }
        thread.start()
        #expect(waitUntil { f.sink.all.contains("[fixture-echo] fixture: got SWAP") })
        var second = Self.document("then me", id: "doc-b")
        do {
            try f.host.process(&second, stage: "enrich.fixture", parameters: Array("{}".utf8))
            Issue.record("an answer for document doc-a was applied to doc-b: \(second.fields)")
        } catch {
            #expect("\(error)".contains("with \"document\" 'doc-a', but request "), "\(error)")
            #expect("\(error)".hasSuffix("carries document 'doc-b'; the answer is not applied"), "\(error)")
        }
        #expect(second.fields["swapped"] == nil)
        #expect(waitUntil { first.withLock { $0 } != nil })
        #expect("\(first.withLock { $0 }!)".contains("carries document 'doc-a'"))
    }

    @Test func aFieldNamedLikeTheDocumentsAnnotationsIsRefused() throws {
        let f = try Fixture("echo")
        defer { f.host.shutdown() }
        var doc = Self.document("PARAGRAPHSFIELD one\n\ntwo")
        doc.annotations = [Annotation(kind: "paragraphs", start: 0, end: 19), Annotation(kind: "paragraphs", start: 21, end: 24)]
        #expect(throws: StageFailure("plugin 'fixture-echo' answered with the field 'paragraphs', the name of the document's 'paragraphs' annotations; the export would hide them (give the field another name)")) {
            try f.host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8))
        }
        #expect(doc.fields["paragraphs"] == nil && doc.annotations.count == 2)
    }

    @Test func aManifestCommandWrittenAsOneStringIsRefusedAtLoadWithItsLocation() throws {
        let yaml = "name: bp\nprotocol: 1\ncommand: python3 bp.py\nstages:\n  - { name: enrich.bp, summary: S }\n"
        #expect(throws: DiagnosticList.self) { try ManifestLoader().load(yaml: yaml, file: "bp/plugin.yaml", directory: Repository.pluginFixtures) }
        do { _ = try ManifestLoader().load(yaml: yaml, file: "bp/plugin.yaml", directory: Repository.pluginFixtures) } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.location == SourceLocation(file: "bp/plugin.yaml", line: 3, column: 10))
            #expect(d.message == "'command' is run without a shell, so 'python3 bp.py' names one program with spaces in its name")
            #expect(d.fix == "write the program and its arguments as a list: command: [python3, bp.py]")
        }
        let missing = "name: bp\nprotocol: 1\ncommand: [./nothere.sh]\nstages:\n  - { name: enrich.bp, summary: S }\n"
        do {
            _ = try ManifestLoader().load(yaml: missing, file: "bp/plugin.yaml", directory: Repository.pluginFixtures)
            Issue.record("a command naming a missing program passed the manifest check")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["'command' names './nothere.sh', which is not in the plugin folder '\(Repository.pluginFixtures)'"])
        }
    }

    @Test func interruptCancelsAHungCallAtOnceAndTheNextCallStartsAFreshProcess() throws {
        let f = try Fixture("echo", timeout: 60)
        defer { f.host.shutdown() }
        _ = try f.process("warm up")
        let hung = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var doc = Self.document("this will HANG")
            do { try f.host.process(&doc, stage: "enrich.fixture", parameters: Array("{}".utf8)) } catch { hung.withLock { $0 = error } }
            done.signal()
        }
        thread.start()
        // The request is in flight once the process has it: wait for its pending count, not for time.
        #expect(waitUntil { f.host.runningPIDs.count == 1 && f.host.pendingRequests == 1 })
        let started = Date()
        f.host.interrupt(refusingNewCalls: false)
        #expect(done.wait(timeout: .now() + 5) == .success, "the hung call was not cancelled")
        #expect(Date().timeIntervalSince(started) < 3)
        #expect("\(hung.withLock { $0 }!)" == "interrupted: galley was asked to stop while plugin 'fixture-echo' worked on this document (the plugin was stopped)")
        // Not counted as a crash; the next document starts the plugin again and is answered.
        #expect(try f.process("one two").annotations.map(\.end) == [7])
        #expect(!f.sink.all.contains { $0.contains("restarting") }, "\(f.sink.all)")
    }
}
