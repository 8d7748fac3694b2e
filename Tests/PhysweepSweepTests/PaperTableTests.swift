import Foundation
import PhysweepMetering
import PhysweepTraining
import XCTest
@testable import PhysweepReport
import PhysweepSweep

/// The paper-table view on fixture stores: one row per model and activation, mean ± std over seeds,
/// energy figures marked with how they were obtained, reference numbers beside ours.
final class PaperTableTests: XCTestCase {
    /// Oscillator MLPs with two activations and a Burgers ladder, 3 seeds each.
    private func records() -> [ResultRecord] {
        var records: [ResultRecord] = []
        for seed: UInt64 in 0..<3 {
            for (k, activation) in [Activation.relu, .snake].enumerated() {
                records.append(ReportFixtures.record(system: .oscillator, model: .mlp, activation: activation, width: 64,
                                                     seed: seed, testMSE: 0.01 * Double(k + 1) + 0.001 * Double(seed),
                                                     extrapolationMSE: 0.5 / Double(k + 1) + 0.01 * Double(seed),
                                                     trainJoules: 100 + Double(seed)))
            }
            for (k, model) in [ModelKind.nn, .cPINN].enumerated() {
                records.append(ReportFixtures.record(system: .burgers, model: model, activation: .tanh, seed: seed,
                                                     testMSE: 1e-4, testRelL2: 0.1 / Double(k + 1) + 0.001 * Double(seed),
                                                     trainJoules: 1000, energySource: .measured,
                                                     energyMethod: "rapl:intel-rapl:0"))
            }
        }
        return records
    }

    private func reference() throws -> PaperReference {
        let json = """
        {"paper": "arXiv 2509.24517v1",
         "values": [
           {"system": "burgers", "model": "c-pinn", "metric": "test_rel_l2", "value": 0.0042, "source": "Table 9"},
           {"system": "burgers", "model": "nn", "metric": "test_rel_l2", "value": null, "source": "not found: table missing"},
           {"system": "oscillator", "model": "mlp", "activation": "snake", "metric": "extrap_mse", "value": null,
            "source": "not found: not reachable"}]}
        """
        return try load(json)
    }

    private func load(_ json: String) throws -> PaperReference {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paper-reference-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try PaperReference.load(from: url)
    }

    func testRowsAreModelsAndActivationsWithMeanAndStdOverSeeds() throws {
        let table = PaperTable(records: records(), reference: nil)
        XCTAssertEqual(table.sections.map(\.system), [.oscillator, .burgers])
        XCTAssertEqual(table.sections[0].rows.map(\.label), ["mlp relu", "mlp snake"])
        XCTAssertEqual(table.sections[1].rows.map(\.label), ["nn tanh", "c-pinn tanh"])
        XCTAssertEqual(table.sections[0].efficacy, [.testMSE, .testRelL2, .extrapolationMSE, .extrapolationRelL2])
        XCTAssertEqual(table.sections[1].efficacy, [.testMSE, .testRelL2])

        let markdown = PaperTableRendering.markdown(table)
        // relu extrapolation MSE over seeds: 0.50, 0.51, 0.52 → mean 0.51, std 0.01.
        let reluRow = try XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| mlp relu | 3 | ") && $0.contains("0.510 ± 0.010") })
        XCTAssertFalse(reluRow.contains("[a]"), "efficacy figures carry no energy mark")
        XCTAssertTrue(markdown.contains("### oscillator: efficacy (mean ± std over seeds)"))
        XCTAssertTrue(markdown.contains("### burgers: efficiency (mean ± std over seeds)"))
    }

    func testSettingsThatVaryWithinAModelAreInItsRowLabels() {
        let records = [32, 64].flatMap { width in
            [Activation.relu, .snake].map { ReportFixtures.record(activation: $0, width: width, testMSE: 0.1) }
        } + [ReportFixtures.record(model: .pinn, testMSE: 0.1)]
        XCTAssertEqual(PaperTable(records: records, reference: nil).sections[0].rows.map(\.label),
                       ["mlp relu width=32", "mlp snake width=32", "mlp relu width=64", "mlp snake width=64", "pinn snake"])
    }

    func testEveryEnergyAndCO2FigureSaysHowItWasObtained() throws {
        let markdown = PaperTableRendering.markdown(PaperTable(records: records(), reference: nil))
        let sections = markdown.components(separatedBy: "### ")
        let oscillator = try XCTUnwrap(sections.first { $0.hasPrefix("oscillator: efficiency") })
        let burgers = try XCTUnwrap(sections.first { $0.hasPrefix("burgers: efficiency") })
        XCTAssertTrue(oscillator.contains("- [a] energy and CO₂ estimated: tdp-share:65W"))
        XCTAssertTrue(burgers.contains("- [a] energy and CO₂ measured: rapl:intel-rapl:0"))
        for section in [oscillator, burgers] {
            let header = try XCTUnwrap(section.split(separator: "\n").first { $0.hasPrefix("| model") })
            let columns = header.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            for row in section.split(separator: "\n") where row.hasPrefix("| ") && !row.hasPrefix("| model") {
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                XCTAssertEqual(cells.count, columns.count)
                for (column, cell) in zip(columns, cells) where column.contains("energy") || column.contains("CO₂") {
                    XCTAssertTrue(cell.hasSuffix("[a]"), "\(column): \(cell)")
                }
            }
        }
    }

    func testReferenceNumbersStandBesideOursAndMissingOnesAreSaidNotFound() throws {
        let table = PaperTable(records: records(), reference: try reference())
        let markdown = PaperTableRendering.markdown(table)
        let burgers = try XCTUnwrap(markdown.components(separatedBy: "### ").first { $0.hasPrefix("burgers: efficacy") })
        XCTAssertTrue(burgers.contains("| model | seeds | test MSE | test rel. L2 | test rel. L2 (paper) |"))
        XCTAssertTrue(burgers.contains("| 4.20e-3 (Table 9) |"), burgers)
        XCTAssertTrue(burgers.contains("| nn tanh | 3 |") && burgers.contains("| not found |"))
        let oscillator = try XCTUnwrap(markdown.components(separatedBy: "### ").first { $0.hasPrefix("oscillator: efficacy") })
        XCTAssertTrue(oscillator.contains("Paper values (arXiv 2509.24517v1): not found for extrap. MSE"))
        XCTAssertFalse(oscillator.contains("(paper)"))
    }

    func testLaTeXIsBooktabsWithEscapedText() throws {
        let latex = PaperTableRendering.latex(PaperTable(records: records(), reference: try reference()))
        XCTAssertEqual(latex.components(separatedBy: "\\toprule").count - 1, 4)
        XCTAssertEqual(latex.components(separatedBy: "\\bottomrule").count - 1, 4)
        XCTAssertTrue(latex.contains("0.510 $\\pm$ 0.010"))
        XCTAssertTrue(latex.contains("train CO$_2$ [g CO$_2$eq]"))
        XCTAssertFalse(latex.contains("±") || latex.contains("₂"))
        // Each row has as many cells as its table has columns.
        for table in latex.components(separatedBy: "\\begin{tabular}").dropFirst() {
            let spec = try XCTUnwrap(table.split(separator: "}").first)
            let lines = table.split(separator: "\n").filter { $0.hasSuffix("\\\\") }
            XCTAssertFalse(lines.isEmpty)
            for line in lines { XCTAssertEqual(line.components(separatedBy: " & ").count, spec.count - 1, String(line)) }
        }
        XCTAssertEqual(PaperTableRendering.latexEscape("a_b & 5% #1"), "a\\_b \\& 5\\% \\#1")
    }

    func testReferenceFileIsChecked() {
        XCTAssertThrowsError(try load(#"{"paper": "p", "values": [{"system": "burgers", "model": "nn", "metric": "test_rel", "value": 1, "source": "T1"}]}"#)) {
            XCTAssertTrue("\($0)".contains("values[0].metric: unknown metric 'test_rel'"), "\($0)")
        }
        XCTAssertThrowsError(try load(#"{"paper": "p", "values": [{"system": "burgers", "model": "nn", "metric": "test_rel_l2", "value": null, "source": "Table 1"}]}"#)) {
            XCTAssertTrue("\($0)".contains("values[0].source: an entry without a value must say \"not found"), "\($0)")
        }
        XCTAssertThrowsError(try load(#"{"paper": "p", "values": [{"system": "burgers", "model": "nn", "metric": "test_rel_l2", "value": 1, "source": " "}]}"#))
        XCTAssertThrowsError(try load("[1, 2]"))
    }
}
