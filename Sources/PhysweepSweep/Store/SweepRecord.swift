import Foundation
import PhysweepTraining

/// A sweep as the store keeps it: what was asked for and how its tasks are run.
public struct SweepRecord: Hashable, Sendable {
    /// Unique name; tasks and results refer to it.
    public var name: String
    /// The spec text as submitted (YAML), so a report can show exactly what was run.
    public var specText: String
    /// The metrics the sweep's Pareto analysis uses.
    public var objectives: [ParetoObjective]
    /// How every task of the sweep is run (threads, carbon settings).
    public var settings: RunSettings
    /// Attempts (errors, crashes, dead workers) before a task is quarantined as failed.
    public var maxAttempts: Int
    /// When the sweep was first submitted.
    public var created: Date

    public init(name: String, specText: String, objectives: [ParetoObjective], settings: RunSettings,
                maxAttempts: Int, created: Date = Date()) {
        self.name = name
        self.specText = specText
        self.objectives = objectives
        self.settings = settings
        self.maxAttempts = maxAttempts
        self.created = created
    }
}
