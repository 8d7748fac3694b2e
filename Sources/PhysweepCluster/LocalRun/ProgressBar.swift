import Foundation

/// Draws sweep progress on standard error: a bar redrawn in place on a terminal, plain
/// periodic lines otherwise (CI logs, files), so logs stay readable either way.
public final class ProgressBar: @unchecked Sendable {
    // @unchecked: only the coordinator's thread calls it.
    private let isTerminal: Bool
    private let plainInterval: Double
    private var lastPlain = -Double.infinity
    private var drewBar = false

    /// `plainInterval`: seconds between lines when standard error is not a terminal.
    public init(isTerminal: Bool = isatty(STDERR_FILENO) != 0, plainInterval: Double = 5) {
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
    }

    /// Shows `progress`; plain output is throttled unless `final`.
    public func show(_ progress: SweepProgress, final: Bool = false) {
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + Self.bar(progress) + (final ? "\n" : "")).utf8))
            drewBar = !final
        } else if final || progress.elapsed - lastPlain >= plainInterval {
            lastPlain = progress.elapsed
            FileHandle.standardError.write(Data((Self.line(progress) + "\n").utf8))
        }
    }

    /// Ends a bar in progress so that a log line does not overwrite it.
    public func interrupt() {
        guard drewBar else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        drewBar = false
    }

    /// `[#########...........]  45%  ` followed by `line`.
    public static func bar(_ p: SweepProgress, width: Int = 24) -> String {
        let fraction = p.total == 0 ? 1 : Double(p.done + p.failed) / Double(p.total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "[\(bar)] \(String(format: "%3d", Int(fraction * 100)))%  " + line(p)
    }

    /// `120/400 done · 2 failed · 4 running · 274 queued · 2 workers · 0:42 elapsed · ETA 1:20`.
    public static func line(_ p: SweepProgress) -> String {
        var parts = ["\(p.done)/\(p.total) done", "\(p.failed) failed", "\(p.running) running", "\(p.queued) queued",
                     "\(p.workers) worker\(p.workers == 1 ? "" : "s")", clock(p.elapsed) + " elapsed"]
        if p.running + p.queued > 0 { parts.append("ETA " + (p.eta.map(clock) ?? "?")) }
        return parts.joined(separator: " · ")
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
