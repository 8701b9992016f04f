import Foundation
import GalleyCore

#if canImport(Glibc)
import Glibc
#endif

/// An append-only temporary file with a write buffer: keeps per-document HTML out of memory until the report is assembled.
struct Spool: Sendable {
    /// The temporary file.
    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Bytes appended so far.
    private(set) var count = 0

    /// Creates (truncating) the file.
    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StageFailure("cannot create '\(path)': \(String(cString: strerror(errno)))") }
        unlink(path)  // Anonymous from now on: nothing is left behind whatever happens to the run.
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends bytes.
    mutating func append(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        count += bytes.count
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends a string.
    mutating func append(_ s: String) throws { try append(Array(s.utf8)) }

    private mutating func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; throw StageFailure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Copies everything written into `file`, in chunks.
    mutating func copy(into file: AtomicFile) throws {
        try flush()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw StageFailure("cannot read back '\(path)'") }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw StageFailure("cannot read back '\(path)'") }
            if n == 0 { break }
            try file.append(Array(chunk[0..<n]))
        }
    }

    /// Closes the file.
    func close() { _ = Glibc.close(fd) }
}
