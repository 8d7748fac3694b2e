import Foundation
import XCTest
@testable import PhysweepTraining

/// What `physweep train` does with its arguments and its `--json` output.
final class CommandLineTests: XCTestCase {
    func testEveryConfigFieldHasAKebabCaseFlag() {
        XCTAssertEqual(ConfigOverrides.flags.count, ConfigField.all.count)
        XCTAssertTrue(ConfigOverrides.flags.contains("--learning-rate"))
        XCTAssertTrue(ConfigOverrides.flags.contains("--lbfgs-steps"))
        XCTAssertTrue(ConfigOverrides.flags.allSatisfy { !$0.contains("_") })
    }

    func testOverridesApplyBothSpellings() throws {
        var c = TrainConfig.defaults(system: .burgers, model: .cPINN)
        try ConfigOverrides.apply(["--width", "20", "--learning-rate=3e-3", "--activation", "snake"], to: &c)
        XCTAssertEqual(c.width, 20)
        XCTAssertEqual(c.learningRate, 3e-3)
        XCTAssertEqual(c.activation, .snake)
    }

    func testInvalidValuesNameTheFlagAndWhatWasExpected() {
        var c = TrainConfig.defaults(system: .oscillator, model: .mlp)
        let cases: [([String], String, String)] = [
            (["--width", "1.5"], "--width", "an integer ≥ 1"),
            (["--dtype", "f16"], "--dtype", "one of f32, f64"),
            (["--lerning-rate", "1"], "--lerning-rate", "did you mean '--learning-rate'"),
            (["--steps"], "--steps", "missing value"),
            (["--data-points", "0"], "--data-points", "data_points is 0"),
        ]
        for (words, flag, expected) in cases {
            XCTAssertThrowsError(try ConfigOverrides.apply(words, to: &c)) { error in
                let e = error as! ConfigOverrideError
                XCTAssertEqual(e.flag, flag)
                XCTAssertTrue(e.message.contains(expected), "\(e)")
            }
        }
    }

    func testJSONOutputParsesAsTrainResult() throws {
        var c = TrainConfig.defaults(system: .oscillator, model: .pinn)
        try ConfigOverrides.apply(["--width", "4", "--steps", "3", "--collocation-points", "5"], to: &c)
        let result = try Trainer.run(c, settings: RunSettings(inferenceRepeats: 1))
        let text = result.jsonText()
        let decoded = try JSONDecoder().decode(TrainResult.self, from: Data(text.utf8))
        XCTAssertEqual(decoded, result)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let efficacy = object["efficacy"] as! [String: Any]
        // JSONSerialization may round the last digit; the exact round trip is checked by decoding above.
        let relL2 = try XCTUnwrap(efficacy["test_rel_l2"] as? Double)
        XCTAssertEqual(relL2, result.efficacy!.testRelL2, accuracy: 1e-12 * relL2)
        XCTAssertTrue(result.summaryTable().contains("test MSE / rel L2"))
    }

    /// A non-finite metric (a test MSE can overflow without the loss diverging) is printed the way
    /// the wire writes it instead of trapping in `train --json`.
    func testJSONOutputWritesNonFiniteNumbersAsStrings() throws {
        var result = try Trainer.run(.defaults(system: .noop), settings: RunSettings(inferenceRepeats: 1))
        result.efficacy = Efficacy(initialLoss: 1, finalLoss: 1, testMSE: .infinity, testRelL2: .nan)
        let text = result.jsonText()
        XCTAssertTrue(text.contains(#""test_mse" : "Infinity""#), text)
        XCTAssertTrue(text.contains(#""test_rel_l2" : "NaN""#), text)
    }
}
