import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PhysweepReport
@testable import PhysweepSweep
import PhysweepTraining
import XCTest

final class ReportPageTests: XCTestCase {
    static let objectives = [ParetoObjective(.testMSE), ParetoObjective(.extrapolationMSE),
                             ParetoObjective(.trainFLOPs), ParetoObjective(.trainEnergyKWh)]
    var objectives: [ParetoObjective] { Self.objectives }
    /// One report of the fixture sweep, written once for every test here (they only read it).
    nonisolated(unsafe) static var directory: URL!

    override class func setUp() {
        super.setUp()
        directory = freshReportDirectory("page")
        do {
            try Report.write(records: ReportFixtures.sweep(name: "night <1> & \"co\""), objectives: objectives,
                             sweepName: "night <1> & \"co\"", carbon: nil, to: directory)
        } catch {
            XCTFail("could not write the report: \(error)")
        }
    }

    override class func tearDown() {
        if !keepReports { try? FileManager.default.removeItem(at: directory) }
        super.tearDown()
    }

    func plotFiles(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("plots").path).sorted()
    }

    func testEveryFileIsWritten() throws {
        let directory: URL = Self.directory
        for name in ["summary.md", "index.html", "results.csv", "results.json", "fronts.csv", "fronts.json", "emissions.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), name)
        }
        // Oscillator: 2 efficacy × 2 efficiency objectives. Burgers has no extrapolation set: 1 × 2.
        XCTAssertEqual(try plotFiles(directory).count, 6)
        XCTAssertTrue(try plotFiles(directory).contains("oscillator__test_mse__vs__train_flops.svg"))
    }

    func testPlotsAreWellFormedSVG() throws {
        let directory: URL = Self.directory
        for file in try plotFiles(directory) {
            let data = try Data(contentsOf: directory.appendingPathComponent("plots").appendingPathComponent(file))
            let parser = XMLParser(data: data)
            XCTAssertTrue(parser.parse(), "\(file): \(parser.parserError.map(String.init(describing:)) ?? "")")
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertTrue(text.contains("10<tspan"), "\(file) has no decade labels")
            XCTAssertTrue(text.contains("<path d=\"M"), "\(file) has no front line")
        }
    }

    func testPageIsSelfContainedAndHoldsEveryPlot() throws {
        let directory: URL = Self.directory
        let html = try readText(directory, "index.html")
        for file in try plotFiles(directory) {
            let svg = try readText(directory.appendingPathComponent("plots"), file)
            XCTAssertTrue(html.contains(svg), "\(file) is not inlined")
        }
        XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        XCTAssertFalse(html.contains("https://"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("night &lt;1&gt; &amp; &quot;co&quot;"))
        XCTAssertFalse(html.contains("night <1>"))
    }

    func testFrontRowsMatchTheSeedMeanFronts() throws {
        let directory: URL = Self.directory
        let records = ReportFixtures.sweep()
        let results = ParetoAnalysis(records, objectives: objectives)
        let references = Dictionary(uniqueKeysWithValues: results.systems.map { ($0.system, $0.referencePointByMetric) })
        let means = ParetoAnalysis(SeedGroup.groups(records), objectives: objectives, referencePoints: references)
        let markdown = try readText(directory, "summary.md")
        let starredRows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") && $0.contains("| ★ |") }
        XCTAssertEqual(starredRows.count, means.ranks.filter { $0 == 0 }.count)
        let html = try readText(directory, "index.html")
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"front\">").count - 1, starredRows.count)
        XCTAssertTrue(markdown.contains("Not analysed on extrap_mse"))  // Burgers has no extrapolation set
    }

    func testRingedPointsAreTheFullFront() throws {
        let analysis = ParetoAnalysis(ReportFixtures.sweep(), objectives: objectives)
        for system in analysis.systems {
            let svg = try readText(Self.directory.appendingPathComponent("plots"), "\(system.system.rawValue)__test_mse__vs__train_flops.svg")
            let ringed = svg.components(separatedBy: "stroke=\"#000\" stroke-width=\"1.8\"><title>").count - 1
            XCTAssertEqual(ringed, system.front.count, system.system.rawValue)
            XCTAssertTrue(svg.contains("on the \(system.objectives.count)-objective front"))
        }
    }

    func testPlottedPairsAreEfficacyAgainstEfficiency() {
        let pairs = ReportPlots.pairs(objectives).map { "\($0.y.metric.rawValue) vs \($0.x.metric.rawValue)" }
        XCTAssertEqual(pairs, ["test_mse vs train_flops", "test_mse vs train_energy_kwh",
                               "extrap_mse vs train_flops", "extrap_mse vs train_energy_kwh"])
        // Objectives all of one kind: every pair.
        let efficacyOnly = ReportPlots.pairs([ParetoObjective(.testMSE), ParetoObjective(.testRelL2), ParetoObjective(.finalLoss)])
        XCTAssertEqual(efficacyOnly.map { "\($0.y.metric.rawValue) vs \($0.x.metric.rawValue)" },
                       ["test_mse vs test_rel_l2", "test_mse vs final_loss", "test_rel_l2 vs final_loss"])
    }

    func testLogAxisTicksAtEveryDecade() {
        let axis = PlotAxis(title: "t", values: [3e-5, 2e-2])
        XCTAssertTrue(axis.isLogarithmic)
        XCTAssertEqual(axis.majorTicks.compactMap(\.exponent), [-5, -4, -3, -2, -1])
        XCTAssertEqual(axis.fraction(1e-3), 0.5, accuracy: 1e-12)
        XCTAssertFalse(PlotAxis(title: "t", values: [0, 3]).isLogarithmic)
        XCTAssertEqual(PlotAxis(title: "t", values: [0, 3]).majorTicks.map(\.value), [0, 1, 2, 3])
    }

    func testDegenerateResultsStillGiveValidFiles() throws {
        // Two identical zero-cost, zero-error results, FLOPs maximised:
        // duplicates share the front, axes fall back to linear, the reference point to "+1".
        let records = (0..<2).map { seed in
            ReportFixtures.record(system: .oscillator, seed: UInt64(seed), testMSE: 0, trainFLOPs: 0, trainWallSeconds: 0, trainJoules: 0)
        }
        let directory = try makeReportDirectory(self, "degenerate")
        try Report.write(records: records, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs, .maximize)],
                         sweepName: "noop", carbon: nil, to: directory)
        let rows = CSVReader.records(try readText(directory, "results.csv")).rows
        XCTAssertEqual(rows.map { $0["on_front"] }, ["true", "true"])
        let fronts = try JSONDecoder().decode(FrontsDocument.self, from: Data(contentsOf: directory.appendingPathComponent("fronts.json")))
        // Minimisation frame: both at (0, −0); reference (1, 1); natural FLOPs reference −1.
        XCTAssertEqual(fronts.systems[0].results.referencePoint, ["test_mse": 1, "train_flops": -1])
        XCTAssertEqual(fronts.systems[0].results.hypervolume, 1)
        let emissions = CSVReader.records(try readText(directory, "emissions.csv")).rows
        XCTAssertEqual(emissions.map { $0["emissions_rate"] }, ["", ""])
        let plot = try Data(contentsOf: directory.appendingPathComponent("plots/oscillator__test_mse__vs__train_flops.svg"))
        XCTAssertTrue(XMLParser(data: plot).parse())
        XCTAssertFalse(String(decoding: plot, as: UTF8.self).contains("10<tspan"))
    }

    func testNoRecordsGiveHeaderOnlyTables() throws {
        let directory = try makeReportDirectory(self, "empty")
        try Report.write(records: [], objectives: objectives, sweepName: "empty", carbon: nil, to: directory)
        XCTAssertEqual(CSVReader.rows(try readText(directory, "results.csv")).count, 1)
        XCTAssertEqual(CSVReader.rows(try readText(directory, "emissions.csv")).count, 1)
        XCTAssertTrue(try readText(directory, "index.html").hasSuffix("</html>\n"))
    }
}

/// The shear-flow report (Experiments/shear-flow.yaml's objectives): the paper's two views, VRMSE
/// against training and against inference CO₂, each model in its own colour (its physics-loss
/// variant in squares), and Pearson r and the rollout VRMSE in the tables.
final class ShearFlowReportTests: XCTestCase {
    func testBothFrontsAndTheGridMetricsAreShown() throws {
        let models: [ModelKind] = [.unet, .fno, .fm]
        var records: [ResultRecord] = []
        for (i, model) in models.enumerated() {
            for seed in 0..<2 as Range<UInt64> {
                var record = ReportFixtures.record(system: .shearFlow, model: model, seed: seed, testMSE: 0.01 * Double(i + 1),
                                                   trainJoules: 100 * Double(3 - i) + Double(seed))
                let errors = GridMetrics.FieldErrors(mse: 0.01, nmse: 0.02, vrmse: 0.1 * Double(i + 1), pearsonR: 0.9)
                record.result.efficacy?.grid = GridMetrics(fields: ["tracer": errors], mse: 0.01, nmse: 0.02,
                                                           vrmse: 0.1 * Double(i + 1) + 0.01 * Double(seed),
                                                           pearsonR: 0.9 - 0.1 * Double(i), rolloutVRMSE: [0.2, 0.3])
                records.append(record)
                if model != .fno {   // fno only without the physics loss: one series, circles
                    record.result.config.physicsWeight = 0.01
                    record.taskKey = record.result.config.key
                    records.append(record)
                }
            }
        }
        let directory = try makeReportDirectory(self, "shear-flow")
        let objectives = [ParetoObjective(.vrmse), ParetoObjective(.trainCO2Grams), ParetoObjective(.inferenceCO2Grams)]
        try Report.write(records: records, objectives: objectives, sweepName: "shear-flow", carbon: nil, to: directory)
        let plots = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("plots").path).sorted()
        XCTAssertEqual(plots, ["shear-flow__vrmse__vs__infer_co2_g.svg", "shear-flow__vrmse__vs__train_co2_g.svg"])
        let page = try readText(directory, "index.html")
        for text in ["VRMSE vs train CO₂", "VRMSE vs inference CO₂", "<th>Pearson r", "<th>rollout VRMSE", "estimated (tdp-share:65W)"] {
            XCTAssertTrue(page.contains(text), text)
        }
        XCTAssertEqual(Set(models.map(ReportPlots.color)).count, 3)
        let svg = try readText(directory, "plots/shear-flow__vrmse__vs__train_co2_g.svg")
        for text in [">unet<", ">unet + physics<", ">fm + physics<", ">fno<", "<rect x=", "<title>unet + physics"] {
            XCTAssertTrue(svg.contains(text), text)
        }
        XCTAssertFalse(svg.contains(">fno + physics<"))
        XCTAssertEqual(svg.components(separatedBy: " physics_weight ").count - 1, 4)   // 2 models × 2 seeds
    }
}
