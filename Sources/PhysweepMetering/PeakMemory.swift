import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident set size, per phase where the kernel allows it.
///
/// Linux keeps a resettable high-water mark (`VmHWM` in /proc/self/status): writing `5` to
/// /proc/self/clear_refs sets it back to the current RSS. A phase that resets it at its start therefore
/// reports the highest RSS reached *during* the phase (memory already held when it started included).
/// Without that (macOS, or a kernel that refuses the write) the figure is `getrusage`'s `ru_maxrss`:
/// the peak over the whole life of the process. (On Linux `ru_maxrss` reads the same mark, so a reset
/// lowers it too: nothing else in the process should rely on it being a lifetime figure.)
public enum PeakMemory {
    /// Resets the high-water mark to the current RSS; returns false when the kernel does not allow it.
    public static func resetHighWaterMark(procRoot: String = "/proc") -> Bool {
        let path = procRoot + "/self/clear_refs"
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Array("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// Peak RSS in bytes: `VmHWM` when `sinceReset` and readable, otherwise the lifetime `ru_maxrss`.
    public static func peakBytes(sinceReset: Bool, procRoot: String = "/proc") -> Int {
        peak(sinceReset: sinceReset, procRoot: procRoot).bytes
    }

    /// `peakBytes` and the span it covers: `.phase` only when the mark was reset and could be read.
    public static func peak(sinceReset: Bool, procRoot: String = "/proc") -> (bytes: Int, scope: MeterScope.PeakRSS) {
        if sinceReset, let status = KernelFile.text(at: procRoot + "/self/status"),
           let kib = highWaterMarkKiB(inStatus: status) {
            return (kib * 1024, .phase)
        }
        return (lifetimePeakBytes(), .process)
    }

    /// Parses the `VmHWM:  1234 kB` line of a /proc/<pid>/status text. Works on UTF-8 bytes: splitting
    /// the String by Characters took 0.2 ms, too much for a meter started per inference pass.
    static func highWaterMarkKiB(inStatus status: String) -> Int? {
        let key = Array("VmHWM:".utf8)
        for line in status.utf8.split(separator: UInt8(ascii: "\n")) where line.starts(with: key) {
            let fields = line.dropFirst(key.count).split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard fields.count == 2, fields[1].elementsEqual("kB".utf8),
                  let value = Int(String(decoding: fields[0], as: UTF8.self)) else { return nil }
            return value
        }
        return nil
    }

    /// `ru_maxrss` in bytes: Linux reports KiB, macOS reports bytes.
    static func lifetimePeakBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #endif
    }
}
