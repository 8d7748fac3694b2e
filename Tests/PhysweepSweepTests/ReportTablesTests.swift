import Foundation
import PhysweepMetering
@testable import PhysweepReport
@testable import PhysweepSweep
import PhysweepTraining
import XCTest

final class ReportTablesTests: XCTestCase {
    let objectives = [ParetoObjective(.testMSE), ParetoObjective(.trainFLOPs)]

    func testCSVQuotingRoundTrips() {
        let awkward = ["plain", "a,b", "say \"hi\"", "two\nlines", " padded ", ""]
        let table = ReportTable(columns: ["x", "y,z"], rows: awkward.map { [.text($0), .integer(1)] })
        let rows = CSVReader.rows(table.csv)
        XCTAssertEqual(rows[0], ["x", "y,z"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, awkward)
        XCTAssertEqual(CSV.field("a\"b"), "\"a\"\"b\"")
    }

    func testCSVNumbers() {
        XCTAssertEqual(ReportCell.number(321).csvText, "321")
        XCTAssertEqual(ReportCell.number(1e-5).csvText, "1e-05")
        XCTAssertEqual(ReportCell.number(0.1).csvText, "0.1")
        XCTAssertEqual(ReportCell.number(.nan).csvText, "nan")
        XCTAssertEqual(ReportCell.empty.csvText, "")
    }

    func testHumanNumbers() {
        XCTAssertEqual(NumberFormat.short(1.23456e-4), "1.23e-4")
        XCTAssertEqual(NumberFormat.short(2.5e10), "2.50e10")
        XCTAssertEqual(NumberFormat.short(0.0123456), "0.0123")
        XCTAssertEqual(NumberFormat.short(321), "321")
        XCTAssertEqual(NumberFormat.tick(0.5), "0.5")
        XCTAssertEqual(NumberFormat.tick(-1), "-1")
        XCTAssertEqual(NumberFormat.tick(20), "20")
        XCTAssertEqual(NumberFormat.meanStd(MetricSummary([1, 3])!), "2.00 ± 1.4")
        XCTAssertEqual(NumberFormat.meanStd(MetricSummary([2, 2])!), "2.00")
    }

    func testSameRecordsGiveIdenticalFiles() throws {
        let records = Array(ReportFixtures.sweep().prefix(24))
        let first = try makeReportDirectory(self, "same-1"), second = try makeReportDirectory(self, "same-2")
        let written = try Report.write(records: records, objectives: objectives, sweepName: "n", carbon: nil, to: first)
        try Report.write(records: records, objectives: objectives, sweepName: "n", carbon: nil, to: second)
        XCTAssertEqual(written.count, 7 + 1)  // seven files and one plot (one system, one pair)
        for url in written {
            let relative = String(url.path.dropFirst(first.path.count))
            XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: URL(fileURLWithPath: second.path + relative)), relative)
        }
    }

    func testMarkupEscaping() {
        XCTAssertEqual(Markup.escape("<a href=\"x\">R&D's</a>"), "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;")
        XCTAssertEqual(Markup.markdownCell("a|b\nc"), "a\\|b c")
    }

    func testResultsFilesHaveOneRowPerTaskAndMatchTheParetoModule() throws {
        // A sweep name that needs CSV quoting and JSON escaping.
        let name = "night, \"1\""
        var records = ReportFixtures.sweep(name: name)
        let retried = records[0]
        var stale = retried
        stale.attempt = 0
        stale.result.efficacy?.testMSE = 99
        records.append(stale)  // an older attempt of the first task: must be dropped
        let directory = try makeReportDirectory(self, "tables")
        try Report.write(records: records, objectives: objectives, sweepName: name, carbon: nil, to: directory)

        let csv = CSVReader.records(try readText(directory, "results.csv"))
        let expected = ReportFixtures.sweep(name: name)
        XCTAssertEqual(csv.rows.count, expected.count)
        for column in ["sweep", "task_key", "system", "model", "activation", "width", "depth", "seed", "test_mse",
                       "train_flops", "train_energy_kwh", "train_energy_source", "train_energy_method", "pareto_rank",
                       "on_front"] {
            XCTAssertTrue(csv.header.contains(column), column)
        }
        XCTAssertEqual(csv.rows[0]["test_mse"].flatMap(Double.init), retried.result.efficacy?.testMSE)

        let analysis = ParetoAnalysis(expected, objectives: objectives)
        XCTAssertEqual(csv.rows.map { $0["on_front"] == "true" }, analysis.ranks.map { $0 == 0 })
        XCTAssertEqual(csv.rows.map { $0["pareto_rank"].flatMap(Int.init) }, analysis.ranks)
        XCTAssertEqual(csv.rows.map { $0["task_key"]! }, expected.map(\.taskKey))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("results.json")))
        let objects = try XCTUnwrap(json as? [[String: Any]])
        XCTAssertEqual(objects.count, expected.count)
        XCTAssertEqual(objects[0]["sweep"] as? String, name)
        XCTAssertEqual(objects[0]["width"] as? Int, expected[0].result.config.width)
        XCTAssertTrue(objects.allSatisfy { Set($0.keys) == Set(csv.header) })
    }

    func testFrontsFilesMatchTheParetoModule() throws {
        let records = ReportFixtures.sweep()
        let directory = try makeReportDirectory(self, "fronts")
        try Report.write(records: records, objectives: objectives, sweepName: "night", carbon: nil, to: directory)
        let document = try JSONDecoder().decode(FrontsDocument.self,
                                                from: Data(contentsOf: directory.appendingPathComponent("fronts.json")))
        let analysis = ParetoAnalysis(records, objectives: objectives)
        let means = ParetoAnalysis(SeedGroup.groups(records), objectives: objectives,
                                   referencePoints: [.oscillator: analysis.systems[0].referencePointByMetric,
                                                     .burgers: analysis.systems[1].referencePointByMetric])
        XCTAssertEqual(document.systems.map(\.system), [.oscillator, .burgers])
        for (i, system) in document.systems.enumerated() {
            XCTAssertEqual(system.results.front.map(\.key), analysis.systems[i].front.map { records[$0].taskKey })
            XCTAssertEqual(system.results.hypervolume, analysis.systems[i].hypervolume)
            XCTAssertEqual(system.results.referencePoint?["test_mse"], analysis.systems[i].referencePoint?[0])
            XCTAssertEqual(document.referencePoints[system.system], analysis.systems[i].referencePointByMetric)
            XCTAssertEqual(system.seedMeans.hypervolume, means.systems[i].hypervolume)
            XCTAssertEqual(system.seedMeans.front.count, means.systems[i].front.count)
        }
        let csv = CSVReader.records(try readText(directory, "fronts.csv"))
        XCTAssertEqual(csv.header.suffix(3), ["test_mse", "train_flops", "energy"])
        XCTAssertEqual(csv.rows.count, document.systems.map { $0.results.front.count + $0.seedMeans.front.count }.reduce(0, +))
    }

    func testExcludedResultsAreReported() throws {
        let records = [ReportFixtures.record(testMSE: 1e-3, extrapolationMSE: 1e-2),
                       ReportFixtures.record(width: 64, testMSE: 1e-4)]
        let directory = try makeReportDirectory(self, "excluded")
        try Report.write(records: records, objectives: [ParetoObjective(.extrapolationMSE), ParetoObjective(.parameters)],
                         sweepName: "x", carbon: nil, to: directory)
        let rows = CSVReader.records(try readText(directory, "results.csv")).rows
        XCTAssertEqual(rows.map { $0["excluded_missing"] }, ["", "extrap_mse"])
        XCTAssertEqual(rows.map { $0["pareto_rank"] }, ["0", ""])
        XCTAssertEqual(rows.map { $0["on_front"] }, ["true", "false"])
    }

    func testNoObjectivesIsAnError() {
        XCTAssertThrowsError(try Report.write(records: [], objectives: [], sweepName: "x", carbon: nil,
                                              to: FileManager.default.temporaryDirectory)) { error in
            XCTAssertEqual(error as? ReportError, .noObjectives)
        }
    }
}
