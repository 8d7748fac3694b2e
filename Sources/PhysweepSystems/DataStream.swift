/// The independent random streams of one data seed, one per random component of a data set.
///
/// Giving each component its own stream means that, say, asking for more collocation points leaves
/// the initial-condition points and the noise unchanged. Weight initialisation and minibatch order
/// (in the models layer) should use streams from `firstFreeStream` on.
public enum DataStream: UInt64, CaseIterable, Sendable {
    /// Noise added to training targets.
    case noise = 1
    /// Initial-condition points.
    case initial
    /// Boundary-condition points.
    case boundary
    /// Collocation points.
    case collocation
    /// Data points sampled from a reference solution.
    case data

    /// The first stream number no data set uses.
    public static let firstFreeStream: UInt64 = 16

    /// A generator for this component of the data set seeded with `seed`.
    public func generator(seed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: rawValue)
    }
}
