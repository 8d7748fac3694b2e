import Foundation

/// Seconds on a clock that never jumps (unlike wall time): for heartbeats and timeouts.
enum MonotonicClock {
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
