import Foundation
import PhysweepMetering
@testable import PhysweepTraining
import XCTest

/// Command tasks end to end through `Trainer.run`, with real Python programs (standard library only).
final class CommandRunTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `source` as the program with user field `lr` ∈ {0.5, 0.1} at `lr` = 0.1.
    private func run(_ source: String, arguments: [String] = ["{lr}"], timeout: Double? = 60,
                     progress: ((TrainProgress) -> Void)? = nil) throws -> TrainResult {
        try source.write(to: directory.appendingPathComponent("program.py"), atomically: true, encoding: .utf8)
        let command = CommandSettings(program: "python3", arguments: ["program.py"] + arguments, workingDirectory: directory.path,
                                      environment: ["LABEL": "lr is {lr}"], timeoutSeconds: timeout, graceSeconds: 1,
                                      outputDirectory: directory.appendingPathComponent("out").path,
                                      fields: [CommandField(name: "lr", values: [.double(0.5), .double(0.1)])])
        var config = TrainConfig.defaults(system: .command)
        try command.configFields()[0].set(.double(0.1), in: &config)
        config.seed = 7
        return try Trainer.run(config, settings: RunSettings(command: command), attempt: 2, progress: progress)
    }

    private func failure(_ source: String, timeout: Double? = 60) throws -> String {
        do {
            _ = try run(source, timeout: timeout)
        } catch let error as TrainError {
            guard case .commandFailed = error else { throw error }
            return error.description
        }
        XCTFail("the task did not fail")
        return ""
    }

    func testATinyModelTrainedByAStdlibProgramGivesAMeteredResult() throws {
        let source = """
            import json, os, sys
            task = json.load(sys.stdin)
            assert task == json.load(open(os.environ["PHYSWEEP_CONFIG"])), "stdin and PHYSWEEP_CONFIG differ"
            assert task["config"] == {"lr": 0.1, "seed": 7}, task
            assert task["attempt"] == 2 and os.environ["PHYSWEEP_ATTEMPT"] == "2"
            assert os.environ["LABEL"] == "lr is 0.1" and sys.argv[1] == "0.1"
            assert os.path.isdir(os.environ["PHYSWEEP_OUTPUT_DIR"])
            lr = float(sys.argv[1])
            xs = [i / 50 for i in range(50)]; ys = [3 * x + 1 for x in xs]
            w = b = 0.0
            mse = lambda: sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
            first = mse()
            for step in range(2000):
                gw = sum(2 * (w * x + b - y) * x for x, y in zip(xs, ys)) / len(xs)
                gb = sum(2 * (w * x + b - y) for x, y in zip(xs, ys)) / len(xs)
                w, b = w - lr * gw, b - lr * gb
                if step % 500 == 0:
                    print("physweep:progress " + json.dumps({"step": step, "total_steps": 2000, "loss": mse()}), flush=True)
            json.dump({"initial_loss": first, "final_loss": mse(), "test_mse": mse(), "params": 2, "w": w, "note": "x"},
                      open(os.environ["PHYSWEEP_RESULT_FILE"], "w"))
            """
        let steps = LockedSteps()
        let result = try run(source) { steps.append($0.step) }
        let efficacy = try XCTUnwrap(result.efficacy)
        XCTAssertLessThan(efficacy.testMSE, 1e-3)
        XCTAssertLessThan(efficacy.finalLoss, efficacy.initialLoss)
        XCTAssertTrue(efficacy.testRelL2.isNaN, "not reported: missing, never 0")
        XCTAssertEqual(result.efficiency.parameterCount, 2)
        let record = try XCTUnwrap(result.command)
        XCTAssertEqual(record.metrics["w"] ?? 0, 3, accuracy: 0.05)
        XCTAssertNil(record.metrics["note"], "non-numeric members are not metrics")
        XCTAssertTrue(record.outputDirectory.hasSuffix("/\(result.configHash)/attempt-2"))
        let train = result.efficiency.train
        XCTAssertTrue(train.flops.isNaN, "FLOPs the program did not report are not counted, never 0")
        XCTAssertGreaterThan(train.cpuSeconds, 0.01)
        XCTAssertGreaterThan(train.peakRSSBytes, 1 << 20)
        XCTAssertEqual(train.scope, MeterScope(cpu: .children, peakRSS: .children))
        XCTAssertTrue(train.energy.method.contains(PhaseMeter.childrenMarker) || train.energy.source == .measured,
                      train.energy.method)
        XCTAssertEqual(steps.all, [0, 500, 1000, 1500])
    }

    func testACrashIsAFailureWithItsExitStatusAndStderr() throws {
        let message = try failure("import sys\nsys.stderr.write('Traceback: out of memory\\n')\nsys.exit(3)\n")
        XCTAssertTrue(message.contains("exit status 3"), message)
        XCTAssertTrue(message.contains("Traceback: out of memory"), message)
    }

    func testASignalIsAFailure() throws {
        let message = try failure("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
        XCTAssertTrue(message.contains("killed by signal 9"), message)
    }

    func testAProgramPastItsTimeoutFails() throws {
        let start = Date()
        let message = try failure("import time\ntime.sleep(600)\n", timeout: 1)
        XCTAssertTrue(message.contains("timed out"), message)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }

    func testAMissingResultFileIsAFailure() throws {
        let message = try failure("print('done')\n")
        XCTAssertTrue(message.contains("wrote no result file"), message)
    }

    func testAMalformedResultFileIsAFailure() throws {
        for body in ["{\"test_mse\": ", "[1, 2]", "{\"test_mse\": \"small\"}"] {
            let message = try failure("import os\nopen(os.environ['PHYSWEEP_RESULT_FILE'], 'w').write('\(body)')\n")
            XCTAssertTrue(message.contains("malformed result file"), "\(body): \(message)")
        }
    }

    func testArgumentsAreNeverShellWords() throws {
        let source = """
            import json, os, sys
            assert sys.argv[1:] == ["a b; echo x", "$HOME", "{lit}"], sys.argv
            json.dump({"test_mse": 1}, open(os.environ["PHYSWEEP_RESULT_FILE"], "w"))
            """
        XCTAssertEqual(try run(source, arguments: ["a b; echo x", "$HOME", "{{lit}}"]).efficacy?.testMSE, 1)
    }

    func testUserFieldsAreDigitsOfTheCommandPoint() throws {
        let command = CommandSettings(program: "true", fields: [
            CommandField(name: "lr", values: [.double(0.1), .double(0.01), .double(0.001)]),
            CommandField(name: "optimizer", values: [.string("adam"), .string("sgd")]),
        ])
        let fields = command.configFields()
        var config = TrainConfig.defaults(system: .command)
        var seen = Set<Int>()
        for lr in command.fields[0].values {
            for optimizer in command.fields[1].values {
                try fields[1].set(optimizer, in: &config)
                try fields[0].set(lr, in: &config)
                let values = try XCTUnwrap(command.values(at: config.commandPoint))
                XCTAssertEqual(values.map(\.value), [lr, optimizer])
                seen.insert(config.commandPoint)
            }
        }
        XCTAssertEqual(seen, Set(0..<6))
        XCTAssertNil(command.values(at: 6))
        XCTAssertThrowsError(try fields[0].set(.double(0.5), in: &config))
    }

    func testPlaceholders() throws {
        XCTAssertEqual(try CommandSettings.fill("--lr={lr} {{x}}", with: ["lr": "0.1"]), "--lr=0.1 {x}")
        XCTAssertThrowsError(try CommandSettings.fill("{nope}", with: ["lr": "0.1"]))
        XCTAssertThrowsError(try CommandSettings.fill("{lr", with: ["lr": "0.1"]))
    }
}

private final class LockedSteps: @unchecked Sendable {
    private let lock = NSLock()
    private var steps: [Int] = []
    func append(_ step: Int) { lock.lock(); steps.append(step); lock.unlock() }
    var all: [Int] { lock.lock(); defer { lock.unlock() }; return steps }
}
