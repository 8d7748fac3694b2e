import Foundation
@testable import PhysweepCluster
import PhysweepSweep
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
