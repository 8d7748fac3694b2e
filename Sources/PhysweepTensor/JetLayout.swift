/// The row layout of a forward-mode jet stack (see docs/autodiff.md, "Input derivatives"): the
/// primal block of `primalRows` rows comes first, then one block per derivative channel, each with
/// one row per point of `derivativeRows` (a range of primal rows, e.g. the collocation points).
public struct JetLayout: Sendable, Equatable {
    /// Rows of the primal block.
    public var primalRows: Int
    /// The primal rows that carry derivative channels.
    public var derivativeRows: Range<Int>
    /// The derivative channels, in block order.
    public var channels: [JetDerivative]

    /// A layout; stops if a second-order channel refers to something other than a first-order one.
    public init(primalRows: Int, derivativeRows: Range<Int>, channels: [JetDerivative]) {
        precondition(derivativeRows.lowerBound >= 0 && derivativeRows.upperBound <= primalRows,
                     "JetLayout: derivative rows \(derivativeRows) outside the \(primalRows) primal rows")
        for channel in channels {
            if case .second(let i, let j) = channel {
                precondition([i, j].allSatisfy { channels.indices.contains($0) && channels[$0] == .first },
                              "JetLayout: .second(\(i), \(j)) must name first-order channels of \(channels)")
            }
        }
        self.primalRows = primalRows
        self.derivativeRows = derivativeRows
        self.channels = channels
    }

    /// Rows of the whole stack.
    public var totalRows: Int { primalRows + channels.count * derivativeRows.count }

    /// The first row of channel `index`'s block.
    public func firstRow(ofChannel index: Int) -> Int { primalRows + index * derivativeRows.count }
}

/// One derivative channel of a jet: a first derivative along some input direction (seeded by the
/// caller in the stacked input), or the second derivative along two first-order channels i, j.
public enum JetDerivative: Sendable, Equatable, Hashable {
    case first
    case second(Int, Int)
}

/// Activations available to `Node.jetActivation`, each with closed-form σ', σ'', σ'''.
public enum JetActivation<T: TensorScalar>: Sendable, Equatable {
    case tanh
    case sin
    /// x + sin²(αx)/α.
    case snake(alpha: T)
    /// max(x, 0): σ′ is the unit step, σ″ = σ‴ = 0.
    case relu
}
