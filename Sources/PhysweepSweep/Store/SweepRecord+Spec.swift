extension SweepRecord {
    /// The record of a validated spec: its name, text, objectives, run settings and attempt limit.
    public init(spec: SweepSpec) {
        self.init(name: spec.name, specText: spec.yaml, objectives: spec.objectives, settings: spec.runSettings,
                  maxAttempts: spec.maxAttempts)
    }
}
