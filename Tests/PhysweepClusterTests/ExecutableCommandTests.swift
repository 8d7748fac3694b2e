import Foundation
import PhysweepSystems
import PhysweepTraining
import XCTest

/// The single-run commands as a user calls them: the real executable, its files and its JSON.
final class ExecutableCommandTests: ClusterTestCase {
    func testDatasetBurgersWritesTheReferenceSolutionAsCSV() throws {
        let run = try start(["dataset", "burgers", "--grid-x", "9", "--grid-t", "4", "--out", "burgers.csv"], name: "dataset")
        XCTAssertEqual(run.wait(timeout: 60), 0, run.stderr)
        let text = try String(contentsOf: directory.appendingPathComponent("burgers.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.first, "x,t,u")
        XCTAssertEqual(lines.count, 1 + 9 * 4)
        let reference = try BurgersSolution()
        for line in lines.dropFirst() {
            let v = line.split(separator: ",").map { Double($0)! }
            XCTAssertEqual(v[2], reference.u(x: v[0], t: v[1]), accuracy: 1e-12, "at x=\(v[0]), t=\(v[1])")
        }
    }

    func testDatasetShearFlowWritesTheWellsLayoutOnceAndReusesIt() throws {
        let arguments = ["dataset", "shear-flow", "--out", "sets", "--nx", "8", "--nz", "16", "--frames", "3",
                         "--widths", "1", "--blobs", "2,3,4"]
        let first = try start(arguments, name: "dataset")
        XCTAssertEqual(first.wait(timeout: 120), 0, first.stderr)
        let path = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(path.hasPrefix(directory.appendingPathComponent("sets/shear_flow-").path), path)
        for split in ["train", "valid", "test"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: path + "/data/" + split)
            XCTAssertEqual(files, ["shear_flow_Reynolds_3000_Schmidt_1.hdf5"], split)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/stats.yaml"))
        let second = try start(arguments, name: "dataset-again")
        XCTAssertEqual(second.wait(timeout: 60), 0, second.stderr)
        XCTAssertEqual(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines), path)
        XCTAssertTrue(second.stderr.contains("reused the cached set"), second.stderr)
        let wrong = try start(["dataset", "burgers", "--reynolds", "10"], name: "dataset-wrong")
        XCTAssertEqual(wrong.wait(timeout: 30), 64)
        XCTAssertTrue(wrong.stderr.contains("for shear-flow only"), wrong.stderr)
    }

    /// The hint itself, not just the list of systems (which names `burgers` whatever the hint says).
    func testDatasetRejectsAnUnknownSystemWithASuggestion() throws {
        let typo = try start(["dataset", "burger"], name: "dataset-typo")
        let status = typo.wait(timeout: 30)
        XCTAssertNotNil(status)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(typo.stderr.contains(#"unknown system "burger" (did you mean burgers?)"#), typo.stderr)

        let unrelated = try start(["dataset", "quasar"], name: "dataset-unrelated")
        XCTAssertNotEqual(unrelated.wait(timeout: 30) ?? 0, 0)
        XCTAssertTrue(unrelated.stderr.contains(#"unknown system "quasar"; choose one of"#), unrelated.stderr)
        XCTAssertFalse(unrelated.stderr.contains("did you mean"), unrelated.stderr)
    }

    func testTrainJSONIsATrainResultOfTheRequestedConfig() throws {
        let run = try start(["train", "--system", "oscillator", "--model", "pinn", "--width", "8",
                             "--steps", "50", "--json"], name: "train")
        XCTAssertEqual(run.wait(timeout: 120), 0, run.stderr)
        let result = try JSONDecoder().decode(TrainResult.self, from: Data(run.stdout.utf8))
        XCTAssertEqual(result.config.model, .pinn)
        XCTAssertEqual(result.config.width, 8)
        XCTAssertEqual(result.configHash, result.config.key)
        XCTAssertGreaterThan(result.efficiency.train.flops, 0)
        XCTAssertTrue(result.efficacy?.testRelL2.isFinite == true)
    }

    /// The issue's command, at a tiny size: a generated set in the scratch directory, The Well's metrics in the JSON.
    func testTrainShearFlowPrintsTheWellsMetrics() throws {
        setenv("PHYSWEEP_DATA_DIR", directory.appendingPathComponent("cache").path, 1)
        defer { unsetenv("PHYSWEEP_DATA_DIR") }
        let run = try start(["train", "--system", "shear-flow", "--model", "fno", "--grid-nx", "16", "--grid-nz", "32",
                             "--frames", "8", "--horizon", "2", "--steps", "5", "--batch-size", "2", "--width", "4",
                             "--depth", "2", "--modes", "3", "--json"], name: "train")
        XCTAssertEqual(run.wait(timeout: 300), 0, run.stderr)
        let result = try JSONDecoder().decode(TrainResult.self, from: Data(run.stdout.utf8))
        XCTAssertEqual(result.config.system, .shearFlow)
        XCTAssertEqual(result.config.model, .fno)
        let grid = try XCTUnwrap(result.efficacy?.grid)
        XCTAssertEqual(grid.rolloutVRMSE.count, 2)
        XCTAssertTrue(grid.vrmse.isFinite && grid.vrmse > 0)
        XCTAssertTrue(run.stdout.contains("\"velocity_z\""), run.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("cache").path))
    }

    /// The PINN variant from the command line: `--physics-weight` trains with the vorticity residual.
    func testTrainShearFlowWithPhysicsWeight() throws {
        setenv("PHYSWEEP_DATA_DIR", directory.appendingPathComponent("cache").path, 1)
        defer { unsetenv("PHYSWEEP_DATA_DIR") }
        let run = try start(["train", "--system", "shear-flow", "--model", "fno", "--grid-nx", "16", "--grid-nz", "32",
                             "--frames", "8", "--horizon", "2", "--steps", "5", "--batch-size", "2", "--width", "4",
                             "--depth", "2", "--modes", "3", "--physics-weight", "0.1", "--json"], name: "train")
        XCTAssertEqual(run.wait(timeout: 300), 0, run.stderr)
        let result = try JSONDecoder().decode(TrainResult.self, from: Data(run.stdout.utf8))
        XCTAssertEqual(result.config.physicsWeight, 0.1)
        XCTAssertTrue(result.efficacy?.grid?.vrmse.isFinite == true)
        XCTAssertTrue(result.efficacy?.finalLoss.isFinite == true)
    }
}
