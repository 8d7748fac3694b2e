import Foundation
import XCTest
@testable import PhysweepTraining

final class TrainConfigTests: XCTestCase {
    /// The key depends on the values alone (a config built anew or read back from JSON has the
    /// same one) and changes with any of them. (Keys pinned to literals: ConfigHashTests.)
    func testKeyIsStableAndDistinguishesConfigs() throws {
        let a = TrainConfig.defaults(system: .burgers, model: .cPINN)
        let rebuilt = TrainConfig.defaults(system: .burgers, model: .cPINN)
        let readBack = try JSONDecoder().decode(TrainConfig.self, from: JSONEncoder().encode(a))
        XCTAssertEqual(rebuilt.key, a.key)
        XCTAssertEqual(readBack.key, a.key)
        XCTAssertEqual(a.key.count, 16)
        XCTAssertTrue(a.key.allSatisfy { $0.isHexDigit && !$0.isUppercase }, a.key)

        let changes: [(String, (inout TrainConfig) -> Void)] = [
            ("width", { $0.width += 1 }), ("depth", { $0.depth += 1 }), ("activation", { $0.activation = .snake }),
            ("learning_rate", { $0.learningRate *= 2 }), ("nu", { $0.nu /= 2 }), ("seed", { $0.seed += 1 }),
            ("model", { $0.model = .dPINN }), ("fail", { $0.fail = .error }),
        ]
        var keys = [a.key: "defaults"]
        for (name, change) in changes {
            var b = a
            change(&b)
            if let clash = keys.updateValue(name, forKey: b.key) {
                XCTFail("changing \(name) gives the key of \(clash): \(b.key)")
            }
        }
    }

    /// Each rejection is the field's own error (key, value, what it expects), and leaves the config unchanged.
    func testFieldRejectsWrongTypeAndSuggestsName() throws {
        let defaults = TrainConfig.defaults(system: .oscillator, model: .mlp)
        var c = defaults
        XCTAssertThrowsError(try ConfigField.named("activation")!.set(.string("snak"), in: &c)) { error in
            XCTAssertEqual(error as? ConfigValueError,
                           ConfigValueError(key: "activation", value: .string("snak"),
                                            expected: "one of relu, tanh, sine, snake, gelu", suggestion: "snake"))
        }
        XCTAssertThrowsError(try ConfigField.named("width")!.set(.double(1.5), in: &c)) { error in
            XCTAssertEqual(error as? ConfigValueError,
                           ConfigValueError(key: "width", value: .double(1.5), expected: "an integer ≥ 1"))
        }
        XCTAssertEqual(c, defaults)
        try ConfigField.named("learning_rate")!.set(.int(1), in: &c)
        XCTAssertEqual(c.learningRate, 1.0)
    }

    func testConflictsNameTheModelSystemMismatch() {
        var c = TrainConfig.defaults(system: .oscillator, model: .mlp)
        c.model = .cPINN
        XCTAssertEqual(c.conflicts().first?.key, "model")
        XCTAssertTrue(TrainConfig.defaults(system: .burgers, model: .cPINN).conflicts().isEmpty)
    }

    func testNoopPoisonThrows() {
        var c = TrainConfig.defaults(system: .noop)
        c.fail = .error
        XCTAssertThrowsError(try Trainer.run(c))
    }
}
