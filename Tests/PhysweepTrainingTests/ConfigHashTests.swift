import PhysweepSystems
import XCTest
@testable import PhysweepTraining

final class ConfigHashTests: XCTestCase {
    /// The hand-written canonical JSON must stay byte-identical to JSONEncoder's, or task keys would
    /// change. Seeded, so a failure shows again on the next run.
    func testFastCanonicalJSONMatchesJSONEncoder() {
        var rng = SeededGenerator(seed: 2026)
        let awkwardNumbers: [Double] = [0, 1, 0.1, 1e-5, 3e-3, 1e16, 1.5e17, 0.01 / Double.pi, 123.456, .leastNonzeroMagnitude, 1e300]
        for system in SystemKind.allCases {
            for model in ModelKind.allCases {
                var c = TrainConfig.defaults(system: system, model: model)
                for _ in 0..<20 {
                    c.activation = Activation.allCases.randomElement(using: &rng)!
                    c.width = Int.random(in: -5...100_000, using: &rng)
                    c.steps = Int.random(in: 0...Int.max, using: &rng)
                    c.learningRate = awkwardNumbers.randomElement(using: &rng)!
                    c.nu = Double.random(in: 0...1, using: &rng)
                    c.zeta = -awkwardNumbers.randomElement(using: &rng)!
                    c.seed = UInt64.random(in: 0...UInt64.max, using: &rng)
                    XCTAssertEqual(String(decoding: c.canonicalJSON(), as: UTF8.self),
                                   String(decoding: c.foundationCanonicalJSON(), as: UTF8.self))
                }
            }
        }
    }

    func testKeyIsFNVOfTheCanonicalJSON() {
        let c = TrainConfig.defaults(system: .oscillator, model: .pinn)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in c.foundationCanonicalJSON() { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        XCTAssertEqual(c.key, String(format: "%016llx", hash))
    }

    /// The incremental keyer must give `key` for any sequence: small steps, big jumps, repeats, -0.
    func testKeyerMatchesKeyAcrossASequence() {
        var keyer = ConfigKeyer()
        var c = TrainConfig.defaults(system: .oscillator, model: .mlp)
        var sequence: [TrainConfig] = [c, c]
        c.width = 17; sequence.append(c)
        c.activation = .gelu; sequence.append(c)
        c.zeta = -0.0; sequence.append(c)
        c.zeta = 0.0; sequence.append(c)
        c.seed = 99; sequence.append(c)
        sequence.append(TrainConfig.defaults(system: .burgers, model: .cPINN))
        c.learningRate = 3e-3; c.system = .burgers; sequence.append(c)
        sequence.append(TrainConfig.defaults(system: .oscillator, model: .mlp))
        for config in sequence {
            XCTAssertEqual(keyer.key(of: config), config.key)
        }
    }
}
