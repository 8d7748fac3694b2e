import Foundation
import PhysweepSweep
import PhysweepZMQ
import XCTest

/// Base of the tests that run real `physweep` processes: a scratch directory, spec files, a free
/// port on 127.0.0.1, and every started process killed at the end whatever happens.
class ClusterTestCase: XCTestCase {
    var directory: URL!
    private var processes: [PhysweepProcess] = []

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for process in processes { process.kill9() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts `physweep arguments…` in the scratch directory, after `prefix` (e.g. `ip netns exec HOST`) if given.
    func start(_ arguments: [String], name: String, prefix: [String] = []) throws -> PhysweepProcess {
        let process = try PhysweepProcess(arguments, in: directory, name: name, prefix: prefix)
        processes.append(process)
        return process
    }

    /// Starts another `command` (a daemon, a script) in the scratch directory.
    func start(command: [String], name: String) throws -> PhysweepProcess {
        let process = try PhysweepProcess(command: command, in: directory, name: name)
        processes.append(process)
        return process
    }

    /// Writes a spec file into the scratch directory and returns its name.
    func writeSpec(_ name: String, _ yaml: String) throws -> String {
        try yaml.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    var dbPath: String { directory.appendingPathComponent("store.sqlite").path }

    /// The store, opened read-only as `physweep status` does.
    func readStore() throws -> SweepStore { try SweepStore(path: dbPath, access: .readOnly) }

    /// A TCP endpoint on 127.0.0.1 that was free a moment ago.
    func freeEndpoint() throws -> String {
        let context = try ZMQContext()
        let probe = try context.socket(.router)
        try probe.bind("tcp://127.0.0.1:*")
        let endpoint = try probe.lastEndpoint()
        probe.close()
        return endpoint
    }

    /// Asserts the store holds exactly one result per task of `sweep`, every task done.
    func assertExactlyOneResultPerTask(_ sweep: String, tasks expected: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try readStore()
        let tasks = try store.tasks(of: sweep)
        let results = try store.results(of: sweep)
        XCTAssertEqual(tasks.count, expected, "tasks", file: file, line: line)
        XCTAssertEqual(Set(tasks.map(\.state)), [.done], file: file, line: line)
        XCTAssertEqual(results.count, expected, "one result per task", file: file, line: line)
        XCTAssertEqual(Set(results.map(\.taskKey)), Set(tasks.map(\.key)), file: file, line: line)
    }
}
