/// A progress report from a running task, for progress bars and the wire protocol's PROGRESS frame.
public struct TrainProgress: Codable, Hashable, Sendable {
    /// Optimizer steps done so far (first-order then L-BFGS, counted together).
    public var step: Int
    /// Total steps planned.
    public var totalSteps: Int
    /// Current training loss.
    public var loss: Double

    public init(step: Int, totalSteps: Int, loss: Double) {
        self.step = step
        self.totalSteps = totalSteps
        self.loss = loss
    }

    enum CodingKeys: String, CodingKey { case step, totalSteps = "total_steps", loss }
}
