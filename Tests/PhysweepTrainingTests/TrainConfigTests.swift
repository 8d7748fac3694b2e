import XCTest
@testable import PhysweepTraining

final class TrainConfigTests: XCTestCase {
    func testKeyIsStableAndDistinguishesConfigs() {
        let a = TrainConfig.defaults(system: .burgers, model: .cPINN)
        var b = a
        XCTAssertEqual(a.key, b.key)
        XCTAssertEqual(a.key.count, 16)
        b.width = 51
        XCTAssertNotEqual(a.key, b.key)
    }

    func testFieldRejectsWrongTypeAndSuggestsName() {
        var c = TrainConfig.defaults(system: .oscillator, model: .mlp)
        XCTAssertThrowsError(try ConfigField.named("activation")!.set(.string("snak"), in: &c)) { error in
            XCTAssertEqual((error as? ConfigValueError)?.suggestion, "snake")
        }
        XCTAssertThrowsError(try ConfigField.named("width")!.set(.double(1.5), in: &c))
        try? ConfigField.named("learning_rate")!.set(.int(1), in: &c)
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
