import Foundation

/// Plans of one kind by their sizes, made on first use and kept for the whole process, so every
/// solver and trajectory of a data set reuses them. Guarded by its own lock (planning itself takes
/// `FFTPlan2D.plannerLock`).
final class FFTPlanCache<Plan: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var plans = [[Int]: Plan]()

    /// The plan for `key`, made by `make` if there is none yet.
    func plan(for key: [Int], make: () -> Plan) -> Plan {
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[key] { return plan }
        let plan = make()
        plans[key] = plan
        return plan
    }
}
