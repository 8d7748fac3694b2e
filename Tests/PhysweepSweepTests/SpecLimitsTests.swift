import Foundation
import XCTest
@testable import PhysweepSweep

/// The specs of issue 8 §1 that crashed or hung `physweep validate`: each is now a located error, fast.
/// They go through `SweepSpec.load(from:)`, the entry point of `validate`, `run` and `submit`.
final class SpecLimitsTests: XCTestCase {
    private let head = "name: limits\nsystems: [oscillator]\nobjectives: [test_mse, train_co2_g]\n"

    /// The errors of validating `yaml` written to a file, each `FILE:LINE:COLUMN: …`; fails if it takes
    /// more than a few seconds (the bugs took minutes, forever, or crashed the test process).
    private func errors(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).yaml")
        XCTAssertNoThrow(try yaml.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
        defer { try? FileManager.default.removeItem(at: url) }
        let start = Date()
        defer { XCTAssertLessThan(Date().timeIntervalSince(start), 10, "validation took too long", file: file, line: line) }
        do {
            _ = try SweepSpec.load(from: url)
            XCTFail("the spec was accepted", file: file, line: line)
        } catch let errors as SpecErrors {
            // Strip the temporary directory: the message starts with the file as named, then LINE:COLUMN.
            return errors.errors.map { "\($0.line):\($0.column): " + $0.description.dropFirst("\($0.file):\($0.line):\($0.column): ".count) }
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return []
    }

    func testStepsPlusLBFGSStepsOverflowingIsAConflict() {
        XCTAssertEqual(errors(head + "fixed: {steps: 9223372036854775807, lbfgs_steps: 1}\n"), [
            "4:9: fixed.steps: steps + lbfgs_steps (9223372036854775807 + 1) exceeds 9223372036854775807 "
                + "(in all 2 configurations of oscillator/mlp, oscillator/pinn)",
        ])
    }

    /// Valid field by field, but a run could only fail allocating (it crashed `physweep run`).
    func testNetworksAndPointSetsTooLargeToRunAreConflicts() {
        XCTAssertEqual(errors(head + "fixed: {width: 1000000000}\ngrid: {collocation_points: [100, 9223372036854775807]}\n"), [
            "4:9: fixed.width: a run would hold about 8000001608000000000 numbers at once (network, optimizer state "
                + "and one pass over the points); expected at most 2147483648 (16 GiB of f64) "
                + "(in 2 of 4 configurations of oscillator/mlp, oscillator/pinn)",
            "5:8: grid.collocation_points: a run would hold more numbers than an Int counts at once (network, optimizer "
                + "state and one pass over the points); expected at most 2147483648 (16 GiB of f64) "
                + "(in 2 of 4 configurations of oscillator/mlp, oscillator/pinn)",
        ])
    }

    func testUniformIntegerRangesWiderThanIntMaxAreRejected() {
        XCTAssertEqual(errors(head + "random: {samples: 2, params: {width: {uniform: [-9223372036854775808, 9223372036854775807]}}}\n"), [
            "4:48: random.params.width.uniform: the integer range [-9223372036854775808, 9223372036854775807] "
                + "is too wide to draw from; expected high − low < 9223372036854775807",
        ])
        XCTAssertEqual(errors(head + "random: {samples: 2, params: {width: {uniform: [0, 9223372036854775807]}}}\n").count, 1)
        XCTAssertEqual(errors(head + "random: {samples: 2, params: {width: {log_uniform: [1, 9223372036854775807]}}}\n"
                              + "fixed: {steps: -1}\n"), [
            "5:16: fixed.steps: got integer -1; expected an integer ≥ 0",
        ], "an integer log-uniform draw near Int.max is clamped, not trapped")
    }

    func testHugeSeedAndSampleCountsAreRejectedBeforeAllocating() {
        XCTAssertEqual(errors(head + "seeds: 1000000000000\n"), [
            "4:8: seeds: got 1000000000000 seeds; expected a count from 1 to 1000000 or a list of seeds",
        ])
        XCTAssertEqual(errors(head + "seeds: 9223372036854775807\n"), [
            "4:8: seeds: got 9223372036854775807 seeds; expected a count from 1 to 1000000 or a list of seeds",
        ])
        XCTAssertEqual(errors(head + "random: {samples: 1000000000000, params: {width: {uniform: [8, 64]}}}\n"), [
            "4:19: random.samples: got integer 1000000000000; expected an integer from 1 to 1000000",
        ])
        XCTAssertEqual(errors(head + "seeds: [0, 18446744073709551615]\n"), [
            "4:12: seeds[1]: got integer 18446744073709551615 (out of range); expected an integer ≥ 0",
        ])
    }

    func testThreadCountsAreBounded() {
        XCTAssertEqual(errors(head + "resources: {threads: 9999999999}\n"), [
            "4:22: resources.threads: got integer 9999999999; expected an integer from 1 to 1024",
        ])
    }

    func testAnAliasBombUsedAsAKeyIsStoppedBeforeYamsHashesIt() {
        var yaml = head + "anchors:\n  - &l0 [a, a, a, a, a, a, a, a, a]\n"
        for level in 1...8 {
            yaml += "  - &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "grid: {? *l8 : [16]}\n"
        XCTAssertLessThan(yaml.utf8.count, 700)
        // The expanded size passes 100 000 nodes at the first alias of &l5 (l4 alone is 66 430 nodes).
        XCTAssertEqual(errors(yaml), [
            "10:10: alias '*l4' expands the spec beyond 100000 YAML nodes; "
                + "expected fewer or smaller aliases (see docs/spec.md, Limits)",
        ])
    }

    func testNestingDeeperThanLibyamlsLimitIsASyntaxError() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        XCTAssertEqual(errors(head + "grid: {width: \(deep)}\n"), [
            "4:16: invalid YAML: Maximum nesting level reached, set with yaml_set_max_nest_level())",
        ])
    }

    func testAliasesWithinTheLimitStillWork() throws {
        let yaml = """
            name: aliases
            systems: {oscillator: {models: &models [mlp, pinn]}, noisy-cosine: {models: *models}}
            grid: {width: &widths [16, 32], depth: *widths}
            objectives: [test_mse, train_co2_g]
            """
        let spec = try SweepSpec.parse(yaml: yaml, file: "a.yaml")
        XCTAssertEqual(spec.taskCount, 16)
    }

    func testATrillionPointGridIsRejectedFromItsCount() {
        let values = (1...100).map(String.init).joined(separator: ", ")
        let fields = ["width", "depth", "steps", "collocation_points", "data_points", "ic_points"]
        let grid = fields.map { "  \($0): [\(values)]\n" }.joined()
        XCTAssertEqual(errors(head + "grid:\n" + grid), [
            "5:3: grid.width: the sweep has 2000000000000 points (this entry multiplies them by 100); "
                + "expected at most 1000000 points per sweep (see docs/spec.md, Limits)",
        ])
    }

    func testNonFiniteNumbersAreRejected() {
        XCTAssertEqual(errors(head + "fixed: {sleep_seconds: .inf, learning_rate: .nan}\ngrid: {nu: [-.inf]}\n"), [
            "4:24: fixed.sleep_seconds: got number inf; expected a number ≥ 0",
            "4:45: fixed.learning_rate: got number nan; expected a number > 0",
            "5:13: grid.nu[0]: got number -inf; expected a number > 0",
        ])
    }

    func testSpecsLargerThanTheLimitAreRejectedUnread() {
        let padding = String(repeating: "# padding\n", count: SpecLimits.maxBytes / 10 + 1)
        XCTAssertEqual(errors(head + padding), [
            "1:1: the spec is larger than 1048576 bytes; expected at most 1048576 bytes (see docs/spec.md, Limits)",
        ])
        XCTAssertThrowsError(try SweepSpec.parse(yaml: head + padding, file: "big.yaml")) { error in
            XCTAssertEqual("\(error)", "big.yaml:1:1: the spec is \(head.utf8.count + padding.utf8.count) bytes long; "
                           + "expected at most 1048576 bytes (see docs/spec.md, Limits)")
        }
    }

    func testAnEndlessFileIsRefusedUnread() {
        let start = Date()
        XCTAssertThrowsError(try SweepSpec.load(from: URL(fileURLWithPath: "/dev/zero"))) { error in
            XCTAssertEqual("\(error)", "/dev/zero:1:1: the spec is larger than 1048576 bytes; "
                           + "expected at most 1048576 bytes (see docs/spec.md, Limits)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
