import Foundation
@testable import PhysweepCluster
import PhysweepSweep
import PhysweepTraining
import XCTest

/// The coordinator's reading of RESULT (config compared, not decoded) rejects exactly what
/// `WireMessage.decode` rejects, and keeps the bytes it stores exactly as received.
final class ResultReceiptTests: XCTestCase {
    private let frames = WireMessage.result(.init(taskID: 17, attempt: 2, result: ProtocolSamples.result)).frames()
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
        var accepted = 0, rejected = 0, comparedBytes = 0
        for variant in variants(of: body) {
            let bytes = Data(CompactJSON.write(variant))
            let full = Result { () throws(ProtocolError) in try WireMessage.decode([frames[0], frames[1], bytes]) }
            let receipt = Result { () throws(ProtocolError) in
                let receipt = try ResultReceipt(body: bytes)
                let untouched = Array(receipt.configJSON) == expected.json
                if untouched { comparedBytes += 1 }
                try receipt.checkConfig(against: untouched ? expected : nil)
                return receipt
            }
            switch (full, receipt) {
            case (.success, .success): accepted += 1
            case (.failure, .failure): rejected += 1
            case (.success, .failure(let error)): XCTFail("receipt rejects what decode accepts: \(error)\n\(String(decoding: bytes, as: UTF8.self))")
            case (.failure(let error), .success): XCTFail("receipt accepts what decode rejects: \(error)\n\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        XCTAssertGreaterThan(accepted, 5, "optional keys may go")
        XCTAssertGreaterThan(rejected, 100)
        XCTAssertGreaterThan(comparedBytes, 20, "valid variants that leave the config alone compare its bytes")
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

    /// The body with one leaf (or one object member) removed, null, a string, a number, or an object.
    private func variants(of value: JSONValue) -> [JSONValue] {
        let replacements: [JSONValue] = [.null, .string("x"), .number("-1"), .number("1.5"), .object([]), .array([])]
        var variants = replacements.filter { $0 != value }
        if case .object(let members) = value {
            for (index, member) in members.enumerated() {
                var without = members
                without.remove(at: index)
                variants.append(.object(without))
                for inner in self.variants(of: member.value) {
                    var changed = members
                    changed[index].value = inner
                    variants.append(.object(changed))
                }
            }
        }
        return variants
    }
}
