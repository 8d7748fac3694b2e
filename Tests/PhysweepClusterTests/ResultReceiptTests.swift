import Foundation
@testable import PhysweepCluster
import PhysweepJSON
import PhysweepSweep
import PhysweepTraining
import XCTest

/// The coordinator's reading of RESULT (config compared, not decoded) rejects exactly what
/// `WireMessage.decode` rejects, and keeps the bytes it stores exactly as received.
final class ResultReceiptTests: XCTestCase {
    private let frames = WireMessage.result(.init(taskID: 17, attempt: 2, result: ProtocolSamples.result, workerID: "node-1:4242")).frames()
    private var expected: (key: String, json: [UInt8]) {
        (ProtocolSamples.config.key, Array(ProtocolSamples.config.canonicalJSON()))
    }

    func testKeepsTheResultAndConfigBytesAsReceived() throws {
        let body = #"{"task_id":17, "attempt":2, "result" : "# + String(decoding: frames[2], as: UTF8.self).dropFirst(#"{"attempt":2,"result":"#.count)
        let receipt = try ResultReceipt(body: Data(body.utf8))
        XCTAssertEqual(receipt.taskID, 17)
        XCTAssertEqual(receipt.attempt, 2)
        XCTAssertEqual(receipt.efficacy, ProtocolSamples.result.efficacy)
        XCTAssertEqual(receipt.efficiency, ProtocolSamples.result.efficiency)
        XCTAssertEqual(try CompactJSON.decode(TrainResult.self, from: receipt.resultJSON), ProtocolSamples.result)
        XCTAssertEqual(Array(receipt.configJSON), expected.json)
        XCTAssertNoThrow(try receipt.checkConfig(against: expected))
    }

    /// Every member of the RESULT body removed, or its value replaced by null or a value of another
    /// type: the receipt accepts it iff `decode` does. Its config check compares bytes when the
    /// config is untouched (the TASK's bytes), else only decodes it (a changed config is another
    /// task's, which the next test covers).
    func testRejectsExactlyWhatTheFullDecoderRejects() throws {
        let body = try CompactJSON.parse(frames[2])
        var tally = Tally()
        for variant in JSONVariants.variants(of: body) { compare(Data(CompactJSON.write(variant)), &tally) }
        XCTAssertGreaterThan(tally.accepted, 5, "optional keys may go")
        XCTAssertGreaterThan(tally.rejected, 100)
        XCTAssertGreaterThan(tally.comparedBytes, 20, "valid variants that leave the config alone compare its bytes")
    }

    /// Documents written to catch a hand-written reader out: escapes in keys and in the strings
    /// that stand for non-finite numbers, repeated keys, integers written as decimals, numbers at
    /// the limits of their types, deep nesting in unknown members, whitespace and trailing data.
    func testAgreesWithTheFullDecoderOnAwkwardDocuments() throws {
        let text = String(decoding: frames[2], as: UTF8.self)
        let deep = { (levels: Int) in String(repeating: "[", count: levels) + String(repeating: "]", count: levels) }
        let edits: [(String, String)] = [
            (#""test_mse":0.0002"#, #""test\u005fmse":0.0002"#),
            (#""test_mse":0.0002"#, #""test_mse":"NaN""#),
            (#""test_mse":0.0002"#, #""test_mse":"Na\u004e""#),
            (#""test_mse":0.0002"#, #""test_mse":"-Infinity""#),
            (#""test_mse":0.0002"#, #""test_mse":"infinity""#),
            (#""test_mse":0.0002"#, #""test_mse":-0"#),
            (#""test_mse":0.0002"#, #""test_mse":1e400"#),
            (#""test_mse":0.0002"#, #""test_mse":0.0002,"test_mse":"bad""#),
            (#""test_mse":0.0002"#, #""test_mse":"bad","test_mse":0.0002"#),
            (#""test_mse":0.0002"#, #""test_mse":true"#),
            (#""extrap_mse":0.3"#, #""extrap_mse":null"#),
            (#""extrap_mse":0.3"#, #""extrap_mse":"x""#),
            (#""extrap_mse":0.3"#, #""extrap_rel_l2":null,"extrap_mse":0.3"#),
            (#""params":1201"#, #""params":1201.0"#),
            (#""params":1201"#, #""params":1.201e3"#),
            (#""params":1201"#, #""params":-0"#),
            (#""params":1201"#, #""params":9223372036854775807"#),
            (#""params":1201"#, #""params":9223372036854775808"#),
            (#""seed":42"#, #""seed":18446744073709551615"#),
            (#""seed":42"#, #""seed":18446744073709551616"#),
            (#""seed":42"#, #""seed":-1"#),
            (#""seed":42"#, #""seed":-0"#),
            (#""source":"estimated""#, #""source":"est\u0069mated""#),
            (#""source":"estimated""#, #""source":"Estimated""#),
            (#""method":"tdp-share:65W""#, #""method":"tdp\/share\n\ud83c\udf89""#),
            (#""method":"tdp-share:65W""#, #""method":"\ud83c""#),
            (#""method":"tdp-share:65W""#, #""method":"tab\there""#),
            (#""git_commit":"abc1234""#, #""git_commit":null"#),
            (#""git_commit":"abc1234""#, #""git_commit":7"#),
            (#""git_commit":"abc1234","#, ""),
            (#""task_id":17"#, #""task_id":17,"unknown":{"a":[1,{"b":null}],"c":"\u0041"}"#),
            (#""task_id":17"#, #""task_id":17,"unknown":\#(deep(63))"#),
            (#""task_id":17"#, #""task_id":17,"unknown":\#(deep(64))"#),
            (#""task_id":17"#, #""task_id":0"#),
            (#""task_id":17"#, #""task_id":"17""#),
            (#""attempt":2"#, #""attempt":2,"attempt":0"#),
            (#""attempt":2"#, #""attempt":0,"attempt":2"#),
            (#""attempt":2,"#, #""attempt" : 2 , "#),
            (#""threads":2"#, #""threads":2.5"#),
            (#""pue":1"#, #""pue":1,"extra":[]"#),
            (#""pue":1"#, #""p\u0075e":1"#),
            (#""machine":{"#, #""machine":{"machine":1,"#),
            (#""hostname":"node-1""#, #""hostname":null"#),
            (#""logical_cores":8"#, #""logical_cores":8e0"#),
            (#""efficacy":{"#, #""efficacy":{"efficacy":{},"#),
            ("{", " \n\t{"),
            ("{", "\u{FEFF}{"),
            ("{", "[{"),
        ]
        var tally = Tally()
        for (original, replacement) in edits {
            XCTAssertTrue(text.contains(original), original)
            compare(Data(text.replacingOccurrences(of: original, with: replacement).utf8), &tally)
        }
        for suffix in ["", " ", "\n", " x", "}", "{}", "\u{0}"] { compare(Data((text + suffix).utf8), &tally) }
        XCTAssertGreaterThan(tally.accepted, 15)
        XCTAssertGreaterThan(tally.rejected, 20)
    }

    /// Thousands of random edits of a valid body (bytes flipped, inserted or deleted, JSON tokens
    /// spliced in, spans cut): the receipt accepts exactly the bodies the full decoder accepts.
    func testAgreesWithTheFullDecoderOnMutatedBodies() {
        var tally = Tally()
        for body in JSONVariants.mutations(of: frames[2], count: 4000, seed: 7) { compare(body, &tally) }
        XCTAssertGreaterThan(tally.accepted, 200)
        XCTAssertGreaterThan(tally.rejected, 2000)
    }

    /// A RESULT with field pictures (`field_snapshots`: an array of panel objects, an enum, base64
    /// strings): its variants and random edits are accepted exactly when the full decoder accepts them.
    func testAgreesWithTheFullDecoderOnFieldSnapshots() throws {
        var result = ProtocolSamples.result
        result.fieldSnapshots = FieldSnapshots.capture(steps: [1, 2], height: 2, width: 2, fields: ["tracer"]) { step in
            ([0, 1, 2, Double(step)], [1, 1, 0, 0])
        }
        let body = WireMessage.result(.init(taskID: 17, attempt: 2, result: result, workerID: "node-1:4242")).frames()[2]
        var tally = Tally()
        for variant in JSONVariants.variants(of: try CompactJSON.parse(body)) { compare(Data(CompactJSON.write(variant)), &tally) }
        for mutated in JSONVariants.mutations(of: body, count: 2000, seed: 13) { compare(mutated, &tally) }
        let text = String(decoding: body, as: UTF8.self)
        for (original, replacement) in [(#""kind":"truth""#, #""kind":"truthy""#), (#""kind":"error""#, #""kind":1"#),
                                        (#""pooling":1"#, #""pooling":1.5"#), (#""step":1}"#, #""step":"1"}"#)] {
            XCTAssertTrue(text.contains(original), original)
            compare(Data(text.replacingOccurrences(of: original, with: replacement).utf8), &tally)
        }
        XCTAssertGreaterThan(tally.accepted, 20)
        XCTAssertGreaterThan(tally.rejected, 500)
    }

    /// A shear-flow RESULT (`efficacy.grid_metrics`: a dictionary of fields, an array): its variants
    /// and random edits are accepted exactly when the full decoder accepts them, with the same values.
    func testAgreesWithTheFullDecoderOnGridMetrics() throws {
        var result = ProtocolSamples.result
        let errors = GridMetrics.FieldErrors(mse: 0.5, nmse: 0.25, vrmse: 0.125)
        let withR = GridMetrics.FieldErrors(mse: 0.5, nmse: 0.25, vrmse: 0.125, pearsonR: 0.75)
        result.efficacy?.grid = GridMetrics(fields: ["tracer": withR, "pressure": errors], mse: 0.5, nmse: 0.25,
                                            vrmse: 0.125, pearsonR: 0.375, rolloutVRMSE: [0.1, 0.2])
        let body = WireMessage.result(.init(taskID: 17, attempt: 2, result: result, workerID: "node-1:4242")).frames()[2]
        XCTAssertEqual(try ResultReceipt(body: body).efficacy?.grid, result.efficacy?.grid)
        var tally = Tally()
        for variant in JSONVariants.variants(of: try CompactJSON.parse(body)) { compare(Data(CompactJSON.write(variant)), &tally) }
        for mutated in JSONVariants.mutations(of: body, count: 2000, seed: 11) { compare(mutated, &tally) }
        let text = String(decoding: body, as: UTF8.self)
        for (original, replacement) in [(#""tracer":{"#, #""tracer":{"mse":1,"#), (#""rollout_vrmse":[0.1,"#, #""rollout_vrmse":["NaN","#),
                                        (#""pressure":{"#, #""tracer":{"mse":7,"nmse":7,"vrmse":7},"pressure":{"#)] {
            XCTAssertTrue(text.contains(original), original)
            compare(Data(text.replacingOccurrences(of: original, with: replacement).utf8), &tally)
        }
        XCTAssertGreaterThan(tally.accepted, 100)
        XCTAssertGreaterThan(tally.rejected, 1000)
    }

    private struct Tally {
        var accepted = 0, rejected = 0, comparedBytes = 0
    }

    /// Reads `body` both ways and fails unless both accept it (then with the same values) or both
    /// reject it. The receipt's config check compares bytes when the config is the TASK's, else decodes.
    private func compare(_ body: Data, _ tally: inout Tally, file: StaticString = #filePath, line: UInt = #line) {
        let full = Result { () throws(ProtocolError) in try WireMessage.decode([frames[0], frames[1], body]) }
        var comparedBytes = false
        let receipt = Result { () throws(ProtocolError) in
            let receipt = try ResultReceipt(body: body)
            comparedBytes = Array(receipt.configJSON) == expected.json
            try receipt.checkConfig(against: comparedBytes ? expected : nil)
            return receipt
        }
        let shown = String(decoding: body, as: UTF8.self)
        switch (full, receipt) {
        case (.success(.result(let message)), .success(let receipt)):
            tally.accepted += 1
            if comparedBytes { tally.comparedBytes += 1 }
            XCTAssertEqual(receipt.taskID, message.taskID, shown, file: file, line: line)
            XCTAssertEqual(receipt.attempt, message.attempt, shown, file: file, line: line)
            // Compared as encoded, so that NaN equals NaN.
            XCTAssertEqual(try? CompactJSON.encode(receipt.efficacy), try? CompactJSON.encode(message.result.efficacy), shown, file: file, line: line)
            XCTAssertEqual(try? CompactJSON.encode(receipt.efficiency), try? CompactJSON.encode(message.result.efficiency), shown, file: file, line: line)
            let stored = try? CompactJSON.decode(TrainResult.self, from: receipt.resultJSON)
            XCTAssertEqual(try? CompactJSON.encode(stored), try? CompactJSON.encode(message.result), "the stored bytes read back", file: file, line: line)
        case (.failure, .failure):
            tally.rejected += 1
        case (.success, .failure(let error)):
            XCTFail("receipt rejects what decode accepts: \(error)\n\(shown)", file: file, line: line)
        case (.failure(let error), .success):
            XCTFail("receipt accepts what decode rejects: \(error)\n\(shown)", file: file, line: line)
        case (.success(let other), .success):
            XCTFail("decoded as \(other.command)", file: file, line: line)
        }
    }

    func testAConfigWrittenAnotherWayPassesIfItIsTheTasksAndAnotherConfigFails() throws {
        // Whitespace and key order differ from the canonical bytes: decoded and compared by key.
        let config = String(decoding: ProtocolSamples.config.canonicalJSON(), as: UTF8.self)
        let spaced = #"{ "seed": 42, "# + config.dropFirst().replacingOccurrences(of: #","seed":42"#, with: "")
        let text = String(decoding: frames[2], as: UTF8.self).replacingOccurrences(of: config, with: spaced)
        let receipt = try ResultReceipt(body: Data(text.utf8))
        XCTAssertNotEqual(Array(receipt.configJSON), expected.json)
        XCTAssertNoThrow(try receipt.checkConfig(against: expected))

        var other = ProtocolSamples.config
        other.seed = 43
        XCTAssertThrowsError(try receipt.checkConfig(against: (key: other.key, json: Array(other.canonicalJSON())))) { error in
            XCTAssertTrue("\(error)".contains("is not the config of task 17"), "\(error)")
        }
        XCTAssertNoThrow(try receipt.checkConfig(against: nil), "no task to compare with: a valid config is enough")
    }

    /// A peer's RESULT whose config holds NaN or ±∞ (as the wire's strings) is another task's config,
    /// refused as such: keying it trapped the coordinator (the canonical-JSON fallback was a `try!`).
    func testAConfigWithNonFiniteNumbersIsRefusedNotTrapped() throws {
        let text = String(decoding: frames[2], as: UTF8.self)
        let edited = text.replacingOccurrences(of: #""sleep_seconds":[^,}]*"#, with: #""sleep_seconds":"Infinity""#,
                                               options: .regularExpression)
        XCTAssertNotEqual(edited, text)
        let receipt = try ResultReceipt(body: Data(edited.utf8))
        XCTAssertThrowsError(try receipt.checkConfig(against: expected)) { error in
            XCTAssertTrue("\(error)".contains("is not the config of task 17"), "\(error)")
        }
    }
}
