import Foundation

/// A learning rate as a function of the (0-based) step.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
    /// The same rate at every step.
    case constant(Double)
    /// Linear warm-up peak·(s+1)/warmupSteps for s < warmupSteps (no wasted zero-rate step), then
    /// cosine decay from `peak` at step `warmupSteps` to `final` at step `totalSteps` and after.
    case cosine(peak: Double, warmupSteps: Int, totalSteps: Int, final: Double)

    /// The rate for a step.
    public func rate(at step: Int) -> Double {
        switch self {
        case .constant(let rate):
            return rate
        case .cosine(let peak, let warmup, let total, let final):
            if step < warmup { return peak * Double(step + 1) / Double(warmup) }
            let decaySteps = max(1, total - warmup)
            let progress = min(1, Double(step - warmup) / Double(decaySteps))
            return final + (peak - final) * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
