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

    /// Galilean check of the mean flow: Taylor–Green carried by a uniform (U, W) is the same vortex
    /// translated, ω(x − Ut, z − Wt, t). Not exact in time (advection is now resolved by RK4), so
    /// the bound is RK4's error, far below what a wrong mean-flow term would give (O(1)).
    func testTaylorGreenCarriedByAMeanFlowIsTranslated() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        let tg = TaylorGreen(), meanU = 0.3, meanW = -0.2
        let solver = ShearFlowSolver(
            grid: grid, viscosity: tg.nu, diffusivity: tg.nu,
            velocityX: grid.sample { meanU + tg.u($0, $1, 0) }, velocityZ: grid.sample { meanW + tg.w($0, $1, 0) },
            tracer: grid.sample { _, _ in 0 })
        let end = 0.5
        solver.advance(to: end)
        let fields = solver.fields()
        let shifted = { (x: Double, z: Double) in (x - meanU * end, z - meanW * end) }
        let errors = [
            relativeError(fields.velocityX, grid.sample { let (x, z) = shifted($0, $1); return meanU + tg.u(x, z, end) }),
            relativeError(fields.velocityZ, grid.sample { let (x, z) = shifted($0, $1); return meanW + tg.w(x, z, end) }),
            relativeError(fields.pressure, grid.sample { let (x, z) = shifted($0, $1); return tg.p(x, z, end) }),
        ]
        print("Taylor–Green in a mean flow, relative errors (u, w, p): \(errors)")
        for error in errors { XCTAssertLessThan(error, 1e-6) }
    }

    /// The tracer in a uniform flow: s = sin(a(x − Ut)) cos(b(z − Wt)) e^(−D(a²+b²)t) with
    /// D = ν/Sc ≠ ν, so a solver that diffused the tracer with ν would fail.
    func testTracerIsAdvectedAndDiffusedWithItsOwnDiffusivity() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        let a = 2 * Double.pi * 3, b = Double.pi * 2, meanU = 0.4, meanW = 0.25, nu = 0.02, diffusivity = 0.006
        func exact(_ x: Double, _ z: Double, _ t: Double) -> Double {
            sin(a * (x - meanU * t)) * cos(b * (z - meanW * t)) * exp(-diffusivity * (a * a + b * b) * t)
        }
        let solver = ShearFlowSolver(grid: grid, viscosity: nu, diffusivity: diffusivity,
                                     velocityX: grid.sample { _, _ in meanU }, velocityZ: grid.sample { _, _ in meanW },
                                     tracer: grid.sample { exact($0, $1, 0) })
        solver.advance(to: 1)
        let error = relativeError(solver.fields().tracer, grid.sample { exact($0, $1, 1) })
        print("tracer in a uniform flow, relative error: \(error)")
        XCTAssertLessThan(error, 1e-5)
        XCTAssertLessThan(exp(-diffusivity * (a * a + b * b)), 0.1, "the test must see real diffusion")
    }

    /// The step is the CFL limit cfl / (max|u|/dx + max|w|/dz), capped by maxStep, and the last
    /// step lands exactly on the requested time.
    func testStepsFollowTheCFLLimitAndLandOnTheEndTime() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)   // dx = 1/32, dz = 1/32
        func steps(u: Double, w: Double, cfl: Double, maxStep: Double, end: Double) -> (Int, Double) {
            let solver = ShearFlowSolver(grid: grid, viscosity: 0.01, diffusivity: 0.01,
                                         velocityX: grid.sample { _, _ in u }, velocityZ: grid.sample { _, _ in w },
                                         tracer: grid.sample { x, _ in sin(2 * .pi * x) }, cfl: cfl, maxStep: maxStep)
            solver.advance(to: end)
            return (solver.steps, solver.time)
        }
        // speed = (1 + 0.5)·32 = 48: dt = 0.3/48 = 0.00625 → 160 steps to t = 1.
        XCTAssertEqual(steps(u: 1, w: 0.5, cfl: 0.3, maxStep: 0.01, end: 1).0, 160)
        // The cap: dt = min(0.5/48, 0.004) = 0.004 → 250 steps.
        XCTAssertEqual(steps(u: 1, w: 0.5, cfl: 0.5, maxStep: 0.004, end: 1).0, 250)
        // 0.3/48 does not divide 0.1: 16 full steps and a shortened last one, ending at 0.1 exactly.
        let (count, time) = steps(u: 1, w: 0.5, cfl: 0.3, maxStep: 0.01, end: 0.1)
        XCTAssertEqual(count, 16)
        XCTAssertEqual(time, 0.1)
    }
}
