import Foundation
import PhysweepTraining
import XCTest
@testable import PhysweepSweep

/// The command system in specs: its `command:` block, user-defined fields, placeholders, resources.
final class SpecCommandTests: XCTestCase {
    private func spec(_ block: String, extra: String = "") throws -> SweepSpec {
        try SweepSpec.parse(yaml: """
            name: cmd
            systems:
              command:
            \(block)
            \(extra)
            objectives: [test_mse, train_cpu_s]
            """, file: "/lab/specs/cmd.yaml")
    }

    private func errors(_ block: String, extra: String = "") -> [SpecError] {
        do {
            _ = try spec(block, extra: extra)
            XCTFail("the spec was accepted")
            return []
        } catch let errors as SpecErrors {
            return errors.errors
        } catch {
            XCTFail("\(error)")
            return []
        }
    }

    func testUserFieldsExpandIntoDistinctTasksWithTheirValues() throws {
        let s = try spec("""
                command:
                  program: python3
                  args: [train.py, --lr, "{lr}", --opt, "{opt}", --seed, "{seed}"]
                  workdir: ../code
                  env: {RUN: "{task_key}"}
                  timeout: 60
                fixed: {epochs: 3}
                grid:
                  lr: [0.1, 0.01]
                  opt: [adam, sgd, lion]
            """, extra: "seeds: [0, 1]\nresources: {gpus: 1}")
        let command = try XCTUnwrap(s.command)
        XCTAssertEqual(command.program, "python3")
        XCTAssertEqual(command.workingDirectory, "/lab/code")
        XCTAssertEqual(command.timeoutSeconds, 60)
        XCTAssertEqual(command.gpus, 1)
        XCTAssertEqual(command.fields.map(\.name), ["epochs", "lr", "opt"])
        XCTAssertEqual(s.runSettings.command, command)
        let tasks = s.tasks()
        XCTAssertEqual(tasks.count, 2 * 3 * 2)
        XCTAssertEqual(Set(tasks.map(\.key)).count, 12)
        let points = Set(tasks.map { command.values(at: $0.config.commandPoint)!.map(\.value.description).joined(separator: " ") })
        XCTAssertEqual(points, ["3 0.1 adam", "3 0.1 sgd", "3 0.1 lion", "3 0.01 adam", "3 0.01 sgd", "3 0.01 lion"])
        XCTAssertTrue(tasks.allSatisfy { $0.config.system == .command && $0.config.model == ModelKind.none })
    }

    /// A task's key stands for its values, not for its place in the lists: after a value is put in
    /// front of a list (which shifts every point), no key of the edited sweep is a key of the first
    /// one with other values — a stored result is never handed to values it was not run with.
    func testEditingAValueListNeverGivesAnOldKeyOtherValues() throws {
        func sweep(_ lrs: String) throws -> [String: String] {
            let s = try spec("""
                    command:
                      program: python3
                      args: [train.py, --lr, "{lr}", --opt, "{opt}"]
                    grid:
                      lr: \(lrs)
                      opt: [adam, sgd]
                """)
            let command = try XCTUnwrap(s.command)
            XCTAssertTrue(s.tasks().allSatisfy { $0.config.commandDigest == command.fieldsDigest })
            return Dictionary(uniqueKeysWithValues: s.tasks().map { task in
                (task.key, command.values(at: task.config.commandPoint)!.map(\.value.description).joined(separator: " "))
            })
        }
        let before = try sweep("[0.1, 0.01]"), after = try sweep("[0.5, 0.1, 0.01]")
        XCTAssertEqual(after.count, 6)
        for (key, values) in after { if let old = before[key] { XCTAssertEqual(old, values, key) } }
        XCTAssertEqual(try sweep("[0.1, 0.01]"), before, "the same lists give the same keys")
    }

    /// Inside the command block every name is the program's: `width` there is a user field, while
    /// the same name elsewhere is still physweep's, and a top-level `width` does not reach the program.
    func testUserFieldsMayShadowPhysweepsNamesInTheCommandBlockOnly() throws {
        let s = try SweepSpec.parse(yaml: """
            name: shadow
            systems:
              command:
                command: {program: python3, args: ["{width}"]}
                grid: {width: [300, 500]}
              oscillator: {models: [mlp]}
            fixed: {width: 8, steps: 10}
            objectives: [test_mse, train_cpu_s]
            """, file: "s.yaml")
        let tasks = s.tasks()
        let command = try XCTUnwrap(s.command)
        let widths = tasks.filter { $0.config.system == .command }.map { command.values(at: $0.config.commandPoint)![0].value }
        XCTAssertEqual(widths, [.int(300), .int(500)])
        XCTAssertEqual(tasks.filter { $0.config.system == .oscillator }.map(\.config.width), [8])
        XCTAssertTrue(tasks.filter { $0.config.system == .command }.allSatisfy { $0.config.width == 0 })
    }

    func testTheSettingsSurviveTheStoresJSON() throws {
        let s = try spec("""
                command: {program: ./run.sh, args: ["{x}"]}
                grid: {x: [1, 2.5]}
            """)
        let decoded = try JSONDecoder().decode(RunSettings.self, from: JSONEncoder().encode(s.runSettings))
        XCTAssertEqual(decoded, s.runSettings)
        XCTAssertEqual(decoded.command?.fields.first?.values, [.int(1), .double(2.5)])
    }

    func testAnUnknownPlaceholderIsAnError() {
        let found = errors("""
                command: {program: python3, args: ["{lrr}"]}
                grid: {lr: [0.1]}
            """)
        XCTAssertTrue(found.contains { $0.description.contains("unknown placeholder {lrr}") }, "\(found)")
    }

    func testACommandBlockNeedsAProgramAndBelongsToTheCommandSystem() {
        XCTAssertTrue(errors("    command: {args: [x]}").contains { $0.description.contains("program") })
        XCTAssertTrue(errors("    grid: {lr: [0.1]}").contains { $0.description.contains("missing required entry 'command'") })
        let other = (try? SweepSpec.parse(yaml: """
            name: x
            systems:
              oscillator: {command: {program: python3}}
            objectives: [test_mse, train_cpu_s]
            """, file: "x.yaml")) == nil
        XCTAssertTrue(other, "a command block under oscillator was accepted")
    }

    func testAUserFieldsValuesShareOneType() {
        let found = errors("""
                command: {program: python3}
                grid: {lr: [0.1, fast]}
            """)
        XCTAssertTrue(found.contains { $0.description.contains("mix types") }, "\(found)")
    }

    func testTheCommandPointIsNotSetByName() {
        XCTAssertNil(try? SweepSpec.parse(yaml: """
            name: x
            systems: [oscillator]
            fixed: {command_point: 3}
            objectives: [test_mse, train_cpu_s]
            """, file: "x.yaml"))
        XCTAssertNil(ConfigField.named("command_point"))
    }

    func testUserFieldsAreOnlyForTheCommandSystem() {
        let found = (try? SweepSpec.parse(yaml: """
            name: x
            systems: [oscillator]
            grid: {my_lr: [0.1]}
            objectives: [test_mse, train_cpu_s]
            """, file: "x.yaml")) == nil
        XCTAssertTrue(found, "an unknown field outside the command system was accepted")
    }
}
