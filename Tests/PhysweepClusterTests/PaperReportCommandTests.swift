import Foundation
import PhysweepSweep
import XCTest

/// `physweep report --tables --claims`: the paper view over every sweep in a store, as
/// Experiments/paper/reproduce.sh calls it, with the shipped reference file.
final class PaperReportCommandTests: ClusterTestCase {
    private let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments/paper/reference.json").path

    func testTablesAndClaimsCoverEverySweepInTheStore() throws {
        for (name, models) in [("mlps", "mlp"), ("pinns", "pinn")] {
            let spec = try writeSpec("\(name).yaml", """
                name: \(name)
                systems:
                  oscillator: {models: [\(models)]}
                grid: {activation: [relu, snake]}
                fixed: {steps: 30, width: 8}
                seeds: 2
                objectives: [extrap_mse, train_co2_g]
                """)
            let run = try start(["run", spec, "--workers", "2", "--db", dbPath, "--no-report"], name: "run-\(name)")
            XCTAssertEqual(run.wait(timeout: 120), 0, run.stderr)
        }
        let report = try start(["report", "--db", dbPath, "--out", "paper", "--tables", "--claims", "--reference", reference],
                               name: "report")
        XCTAssertEqual(report.wait(timeout: 60), 0, report.stderr)
        let folder = directory.appendingPathComponent("paper")
        let tables = try String(contentsOf: folder.appendingPathComponent("paper-tables.md"), encoding: .utf8)
        for row in ["| mlp relu | 2 |", "| mlp snake | 2 |", "| pinn relu | 2 |", "| pinn snake | 2 |"] {
            XCTAssertTrue(tables.contains(row), "\(row) missing from\n\(tables)")
        }
        XCTAssertTrue(tables.contains("not found for test MSE, extrap. MSE"), tables)
        let latex = try String(contentsOf: folder.appendingPathComponent("paper-tables.tex"), encoding: .utf8)
        XCTAssertTrue(latex.contains("\\toprule"))
        let claims = try String(contentsOf: folder.appendingPathComponent("claims.md"), encoding: .utf8)
        // Both sweeps feed the claims: the PINN claim needs the pinn sweep and the mlp sweep.
        let pinnRow = try XCTUnwrap(claims.split(separator: "\n").first { $0.hasPrefix("| oscillator (damped)") })
        XCTAssertTrue(pinnRow.contains("pinn snake/mlp snake = "), String(pinnRow))
        XCTAssertTrue(claims.contains("| burgers: C-PINN reaches the lowest error |"), claims)
    }

    func testABadReferenceFileIsRejectedWithItsProblem() throws {
        let spec = try writeSpec("noop.yaml", """
            name: noops
            systems:
              noop: {models: [none]}
            objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
            """)
        XCTAssertEqual(try start(["run", spec, "--db", dbPath, "--no-report"], name: "run").wait(timeout: 60), 0)
        let bad = directory.appendingPathComponent("bad.json")
        try Data(#"{"paper": "p", "values": [{"system": "burgers", "model": "nn", "metric": "test", "value": 1, "source": "T1"}]}"#.utf8)
            .write(to: bad)
        let report = try start(["report", "--db", dbPath, "--out", "paper", "--tables", "--reference", bad.path], name: "report")
        XCTAssertNotEqual(report.wait(timeout: 60), 0)
        XCTAssertTrue(report.stderr.contains("values[0].metric: unknown metric 'test'"), report.stderr)
    }
}
