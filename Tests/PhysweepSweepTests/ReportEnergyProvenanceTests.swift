import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PhysweepMetering
import PhysweepReport
import PhysweepSweep
import PhysweepTraining
import XCTest

/// Every plot, front, energy/CO₂ column and summary of a report says which figures are measured and
/// which estimated, by which method, and says so when a front mixes them.
final class ReportEnergyProvenanceTests: XCTestCase {
    private let rapl = "rapl:package-0(whole-package)"
    private let tdp = "tdp-share:65W/2cores"

    /// Three oscillator results: a measured cheap one and an estimated accurate one share the
    /// front; an estimated one is dominated. One burgers result, estimated.
    private var records: [ResultRecord] {
        [
            ReportFixtures.record(width: 16, testMSE: 1e-3, trainJoules: 100, energySource: .measured, energyMethod: rapl),
            ReportFixtures.record(width: 64, testMSE: 1e-5, trainJoules: 1000, energySource: .estimated, energyMethod: tdp),
            ReportFixtures.record(width: 32, testMSE: 1e-2, trainJoules: 2000, energySource: .estimated, energyMethod: tdp),
            ReportFixtures.record(system: .burgers, testMSE: 1e-3, trainJoules: 50, energySource: .estimated, energyMethod: tdp),
        ]
    }

    private let objectives = [ParetoObjective(.testMSE), ParetoObjective(.trainCO2Grams)]

    func testPlotsMarkMeasuredAndEstimatedPoints() throws {
        let directory = try makeReportDirectory(self, "provenance-plots")
        try Report.write(records: records, objectives: objectives, sweepName: "mixed", carbon: nil, to: directory)
        let svg = try readText(directory, "plots/oscillator__test_mse__vs__train_co2_g.svg")
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertTrue(svg.contains(">train CO₂: 1 measured, 2 estimated; the front mixes measured and estimated</text>"), svg)
        XCTAssertTrue(svg.contains(">energy measured</text>") && svg.contains(">energy estimated</text>"))
        // Two hollow (estimated) points and one filled, each saying how its energy was obtained.
        XCTAssertEqual(svg.components(separatedBy: "fill=\"white\" fill-opacity=\"1\"").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "; energy measured (\(rapl))</title>").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "; energy estimated (\(tdp))</title>").count - 1, 2)
        let burgers = try readText(directory, "plots/burgers__test_mse__vs__train_co2_g.svg")
        XCTAssertTrue(burgers.contains(">train CO₂: 1 estimated</text>"))
        // The page's caption names the methods.
        let page = try readText(directory, "index.html")
        XCTAssertTrue(page.contains("<figcaption>train CO₂: 1 measured (\(rapl)), 2 estimated (\(tdp)); "
                                    + "the front of this plot mixes measured and estimated figures.</figcaption>"))
        XCTAssertTrue(page.contains("<figcaption>train CO₂: 1 estimated (\(tdp)).</figcaption>"))
    }

    func testFrontsSayHowTheirEnergyWasObtained() throws {
        let directory = try makeReportDirectory(self, "provenance-fronts")
        try Report.write(records: records, objectives: objectives, sweepName: "mixed", carbon: nil, to: directory)
        let fronts = try JSONDecoder().decode(FrontsDocument.self, from: Data(contentsOf: directory.appendingPathComponent("fronts.json")))
        XCTAssertEqual(fronts.systems.map(\.results.energy), ["mixed", "estimated"])
        XCTAssertEqual(Set(fronts.systems[0].results.front.compactMap(\.energy).flatMap { $0 }),
                       ["train_co2_g: measured (\(rapl))", "train_co2_g: estimated (\(tdp))"])
        let csv = CSVReader.records(try readText(directory, "fronts.csv"))
        XCTAssertTrue(csv.rows.allSatisfy { $0["energy"]?.hasPrefix("train_co2_g: ") == true })

        // Without an energy objective the fronts carry no energy label.
        let plain = try makeReportDirectory(self, "provenance-none")
        try Report.write(records: records, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)], sweepName: "plain",
                         carbon: nil, to: plain)
        let none = try JSONDecoder().decode(FrontsDocument.self, from: Data(contentsOf: plain.appendingPathComponent("fronts.json")))
        XCTAssertEqual(none.systems.map(\.results.energy), [nil, nil])
    }

    func testSummariesCountMeasuredAndEstimatedFigures() throws {
        let directory = try makeReportDirectory(self, "provenance-summary")
        try Report.write(records: records, objectives: objectives, sweepName: "mixed", carbon: nil, to: directory)
        for file in ["summary.md", "index.html"] {
            let text = try readText(directory, file)
            XCTAssertTrue(text.contains("Energy and CO₂ figures: training 1 measured (\(rapl)), 3 estimated (\(tdp))"), file)
            XCTAssertTrue(text.contains("front mixes measured and estimated energy/CO₂ figures: 1 measured (\(rapl)), 1 estimated (\(tdp))"), file)
            XCTAssertTrue(text.contains("train energy source"), file)
        }
        let results = CSVReader.records(try readText(directory, "results.csv"))
        XCTAssertEqual(results.rows.map { $0["train_energy_source"] }, ["measured", "estimated", "estimated", "estimated"])
    }
}
