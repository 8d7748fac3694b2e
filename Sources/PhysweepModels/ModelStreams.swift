import PhysweepSystems

/// The random streams the models layer draws from, after those the data sets use, so a run's
/// weights and batch order never share numbers with its data.
public enum ModelStream {
    /// Initial weights.
    public static let weights = DataStream.firstFreeStream
    /// Minibatch order.
    public static let minibatches = DataStream.firstFreeStream + 1
    /// Noise of generative samplers at evaluation (flow matching's start).
    public static let sampler = DataStream.firstFreeStream + 2
}
