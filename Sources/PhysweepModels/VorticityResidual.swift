import PhysweepTensor

/// The physics loss of the shear-flow models (`physics_weight`): the residual of the 2-D incompressible
/// vorticity equation ∂ω/∂t + u·∇ω = ν∇²ω, with ω = ∂x w − ∂z u (u = velocity_x, w = velocity_z; the
/// solver's convention), between the previous frame ω⁰ (the last context frame) and the predicted one ω¹,
/// in physical units, by the trapezoidal (Crank–Nicolson) rule:
///
///     R = (ω¹ − ω⁰)/Δt + ½[(u·∇ω)¹ + (u·∇ω)⁰] − ½ν[∇²ω¹ + ∇²ω⁰],     loss term = mean(R²)
///
/// Spatial derivatives are second-order central differences on the doubly periodic grid, each a
/// `conv2d` with circular padding and constant (non-trainable) weights: a 1×1 convolution picks the
/// two velocity channels and undoes their normalisation (u = std·û + mean), a 3×3 one gives ω, and a
/// 3×3 one gives ∂xω, ∂zω and the five-point ∇²ω. Grid spacings are L_x/W and L_z/H (rows z, columns x).
///
/// ```swift
/// let residual = VorticityResidual(viscosity: 1 / 3000, interval: 0.1, velocityChannels: (2, 3),
///                                  velocityMean: (0, 0), velocityStd: (0.4, 0.1))
/// let meanSquare = residual.meanSquare(predicted: output, previous: lastContextFrame)   // shape []
/// ```
public struct VorticityResidual: Hashable, Sendable {
    /// ν (= 1/Re).
    public var viscosity: Double
    /// Δt between the two frames (the data set's save interval).
    public var interval: Double
    /// The domain's extent along x (columns) and z (rows); The Well: x ∈ [0, 1), z ∈ [−1, 1).
    public var lengthX: Double, lengthZ: Double
    /// The channels of velocity_x and velocity_z in a frame.
    public var channelX: Int, channelZ: Int
    /// Normalisation of velocity_x and velocity_z: physical = std·normalised + mean.
    public var meanX: Double, meanZ: Double, stdX: Double, stdZ: Double

    /// A residual on The Well's domain unless lengths are given.
    public init(viscosity: Double, interval: Double, velocityChannels: (x: Int, z: Int),
                velocityMean: (x: Double, z: Double), velocityStd: (x: Double, z: Double),
                lengthX: Double = 1, lengthZ: Double = 2) {
        precondition(viscosity >= 0 && interval > 0 && lengthX > 0 && lengthZ > 0,
                     "VorticityResidual: needs ν ≥ 0, Δt > 0 and positive lengths")
        precondition(velocityChannels.x >= 0 && velocityChannels.z >= 0 && velocityChannels.x != velocityChannels.z,
                     "VorticityResidual: velocity channels \(velocityChannels) must be two distinct channels")
        self.viscosity = viscosity
        self.interval = interval
        self.lengthX = lengthX
        self.lengthZ = lengthZ
        (channelX, channelZ) = velocityChannels
        (meanX, meanZ) = velocityMean
        (stdX, stdZ) = velocityStd
    }

    /// mean(R²) (shape []) of normalised frames `predicted` and `previous` [N, fields, H, W] (H, W ≥ 3).
    public func meanSquare<T>(predicted: Node<T>, previous: Node<T>) -> Node<T> {
        residual(predicted: predicted, previous: previous).square().mean()
    }

    /// R [N, 1, H, W] of normalised frames `predicted` and `previous` [N, fields, H, W].
    public func residual<T>(predicted: Node<T>, previous: Node<T>) -> Node<T> {
        precondition(predicted.shape == previous.shape && predicted.shape.count == 4,
                     "VorticityResidual: frames \(predicted.shape) and \(previous.shape) must be one [N, fields, H, W] shape")
        let stencils = Stencils<T>(self, graph: predicted.graph, fields: predicted.shape[1],
                                   height: predicted.shape[2], width: predicted.shape[3])
        let next = stencils.terms(predicted), last = stencils.terms(previous)
        let half = T(0.5), halfNu = T(0.5 * viscosity)
        return (next.vorticity - last.vorticity) / T(interval) + half * (next.advection + last.advection)
            - halfNu * (next.laplacian + last.laplacian)
    }

    /// The constant convolution weights on one graph.
    private struct Stencils<T: TensorScalar> {
        let select: Node<T>, selectBias: Node<T>
        let curl: Node<T>, derivatives: Node<T>
        let zero1: Node<T>, zero3: Node<T>

        init(_ r: VorticityResidual, graph: Graph<T>, fields: Int, height: Int, width: Int) {
            precondition(r.channelX < fields && r.channelZ < fields,
                         "VorticityResidual: velocity channels \(r.channelX), \(r.channelZ) outside \(fields) fields")
            precondition(height >= 3 && width >= 3, "VorticityResidual: needs a grid of at least 3×3, got \(height)×\(width)")
            var pick = [T](repeating: 0, count: 2 * fields)
            pick[r.channelX] = T(r.stdX)
            pick[fields + r.channelZ] = T(r.stdZ)
            select = graph.constant(Tensor(shape: [2, fields, 1, 1], scalars: pick))
            selectBias = graph.constant(Tensor(shape: [2], scalars: [T(r.meanX), T(r.meanZ)]))
            let dx = r.lengthX / Double(width), dz = r.lengthZ / Double(height)
            // Cross-correlation taps [row, column] of a 3×3 kernel: out[i, j] = Σ k[a, b]·x[i + a − 1, j + b − 1].
            func kernel(_ taps: [(Int, Int, Double)]) -> [T] {
                var k = [T](repeating: 0, count: 9)
                for (a, b, value) in taps { k[3 * a + b] += T(value) }
                return k
            }
            let ddx = [(1, 2, 1 / (2 * dx)), (1, 0, -1 / (2 * dx))], ddz = [(2, 1, 1 / (2 * dz)), (0, 1, -1 / (2 * dz))]
            let laplacian = [(1, 2, 1 / (dx * dx)), (1, 0, 1 / (dx * dx)), (2, 1, 1 / (dz * dz)), (0, 1, 1 / (dz * dz)),
                             (1, 1, -2 / (dx * dx) - 2 / (dz * dz))]
            // ω = ∂x w − ∂z u: input channels (u, w).
            curl = graph.constant(Tensor(shape: [1, 2, 3, 3], scalars: kernel(ddz.map { ($0.0, $0.1, -$0.2) }) + kernel(ddx)))
            derivatives = graph.constant(Tensor(shape: [3, 1, 3, 3], scalars: kernel(ddx) + kernel(ddz) + kernel(laplacian)))
            zero1 = graph.constant(Tensor(zeros: [1]))
            zero3 = graph.constant(Tensor(zeros: [3]))
        }

        /// ω, u·∇ω and ∇²ω [N, 1, H, W] of a normalised frame.
        func terms(_ frame: Node<T>) -> (vorticity: Node<T>, advection: Node<T>, laplacian: Node<T>) {
            let velocity = frame.conv2d(select, bias: selectBias)
            let vorticity = velocity.conv2d(curl, bias: zero1)
            let d = vorticity.conv2d(derivatives, bias: zero3)
            let advection = (velocity * d.slice(axis: 1, range: 0..<2)).sum(axis: 1, keepingDimension: true)
            return (vorticity, advection, d.slice(axis: 1, range: 2..<3))
        }
    }
}
