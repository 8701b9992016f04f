import Foundation

/// Paths inside the Galley repository, for tests.
public enum Repository {
    /// The repository root (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The seeds/ folder.
    public static let seeds = root + "/seeds"
    /// The seed article.
    public static let seedArticle = seeds + "/000_f33259cb4be8492d.txt"
    /// The debug galley binary that `make test` builds before running the tests.
    public static let galleyBinary = root + "/.build/debug/galley"
}

/// A temporary folder, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// Its absolute path.
    public let path: String

    /// Creates an empty folder under the system's temporary folder.
    public init() {
        path = NSTemporaryDirectory() + "galley-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes a text file (creating folders), returning its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, Data(text.utf8))
    }

    /// Writes a file of bytes (creating folders), returning its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: data)
        return full
    }

    /// Reads a text file, nil when it is missing.
    public func read(_ name: String) -> String? { try? String(contentsOfFile: path + "/" + name, encoding: .utf8) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// What a finished process printed.
public struct ProcessResult: Sendable {
    /// Exit status (or 128 + signal).
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
}

/// Runs the galley binary with arguments in a folder and waits for it (NO_COLOR is set).
public func galley(_ arguments: [String], in directory: String = Repository.root, environment: [String: String] = [:],
                   stdin: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.galleyBinary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // Read stderr on another thread so that neither pipe fills up and blocks the child.
    let errBox = DataBox()
    let reader = Thread { errBox.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errData = errBox.wait()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Hands data from a reader thread to the waiting test.
final class DataBox: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let storage = LockedData()
    func set(_ data: Data) { storage.value = data; done.signal() }
    func wait() -> Data { done.wait(); return storage.value }
}

import Synchronization

/// Data behind a mutex.
final class LockedData: Sendable {
    private let mutex = Mutex(Data())
    var value: Data {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }
}
