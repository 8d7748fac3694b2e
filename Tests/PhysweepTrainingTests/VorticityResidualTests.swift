import PhysweepModels
import PhysweepShearFlow
import PhysweepSystems
import PhysweepTensor
import XCTest
@testable import PhysweepTraining

/// The physics loss of shear flow (`VorticityResidual` through `ShearFlowData`'s normalisation): the
/// solver's own consecutive frames nearly satisfy the discretised vorticity equation — far better than
/// a persistence prediction, a perturbed frame or the wrong curl — and the remainder falls at the
/// stencils' second order when the grid is refined.
final class VorticityResidualTests: XCTestCase {
    /// Mean R² over frames 1–3 of one trajectory at The Well's parameters (Re 3000, save interval 0.1):
    /// of the true next frame, of a persistence prediction (ω¹ = ω⁰), of the true frame plus 2 % noise
    /// (of each field's spread) and of the true frame with velocity_x and velocity_z swapped in the
    /// residual (ω = ∂x u − ∂z w, the wrong curl). Frames are normalised with a non-trivial mean and
    /// standard deviation, so the residual must undo them.
    private func residuals(nx: Int, nz: Int) throws -> (truth: Double, persistence: Double, perturbed: Double, wrongCurl: Double) {
        let grid = try ShearFlowGrid(nx: nx, nz: nz)
        let flow = try ShearFlowCase(reynolds: 3000, schmidt: 1, width: 1, shearLayers: 2, blobs: 2)
        let files = ShearFlowTrajectories.simulate([flow], grid: grid, frames: 4, interval: 0.1)
        let data = try ShearFlowData([files], mean: [0, 0, 0.05, -0.02], std: [1, 1, 0.7, 0.3])
        XCTAssertEqual(data.viscosity, 1.0 / 3000, accuracy: 1e-15)
        XCTAssertEqual(data.interval, 0.1, accuracy: 1e-15)
        let residual = data.vorticityResidual
        var swapped = residual
        (swapped.channelX, swapped.channelZ, swapped.meanX, swapped.meanZ, swapped.stdX, swapped.stdZ)
            = (3, 2, residual.meanZ, residual.meanX, residual.stdZ, residual.stdX)

        func meanSquare(_ predicted: [Float], _ previous: [Float], _ residual: VorticityResidual = residual) -> Double {
            let graph = Graph<Double>(), shape = [1, data.fields, data.height, data.width]
            let p = graph.constant(Tensor(shape: shape, scalars: predicted.map(Double.init)))
            let q = graph.constant(Tensor(shape: shape, scalars: previous.map(Double.init)))
            let loss = residual.meanSquare(predicted: p, previous: q)
            graph.forward()
            return graph.scalar(loss)
        }
        func frame(_ k: Int) -> [Float] { Array(data.frames(trajectory: 0, start: k, count: 1)) }
        var generator = SeededGenerator(seed: 2)
        var sums = (0.0, 0.0, 0.0, 0.0)
        for k in 1..<4 {
            sums.0 += meanSquare(frame(k), frame(k - 1))
            sums.1 += meanSquare(frame(k - 1), frame(k - 1))
            sums.2 += meanSquare(frame(k).map { $0 + Float(0.02 * generator.nextNormal()) }, frame(k - 1))
            sums.3 += meanSquare(frame(k), frame(k - 1), swapped)
        }
        return (sums.0 / 3, sums.1 / 3, sums.2 / 3, sums.3 / 3)
    }

    func testSolverTrajectorySatisfiesTheDiscreteResidual() throws {
        let fine = try residuals(nx: 64, nz: 128), coarse = try residuals(nx: 32, nz: 64)
        print("vorticity residual, mean R² at 64 × 128: true \(fine.truth); ratio to persistence "
              + "\(fine.truth / fine.persistence), to 2 % noise \(fine.truth / fine.perturbed), to the wrong curl "
              + "\(fine.truth / fine.wrongCurl); true at 32 × 64 \(coarse.truth) (refinement ratio \(coarse.truth / fine.truth))")
        XCTAssertLessThan(fine.truth / fine.persistence, 0.01)
        XCTAssertLessThan(fine.truth / fine.perturbed, 1e-4)
        XCTAssertLessThan(fine.truth / fine.wrongCurl, 0.01)
        // Second order in space: halving Δx and Δz divides R by ≈ 4, R² by ≈ 16 (first order: 4).
        XCTAssertGreaterThan(coarse.truth / fine.truth, 8)
    }
}
