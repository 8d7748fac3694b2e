import Foundation
import XCTest
import PhysweepTensor
@testable import PhysweepTraining

/// Shear flow end to end on a tiny generated set (16 × 32, 8 frames): every model trains, reports
/// The Well's metrics and a rollout, and repeats bit for bit; The Well's metric formulas by hand;
/// impossible shear-flow configs are refused with the field to blame.
final class ShearFlowTrainingTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-shear-tests-\(getpid())")
        setenv("PHYSWEEP_DATA_DIR", root.path, 1)
    }

    override class func tearDown() {
        if let root = ProcessInfo.processInfo.environment["PHYSWEEP_DATA_DIR"] { try? FileManager.default.removeItem(atPath: root) }
        super.tearDown()
    }

    private func tiny(_ model: ModelKind) -> TrainConfig {
        var c = TrainConfig.defaults(system: .shearFlow, model: model)
        c.gridNx = 16
        c.gridNz = 32
        c.frames = 8
        c.horizon = 2
        c.steps = 25
        c.batchSize = 2
        c.width = 4
        c.depth = 2
        c.learningRate = 3e-3
        if model == .fno { c.modes = 3 }
        if model == .fm { c.samplerSteps = 3 }
        return c
    }

    func testEveryModelTrainsAndReportsTheWellsMetrics() throws {
        let settings = RunSettings(inferenceRepeats: 1)
        for model in [ModelKind.unet, .fno, .fm] {
            let config = tiny(model)
            XCTAssertEqual(config.conflicts(), [], model.rawValue)
            let result = try Trainer.run(config, settings: settings)
            let efficacy = try XCTUnwrap(result.efficacy), grid = try XCTUnwrap(efficacy.grid)
            XCTAssertLessThan(efficacy.finalLoss, efficacy.initialLoss, model.rawValue)
            XCTAssertEqual(Set(grid.fields.keys), ["tracer", "pressure", "velocity_x", "velocity_z"])
            XCTAssertEqual(grid.rolloutVRMSE.count, 2, model.rawValue)
            for value in [grid.mse, grid.nmse, grid.vrmse] + grid.rolloutVRMSE { XCTAssertTrue(value.isFinite && value > 0, model.rawValue) }
            XCTAssertEqual(result.metric(.vrmse), grid.vrmse)
            XCTAssertEqual(result.metric(.rolloutVRMSE), grid.rolloutVRMSE.last)
            let r = try XCTUnwrap(grid.pearsonR)
            XCTAssertTrue(r > -1 && r <= 1, model.rawValue)
            XCTAssertEqual(result.metric(.pearsonR), r)
            for errors in grid.fields.values { XCTAssertNotNil(errors.pearsonR, model.rawValue) }
            XCTAssertEqual(efficacy.testMSE, grid.mse)
            XCTAssertGreaterThan(result.efficiency.train.flops, 0)
            XCTAssertGreaterThan(result.efficiency.inference.flops, 0)
            let json = result.jsonText()
            XCTAssertTrue(json.contains("\"grid_metrics\"") && json.contains("\"rollout_vrmse\""), model.rawValue)
            let decoded = try JSONDecoder().decode(TrainResult.self, from: Data(json.utf8))
            XCTAssertEqual(decoded.efficacy, result.efficacy)
        }
    }

    /// The result carries pictures of its first test rollout: truth (the data set's frame, in physical
    /// units), prediction and their difference at the first, middle and last step, each field on its
    /// own range; they survive the JSON round trip.
    func testResultCarriesPicturesOfTheFirstTestRollout() throws {
        var config = tiny(.fno)
        config.horizon = 3
        let result = try Trainer.run(config, settings: RunSettings(inferenceRepeats: 1))
        let snapshots = try XCTUnwrap(result.fieldSnapshots)
        XCTAssertEqual([snapshots.height, snapshots.width, snapshots.pooling], [32, 16, 1])
        XCTAssertEqual(Set(snapshots.panels.map(\.step)), [1, 2, 3])
        XCTAssertEqual(snapshots.panels.count, 3 * 4 * 3)
        let test = try ShearFlowData.load(config).test
        let start = try XCTUnwrap(test.windows(context: 4, ahead: 3).first)
        for step in 1...3 {
            let truthFrame = test.frames(trajectory: start.trajectory, start: start.start + 3 + step, count: 1)
            for (f, field) in ShearFlowData.fieldNames.enumerated() {
                let panels = snapshots.panels.filter { $0.step == step && $0.field == field }
                func values(_ kind: FieldSnapshots.Kind) throws -> (values: [Double], quantum: Double) {
                    let panel = try XCTUnwrap(panels.first { $0.kind == kind }, "\(field) \(kind) \(step)")
                    let bytes = try XCTUnwrap(panel.bytes(count: 32 * 16))
                    let quantum = (panel.high - panel.low) / 255
                    return (bytes.map { panel.low + Double($0) * quantum }, quantum)
                }
                let (truth, q) = try values(.truth), (prediction, _) = try values(.prediction), (error, qe) = try values(.error)
                for j in 0..<(32 * 16) {
                    let exact = test.physical(Double(truthFrame[truthFrame.startIndex + f * 512 + j]), field: f)
                    XCTAssertEqual(truth[j], exact, accuracy: q / 2 * 1.0001 + 1e-12, "\(field) step \(step) pixel \(j)")
                    XCTAssertEqual(error[j], prediction[j] - truth[j], accuracy: q * 1.0001 + qe / 2 * 1.0001 + 1e-12)
                }
            }
        }
        let decoded = try JSONDecoder().decode(TrainResult.self, from: Data(result.jsonText().utf8))
        XCTAssertEqual(decoded.fieldSnapshots, snapshots)
    }

    /// fm's inference is its whole sampler: `sampler_steps` passes of the vector field.
    func testFlowMatchingInferenceCountsEverySamplerStep() throws {
        let settings = RunSettings(inferenceRepeats: 1)
        var one = tiny(.fm)
        one.steps = 1
        one.samplerSteps = 1
        var nine = one
        nine.samplerSteps = 9
        let single = try Trainer.run(one, settings: settings).efficiency.inference.flops
        XCTAssertEqual(try Trainer.run(nine, settings: settings).efficiency.inference.flops, 9 * single)
    }

    /// `physics_weight` > 0 adds the vorticity residual to every model's loss, and its forward and
    /// backward FLOPs (counted on a graph holding only the residual; fm: of x_t + (1 − t)·v) to the
    /// training FLOPs; inference is unchanged.
    func testPhysicsWeightAddsTheVorticityResidualAndItsFLOPs() throws {
        let settings = RunSettings(inferenceRepeats: 1)
        for model in [ModelKind.unet, .fno, .fm] {
            var plain = tiny(model)
            plain.steps = 3
            var physics = plain
            physics.physicsWeight = 0.1
            XCTAssertEqual(physics.conflicts(), [], model.rawValue)
            let a = try Trainer.run(plain, settings: settings), b = try Trainer.run(physics, settings: settings)
            let lossA = try XCTUnwrap(a.efficacy?.initialLoss), lossB = try XCTUnwrap(b.efficacy?.initialLoss)
            XCTAssertGreaterThan(lossB, lossA, model.rawValue)
            XCTAssertTrue(b.efficacy?.grid?.vrmse.isFinite == true, model.rawValue)
            XCTAssertEqual(b.efficiency.inference.flops, a.efficiency.inference.flops, model.rawValue)

            let (train, _) = try ShearFlowData.load(physics)
            let graph = Graph<Float>(), shape = [physics.batchSize, train.fields, train.height, train.width]
            var predicted = graph.parameter(Tensor(zeros: shape))
            if model == .fm { predicted = graph.input(shape: shape) + graph.input(shape: shape) * predicted }
            let loss = train.vorticityResidual.meanSquare(predicted: predicted, previous: graph.input(shape: shape))
            let residualFLOPs = graph.flopsPerForward + graph.flopsPerBackward(from: loss)
            let added = b.efficiency.train.flops - a.efficiency.train.flops
            XCTAssertGreaterThan(residualFLOPs, 0, model.rawValue)
            XCTAssertEqual(added / (Double(physics.steps) * residualFLOPs), 1, accuracy: 0.01, model.rawValue)
        }
    }

    func testSameConfigAndSeedGiveTheSameNumbers() throws {
        let settings = RunSettings(inferenceRepeats: 1)
        for model in [ModelKind.unet, .fm] {
            let a = try Trainer.run(tiny(model), settings: settings), b = try Trainer.run(tiny(model), settings: settings)
            XCTAssertEqual(a.efficacy, b.efficacy, model.rawValue)
        }
    }

    /// MSE = mean(d²), NMSE = MSE/(mean(y²) + ε), VRMSE = √(MSE/(var(y) + ε)) with the unbiased
    /// variance, per sample, averaged.
    func testTheWellsMetricDefinitions() {
        var accumulator = GridErrorAccumulator(fieldNames: ["a", "b"])
        // Sample 1: field a y = [1, 3], ŷ = [2, 3]; field b y = [0, 0], ŷ = [1, -1].
        accumulator.add(prediction: [2, 3, 1, -1], truth: [1, 3, 0, 0], plane: 2)
        // Sample 2: both fields exact.
        accumulator.add(prediction: [5, 7, 1, 2], truth: [5, 7, 1, 2], plane: 2)
        let metrics = accumulator.metrics(rollout: [])
        let eps = GridMetrics.epsilon
        let a = metrics.fields["a"]!, b = metrics.fields["b"]!
        XCTAssertEqual(a.mse, 0.5 / 2, accuracy: 1e-15)
        XCTAssertEqual(a.nmse, 0.5 / (5 + eps) / 2, accuracy: 1e-15)
        XCTAssertEqual(a.vrmse, (0.5 / (2 + eps)).squareRoot() / 2, accuracy: 1e-12)   // var([1, 3]) = 2
        XCTAssertEqual(b.mse, 1.0 / 2, accuracy: 1e-15)
        XCTAssertEqual(b.vrmse, (1 / eps).squareRoot() / 2, accuracy: 1e-6)
        XCTAssertEqual(metrics.vrmse, (a.vrmse + b.vrmse) / 2, accuracy: 1e-12)
    }

    /// Pearson r = cov(ŷ, y) / (std(ŷ)·std(y) + ε) with unbiased estimates, per sample, averaged;
    /// 0 for a constant truth; ±1 (up to ε) for an affine prediction.
    func testPearsonRByHand() throws {
        var accumulator = GridErrorAccumulator(fieldNames: ["a", "b"])
        // Sample 1: a y = [1, 2, 3], ŷ = [1, 3, 2]: cov 0.5, var 1 and 1; b y = [0, 1, 2], ŷ = 4 − 2y: cov −2, std 1 and 2.
        accumulator.add(prediction: [1, 3, 2, 4, 2, 0], truth: [1, 2, 3, 0, 1, 2], plane: 3)
        // Sample 2: a constant truth (cov 0); b ŷ = 2y + 1: cov 2, std 1 and 2.
        accumulator.add(prediction: [1, 2, 3, 3, 5, 7], truth: [5, 5, 5, 1, 2, 3], plane: 3)
        let metrics = accumulator.metrics(rollout: [])
        let eps = GridMetrics.epsilon
        let a = try XCTUnwrap(metrics.fields["a"]?.pearsonR), b = try XCTUnwrap(metrics.fields["b"]?.pearsonR)
        XCTAssertEqual(a, (0.5 / (1 + eps) + 0) / 2, accuracy: 1e-15)
        XCTAssertEqual(b, (-2 / (2 + eps) + 2 / (2 + eps)) / 2, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(metrics.pearsonR), (a + b) / 2, accuracy: 1e-15)
        var single = GridErrorAccumulator(fieldNames: ["b"])
        single.add(prediction: [4, 2, 0], truth: [0, 1, 2], plane: 3)
        XCTAssertEqual(try XCTUnwrap(single.metrics(rollout: []).pearsonR), -1, accuracy: 1e-7)
    }

    /// Results stored before Pearson r existed (no `pearson_r` keys) still decode, with nil.
    func testGridMetricsWithoutPearsonRDecode() throws {
        let old = #"{"fields":{"tracer":{"mse":1,"nmse":2,"vrmse":3}},"mse":1,"nmse":2,"rollout_vrmse":[4],"vrmse":3}"#
        let metrics = try JSONDecoder().decode(GridMetrics.self, from: Data(old.utf8))
        XCTAssertNil(metrics.pearsonR)
        XCTAssertNil(metrics.fields["tracer"]?.pearsonR)
        XCTAssertEqual(metrics.vrmse, 3)
    }

    func testImpossibleShearFlowConfigsNameTheField() {
        func keys(_ change: (inout TrainConfig) -> Void, _ model: ModelKind = .unet) -> [String] {
            var config = tiny(model)
            change(&config)
            return config.conflicts().map(\.key)
        }
        XCTAssertEqual(keys { $0.gridNx = 15 }, ["grid_nx", "depth"])   // odd, so not divisible by 2 either
        XCTAssertEqual(keys { $0.depth = 5 }, ["depth"])
        XCTAssertEqual(keys { $0.horizon = 5 }, ["horizon"])
        XCTAssertEqual(keys { $0.frames = 4 }, ["frames"])
        XCTAssertEqual(keys { $0.batchSize = 0 }, ["batch_size"])
        XCTAssertEqual(keys { $0.width = 1 << 40 }, ["width", "width"])   // the step's activations, and the parameters
        XCTAssertEqual(keys { $0.batchSize = 1 << 12; $0.width = 1 << 10 }, ["width"])
        XCTAssertEqual(keys { $0.physicsWeight = 1 }, [])   // the vorticity residual (VorticityResidual)
        XCTAssertEqual(keys({ $0.modes = 9 }, .fno), ["modes"])
        XCTAssertEqual(keys({ $0.samplerSteps = 0 }, .fm), ["sampler_steps"])
        XCTAssertEqual(keys({ $0.model = .mlp }).first, "model")
    }
}
