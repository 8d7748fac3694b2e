import PhysweepTensor

extension TrainConfig {
    /// Constant or cosine decay, after a linear warm-up when `warmup_steps` > 0.
    var learningRateSchedule: LearningRateSchedule {
        let peak = learningRate, warmup = warmupSteps, steps = self.steps
        switch schedule {
        case .cosine:
            return .cosine(peak: peak, warmupSteps: warmup, totalSteps: steps, final: 0)
        case .constant where warmup > 0:
            // A cosine from the peak down to the peak is flat: warm-up, then constant.
            return .cosine(peak: peak, warmupSteps: warmup, totalSteps: steps, final: peak)
        case .constant:
            return .constant(peak)
        }
    }
}
