import Foundation
@testable import PhysweepCluster
import PhysweepJSON
import PhysweepSweep
import PhysweepTraining
import XCTest

/// The worker reads a TASK by hand (`TaskBodyReader`): the same `TaskAssignment`, and the same
/// rejections, as decoding the body through `Codable`.
final class TaskBodyReaderTests: XCTestCase {
    private let body: Data = {
        var config = ProtocolSamples.config
        config.learningRate = 0.003183098861837907
        config.noiseStd = 1e-5
        return WireMessage.task(.init(taskID: 17, taskKey: config.key, sweep: "quickstart", attempt: 1, config: config,
                                      settings: RunSettings(threads: 2))).frames()[2]
    }()

    func testConfigKeysAreTheKeysTrainConfigWrites() throws {
        guard case .object(let members) = try CompactJSON.parse(ProtocolSamples.config.canonicalJSON()) else { return XCTFail() }
        // The sample holds every field added after the first key format at its omitted value, so its
        // JSON leaves exactly those out.
        let omitted = Set(ConfigField.table.filter { $0.omittedAt != nil }.map(\.name))
        XCTAssertTrue(omitted.isDisjoint(with: members.map(\.key)))
        XCTAssertEqual(Set(BodyReader.configKeys.map { "\($0)" }), Set(members.map(\.key)).union(omitted))
        XCTAssertEqual(BodyReader.configKeys.count, members.count + omitted.count)
        XCTAssertLessThanOrEqual(BodyReader.configKeys.count, 64, "BodyReader.members tracks at most 64 keys")
    }

    /// A command sweep's TASK carries the program and its user fields in `settings.command`.
    func testReadsTheCommandSettings() throws {
        let command = CommandSettings(program: "python3", arguments: ["t.py", "{lr}"], workingDirectory: "/lab",
                                      environment: ["A": "{lr}"], timeoutSeconds: 30, outputDirectory: "/out",
                                      fields: [CommandField(name: "lr", values: [.double(0.1), .int(1), .string("x"), .bool(true)])], gpus: 2)
        var config = TrainConfig.defaults(system: .command)
        config.commandPoint = 2
        let task = WireMessage.TaskAssignment(taskID: 3, taskKey: config.key, sweep: "cmd", attempt: 2, config: config,
                                              settings: RunSettings(command: command))
        let read = try WireMessage.TaskAssignment(body: WireMessage.task(task).frames()[2])
        XCTAssertEqual(read.settings, task.settings)
        XCTAssertEqual(read.config, config)
        let broken = String(decoding: WireMessage.task(task).frames()[2], as: UTF8.self)
            .replacingOccurrences(of: #""program":"python3""#, with: #""program":3"#)
        XCTAssertThrowsError(try WireMessage.TaskAssignment(body: Data(broken.utf8)))
    }

    func testRejectsExactlyWhatCodableRejects() throws {
        var tally = Tally()
        for variant in JSONVariants.variants(of: try CompactJSON.parse(body)) { compare(Data(CompactJSON.write(variant)), &tally) }
        XCTAssertGreaterThan(tally.accepted, 0)
        XCTAssertGreaterThan(tally.rejected, 150)
    }

    func testAgreesWithCodableOnAwkwardDocuments() {
        let text = String(decoding: body, as: UTF8.self)
        let edits: [(String, String)] = [
            (#""system":"sleep""#, #""sys\u0074em":"sle\u0065p""#),
            (#""system":"sleep""#, #""system":"warp""#),
            (#""system":"sleep""#, #""system":"sleep","system":"warp""#),
            (#""system":"sleep""#, #""system":"warp","system":"sleep""#),
            (#""width":0"#, #""width":0.0"#),
            (#""width":0"#, #""width":-0"#),
            (#""width":0"#, #""width":null"#),
            (#""seed":42"#, #""seed":18446744073709551615"#),
            (#""seed":42"#, #""seed":-1"#),
            (#""sleep_seconds":0.25"#, #""sleep_seconds":"Infinity""#),
            (#""sleep_seconds":0.25"#, #""sleep_seconds":2.5e-1"#),
            (#""sleep_seconds":0.25"#, #""sleep_seconds":"0.25""#),
            (#""attempt":1"#, #""attempt":0"#),
            (#""task_key":""#, #""task_key":"","x":""#),
            (#""sweep":"quickstart""#, #""sweep":"quick\nstart""#),
            (#""sweep":"quickstart""#, #""sweep":"quick\u0000start""#),
            (#""pue":1"#, #""pue":1,"pue":"x""#),
            (#""threads":2"#, #""threads":2,"more":{"a":[[]]}"#),
            ("{", "\t{ "),
        ]
        var tally = Tally()
        for (original, replacement) in edits {
            XCTAssertTrue(text.contains(original), original)
            compare(Data(text.replacingOccurrences(of: original, with: replacement).utf8), &tally)
        }
        compare(Data(text.replacingOccurrences(of: #""task_key":"[0-9a-f]*""#, with: #""task_key":"""#, options: .regularExpression).utf8), &tally)
        for suffix in [" ", "x", "{}"] { compare(Data((text + suffix).utf8), &tally) }
        XCTAssertGreaterThan(tally.accepted, 6)
        XCTAssertGreaterThan(tally.rejected, 10)
    }

    func testAgreesWithCodableOnMutatedBodies() {
        var tally = Tally()
        for body in JSONVariants.mutations(of: body, count: 3000, seed: 11) { compare(body, &tally) }
        XCTAssertGreaterThan(tally.accepted, 200)
        XCTAssertGreaterThan(tally.rejected, 1500)
    }

    /// A TASK may carry NaN or ±∞ as strings (the wire's convention): keying it must not trap (the
    /// canonical-JSON fallback was a `try!`), and running it fails at once with the field named
    /// (`sleep_seconds: Infinity` slept forever).
    func testNonFiniteNumbersInATaskAreKeyedAndRefusedNotTrappedOrSlept() throws {
        let text = String(decoding: body, as: UTF8.self)
        for (field, value) in [("sleep_seconds", "Infinity"), ("noise_std", "NaN"), ("zeta", "-Infinity")] {
            let edited = text.replacingOccurrences(of: #""\#(field)":[^,}]*"#, with: #""\#(field)":"\#(value)""#,
                                                   options: .regularExpression)
            XCTAssertNotEqual(edited, text, field)
            let task = try WireMessage.TaskAssignment(body: Data(edited.utf8))
            XCTAssertEqual(task.config.key.count, 16)
            XCTAssertTrue(String(decoding: task.config.canonicalJSON(), as: UTF8.self).contains(#""\#(field)":"\#(value)""#))
            let start = Date()
            XCTAssertThrowsError(try Trainer.run(task.config, settings: task.settings)) { error in
                XCTAssertTrue("\(error)".contains("invalid config: \(field): not a finite number"), "\(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        }
    }

    private struct Tally {
        var accepted = 0, rejected = 0
    }

    /// Reads `body` both ways: both accept it with the same assignment, or both reject it.
    private func compare(_ body: Data, _ tally: inout Tally, file: StaticString = #filePath, line: UInt = #line) {
        let reference = Result { () throws -> WireMessage.TaskAssignment in
            let task = try CompactJSON.decode(WireMessage.TaskAssignment.self, from: body)
            if let problem = task.problem() { throw ProtocolError.invalidField(command: .task, field: problem.field, reason: problem.reason) }
            return task
        }
        let read = Result { () throws(ProtocolError) in try WireMessage.TaskAssignment(body: body) }
        let shown = String(decoding: body, as: UTF8.self)
        switch (reference, read) {
        case (.success(let expected), .success(let task)):
            tally.accepted += 1
            // Compared as printed, so that NaN equals NaN.
            XCTAssertEqual(String(reflecting: task), String(reflecting: expected), shown, file: file, line: line)
        case (.failure, .failure):
            tally.rejected += 1
        case (.success, .failure(let error)):
            XCTFail("the reader rejects what Codable accepts: \(error)\n\(shown)", file: file, line: line)
        case (.failure(let error), .success):
            XCTFail("the reader accepts what Codable rejects: \(error)\n\(shown)", file: file, line: line)
        }
    }
}
