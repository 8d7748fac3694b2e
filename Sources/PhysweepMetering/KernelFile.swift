#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the small text files of /proc and /sys.
///
/// Plain `open`/`read` until end of file: these files report a size of 0 or 4096 whatever their
/// content, and Foundation's readers take about 0.4 ms for /proc/self/status against ~10 µs here,
/// which matters when a meter is started for every inference pass.
enum KernelFile {
    /// The whole file as UTF-8 text, or nil if it cannot be opened or read (missing, permission denied,
    /// a directory).
    static func text(at path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
