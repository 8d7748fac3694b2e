import PhysweepTensor

/// One component of a forward-mode jet: the network's value or one of its input derivatives.
///
/// A jet evaluation stacks its components along the batch axis (component c of point i is row c·N + i),
/// so every layer stays one GEMM: the weights act the same on a value and on its derivatives.
public enum JetComponent: Hashable, Sendable {
    /// The value itself.
    case value
    /// ∂/∂(input column i).
    case first(Int)
    /// ∂²/∂(input column i)²; needs `.first(i)` among the components.
    case second(Int)
}

extension Array where Element == JetComponent {
    /// The input seeds of these components for points `inputs` (row-major [count, dim]), stacked
    /// [components·count, dim]: the value rows are the points, ∂/∂x_i rows are the unit vector e_i,
    /// ∂²/∂x_i² rows are zero (inputs are linear in themselves).
    func seeds(for inputs: [Double], dim: Int) -> [Double] {
        let count = inputs.count / dim
        var stacked = [Double](repeating: 0, count: self.count * count * dim)
        for (c, component) in enumerated() {
            let base = c * count * dim
            switch component {
            case .value:
                stacked.replaceSubrange(base..<(base + inputs.count), with: inputs)
            case .first(let column):
                for i in 0..<count { stacked[base + i * dim + column] = 1 }
            case .second:
                break
            }
        }
        return stacked
    }

    /// The tensor layer's row layout of this stack: value rows first, then one block per derivative.
    func layout(points: Int) -> JetLayout {
        let derivatives = dropFirst().map { component -> JetDerivative in
            switch component {
            case .value: preconditionFailure("only the first component of a jet is its value")
            case .first: return .first
            case .second(let i):
                // Block indices count derivative blocks only, so .first(i)'s block is its index − 1.
                let block = firstIndex(of: .first(i))! - 1
                return .second(block, block)
            }
        }
        return JetLayout(primalRows: points, derivativeRows: 0..<points, channels: derivatives)
    }

    /// Checks that every second-derivative component has its first-derivative component.
    func validate(inputDim: Int) {
        precondition(first == .value, "a jet's first component must be .value, got \(self)")
        for component in self {
            switch component {
            case .value: break
            case .first(let i):
                precondition(i >= 0 && i < inputDim, "jet component \(component) is outside \(inputDim) inputs")
            case .second(let i):
                precondition(contains(.first(i)), "jet component \(component) needs .first(\(i)) too")
            }
        }
    }
}
