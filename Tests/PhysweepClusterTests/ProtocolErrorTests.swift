import Foundation
import PhysweepCluster
import XCTest

/// Malformed input gives the right typed error, with enough context to act on.
final class ProtocolErrorTests: XCTestCase {
    let version = WireProtocol.versionFrame

    func testWrongVersionNamesBothVersions() {
        let frames = [Data("PSWP2".utf8), Data("HELLO".utf8), Data("{}".utf8)]
        assertError(try WireMessage.decode(frames), .wrongVersion(received: 2, expected: 1)) { text in
            XCTAssertTrue(text.contains("PSWP2") && text.contains("PSWP1"), text)
        }
        // Checked before the frame count: a future version may lay frames out differently.
        assertError(try WireMessage.decode([Data("PSWP7".utf8)]), .wrongVersion(received: 7, expected: 1))
        assertError(try WireMessage.decode([Data("PSWP123456789012".utf8)]), .wrongVersion(received: 123_456_789_012, expected: 1))
    }

    func testForeignFirstFrameIsNotPhysweep() {
        for frame in ["", "PSWP", "PSWPx", "PSWP-1", "PSWP 1", "pswp1", "ZMTP1", "PSWP1234567890123"] {
            assertError(try WireMessage.decode([Data(frame.utf8), Data("HELLO".utf8), Data("{}".utf8)]),
                        .notPhysweep(frame: "\"\(frame)\""))
        }
        assertError(try WireMessage.decode([Data([0xff, 0x00]), Data(), Data()]), .notPhysweep(frame: "0xff00")) { text in
            XCTAssertTrue(text.contains("0xff00"), text)
        }
    }

    /// A version has one spelling: `PSWP` and a positive decimal without sign or leading zero, 16
    /// bytes at most in all (12 digits). Anything else is not physweep, not "version 1".
    func testTheVersionFrameHasOneCanonicalForm() {
        for frame in ["PSWP01", "PSWP000000000001", "PSWP0", "PSWP00", "PSWP+1", "PSWP1 ", "PSWP0000000000001"] {
            assertError(try WireMessage.decode([Data(frame.utf8), Data("HELLO".utf8), Data("{}".utf8)]),
                        .notPhysweep(frame: "\"\(frame)\""))
        }
        assertError(try WireMessage.decode([Data("PSWP999999999999".utf8)]), .wrongVersion(received: 999_999_999_999, expected: 1))
        assertError(try WireMessage.decode([Data("PSWP10".utf8)]), .wrongVersion(received: 10, expected: 1))
    }

    func testWrongFrameCounts() {
        assertError(try WireMessage.decode([]), .wrongFrameCount(received: 0, expected: 3))
        assertError(try WireMessage.decode([version, Data("HEARTBEAT".utf8)]), .wrongFrameCount(received: 2, expected: 3))
        let four = [version, Data("HEARTBEAT".utf8), Data("{}".utf8), Data()]
        assertError(try WireMessage.decode(four), .wrongFrameCount(received: 4, expected: 3))
        assertError(try RoutedMessage.decode([Data("id".utf8)]), .wrongFrameCount(received: 1, expected: 4))
        assertError(try RoutedMessage.decode([Data("id".utf8)] + four), .wrongFrameCount(received: 5, expected: 4))
    }

    func testEmptyDelimiterFrameFromAREQStylePeerIsRejected() {
        let frames = [Data("id".utf8), Data(), version, Data("HEARTBEAT".utf8), Data("{}".utf8)]
        assertError(try RoutedMessage.decode(frames), .notPhysweep(frame: "\"\""))
    }

    func testUnknownCommand() {
        assertError(try WireMessage.decode([version, Data("HELO".utf8), Data("{}".utf8)]), .unknownCommand("\"HELO\"")) { text in
            XCTAssertTrue(text.contains("HELO") && text.contains("HELLO"), text)
        }
        assertError(try WireMessage.decode([version, Data("hello".utf8), Data("{}".utf8)]), .unknownCommand("\"hello\""))
    }

    func testBadJSONNamesTheKeyPath() {
        let wrongType = frames("TASK", ProtocolSamples.messages[4], replacing: #""attempt":1"#, with: #""attempt":"one""#)
        assertBadJSON(try WireMessage.decode(wrongType), command: .task, mentions: "attempt")
        let missing = frames("RESULT", ProtocolSamples.messages[6], replacing: #""test_mse":"#, with: #""test_mze":"#)
        assertBadJSON(try WireMessage.decode(missing), command: .result, mentions: "result.efficacy.test_mse")
        let badEnum = frames("TASK", ProtocolSamples.messages[4], replacing: #""optimizer":"adam""#, with: #""optimizer":"lion""#)
        assertBadJSON(try WireMessage.decode(badEnum), command: .task, mentions: "config.optimizer")
        assertBadJSON(try WireMessage.decode([version, Data("CREDIT".utf8), Data("{\"slots\":".utf8)]), command: .credit, mentions: "")
        assertBadJSON(try WireMessage.decode([version, Data("HEARTBEAT".utf8), Data("[]".utf8)]), command: .heartbeat, mentions: "")
        assertBadJSON(try WireMessage.decode([version, Data("BYE".utf8), Data()]), command: .bye, mentions: "")
    }

    func testFieldRulesAreEnforced() {
        let cases: [(String, String, ProtocolError)] = [
            ("CREDIT", #"{"slots":0}"#, .invalidField(command: .credit, field: "slots", reason: "must be at least 1, got 0")),
            ("FAILED", #"{"task_id":5,"attempt":0,"error":"x"}"#,
             .invalidField(command: .failed, field: "attempt", reason: "must be at least 1, got 0")),
            ("WELCOME", #"{"coordinator":"c","heartbeat":{"interval_ms":0,"liveness":3}}"#,
             .invalidField(command: .welcome, field: "heartbeat.interval_ms", reason: "must be in 1...3600000, got 0")),
            ("HELLO", #"{"worker_id":"","host":"h","pid":1,"cores":1,"slots":1,"systems":[],"physweep_version":"0"}"#,
             .invalidField(command: .hello, field: "worker_id", reason: "must not be empty")),
            ("FAILED", #"{"task_id":5,"attempt":1,"error":"x","worker_id":""}"#,
             .invalidField(command: .failed, field: "worker_id", reason: "must not be empty")),
            ("ACK", #"{"outcomes":[{"task_id":5,"attempt":1},{"task_id":0,"attempt":1}]}"#,
             .invalidField(command: .ack, field: "outcomes[1].task_id", reason: "must be at least 1, got 0")),
        ]
        for (command, json, expected) in cases {
            assertError(try WireMessage.decode([version, Data(command.utf8), Data(json.utf8)]), expected)
        }
    }

    /// A valid message's frames with one substring of the JSON body replaced.
    private func frames(_ command: String, _ message: WireMessage, replacing old: String, with new: String) -> [Data] {
        let json = String(decoding: message.frames()[2], as: UTF8.self)
        XCTAssertTrue(json.contains(old), "sample lacks \(old)")
        return [version, Data(command.utf8), Data(json.replacingOccurrences(of: old, with: new).utf8)]
    }

    private func assertBadJSON(_ decode: @autoclosure () throws -> WireMessage, command: WireCommand, mentions: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(), file: file, line: line) { error in
            guard case .badJSON(let actual, let detail) = error as? ProtocolError else {
                return XCTFail("expected badJSON, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(actual, command, file: file, line: line)
            XCTAssertTrue(mentions.isEmpty || detail.contains(mentions), "\(detail) lacks \(mentions)", file: file, line: line)
        }
    }

    private func assertError<T>(_ decode: @autoclosure () throws -> T, _ expected: ProtocolError,
                                file: StaticString = #filePath, line: UInt = #line, _ check: (String) -> Void = { _ in }) {
        XCTAssertThrowsError(try decode(), file: file, line: line) { error in
            XCTAssertEqual(error as? ProtocolError, expected, file: file, line: line)
            check("\(error)")
        }
    }
}
