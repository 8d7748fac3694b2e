import PhysweepModels
import PhysweepSystems
import PhysweepTensor
import XCTest

/// The shear-flow models (`unet`, `fno`, `fm`): the reference sizes' parameter counts, output shapes,
/// each whole model's loss gradient against finite differences, the flow-matching path and sampler,
/// and that AdamW overfits a fixed batch.
final class NextFrameModelTests: XCTestCase {
    static let tinyModels: [(String, NextFrameModel)] = [
        ("unet", NextFrameModel(architecture: .unet(levels: 2, baseWidth: 4, groups: 2), fields: 2, contextFrames: 2, seed: 3)),
        ("fno", NextFrameModel(architecture: .fno(width: 4, modeRows: 2, modeColumns: 2, blocks: 2, projectionWidth: 6),
                               fields: 2, contextFrames: 2, seed: 3)),
        ("fm", NextFrameModel(architecture: .flowMatching(levels: 2, baseWidth: 4, groups: 2, path: FlowMatchingPath(sigma: 0.5, sigmaMin: 0.1),
                                                          samplerSteps: 3), fields: 2, contextFrames: 2, seed: 3)),
    ]

    /// The layer lists of ../shared/anchors/README.md give 453,108 (unet), 2,368,804 (fno) and 453,828 (fm).
    func testReferenceSizesHaveTheReferenceParameterCounts() {
        let unet = Graph<Float>(), fno = Graph<Float>(), fm = Graph<Float>()
        _ = NextFrameModel(architecture: .unet(levels: 4, baseWidth: 16, groups: 8), seed: 1).network(on: unet)
        _ = NextFrameModel(architecture: .fno(width: 32, modeRows: 12, modeColumns: 12, blocks: 4, projectionWidth: 128),
                           seed: 1).network(on: fno)
        _ = NextFrameModel(architecture: .flowMatching(levels: 4, baseWidth: 16, groups: 8, path: FlowMatchingPath(),
                                                       samplerSteps: 9), seed: 1).network(on: fm)
        XCTAssertEqual(unet.parameterCount, 453_108)
        XCTAssertEqual(fno.parameterCount, 2_368_804)
        XCTAssertEqual(fm.parameterCount, 453_828)
    }

    func testOutputsAreTheNextFrameOnTheSameGrid() {
        for (name, model) in Self.tinyModels {
            let objective = NextFrameObjective<Float>(model: model, batch: 3, height: 8, width: 8)
            XCTAssertEqual(objective.network.output.shape, [3, 2, 8, 8], name)
            XCTAssertEqual(objective.network.context.shape, [3, 4, 8, 8], name)
        }
    }

    func testWholeModelLossGradientsMatchFiniteDifferences() {
        for (name, model) in Self.tinyModels {
            let (analytic, numeric) = Self.lossGradients(NextFrameObjective<Double>(model: model, batch: 2, height: 8, width: 8))
            Self.assertClose(analytic, numeric, name)
        }
    }

    /// With `physics_weight` > 0 the whole loss (data MSE + weight·mean R² of the vorticity residual,
    /// through the de-normalisation, the stencils and, for fm, x̂1 = x_t + (1 − t)·v) still has the
    /// gradient finite differences give, and the residual changes it.
    func testLossWithVorticityResidualHasFiniteDifferenceGradients() {
        let residual = VorticityResidual(viscosity: 0.05, interval: 0.1, velocityChannels: (0, 1),
                                         velocityMean: (0.1, -0.2), velocityStd: (0.5, 2))
        for (name, model) in Self.tinyModels {
            let (plain, _) = Self.lossGradients(NextFrameObjective<Double>(model: model, batch: 2, height: 8, width: 8))
            let (analytic, numeric) = Self.lossGradients(NextFrameObjective<Double>(model: model, batch: 2, height: 8, width: 8,
                                                                                    physics: (residual, 1e-3)))
            Self.assertClose(analytic, numeric, name + " + physics")
            XCTAssertGreaterThan(relativeError(analytic, plain), 1e-2, "\(name): the residual does not change the gradient")
        }
    }

    /// The analytic and central-difference gradients of the loss at a random batch.
    private static func lossGradients(_ objective: NextFrameObjective<Double>) -> (analytic: [Double], numeric: [Double]) {
        var generator = SeededGenerator(seed: 5)
        let context = (0..<objective.network.context.count).map { _ in generator.nextNormal() }
        let next = (0..<objective.target.count).map { _ in generator.nextNormal() }
        context.withUnsafeBufferPointer { c in next.withUnsafeBufferPointer { objective.load(context: c, next: $0, generator: &generator) } }
        return PhysweepModelsTests.lossGradients(of: objective.graph, loss: objective.loss) { objective.evaluate() }
    }

    private static func assertClose(_ analytic: [Double], _ numeric: [Double], _ name: String) {
        let difference = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let scale = analytic.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertGreaterThan(scale, 1e-6, "\(name): zero gradient")
        XCTAssertLessThan(difference / scale, 1e-6, "\(name): \(analytic.count) parameters")
    }

    func testFlowMatchingPathFollowsThePapersFormulas() {
        let path = FlowMatchingPath()
        XCTAssertEqual(path.sigma, 0.01)
        XCTAssertEqual(path.sigmaMin, 0.001)
        let (x0, x1, t, noise) = (0.5, 1.5, 0.25, 0.3)
        let variance = 0.01 * 0.01 * t * (1 - t) + 0.001 * 0.001
        let mean = t * x1 + (1 - t) * x0
        let state = mean + variance.squareRoot() * noise
        let point = path.point(x0: x0, x1: x1, t: t, noise: noise)
        XCTAssertEqual(point.state, state, accuracy: 1e-15)
        XCTAssertEqual(point.target, x1 - x0 + 0.5 * 0.01 * 0.01 * (1 - 2 * t) * (state - mean) / variance, accuracy: 1e-15)
        // At t = ½ the correction vanishes: the target is the straight difference.
        XCTAssertEqual(path.point(x0: x0, x1: x1, t: 0.5, noise: 2).target, 1, accuracy: 1e-15)
    }

    /// The predictor rebuilt from the same model and parameters gives the training graph's output
    /// (unet, fno), and fm's sampler with a zero vector field returns its start x0 + σ_min·ε.
    func testPredictorSharesTheParameterLayoutAndSamplerStartsAtTheCurrentFrame() {
        var generator = SeededGenerator(seed: 9)
        for (name, model) in Self.tinyModels {
            let objective = NextFrameObjective<Double>(model: model, batch: 2, height: 8, width: 8)
            let predictor = NextFramePredictor<Double>(model: model, batch: 2, height: 8, width: 8)
            XCTAssertEqual(predictor.graph.parameterVector, objective.graph.parameterVector, name)
            let context = (0..<objective.network.context.count).map { _ in generator.nextNormal() }
            let next = [Double](repeating: 0, count: objective.target.count)
            context.withUnsafeBufferPointer { c in next.withUnsafeBufferPointer { objective.load(context: c, next: $0, generator: &generator) } }
            _ = objective.evaluate()
            if case .flowMatching(_, _, _, let path, let steps) = model.architecture {
                XCTAssertEqual(predictor.forwardPasses, steps)
                predictor.graph.parameterVector = [Double](repeating: 0, count: predictor.graph.parameterCount)
                var noise = SeededGenerator(seed: 11), again = SeededGenerator(seed: 11)
                let sample = context.withUnsafeBufferPointer { predictor.predict(context: $0, generator: &noise) }
                // Context per sample: 2 frames × 2 fields × 8×8; the current frame is its second half.
                var current: [Double] = []
                for sample in 0..<2 { current += context[(sample * 256 + 128)..<(sample * 256 + 256)] }
                for i in sample.indices {
                    XCTAssertEqual(sample[i], current[i] + path.sigmaMin * again.nextNormal(), accuracy: 1e-12)
                }
            } else {
                let prediction = context.withUnsafeBufferPointer { predictor.predict(context: $0, generator: &generator) }
                XCTAssertEqual(prediction, objective.graph.value(objective.network.output).scalars, name)
            }
        }
    }

    /// AdamW on one fixed batch (fm: the same t and ε every step) halves the loss within 60 steps.
    func testAdamWOverfitsAFixedBatch() {
        for (name, model) in Self.tinyModels {
            let objective = NextFrameObjective<Float>(model: model, batch: 2, height: 8, width: 8)
            var data = SeededGenerator(seed: 13)
            let context = (0..<objective.network.context.count).map { _ in Float(data.nextNormal()) }
            let next = (0..<objective.target.count).map { _ in Float(data.nextNormal()) }
            var adamW = Adam<Float>(learningRate: 1e-2, weightDecay: 1e-4, decoupled: true)
            func loss() -> Float {
                var generator = SeededGenerator(seed: 17)
                context.withUnsafeBufferPointer { c in next.withUnsafeBufferPointer { objective.load(context: c, next: $0, generator: &generator) } }
                return objective.evaluate()
            }
            let initial = loss()
            for _ in 0..<60 {
                _ = loss()
                objective.graph.backward(from: objective.loss)
                adamW.step(objective.graph)
            }
            let final = loss()
            XCTAssertLessThan(final, 0.5 * initial, "\(name): \(initial) → \(final)")
        }
    }
}
