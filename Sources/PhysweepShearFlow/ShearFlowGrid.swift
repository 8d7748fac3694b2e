/// The Well's doubly periodic shear-flow box, x ∈ [0, 1), z ∈ [−1, 1), sampled on `nx × nz` points.
///
/// Grid values are stored row-major with z fastest: value `(i, j)` (x = i/nx, z = −1 + 2j/nz) is at
/// `i * nz + j`, the order of The Well's arrays `(…, x, z)`.
public struct ShearFlowGrid: Equatable, Hashable, Codable, Sendable {
    /// Points in x.
    public let nx: Int
    /// Points in z.
    public let nz: Int
    /// Box length in x (1).
    public static let lengthX = 1.0
    /// Box length in z (2).
    public static let lengthZ = 2.0
    /// The lower end of z (−1).
    public static let originZ = -1.0

    /// A grid of `nx × nz` points; both must be even and in 4...4096.
    public init(nx: Int, nz: Int) throws {
        for (name, n) in [("nx", nx), ("nz", nz)] where n < 4 || n > 4096 || n % 2 != 0 {
            throw ShearFlowError.invalidParameter(name: name, value: "\(n)", expected: "an even number in 4...4096")
        }
        self.nx = nx
        self.nz = nz
    }

    /// Number of grid points.
    public var count: Int { nx * nz }
    /// Grid spacing in x.
    public var dx: Double { Self.lengthX / Double(nx) }
    /// Grid spacing in z.
    public var dz: Double { Self.lengthZ / Double(nz) }
    /// The x coordinates, i/nx.
    public var x: [Double] { (0..<nx).map { Double($0) * dx } }
    /// The z coordinates, −1 + 2j/nz.
    public var z: [Double] { (0..<nz).map { Self.originZ + Double($0) * dz } }

    /// Values of `f(x, z)` at every grid point, in storage order.
    public func sample(_ f: (Double, Double) -> Double) -> [Double] {
        let xs = x, zs = z
        var values = [Double]()
        values.reserveCapacity(count)
        for xi in xs { for zj in zs { values.append(f(xi, zj)) } }
        return values
    }
}
