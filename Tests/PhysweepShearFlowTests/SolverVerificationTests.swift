import Foundation
@testable import PhysweepShearFlow
import XCTest

/// The solver against exact solutions and its own convergence, not by eye.
final class SolverVerificationTests: XCTestCase {
    /// ψ = C sin(a x) sin(b z) on the 1 × 2 box: u = C b sin(ax) cos(bz), w = −C a cos(ax) sin(bz),
    /// p = C²/4 (b² cos 2ax + a² cos 2bz); all decay as e^(−ν(a²+b²)t) (p twice as fast).
    private struct TaylorGreen {
        let a = 2 * Double.pi * 2, b = Double.pi * 3, amplitude = 0.1, nu = 0.01
        func decay(_ t: Double) -> Double { exp(-nu * (a * a + b * b) * t) }
        func u(_ x: Double, _ z: Double, _ t: Double) -> Double { amplitude * b * sin(a * x) * cos(b * z) * decay(t) }
        func w(_ x: Double, _ z: Double, _ t: Double) -> Double { -amplitude * a * cos(a * x) * sin(b * z) * decay(t) }
        func p(_ x: Double, _ z: Double, _ t: Double) -> Double {
            amplitude * amplitude / 4 * (b * b * cos(2 * a * x) + a * a * cos(2 * b * z)) * decay(t) * decay(t)
        }
    }

    private func relativeError(_ got: [Double], _ want: [Double]) -> Double {
        var diff = 0.0, norm = 0.0
        for (g, e) in zip(got, want) { diff += (g - e) * (g - e); norm += e * e }
        return (diff / norm).squareRoot()
    }

    func testTaylorGreenDecaysAsItsExactSolution() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        let tg = TaylorGreen()
        let solver = ShearFlowSolver(
            grid: grid, viscosity: tg.nu, diffusivity: tg.nu,
            velocityX: grid.sample { tg.u($0, $1, 0) }, velocityZ: grid.sample { tg.w($0, $1, 0) },
            tracer: grid.sample { tg.u($0, $1, 0) })
        let end = 1.0
        solver.advance(to: end)
        let fields = solver.fields()
        XCTAssertEqual(fields.time, end)
        XCTAssertGreaterThan(solver.steps, 10)
        let errors = [
            relativeError(fields.velocityX, grid.sample { tg.u($0, $1, end) }),
            relativeError(fields.velocityZ, grid.sample { tg.w($0, $1, end) }),
            relativeError(fields.pressure, grid.sample { tg.p($0, $1, end) }),
        ]
        print("Taylor–Green relative errors (u, w, p) at t = \(end) after \(solver.steps) steps: \(errors)")
        for error in errors { XCTAssertLessThanOrEqual(error, 1e-10) }
        XCTAssertLessThan(tg.decay(end), 0.2, "the test must see real decay")
    }
}
