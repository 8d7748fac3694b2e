import Foundation
import PhysweepTraining
import XCTest
import PhysweepReport
@testable import PhysweepSweep

/// Experiments/paper: both profiles load, the lab profile is at the paper's settings, the quick one
/// runs the same experiments, and the reference file is valid.
final class PaperExperimentsTests: XCTestCase {
    private let paper = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments/paper")

    private func tasks(_ profile: String) throws -> [String: [SweepTask]] {
        let folder = paper.appendingPathComponent(profile)
        var sweeps: [String: [SweepTask]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            let spec = try SweepSpec.load(from: folder.appendingPathComponent(file))
            sweeps[spec.name] = spec.tasks()
        }
        return sweeps
    }

    func testLabProfileIsAtThePapersSettings() throws {
        let lab = try tasks("lab")
        XCTAssertEqual(Set(lab.keys), ["paper-oscillator-mlp", "paper-oscillator-pinn", "paper-burgers", "shear-flow"])
        // Shear flow at CPU scale is Experiments/shear-flow.yaml, 5 seeds (Experiments/paper/README.md).
        for (name, list) in lab { XCTAssertEqual(Set(list.map(\.config.seed)), Set(0..<(name == "shear-flow" ? 5 : 10)), name) }

        let mlp = try XCTUnwrap(lab["paper-oscillator-mlp"]).map(\.config)
        XCTAssertEqual(Set(mlp.map(\.activation)), [.relu, .tanh, .sine, .snake])
        let pinn = try XCTUnwrap(lab["paper-oscillator-pinn"]).map(\.config)
        XCTAssertEqual(Set(pinn.map(\.activation)), [.snake])
        for config in mlp + pinn {
            XCTAssertTrue([SystemKind.noisyCosine, .oscillator].contains(config.system))
            if config.system == .noisyCosine { XCTAssertEqual(config.dataPoints, 10_000) }
            if config.system == .oscillator { XCTAssertEqual(config.zeta, 0.01) }   // damping 2ζω0 = 0.02
        }
        XCTAssertEqual(Set(pinn.map(\.model)), [.pinn])

        let burgers = try XCTUnwrap(lab["paper-burgers"]).map(\.config)
        XCTAssertEqual(Set(burgers.map(\.model)), [.nn, .bPINN, .dPINN, .cPINN])
        for config in burgers {
            XCTAssertEqual(config.width, 50)
            XCTAssertEqual(config.depth, 4)
            XCTAssertEqual(config.dtype, .f64)
            XCTAssertEqual(config.activation, .tanh)
            XCTAssertEqual(config.optimizer, .adam)
            XCTAssertEqual(config.nu, 0.01 / Double.pi)
            XCTAssertGreaterThan(config.steps, 0)
            XCTAssertGreaterThan(config.lbfgsSteps, 0)
        }

        let shear = try XCTUnwrap(lab["shear-flow"]).map(\.config)
        XCTAssertEqual(Set(shear.map(\.model)), [.unet, .fno, .fm])
        XCTAssertEqual(Set(shear.map(\.physicsWeight)), [0, 0.01])
    }

    func testQuickProfileRunsTheSameExperiments() throws {
        let lab = try tasks("lab"), quick = try tasks("quick")
        XCTAssertEqual(Set(quick.keys), Set(lab.keys))
        for (name, list) in quick {
            let shape = { (tasks: [SweepTask]) in
                Set(tasks.map { "\($0.config.system) \($0.config.model) \($0.config.activation) \($0.config.physicsWeight)" })
            }
            XCTAssertEqual(shape(list), shape(lab[name]!), name)
            XCTAssertGreaterThanOrEqual(Set(list.map(\.config.seed)).count, 5, name)
            XCTAssertLessThanOrEqual(list.count, lab[name]!.count, name)
        }
    }

    func testReferenceFileLoadsAndSaysWhatWasNotFound() throws {
        let reference = try PaperReference.load(from: paper.appendingPathComponent("reference.json"))
        XCTAssertFalse(reference.values.isEmpty)
        for entry in reference.values where entry.value == nil {
            XCTAssertTrue(entry.source.hasPrefix("not found"))
        }
    }
}
