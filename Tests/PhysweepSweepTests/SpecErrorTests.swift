import PhysweepSystems
import XCTest
@testable import PhysweepSweep

/// Each class of spec error, with its exact position and key.
final class SpecErrorTests: XCTestCase {
    private func errors(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try SweepSpec.parse(yaml: yaml, file: "e.yaml")
            XCTFail("the spec was accepted", file: file, line: line)
        } catch let errors as SpecErrors {
            return errors.errors.map(\.description)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return []
    }

    func testUnknownKeysEverywhereSuggestTheClosestName() {
        XCTAssertEqual(errors("""
            name: keys
            sytems: [oscillator]
            systems:
              oscillator: {modles: [mlp]}
              burgers: {models: [nn], fixed: {widht: 3}}
            grid: {actvation: [tanh]}
            zip: {learning_rat: [1e-2]}
            random: {samples: 2, params: {wieght_decay: {uniform: [0, 1]}}}
            objectives: [test_mse, train_co2_g]
            """), [
            "e.yaml:2:1: sytems: unknown key 'sytems' (did you mean 'systems'?)",
            "e.yaml:4:16: systems.oscillator.modles: unknown key 'modles' (did you mean 'models'?)",
            "e.yaml:5:35: systems.burgers.fixed.widht: unknown field 'widht' (did you mean 'width'?)",
            "e.yaml:6:8: grid.actvation: unknown field 'actvation' (did you mean 'activation'?)",
            "e.yaml:7:7: zip.learning_rat: unknown field 'learning_rat' (did you mean 'learning_rate'?)",
            "e.yaml:8:31: random.params.wieght_decay: unknown field 'wieght_decay' (did you mean 'weight_decay'?)",
        ])
    }

    func testUnknownNamesOfSystemsModelsActivationsMetricsAndDirections() {
        XCTAssertEqual(errors("""
            name: names
            systems:
              oscilator: {models: [mlp]}
              burgers: {models: [cpinn, mlp]}
            grid: {activation: [tanh, snak]}
            objectives: [{test_mse: minimise}, {train_co2: minimize}]
            """), [
            "e.yaml:3:3: systems.oscilator: unknown system 'oscilator' (did you mean 'oscillator'?)",
            "e.yaml:4:22: systems.burgers.models[0]: unknown model 'cpinn' (did you mean 'c-pinn'?)",
            "e.yaml:4:29: systems.burgers.models[1]: model 'mlp' is not a model of system 'burgers'; "
                + "expected one of nn, b-pinn, d-pinn, c-pinn",
            "e.yaml:5:27: grid.activation[1]: unknown activation 'snak'; expected one of relu, tanh, sine, snake, gelu "
                + "(did you mean 'snake'?)",
            "e.yaml:6:25: objectives[0].test_mse: unknown direction 'minimise' (did you mean 'minimize'?)",
            "e.yaml:6:37: objectives[1]: unknown metric 'train_co2' (did you mean 'train_co2_g'?)",
        ])
    }

    func testWrongTypes() {
        XCTAssertEqual(errors("""
            name: types
            systems: oscillator
            fixed: [steps, 10]
            grid: {width: 16, depth: ["2"]}
            max_attempts: three
            objectives: [test_mse, train_co2_g]
            """), [
            "e.yaml:2:10: systems: got string 'oscillator'; expected a list of systems or a mapping of system: {models: [...]}",
            "e.yaml:3:8: fixed: got a list; expected a mapping of key: value",
            "e.yaml:4:15: grid.width: got integer 16; expected a list, e.g. [a, b]",
            "e.yaml:4:27: grid.depth[0]: got string 2; expected an integer ≥ 1",
            "e.yaml:5:15: max_attempts: got string 'three'; expected an integer ≥ 1",
        ])
    }

    func testImpossibleValues() {
        XCTAssertEqual(errors("""
            name: values
            systems: [oscillator]
            grid: {width: [16, -2], depth: []}
            zip: {learning_rate: [1e-2, 3e-3], batch_size: [5, 10, 20]}
            seeds: 0
            objectives: [test_mse]
            """), [
            "e.yaml:3:20: grid.width[1]: got integer -2; expected an integer ≥ 1",
            "e.yaml:3:32: grid.depth: empty list; expected at least one value",
            "e.yaml:4:48: zip.batch_size: zipped lists differ in length: batch_size has 3 values, learning_rate has 2; "
                + "expected lists of equal length",
            "e.yaml:5:8: seeds: got 0 seeds: nothing would run; expected a count from 1 to 1000000 or a list of seeds",
            "e.yaml:6:13: objectives: got 1 objectives; expected 2 to 4 objectives (a Pareto front needs at least two)",
        ])
        XCTAssertEqual(errors("""
            name: five
            systems: [noop]
            objectives: [test_mse, train_co2_g, params, flops, wall_s]
            """), ["e.yaml:3:13: objectives: got 5 objectives; expected 2 to 4 objectives (a Pareto front needs at least two)"])
    }

    func testAFieldIsSetInOnePlacePerLevelAndSeedsAreNotAField() {
        XCTAssertEqual(errors("""
            name: twice
            systems: [noop]
            fixed: {sleep_seconds: 1, seed: 4}
            grid: {sleep_seconds: [1, 2]}
            objectives: [test_mse, train_co2_g]
            """), [
            "e.yaml:3:27: fixed.seed: seeds are swept by the top-level 'seeds:' entry (did you mean 'seeds'?)",
            "e.yaml:4:8: grid.sleep_seconds: 'sleep_seconds' is already set by fixed.sleep_seconds (line 3); "
                + "expected each field set in only one of fixed, grid, zip, random",
        ])
    }

    func testRandomDistributionsAreChecked() {
        XCTAssertEqual(errors("""
            name: random
            systems: [oscillator]
            random:
              samples: 0
              params:
                learning_rate: {log_uniform: [0, 1]}
                width: {uniform: [0.5, 40]}
                depth: {normal: [1, 2]}
            objectives: [test_mse, train_co2_g]
            """), [
            "e.yaml:4:12: random.samples: got integer 0; expected an integer from 1 to 1000000",
            "e.yaml:6:34: random.params.learning_rate.log_uniform: log-uniform low bound 0.0 is not positive; "
                + "expected 0 < low < high",
            "e.yaml:8:13: random.params.depth.normal: unknown key 'normal'; expected one of uniform, log_uniform, choice",
        ])
        // Non-integer bounds draw numbers, which an integer field rejects: reported at the distribution.
        XCTAssertEqual(errors("""
            name: random
            systems: [oscillator]
            random: {samples: 3, params: {width: {uniform: [0.5, 40]}}}
            objectives: [test_mse, train_co2_g]
            """).map { $0.components(separatedBy: ";").first! }, ["e.yaml:3:38: random.params.width: got number \(drawnWidth())"])
    }

    /// The first width the generator draws for `uniform: [0.5, 40]` with the default seed.
    private func drawnWidth() -> Double {
        var rng = SeededGenerator(seed: 0)
        return rng.nextUniform(in: 0.5..<40)
    }

    func testCrossFieldConflictsPointAtTheEntryThatSetTheField() {
        XCTAssertEqual(errors("""
            name: conflicts
            systems:
              oscillator: {models: [mlp, pinn]}
              burgers: {models: [d-pinn], fixed: {collocation_points: 0}}
            grid:
              batch_size: [10, 50]
            objectives: [test_mse, train_co2_g]
            """), [
            "e.yaml:4:39: systems.burgers.fixed.collocation_points: model 'd-pinn' needs collocation points for its "
                + "residual (in all 2 configurations of burgers/d-pinn)",
            "e.yaml:6:3: grid.batch_size: batch_size 50 exceeds data_points 25 "
                + "(in 2 of 4 configurations of oscillator/mlp, oscillator/pinn)",
        ])
    }

    func testMissingEntriesAndYAMLSyntax() {
        XCTAssertEqual(errors("name: lonely\n"), [
            "e.yaml:1:1: systems: missing required entry 'systems'",
            "e.yaml:1:1: objectives: missing required entry 'objectives'",
        ])
        // An unterminated construct is reported where it starts, not at the end of the file.
        XCTAssertEqual(errors("name: broken\nsystems: [oscillator\n"), [
            "e.yaml:2:10: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts here)",
        ])
        XCTAssertEqual(errors("name: \"broken\nsystems: [oscillator]\nobjectives: [test_mse, params]\n"), [
            "e.yaml:1:7: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts here)",
        ])
        XCTAssertEqual(errors("name: ok\nsystems: ['oscillator]\n"), [
            "e.yaml:2:11: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts here)",
        ])
        // Other syntax errors stay where libyaml found them, with where the construct began.
        XCTAssertEqual(errors("name: a\n  b: c\n"), [
            "e.yaml:2:4: invalid YAML: mapping values are not allowed in this context",
        ])
        // A duplicate key is reported at the repeated key, at any depth, quoted or not.
        XCTAssertEqual(errors("name: a\nname: b\n"), ["e.yaml:2:1: duplicate key 'name' (first at line 1, column 1)"])
        XCTAssertEqual(errors("name: a\nsystems:\n  burgers: {fixed: {nu: 0.1, \"nu\": 0.2}}\n"), [
            "e.yaml:3:30: duplicate key 'nu' (first at line 3, column 21)",
        ])
        XCTAssertEqual(errors("name: a\ngrid:\n  'xwidth': [1]\n  depth: [2]\n  xwidth: [3]\n"), [
            "e.yaml:5:3: duplicate key 'xwidth' (first at line 3, column 3)",
        ])
        XCTAssertEqual(errors("name: a\nseeds: 1\nname: b\nseeds: 2\n"), [
            "e.yaml:3:1: duplicate key 'name' (first at line 1, column 1); also repeated here: 'seeds'",
        ])
        // Control characters are placed at their position.
        XCTAssertEqual(errors("name: a\nsystems: [\u{7}]\n").first?.prefix(13), "e.yaml:2:11: ")
    }

    func testDescriptionFormat() {
        let error = SpecError(file: "quickstart.yaml", line: 12, column: 5, key: "grid.activation[1]",
                              message: "unknown activation 'snak'", expected: "one of relu, tanh, sine, snake, gelu",
                              suggestion: "snake")
        XCTAssertEqual(error.description, "quickstart.yaml:12:5: grid.activation[1]: unknown activation 'snak'; "
                       + "expected one of relu, tanh, sine, snake, gelu (did you mean 'snake'?)")
    }
}
