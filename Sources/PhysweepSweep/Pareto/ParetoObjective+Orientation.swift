import PhysweepTraining

extension ParetoObjective {
    /// `value` in the minimisation frame (maximised metrics negated). Applying it twice gives the
    /// natural value back, so it also converts minimisation-frame values to natural units.
    public func oriented(_ value: Double) -> Double {
        direction == .minimize ? value : -value
    }
}
