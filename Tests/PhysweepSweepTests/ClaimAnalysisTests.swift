import Foundation
import PhysweepMetering
import PhysweepTraining
import XCTest
@testable import PhysweepReport
import PhysweepSweep

/// The paper's claims judged on fixture results whose outcome is known by construction.
final class ClaimAnalysisTests: XCTestCase {
    /// 5 seeds of one configuration: `error` × (1 + 5% · seed), training energy `joules` × (1 + 2% · seed).
    private func seeds(_ system: SystemKind, _ model: ModelKind, _ activation: Activation, error: Double,
                       joules: Double = 100) -> [ResultRecord] {
        (0..<5).map { seed -> ResultRecord in
            let e = error * (1 + 0.05 * Double(seed))
            return ReportFixtures.record(system: system, model: model, activation: activation, seed: UInt64(seed),
                                         testMSE: e, testRelL2: e, extrapolationMSE: system == .burgers ? nil : e,
                                         trainJoules: joules * (1 + 0.02 * Double(seed)))
        }
    }

    /// Snake extrapolates 100× better than ReLU and Tanh at the same cost; the Snake PINN as well as
    /// the Snake MLP (`pinnError`); Burgers: C-PINN most accurate but 3× the nn's energy.
    private func paperLike(pinnError: Double = 0.01) -> [ResultRecord] {
        var records: [ResultRecord] = []
        for system in [SystemKind.noisyCosine, .oscillator] {
            records += seeds(system, .mlp, .relu, error: 1) + seeds(system, .mlp, .tanh, error: 1.2)
                + seeds(system, .mlp, .snake, error: 0.01)
        }
        records += seeds(.oscillator, .pinn, .snake, error: pinnError)
        records += seeds(.burgers, .nn, .tanh, error: 0.1, joules: 100) + seeds(.burgers, .bPINN, .tanh, error: 0.5, joules: 200)
            + seeds(.burgers, .dPINN, .tanh, error: 0.05, joules: 150) + seeds(.burgers, .cPINN, .tanh, error: 0.01, joules: 300)
        return records
    }

    private func row(_ rows: [ClaimAnalysis.Row], _ prefix: String) throws -> ClaimAnalysis.Row {
        try XCTUnwrap(rows.first { $0.claim.hasPrefix(prefix) }, "no claim starting '\(prefix)'")
    }

    func testClaimsThatHoldByConstructionAreReproduced() throws {
        let rows = ClaimAnalysis.evaluate(paperLike())
        for prefix in ["noisy-cosine: Snake", "oscillator: Snake", "burgers: the physics-informed", "burgers: C-PINN"] {
            XCTAssertEqual(try row(rows, prefix).verdict, .reproduced, prefix)
        }
        let snake = try row(rows, "oscillator: Snake")
        XCTAssertTrue(snake.significance.contains("extrap_mse mlp snake/mlp relu = "), snake.significance)
        XCTAssertTrue(snake.result.contains("mlp snake: 0.0110 ± 7.9e-4"), snake.result)
        let front = try row(rows, "burgers: the physics-informed")
        XCTAssertTrue(front.significance.contains("d-pinn on the front; c-pinn on the front"), front.significance)
    }

    func testEqualSamplesAreWithinNoiseAndNotReproduced() throws {
        let pinn = try row(ClaimAnalysis.evaluate(paperLike(pinnError: 0.01)), "oscillator (damped)")
        XCTAssertEqual(pinn.verdict, .notReproduced)
        XCTAssertTrue(pinn.significance.hasSuffix(": within noise"), pinn.significance)
        XCTAssertTrue(pinn.significance.contains("p = 1.0"), pinn.significance)

        let better = try row(ClaimAnalysis.evaluate(paperLike(pinnError: 0.001)), "oscillator (damped)")
        XCTAssertEqual(better.verdict, .reproduced)
        XCTAssertFalse(better.significance.contains("within noise"))
    }

    func testThesisCountsATradeOffAsNotHolding() throws {
        let thesis = try row(ClaimAnalysis.evaluate(paperLike()), "overall:")
        XCTAssertEqual(thesis.verdict, .partly)
        XCTAssertTrue(thesis.result.contains("noisy-cosine: holds (mlp snake vs mlp relu)"), thesis.result)
        XCTAssertTrue(thesis.result.contains("burgers: trade-off (c-pinn tanh vs nn tanh)"), thesis.result)
    }

    func testARungWithSeveralConfigurationsIsRepresentedByItsMostAccurate() throws {
        let records = seeds(.burgers, .cPINN, .relu, error: 5) + paperLike()   // the worse one first
        let lowest = try row(ClaimAnalysis.evaluate(records), "burgers: C-PINN")
        XCTAssertEqual(lowest.verdict, .reproduced)
        XCTAssertTrue(lowest.result.hasPrefix("c-pinn: 0.0110"), lowest.result)
    }

    /// 5 seeds of a shear-flow model with the given VRMSE and training and inference energy.
    private func shearFlow(_ model: ModelKind, vrmse: Double, trainJoules: Double, inferJoules: Double) -> [ResultRecord] {
        (0..<5).map { seed -> ResultRecord in
            var record = ReportFixtures.record(system: .shearFlow, model: model, activation: .gelu, seed: UInt64(seed),
                                               testMSE: vrmse, trainJoules: trainJoules * (1 + 0.02 * Double(seed)))
            let v = vrmse * (1 + 0.05 * Double(seed))
            record.result.efficacy?.grid = GridMetrics(fields: [:], mse: v, nmse: v, vrmse: v, rolloutVRMSE: [v])
            let energy = EnergyReading(joules: inferJoules * (1 + 0.03 * Double(seed)), source: .estimated, method: "tdp-share:65W")
            record.result.efficiency.inference.energy = energy
            record.result.efficiency.inference.co2Grams = record.result.settings.carbon.grams(for: energy)
            return record
        }
    }

    func testShearFlowClaimsAreJudgedOnVRMSEAndCosts() throws {
        let records = shearFlow(.unet, vrmse: 0.1, trainJoules: 500, inferJoules: 1)
            + shearFlow(.fno, vrmse: 0.3, trainJoules: 100, inferJoules: 1)
            + shearFlow(.fm, vrmse: 0.2, trainJoules: 400, inferJoules: 50)
        let rows = ClaimAnalysis.evaluate(records)
        for prefix in ["shear flow: U-Net", "shear flow: FNO", "shear flow: FM"] {
            XCTAssertEqual(try row(rows, prefix).verdict, .reproduced, prefix)
        }
        XCTAssertTrue(try row(rows, "shear flow: FM").result.hasPrefix("fm: "))
        // FNO as the most accurate is refuted: it is significantly worse than U-Net.
        let swapped = shearFlow(.unet, vrmse: 0.3, trainJoules: 500, inferJoules: 1)
            + shearFlow(.fno, vrmse: 0.1, trainJoules: 100, inferJoules: 1)
        XCTAssertEqual(try row(ClaimAnalysis.evaluate(swapped), "shear flow: U-Net").verdict, .notReproduced)
        // The thesis names a model with and without the physics loss apart (it read "fm gelu vs fm gelu").
        let physics = shearFlow(.fm, vrmse: 0.3, trainJoules: 400, inferJoules: 50).map { record -> ResultRecord in
            var record = record
            record.result.config.physicsWeight = 0.01
            record.taskKey = record.result.config.key
            return record
        }
        let thesis = try row(ClaimAnalysis.evaluate(records + physics), "overall:")
        XCTAssertTrue(thesis.result.contains("shear-flow: trade-off (fm gelu + physics vs unet gelu)"), thesis.result)
    }

    func testMissingResultsArePendingNeverNumbers() throws {
        let rows = ClaimAnalysis.evaluate([])
        XCTAssertEqual(rows.count, 9)
        for row in rows {
            XCTAssertEqual(row.verdict, .pending, row.claim)
            XCTAssertTrue(row.result.hasPrefix("pending: "), row.result)
            XCTAssertNil(row.result.rangeOfCharacter(from: .decimalDigits), row.result)
        }
        // Shear flow stays pending while the store has no shear-flow results.
        let shear = ClaimAnalysis.evaluate(paperLike()).filter { $0.claim.hasPrefix("shear flow") }
        XCTAssertEqual(shear.map(\.verdict), [.pending, .pending, .pending])
        let markdown = ClaimAnalysis.markdown(ClaimAnalysis.evaluate(paperLike()))
        XCTAssertTrue(markdown.contains("| shear flow: U-Net is the most accurate | vrmse (lowest of the shear-flow models) | "
                                        + "pending: needs shear-flow unet results and another model's | — | **pending** |"), markdown)
    }
}
