import PhysweepSystems
import PhysweepTensor

/// The losses of the Burgers rungs; the residual is u_t + u u_x − ν u_xx on the collocation points.
public enum BurgersLoss: Hashable, Sendable {
    /// nn: data MSE on reference samples only.
    case data
    /// b-pinn (`withData` false) / d-pinn (true): weight · mean(residual²) + IC MSE + BC MSE [+ data MSE].
    case softConstraints(withData: Bool)
    /// c-pinn: IC/BC hold exactly by the network's output transform; weight · mean(residual²) [+ data MSE].
    case hardConstraints(withData: Bool)

    /// Whether the loss has a data term.
    public var usesData: Bool {
        switch self {
        case .data: return true
        case .softConstraints(let withData), .hardConstraints(let withData): return withData
        }
    }
}

/// The point sets a Burgers loss may use; each has input columns "x" and "t".
public struct BurgersPoints: Sendable {
    /// Residual points (no targets).
    public var collocation: SupervisedSplit
    /// Points at t = 0 with u = −sin(πx).
    public var initial: SupervisedSplit
    /// Points at x = ±1 with u = 0.
    public var boundary: SupervisedSplit
    /// Reference samples.
    public var data: SupervisedSplit

    public init(collocation: SupervisedSplit, initial: SupervisedSplit, boundary: SupervisedSplit,
                data: SupervisedSplit) {
        self.collocation = collocation
        self.initial = initial
        self.boundary = boundary
        self.data = data
    }
}

extension Objective {
    /// The loss of a Burgers rung with viscosity `nu`; the data term (if any) is fed `batchRows` points at a time.
    public static func burgers(_ points: BurgersPoints, loss: BurgersLoss, nu: Double, physicsWeight: Double,
                               network: NetworkSpec, batchRows: Int) -> Objective {
        precondition(network.inputs == 2, "a Burgers network has the two inputs x and t")
        let hard: Bool
        if case .hardConstraints = loss { hard = true } else { hard = false }
        precondition((network.constraint != nil) == hard,
                     "\(loss) needs a network \(hard ? "with" : "without") the hard-constraint transform")
        let builder = LossBuilder<T>(network: network)
        var terms: [Node<T>] = []
        var feed: DataFeed<T>?
        if loss.usesData {
            let (dataFeed, dataMSE) = builder.dataTerm(points.data, rows: batchRows)
            feed = dataFeed
            terms.append(dataMSE)
        }
        if loss != .data {
            let residual = residual(builder, points.collocation, nu: nu)
            terms.append(T(physicsWeight) * LossBuilder.meanSquare(residual))
        }
        if case .softConstraints = loss {
            terms.append(builder.fixedTerm(points.initial))
            terms.append(builder.fixedTerm(points.boundary))
        }
        return builder.objective(loss: terms.dropFirst().reduce(terms[0], +), data: feed)
    }

    /// u_t + u u_x − ν u_xx at the points of `collocation`.
    private static func residual(_ builder: LossBuilder<T>, _ collocation: SupervisedSplit, nu: Double) -> Node<T> {
        guard let x = collocation.inputColumns.firstIndex(of: "x"),
              let t = collocation.inputColumns.firstIndex(of: "t") else {
            preconditionFailure("Burgers collocation points need columns x and t, got \(collocation.inputColumns)")
        }
        let u = builder.jet(collocation, components: [.value, .first(t), .first(x), .second(x)])
        return u[1] + u[0] * u[2] - T(nu) * u[3]
    }
}
