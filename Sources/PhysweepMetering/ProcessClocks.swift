#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clocks a phase is timed with, all read through `clock_gettime`.
public enum ProcessClocks {
    /// Seconds on the monotonic clock: immune to NTP steps and manual clock changes, so differences are
    /// true elapsed wall time. The origin is arbitrary; only differences mean anything.
    public static func wallSeconds() -> Double {
        seconds(of: CLOCK_MONOTONIC)
    }

    /// CPU seconds (user + system) consumed so far by every thread of this process, including BLAS
    /// worker threads. `CLOCK_PROCESS_CPUTIME_ID` has nanosecond resolution, unlike `getrusage`, whose
    /// figures can be tick-granular (4 ms) on some kernels: short inference passes need the finer clock.
    public static func cpuSeconds() -> Double {
        seconds(of: CLOCK_PROCESS_CPUTIME_ID)
    }

    /// CPU seconds consumed so far by the calling thread only (`CLOCK_THREAD_CPUTIME_ID`): for phases that
    /// share the process with others running on other threads. Threads it starts (BLAS) are not included.
    public static func threadCPUSeconds() -> Double {
        seconds(of: CLOCK_THREAD_CPUTIME_ID)
    }

    private static func seconds(of clock: clockid_t) -> Double {
        var now = timespec()
        // clock_gettime cannot fail for these clock ids on Linux or macOS; keep the zero if it ever does.
        _ = clock_gettime(clock, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
