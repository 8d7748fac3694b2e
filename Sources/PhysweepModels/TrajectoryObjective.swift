import PhysweepSystems
import PhysweepTensor

/// The losses of the oscillator and noisy-cosine rungs.
public enum TrajectoryLoss: Hashable, Sendable {
    /// mlp: data MSE only.
    case data
    /// pinn: data MSE + weight · mean(residual²), residual x'' + 2ζω0 x' + ω0² x on the collocation points.
    case dataAndResidual(physicsWeight: Double)
}

extension Objective {
    /// The loss of a trajectory task, with the data term fed `batchRows` points at a time.
    public static func trajectory(_ dataset: TrajectoryDataset, loss: TrajectoryLoss, network: NetworkSpec,
                                  batchRows: Int) -> Objective {
        precondition(network.inputs == 1, "a trajectory network has the one input t")
        let builder = LossBuilder<T>(network: network)
        let (feed, dataMSE) = builder.dataTerm(dataset.train, rows: batchRows)
        switch loss {
        case .data:
            return builder.objective(loss: dataMSE, data: feed)
        case .dataAndResidual(let weight):
            let ode = dataset.oscillator
            let x = builder.jet(dataset.collocation, components: [.value, .first(0), .second(0)])
            let residual = x[2] + T(ode.damping) * x[1] + T(ode.stiffness) * x[0]
            return builder.objective(loss: dataMSE + T(weight) * LossBuilder.meanSquare(residual), data: feed)
        }
    }
}
