import Foundation
@testable import PhysweepCluster
import PhysweepTraining
import XCTest

/// Every message survives encode → decode, on both sides of the ROUTER, with the documented bytes.
final class ProtocolRoundTripTests: XCTestCase {
    func testEveryMessageRoundTrips() throws {
        XCTAssertEqual(Set(ProtocolSamples.messages.map(\.command)), Set(WireCommand.allCases), "a sample per command")
        for message in ProtocolSamples.messages {
            let frames = message.frames()
            XCTAssertEqual(frames.count, 3)
            XCTAssertEqual(try WireMessage.decode(frames), message, "\(message.command)")
        }
    }

    func testRoutedMessagesCarryTheRoutingIDFirst() throws {
        let id = Data([0, 0x6b, 0x8b, 0x45, 0x67])
        for message in ProtocolSamples.messages {
            let routed = RoutedMessage(routingID: id, message: message)
            let frames = routed.frames()
            XCTAssertEqual(frames.first, id)
            XCTAssertEqual(Array(frames.dropFirst()), message.frames())
            XCTAssertEqual(try RoutedMessage.decode(frames), routed)
        }
    }

    /// The exact bytes docs/protocol.md shows for simple messages.
    func testFramesAreTheDocumentedBytes() {
        XCTAssertEqual(text(WireMessage.credit(.init(slots: 2)).frames()), ["PSWP1", "CREDIT", #"{"slots":2}"#])
        XCTAssertEqual(text(WireMessage.heartbeat.frames()), ["PSWP1", "HEARTBEAT", "{}"])
        XCTAssertEqual(text(WireMessage.bye(.init(reason: "sweep complete")).frames()),
                       ["PSWP1", "BYE", #"{"reason":"sweep complete"}"#])
        XCTAssertEqual(text(WireMessage.welcome(.init(coordinator: "head:99", heartbeat: .init())).frames())[2],
                       #"{"coordinator":"head:99","heartbeat":{"interval_ms":1000,"liveness":3}}"#)
        XCTAssertEqual(text(WireMessage.failed(.init(taskID: 17, attempt: 3, error: "boom")).frames())[2],
                       #"{"attempt":3,"error":"boom","task_id":17}"#)
    }

    /// TASK's hand-assembled body (the coordinator's hot path) is the generic encoding, byte for byte.
    func testTaskBodyIsTheGenericEncoding() {
        var config = ProtocolSamples.config
        config.learningRate = 3e-4
        let tasks = [
            WireMessage.TaskAssignment(taskID: 17, taskKey: config.key, sweep: "quickstart", attempt: 1, config: config,
                                       settings: RunSettings()),
            WireMessage.TaskAssignment(taskID: .max, taskKey: "k\"ey", sweep: "sweep \"quoted\" \\ é\n", attempt: 99,
                                       config: TrainConfig.defaults(system: .burgers), settings: RunSettings(threads: 4)),
        ]
        for task in tasks {
            let generic = String(decoding: WireJSON.encode(task), as: UTF8.self)
            XCTAssertEqual(String(decoding: task.encodedBody(), as: UTF8.self), generic)
            let settings = Array(WireJSON.encode(task.settings))
            XCTAssertEqual(String(decoding: task.encodedBody(settingsJSON: settings), as: UTF8.self), generic)
        }
    }

    /// ACK's hand-written body (the coordinator sends one per commit) is the generic encoding.
    func testAckBodyIsTheGenericEncoding() {
        let acks = [
            WireMessage.Acknowledgement(outcomes: []),
            WireMessage.Acknowledgement(outcomes: [.init(taskID: 17, attempt: 2)]),
            WireMessage.Acknowledgement(outcomes: [.init(taskID: .max, attempt: .max), .init(taskID: 1, attempt: 1),
                                                   .init(taskID: 90_210, attempt: 3)]),
        ]
        for ack in acks {
            XCTAssertEqual(String(decoding: ack.encodedBody(), as: UTF8.self),
                           String(decoding: WireJSON.encode(ack), as: UTF8.self))
        }
    }

    /// RESULT's hand-written body (a worker's hot path) is the generic encoding, byte for byte,
    /// whichever optionals are set, with awkward strings and non-finite numbers.
    func testResultBodyIsTheGenericEncoding() {
        var awkward = ProtocolSamples.result
        awkward.gitCommit = nil
        awkward.machine.hostname = "quote \" backslash \\ slash / tab\t é \u{1F} 🎉"
        awkward.efficacy?.finalLoss = .nan
        awkward.efficacy?.extrapolationMSE = -.infinity
        awkward.efficacy?.extrapolationRelL2 = 5e-324
        awkward.efficiency.train.flops = 1e21
        var untrained = ProtocolSamples.result
        untrained.efficacy = nil
        let bodies = [
            WireMessage.TaskResult(taskID: 17, attempt: 2, result: ProtocolSamples.result),
            WireMessage.TaskResult(taskID: .max, attempt: 99, result: awkward, workerID: "node-1:4242 \"é\""),
            WireMessage.TaskResult(taskID: 1, attempt: 1, result: untrained, workerID: "w"),
        ]
        for body in bodies {
            XCTAssertEqual(String(decoding: body.encodedBody(), as: UTF8.self), String(decoding: WireJSON.encode(body), as: UTF8.self))
        }
    }

    func testHelloUsesTheDocumentedKeys() throws {
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: ProtocolSamples.messages[0].frames()[2]) as? [String: Any])
        XCTAssertEqual(Set(body.keys), ["worker_id", "host", "pid", "cores", "slots", "systems", "physweep_version", "git_commit"])
        XCTAssertEqual(body["systems"] as? [String], ["oscillator", "burgers", "noop", "sleep"])
    }

    func testHelloSkipsSystemsThisBuildDoesNotKnow() throws {
        let json = #"{"worker_id":"w","host":"h","pid":1,"cores":2,"slots":1,"systems":["navier-stokes","burgers"],"physweep_version":"9.0"}"#
        guard case .hello(let hello) = try WireMessage.decode([WireProtocol.versionFrame, Data("HELLO".utf8), Data(json.utf8)]) else {
            return XCTFail("not HELLO")
        }
        XCTAssertEqual(hello.systems, [.burgers])
        XCTAssertNil(hello.gitCommit)
    }

    func testNonFiniteNumbersTravelAsStrings() throws {
        let message = WireMessage.progress(.init(taskID: 1, attempt: 1, progress: TrainProgress(step: 3, totalSteps: 9, loss: .nan)))
        let json = String(decoding: message.frames()[2], as: UTF8.self)
        XCTAssertTrue(json.contains(#""loss":"NaN""#), json)
        guard case .progress(let report) = try WireMessage.decode(message.frames()) else { return XCTFail("not PROGRESS") }
        XCTAssertTrue(report.progress.loss.isNaN)
        let infinite = [WireProtocol.versionFrame, Data("PROGRESS".utf8),
                        Data(#"{"attempt":1,"progress":{"loss":"-Infinity","step":1,"total_steps":2},"task_id":1}"#.utf8)]
        guard case .progress(let negative) = try WireMessage.decode(infinite) else { return XCTFail("not PROGRESS") }
        XCTAssertEqual(negative.progress.loss, -.infinity)
    }

    func testUnknownJSONKeysAreIgnoredForForwardCompatibility() throws {
        let frames = [WireProtocol.versionFrame, Data("CREDIT".utf8), Data(#"{"slots":3,"priority":"high"}"#.utf8)]
        XCTAssertEqual(try WireMessage.decode(frames), .credit(.init(slots: 3)))
    }

    /// A repeated key: the first occurrence counts, later ones are skipped (their syntax checked),
    /// on every path: `Codable` bodies (CREDIT, HELLO), the RESULT reader, the TASK reader.
    func testTheFirstOfRepeatedKeysCounts() throws {
        func frames(_ command: String, _ json: String) -> [Data] { [WireProtocol.versionFrame, Data(command.utf8), Data(json.utf8)] }
        XCTAssertEqual(try WireMessage.decode(frames("CREDIT", #"{"slots":3,"slots":5}"#)), .credit(.init(slots: 3)))
        XCTAssertThrowsError(try WireMessage.decode(frames("CREDIT", #"{"slots":3,"slots":}"#)), "a repeat's syntax is checked")
        let hello = String(decoding: ProtocolSamples.messages[0].frames()[2], as: UTF8.self)
        guard case .hello(let decoded) = try WireMessage.decode(frames("HELLO", #"{"worker_id":"first","# + hello.dropFirst())) else {
            return XCTFail("not HELLO")
        }
        XCTAssertEqual(decoded.workerID, "first")

        let result = String(decoding: ProtocolSamples.messages[6].frames()[2], as: UTF8.self)
        let repeated = Data((#"{"task_id":5,"worker_id":"first","# + result.dropFirst() + "").utf8)
        let receipt = try ResultReceipt(body: repeated)
        XCTAssertEqual(receipt.taskID, 5)
        XCTAssertEqual(receipt.workerID, "first")
        guard case .result(let codable) = try WireMessage.decode([WireProtocol.versionFrame, Data("RESULT".utf8), repeated]) else {
            return XCTFail("not RESULT")
        }
        XCTAssertEqual(codable.taskID, 5)
        XCTAssertEqual(codable.workerID, "first")

        let task = String(decoding: ProtocolSamples.messages[4].frames()[2], as: UTF8.self)
        let first = try WireMessage.TaskAssignment(body: Data((#"{"task_id":5,"# + task.dropFirst()).utf8))
        XCTAssertEqual(first.taskID, 5)
    }

    func testReconnectBackoffDoublesUpToItsCap() {
        let backoff = ReconnectBackoff(initialMilliseconds: 250, maximumMilliseconds: 2000)
        XCTAssertEqual((0..<6).map { backoff.delayMilliseconds(afterFailures: $0) }, [250, 500, 1000, 2000, 2000, 2000])
        XCTAssertEqual(backoff.delayMilliseconds(afterFailures: Int.max), 2000)
    }

    func testHeartbeatTimeoutIsIntervalTimesLiveness() {
        XCTAssertEqual(HeartbeatSettings(intervalMilliseconds: 500, liveness: 4).timeoutMilliseconds, 2000)
    }

    private func text(_ frames: [Data]) -> [String] {
        frames.map { String(decoding: $0, as: UTF8.self) }
    }
}
