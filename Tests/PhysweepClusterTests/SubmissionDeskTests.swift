import Foundation
@testable import PhysweepCluster
import PhysweepSweep
import PhysweepZMQ
import XCTest

/// What a coordinator answers a SUBMIT, without sockets: it validates the spec itself.
final class SubmissionDeskTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func store() throws -> SweepStore {
        try SweepStore(path: directory.appendingPathComponent("desk.sqlite").path)
    }

    private func submission(seeds: String, name: String = "noops") -> WireMessage.Submission {
        .init(specFile: "lab/noop.yaml", specYAML: """
            name: \(name)
            systems:
              noop: {models: [none]}
            seeds: \(seeds)
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """, rerun: false)
    }

    func testAValidSpecIsStoredAndCounted() throws {
        let store = try store()
        let reply = SubmissionDesk.answer(submission(seeds: "3"), store: store, servedSweep: nil)
        XCTAssertEqual(reply, .submitted(.init(sweep: "noops", total: 3, queued: 3, reused: 0)))
        XCTAssertEqual(try store.stateCounts(of: "noops"), [.queued: 3])
    }

    func testASpecErrorIsRejectedWithItsLocationAndNothingIsStored() throws {
        let store = try store()
        guard case .rejected(let refusal) = SubmissionDesk.answer(submission(seeds: "many"), store: store, servedSweep: nil) else {
            return XCTFail("an invalid spec was accepted")
        }
        XCTAssertTrue(refusal.error.hasPrefix("lab/noop.yaml:4:"), refusal.error)
        XCTAssertTrue(refusal.error.contains("seeds"), refusal.error)
        XCTAssertTrue(refusal.error.hasSuffix("1 error in lab/noop.yaml; nothing was submitted"), refusal.error)
        XCTAssertEqual(try store.sweeps().count, 0)
    }

    /// However many errors a spec has, REJECTED quotes the first few and counts the rest: a spec
    /// with 200,000 bad keys once got a 34 MB answer.
    func testASpecWithManyErrorsIsRejectedWithTheFirstErrorsAndACount() throws {
        let store = try store()
        var yaml = submission(seeds: "2").specYAML
        for key in 0..<500 { yaml += "\nunknown_\(key): 1" }
        let reply = SubmissionDesk.answer(.init(specFile: "lab/noop.yaml", specYAML: yaml, rerun: false), store: store,
                                          servedSweep: nil)
        guard case .rejected(let refusal) = reply else { return XCTFail("an invalid spec was accepted") }
        let lines = refusal.error.split(separator: "\n")
        XCTAssertEqual(lines.count, SubmissionDesk.maxErrorsShown + 2, refusal.error)
        XCTAssertTrue(lines[0].hasPrefix("lab/noop.yaml:6:1: "), refusal.error)
        XCTAssertEqual(lines[SubmissionDesk.maxErrorsShown], "… and 480 more error(s) not shown")
        XCTAssertEqual(lines.last, "500 errors in lab/noop.yaml; nothing was submitted")
        XCTAssertEqual(try store.sweeps().count, 0)
    }

    func testACoordinatorServingOneSweepRefusesAnother() throws {
        let store = try store()
        guard case .rejected(let refusal) = SubmissionDesk.answer(submission(seeds: "2", name: "other"), store: store,
                                                                  servedSweep: "noops") else {
            return XCTFail("a sweep the coordinator does not serve was accepted")
        }
        XCTAssertTrue(refusal.error.contains("serves only sweep noops"), refusal.error)
        XCTAssertEqual(try store.sweeps().count, 0)
    }
}

/// Submissions are worked out on their own thread; the serving loop only posts and takes answers.
final class SubmissionThreadTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private let client = Data("client".utf8)

    private func body(seeds: Int, padding: Int = 0) -> Data {
        WireMessage.submit(.init(specFile: "noop.yaml", specYAML: """
            name: noops
            systems:
              noop: {models: [none]}
            seeds: \(seeds)
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            # \(String(repeating: "x", count: padding))
            """, rerun: false)).frames()[2]
    }

    /// Runs `body` with a submission thread and the PULL socket it wakes.
    private func withThread(_ body: (SubmissionThread, ZMQSocket, SweepStore) throws -> Void) throws {
        let store = try SweepStore(path: directory.appendingPathComponent("s.sqlite").path)
        let context = try ZMQContext()
        let endpoint = "inproc://thread-test-\(UUID().uuidString)"
        let wake = try context.socket(.pull)
        try wake.bind(endpoint)
        let thread = SubmissionThread(store: store, servedSweep: nil, context: context, wakeEndpoint: endpoint)
        defer { thread.stop() }
        try body(thread, wake, store)
    }

    /// Waits for the wake-up, then takes the answers.
    private func answers(_ thread: SubmissionThread, _ wake: ZMQSocket, count: Int) throws -> [SubmissionThread.Answer] {
        var taken: [SubmissionThread.Answer] = []
        let deadline = Date().addingTimeInterval(60)
        while taken.count < count && Date() < deadline {
            _ = try wake.receive(timeoutMilliseconds: 1000)
            taken += thread.takeAnswers()
        }
        return taken
    }

    func testASubmissionIsStoredOffTheCallersThreadAndAnsweredThroughTheWakeSocket() throws {
        try withThread { thread, wake, store in
            XCTAssertNil(thread.post(submission: body(seeds: 3), from: client))
            XCTAssertNil(thread.post(submission: Data("{\"spec_file\": 1}".utf8), from: client))
            let taken = try answers(thread, wake, count: 2)
            guard taken.count == 2, case .reply(client, .submitted(let stored)) = taken[0],
                  case .malformed(client, .badJSON(.submit, _)) = taken[1] else { return XCTFail("\(taken)") }
            XCTAssertEqual(stored, .init(sweep: "noops", total: 3, queued: 3, reused: 0))
            XCTAssertEqual(try store.stateCounts(of: "noops"), [.queued: 3])
            XCTAssertFalse(thread.isBusy)
        }
    }

    func testASubmitOverTheSizeLimitIsRejectedUnreadAndNothingIsStored() throws {
        try withThread { thread, _, store in
            let big = body(seeds: 1, padding: SubmissionThread.maxBodyBytes)
            guard case .rejected(let refusal)? = thread.post(submission: big, from: client) else {
                return XCTFail("a SUBMIT over the limit was taken")
            }
            XCTAssertTrue(refusal.error.contains("a SUBMIT body of \(big.count) bytes is over this coordinator's limit of 1048576 bytes"),
                          refusal.error)
            XCTAssertFalse(thread.isBusy)
            XCTAssertEqual(try store.sweeps().count, 0)
        }
    }

    func testTheSpecGivenAtStartIsStoredWithItsCounts() throws {
        try withThread { thread, wake, store in
            let spec = try SweepSpec.parse(yaml: """
                name: noops
                systems:
                  noop: {models: [none]}
                seeds: 4
                objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
                """, file: "noop.yaml")
            thread.post(atStart: spec, discardStored: false)
            XCTAssertTrue(thread.isBusy)
            let taken = try answers(thread, wake, count: 1)
            guard case .atStart("noops", .success(let stored))? = taken.first else { return XCTFail("\(taken)") }
            XCTAssertEqual([stored.total, stored.queued, stored.reused], [4, 4, 0])
            XCTAssertEqual(try store.stateCounts(of: "noops"), [.queued: 4])
        }
    }
}
