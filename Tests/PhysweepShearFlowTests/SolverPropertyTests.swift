import Foundation
@testable import PhysweepShearFlow
import XCTest

/// Divergence, temporal order and determinism of the solver on The Well's nonlinear shear flow.
final class SolverPropertyTests: XCTestCase {
    private let flow = try! ShearFlowCase(reynolds: 1000, schmidt: 1, width: 1, shearLayers: 2, blobs: 2)

    /// Largest |∂x u + ∂z w| on the grid, relative to the largest |∂x u|, by spectral derivatives.
    private func relativeDivergence(_ fields: ShearFlowFields) -> Double {
        let grid = fields.grid, ops = SpectralOperators(grid: grid), fft = FFTPlan2D.shared(nx: grid.nx, nz: grid.nz)
        func derivative(_ values: [Double], alongX: Bool) -> [Double] {
            let real = SpectralBuffer(count: grid.count), spectrum = SpectralBuffer(count: 2 * ops.modes)
            for a in 0..<grid.count { real.pointer[a] = values[a] }
            fft.forward(real, into: spectrum)
            for m in 0..<ops.modes {
                let i = m / ops.nzHalf, j = m % ops.nzHalf, k = alongX ? ops.kx[i] : ops.kz[j]
                let re = spectrum.pointer[2 * m], im = spectrum.pointer[2 * m + 1]
                spectrum.pointer[2 * m] = -k * im / Double(grid.count)
                spectrum.pointer[2 * m + 1] = k * re / Double(grid.count)
            }
            fft.inverse(spectrum, into: real)
            return real.array
        }
        let ux = derivative(fields.velocityX, alongX: true), wz = derivative(fields.velocityZ, alongX: false)
        let divergence = zip(ux, wz).map { abs($0 + $1) }.max()!
        return divergence / ux.map(abs).max()!
    }

    func testVelocityStaysDivergenceFree() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        let solver = flow.solver(on: grid)
        // The initial bumps are not divergence-free; the vorticity form keeps only the solenoidal part.
        let raw = ShearFlowFields(
            grid: grid, time: 0, tracer: [], pressure: [],
            velocityX: grid.sample { flow.initialVelocity(x: $0, z: $1).u },
            velocityZ: grid.sample { flow.initialVelocity(x: $0, z: $1).w }, vorticity: [])
        XCTAssertGreaterThan(relativeDivergence(raw), 0.1, "the measure must see a divergent field")
        for end in [0.0, 0.5, 1.0] {
            solver.advance(to: end)
            let divergence = relativeDivergence(solver.fields())
            print("relative divergence at t = \(end): \(divergence)")
            XCTAssertLessThan(divergence, 1e-12)
        }
    }

    func testTimeSteppingErrorFallsAtFourthOrder() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        let end = 0.48
        func run(dt: Double) -> [Double] {
            let solver = flow.solver(on: grid)
            solver.advance(steps: Int((end / dt).rounded()), dt: dt)
            let fields = solver.fields()
            return fields.vorticity + fields.tracer
        }
        let reference = run(dt: 0.06 / 64)
        var errors = [Double]()
        for dt in [0.06, 0.03, 0.015] {
            let values = run(dt: dt)
            errors.append(zip(values, reference).map { abs($0 - $1) }.max()!)
        }
        let ratios = (1..<errors.count).map { errors[$0 - 1] / errors[$0] }
        print("max errors at dt = 0.06, 0.03, 0.015: \(errors); ratios \(ratios)")
        for ratio in ratios { XCTAssertEqual(log2(ratio), 4, accuracy: 0.3) }
        XCTAssertGreaterThan(errors.last!, 1e-11, "errors must be above round-off to measure an order")
    }

    func testRepeatedRunIsBitIdentical() throws {
        let grid = try ShearFlowGrid(nx: 32, nz: 64)
        func run() -> ShearFlowFields {
            let solver = flow.solver(on: grid)
            solver.advance(to: 0.5)
            return solver.fields()
        }
        let first = run(), second = run()
        XCTAssertEqual(first.tracer.map(\.bitPattern), second.tracer.map(\.bitPattern))
        XCTAssertEqual(first.pressure.map(\.bitPattern), second.pressure.map(\.bitPattern))
        XCTAssertEqual(first.velocityX.map(\.bitPattern), second.velocityX.map(\.bitPattern))
        XCTAssertEqual(first.velocityZ.map(\.bitPattern), second.velocityZ.map(\.bitPattern))
    }

    /// Plans are made once per grid size, and solvers on several threads at once (planning under
    /// the lock, executing the shared plans) give the same bits as one after another.
    func testPlansAreSharedAndConcurrentRunsMatchSerialOnes() throws {
        XCTAssertTrue(FFTPlan2D.shared(nx: 8, nz: 12) === FFTPlan2D.shared(nx: 8, nz: 12))
        let grids = try [(16, 32), (20, 40), (24, 48), (16, 32), (28, 56), (20, 40)].map { try ShearFlowGrid(nx: $0.0, nz: $0.1) }
        let flow = self.flow
        @Sendable func run(_ grid: ShearFlowGrid) -> [UInt64] {
            let solver = flow.solver(on: grid)
            solver.advance(to: 0.2)
            return solver.fields().tracer.map(\.bitPattern)
        }
        let serial = grids.map(run)
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values = [Int: [UInt64]]()
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: grids.count) { index in
            let values = run(grids[index])
            results.lock.lock()
            results.values[index] = values
            results.lock.unlock()
        }
        for index in grids.indices { XCTAssertEqual(results.values[index], serial[index], "grid \(grids[index])") }
    }
}
