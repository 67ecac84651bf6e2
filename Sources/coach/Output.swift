#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to the standard streams, without Foundation.
enum FileHandleOutput {
    case standardOutput, standardError

    func write(_ text: String) {
        let fd: Int32 = self == .standardOutput ? 1 : 2
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// What a command says while it works on a copy of the shared store: shown only once the copy
/// is written back, so that nobody reads "imported" about rows that never arrived.
enum HeldOutput {
    nonisolated(unsafe) private static var lines: [String] = []

    static func hold(_ text: String) { lines.append(text) }

    /// Shows what was held.
    static func release() {
        for line in lines { FileHandleOutput.standardOutput.write(line) }
        lines = []
    }

    /// Drops what was held (the write-back failed: it would not be true).
    static func drop() { lines = [] }
}
