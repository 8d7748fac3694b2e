import Foundation

/// One shear-flow trajectory's physics: The Well's `shear_flow` parameters and initial condition.
///
/// The initial velocity is The Well's (its Dedalus generator's `init_standard_shear`): n_shear
/// tanh shear layers at z_k = −1 + (2k + 1)/n_shear with alternating sign, each perturbed by
/// n_blobs Gaussian bumps of w along x,
///
///     ζ_k = n_shear (z − z_k) / (2 width),   sign_k = 2 (k mod 2) − 1,
///     u = 1/2 + Σ_k sign_k · tanh(ζ_k / 0.1) / 2,
///     w = Σ_k 0.1 · sin(sign_k · n_blobs · π x) · exp(−ζ_k² / 0.01),
///
/// and the tracer starts equal to u. ν = 1/Re, D = ν/Sc.
///
/// ```swift
/// let flow = try ShearFlowCase(reynolds: 1000, schmidt: 1, width: 1, shearLayers: 2, blobs: 2)
/// let solver = flow.solver(on: try ShearFlowGrid(nx: 64, nz: 128))
/// ```
public struct ShearFlowCase: Equatable, Hashable, Codable, Sendable {
    /// The Reynolds number Re (ν = 1/Re).
    public var reynolds: Double
    /// The Schmidt number Sc (D = ν/Sc).
    public var schmidt: Double
    /// The width parameter w of the shear layers (their tanh thickness is 0.2·w/n_shear).
    public var width: Double
    /// n_shear, the number of shear layers (even, so u is periodic in z).
    public var shearLayers: Int
    /// n_blobs, the number of perturbation bumps along x on each layer.
    public var blobs: Int

    /// A case with every parameter checked.
    public init(reynolds: Double, schmidt: Double, width: Double, shearLayers: Int, blobs: Int) throws {
        self.reynolds = reynolds
        self.schmidt = schmidt
        self.width = width
        self.shearLayers = shearLayers
        self.blobs = blobs
        try validate()
    }

    /// Throws if a parameter is out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws {
            if !ok { throw ShearFlowError.invalidParameter(name: name, value: value, expected: expected) }
        }
        try check(reynolds.isFinite && reynolds >= 1 && reynolds <= 1e7, "reynolds", "\(reynolds)", "a number in 1...1e7")
        try check(schmidt.isFinite && schmidt >= 1e-3 && schmidt <= 1e3, "schmidt", "\(schmidt)", "a number in 0.001...1000")
        try check(width.isFinite && width >= 0.01 && width <= 100, "width", "\(width)", "a number in 0.01...100")
        try check(shearLayers >= 2 && shearLayers <= 64 && shearLayers % 2 == 0, "shear_layers", "\(shearLayers)",
                  "an even number in 2...64")
        try check(blobs >= 1 && blobs <= 64, "blobs", "\(blobs)", "a whole number in 1...64")
    }

    /// Kinematic viscosity ν = 1/Re.
    public var viscosity: Double { 1 / reynolds }
    /// Tracer diffusivity D = ν/Sc.
    public var diffusivity: Double { viscosity / schmidt }

    /// The initial (u, w) at (x, z).
    public func initialVelocity(x: Double, z: Double) -> (u: Double, w: Double) {
        var u = 0.5, w = 0.0
        let n = Double(shearLayers)
        for k in 0..<shearLayers {
            let centre = -1 + (2 * Double(k) + 1) / n
            let sign = Double(2 * (k % 2) - 1)
            let zeta = n * (z - centre) / 2 / width
            u += sign * 0.5 * tanh(zeta / 0.1)
            w += 0.1 * sin(sign * Double(blobs) * Double.pi * x / ShearFlowGrid.lengthX) * exp(-zeta * zeta / 0.01)
        }
        return (u, w)
    }

    /// A solver on `grid` started from the initial condition.
    public func solver(on grid: ShearFlowGrid, cfl: Double = 0.5, maxStep: Double = 1e-2) -> ShearFlowSolver {
        let u = grid.sample { initialVelocity(x: $0, z: $1).u }
        let w = grid.sample { initialVelocity(x: $0, z: $1).w }
        return ShearFlowSolver(grid: grid, viscosity: viscosity, diffusivity: diffusivity,
                               velocityX: u, velocityZ: w, tracer: u, cfl: cfl, maxStep: maxStep)
    }
}
