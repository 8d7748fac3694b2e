import XCTest
@testable import PhysweepTraining

/// Task keys are stored: a sweep reuses a stored result when it asks for a config with the same key.
/// The literal keys below were computed on 2f3ede2, before `ConfigField.table` drove the canonical
/// JSON; a change to the canonical form that alters them breaks every existing store's reuse.
final class TaskKeyStabilityTests: XCTestCase {
    private static var pinned: [(key: String, config: TrainConfig)] {
        var noisy = TrainConfig.defaults(system: .noisyCosine, model: .pinn)
        noisy.width = 32
        noisy.learningRate = 3e-3
        noisy.activation = .sine
        noisy.seed = 7
        var bPINN = TrainConfig.defaults(system: .burgers, model: .bPINN)
        bPINN.nu = 0.005
        bPINN.seed = .max
        bPINN.optimizer = .adamw
        bPINN.weightDecay = 1e-4
        bPINN.schedule = .cosine
        bPINN.warmupSteps = 100
        var sleep = TrainConfig.defaults(system: .sleep)
        sleep.sleepSeconds = 0.25
        var poison = TrainConfig.defaults(system: .noop)
        poison.fail = .crash
        poison.seed = 12
        return [
            ("85af93257fdbcd81", .defaults(system: .oscillator, model: .mlp)),
            ("7888b8462e7f08cd", .defaults(system: .oscillator, model: .pinn)),
            ("cd500b87db476a81", .defaults(system: .burgers, model: .cPINN)),
            ("cb75ff1165f0b6ff", noisy),
            ("021423450191ef87", bPINN),
            ("9cae7c1544938fb9", sleep),
            ("48caa8526ad9a783", poison),
        ]
    }

    func testKnownConfigsKeepTheirKeys() {
        var keyer = ConfigKeyer()
        for (key, config) in Self.pinned {
            XCTAssertEqual(config.key, key, "\(config.system.rawValue)/\(config.model.rawValue)")
            XCTAssertEqual(keyer.key(of: config), key)
        }
        XCTAssertEqual(String(decoding: TrainConfig.defaults(system: .oscillator, model: .mlp).canonicalJSON(), as: UTF8.self),
                       #"{"activation":"snake","batch_size":0,"bc_points":0,"collocation_points":0,"data_points":25,"depth":2,"#
                       + #""dtype":"f32","fail":"none","ic_points":0,"lbfgs_steps":0,"learning_rate":0.001,"model":"mlp","#
                       + #""noise_std":0,"nu":0.003183098861837907,"omega0":1,"optimizer":"adam","physics_weight":0,"#
                       + #""schedule":"constant","seed":0,"sleep_seconds":0,"snake_alpha":1,"steps":2000,"system":"oscillator","#
                       + #""warmup_steps":0,"weight_decay":0,"width":64,"zeta":0.01}"#)
    }

    /// The fields of the first key format are always written (their keys must not change); every
    /// field after them must say where the key leaves it out.
    func testOnlyFieldsAddedAfterTheFirstKeyFormatAreOmitted() {
        let firstFormat: Set = [
            "system", "model", "activation", "width", "depth", "dtype", "optimizer", "learning_rate", "weight_decay",
            "schedule", "warmup_steps", "steps", "lbfgs_steps", "batch_size", "physics_weight", "collocation_points",
            "data_points", "ic_points", "bc_points", "snake_alpha", "nu", "omega0", "zeta", "noise_std", "sleep_seconds",
            "fail", "seed",
        ]
        XCTAssertTrue(firstFormat.isSubset(of: ConfigField.table.map(\.name)))
        for field in ConfigField.table {
            if firstFormat.contains(field.name) {
                XCTAssertNil(field.omittedAt, "\(field.name) is in every stored key: it must always be written")
            } else {
                XCTAssertNotNil(field.omittedAt, "\(field.name) was added after the first key format: give it omittedAt")
            }
        }
    }

    /// What adding a field does to keys, simulated with `sleep_seconds` as if it were new: the table
    /// without it is "before", the table with it at `omittedAt: 0` is "after".
    func testAddingAFieldAtItsOmittedValueKeepsKeys() {
        let added = ConfigField.real("sleep_seconds", \.sleepSeconds, positive: false, omittedAt: .double(0))
        let before = TrainConfig.keyOrder(of: ConfigField.table.filter { $0.name != "sleep_seconds" })
        let after = TrainConfig.keyOrder(of: ConfigField.table.map { $0.name == "sleep_seconds" ? added : $0 })
        func json(_ config: TrainConfig, _ fields: [(field: ConfigField, prefix: [UInt8])]) -> String {
            var collector = ByteCollector()
            XCTAssertTrue(config.writeCanonicalJSON(into: &collector, fields: fields))
            return String(decoding: collector.bytes, as: UTF8.self)
        }
        for system in SystemKind.allCases {
            let config = TrainConfig.defaults(system: system)
            XCTAssertEqual(json(config, after), json(config, before), system.rawValue)
            var changed = config
            changed.sleepSeconds = 0.5
            XCTAssertTrue(json(changed, after).contains(#""sleep_seconds":0.5,"#))
            XCTAssertNotEqual(json(changed, after), json(config, after))
        }
        XCTAssertTrue(added.isOmitted(in: .defaults(system: .noop)))
        var negativeZero = TrainConfig.defaults(system: .noop)
        negativeZero.sleepSeconds = -0.0
        XCTAssertFalse(added.isOmitted(in: negativeZero), "-0 is written as -0, so it is not the omitted 0")
    }

    /// The keyer and the readers find fields by their bytes in a config: that needs a config of
    /// plain values, and each field's bytes must be its own.
    func testEachFieldIsFoundWhereItLies() throws {
        XCTAssertTrue(_isPOD(TrainConfig.self), "TrainConfig must hold only numbers and enums without payloads")
        let base = TrainConfig.defaults(system: .burgers, model: .dPINN)
        for field in ConfigField.table {
            var changed = base
            switch field.storage {
            case .integer(let path): field.store(changed[keyPath: path] + 1, in: &changed)
            case .real(let path): field.store(changed[keyPath: path] + 0.5, in: &changed)
            case .unsigned(let path): field.store(changed[keyPath: path] &+ 1, in: &changed)
            case .choice(let choice):
                let other = try XCTUnwrap(choice.names.first { $0 != choice.rawValue(base) })
                XCTAssertTrue(choice.assign(&changed, other))
            }
            XCTAssertNotEqual(changed, base, field.name)
            for other in ConfigField.table {
                XCTAssertEqual(other.sameValue(changed, base), other.name != field.name, "\(field.name) changed, \(other.name) compared")
            }
        }
    }
}
