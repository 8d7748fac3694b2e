import Foundation
import XCTest
@testable import PhysweepReport
@testable import PhysweepSweep
import PhysweepTraining

/// The shipped Experiments/*.yaml must always parse and validate.
final class SpecExperimentsTests: XCTestCase {
    private let experiments = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments")

    func testEveryShippedSpecLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: experiments.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertTrue(Set(files).isSuperset(of: ["quickstart.yaml", "oscillator.yaml", "burgers.yaml",
                                                 "shear-flow.yaml", "shear-flow-lab.yaml"]))
        for file in files {
            do {
                let spec = try SweepSpec.load(from: experiments.appendingPathComponent(file))
                XCTAssertEqual(spec.name + ".yaml", file)
                XCTAssertFalse(spec.tasks().isEmpty)
            } catch {
                XCTFail("\(file): \(error)")
            }
        }
    }

    func testQuickstartIsSmall() throws {
        let tasks = try SweepSpec.load(from: experiments.appendingPathComponent("quickstart.yaml")).tasks()
        XCTAssertEqual(tasks.count, 36)
        XCTAssertEqual(Set(tasks.map(\.config.model)), [.mlp, .pinn, .cPINN])
    }

    func testPaperScaleSpecsSweepTheirLadders() throws {
        let burgers = try SweepSpec.load(from: experiments.appendingPathComponent("burgers.yaml")).tasks()
        XCTAssertEqual(Set(burgers.map(\.config.nu)), [0.01 / Double.pi, 0.025])
        XCTAssertEqual(Set(burgers.map(\.config.model)), [.nn, .bPINN, .dPINN, .cPINN])
        let oscillator = try SweepSpec.load(from: experiments.appendingPathComponent("oscillator.yaml")).tasks()
        XCTAssertEqual(Set(oscillator.map(\.config.activation)), [.relu, .tanh, .sine, .snake])
        XCTAssertEqual(Set(oscillator.map(\.config.seed)).count, 10)
    }

    /// The paper's shear-flow comparison: U-Net, FNO and FM over several seeds, ranked so that the
    /// report plots VRMSE against training CO₂ and against inference CO₂ (its two views).
    func testShearFlowSpecsCompareTheThreeModelsOnBothFootprints() throws {
        for (file, minimumSeeds) in [("shear-flow.yaml", 3), ("shear-flow-lab.yaml", 10)] {
            let spec = try SweepSpec.load(from: experiments.appendingPathComponent(file))
            let tasks = spec.tasks()
            XCTAssertEqual(Set(tasks.map(\.config.system)), [.shearFlow], file)
            XCTAssertEqual(Set(tasks.map(\.config.model)), [.unet, .fno, .fm], file)
            XCTAssertGreaterThanOrEqual(Set(tasks.map(\.config.seed)).count, minimumSeeds, file)
            let weights = Set(tasks.map(\.config.physicsWeight))
            XCTAssertTrue(weights.contains(0) && weights.contains { $0 > 0 }, "\(file): with and without the physics loss")
            for task in tasks { XCTAssertEqual(task.config.conflicts(), [], file) }
            let plotted = ReportPlots.pairs(spec.objectives).map { "\($0.y.metric.rawValue) vs \($0.x.metric.rawValue)" }
            XCTAssertEqual(plotted, ["vrmse vs train_co2_g", "vrmse vs infer_co2_g"], file)
            XCTAssertTrue(spec.objectives.allSatisfy { $0.direction == .minimize }, file)
        }
        let small = try SweepSpec.load(from: experiments.appendingPathComponent("shear-flow.yaml")).tasks()
        XCTAssertEqual(small.count, 30)   // the per-task figures in its comment put it under an hour on 2 cores
    }

    func testTheExampleInDocsValidates() throws {
        let doc = try String(contentsOf: experiments.deletingLastPathComponent().appendingPathComponent("docs/spec.md"),
                             encoding: .utf8)
        let example = try XCTUnwrap(doc.components(separatedBy: "```yaml\n").dropFirst().first?
            .components(separatedBy: "```").first)
        let tasks = try SweepSpec.parse(yaml: example, file: "docs/spec.md").tasks()
        // 2 seeds × (noisy-cosine 2 + oscillator 2 models) × 2 widths × 2 activations × 2 zip rows × 4 samples
        // + 2 seeds × burgers c-pinn × 2 activations × 2 zip rows × 4 samples × 2 depths.
        XCTAssertEqual(tasks.count, 2 * 4 * 2 * 2 * 2 * 4 + 2 * 2 * 2 * 4 * 2)
    }

    /// The error messages docs/spec.md shows are what the example, edited as it says, gives.
    func testTheErrorsInDocsAreWhatTheExampleGives() throws {
        let doc = try String(contentsOf: experiments.deletingLastPathComponent().appendingPathComponent("docs/spec.md"),
                             encoding: .utf8)
        let example = try XCTUnwrap(doc.components(separatedBy: "```yaml\n").dropFirst().first?
            .components(separatedBy: "```").first)
        var lines = example.components(separatedBy: "\n")
        XCTAssertTrue(lines[11].contains("snake"))
        lines[11] = lines[11].replacingOccurrences(of: "snake", with: "snak")
        XCTAssertThrowsError(try SweepSpec.parse(yaml: lines.joined(separator: "\n"), file: "example.yaml")) { error in
            XCTAssertTrue(doc.contains("```\n\(error)\n```"), "\(error)")
        }
        lines = example.components(separatedBy: "\n")
        lines.insert("  width: [64]", at: 12)
        XCTAssertThrowsError(try SweepSpec.parse(yaml: lines.joined(separator: "\n"), file: "example.yaml")) { error in
            XCTAssertTrue(doc.contains("`\(error)`"), "\(error)")
        }
    }
}
