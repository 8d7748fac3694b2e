extension SweepComparison.Verdict {
    /// `physweep compare`'s exit status for this verdict: 0 unchanged or improved, 3 regressed,
    /// 4 incomplete (a usage or input error is `SweepComparison.usageExitStatus`).
    public var exitStatus: Int32 {
        switch self {
        case .unchanged, .improved: return 0
        case .regressed: return 3
        case .incomplete: return 4
        }
    }
}

extension SweepComparison {
    /// `physweep compare`'s exit status for a usage or input error (bad arguments, an unreadable
    /// store, an unknown sweep, an unwritable output): 64, as for any physweep usage error.
    public static let usageExitStatus: Int32 = 64
}
