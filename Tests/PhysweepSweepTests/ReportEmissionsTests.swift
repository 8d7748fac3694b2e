import Foundation
import PhysweepMetering
import PhysweepReport
import PhysweepSweep
import PhysweepTraining
import XCTest

final class ReportEmissionsTests: XCTestCase {
    /// CodeCarbon 2.x's emissions.csv header, as CodeCarbon writes it.
    let codeCarbonHeader = "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
        + "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,"
        + "cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,"
        + "longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue"

    /// One hour at 2 kW: 7.2e6 J = 2 kWh; at 500 g/kWh and PUE 1.5 that is 1500 g = 1.5 kg.
    func handMadeRecord() -> ResultRecord {
        ReportFixtures.record(testMSE: 1e-3, trainWallSeconds: 3600, trainJoules: 7.2e6, energySource: .measured,
                              energyMethod: "rapl:intel-rapl:0", carbon: CarbonSettings(intensityGramsPerKWh: 500, pue: 1.5),
                              sweep: "hand")
    }

    func emissionsRows(_ records: [ResultRecord], carbon: CarbonSettings?) throws -> (header: String, rows: [[String: String]]) {
        let directory = try makeReportDirectory(self, "emissions")
        try Report.write(records: records, objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainCO2Grams)],
                         sweepName: "hand", carbon: carbon, to: directory)
        let text = try readText(directory, "emissions.csv")
        return (String(text.prefix { $0 != "\n" }), CSVReader.records(text).rows)
    }

    func testHeaderStartsWithCodeCarbonColumns() throws {
        let (header, _) = try emissionsRows([handMadeRecord()], carbon: nil)
        XCTAssertTrue(header.hasPrefix(codeCarbonHeader + ","), header)
    }

    func testUnitsAreConvertedToCodeCarbons() throws {
        let record = handMadeRecord()
        let row = try XCTUnwrap(try emissionsRows([record], carbon: nil).rows.first)
        XCTAssertEqual(row["project_name"], "hand")
        XCTAssertEqual(row["run_id"], record.taskKey)
        XCTAssertEqual(Double(row["duration"]!), 3600)
        XCTAssertEqual(Double(row["energy_consumed"]!)!, 2, accuracy: 1e-12)
        XCTAssertEqual(Double(row["emissions"]!)!, 1.5, accuracy: 1e-12)
        XCTAssertEqual(Double(row["emissions_rate"]!)!, 1.5 / 3600, accuracy: 1e-15)
        XCTAssertEqual(Double(row["pue"]!), 1.5)
        XCTAssertEqual(row["tracking_mode"], "machine")
        XCTAssertEqual(row["cpu_count"], "8")
        XCTAssertEqual(row["energy_source"], "measured")
        XCTAssertEqual(row["energy_method"], "rapl:intel-rapl:0")
        XCTAssertEqual(row["timestamp"], "", "a record not read from a store has no time")
    }

    func testTimestampIsWhenTheResultWasStoredInUTC() throws {
        var record = handMadeRecord()
        record.finishedAt = Date(timeIntervalSince1970: 1_795_953_222.75)
        let row = try XCTUnwrap(try emissionsRows([record], carbon: nil).rows.first)
        XCTAssertEqual(row["timestamp"], "2026-11-29T11:53:42Z")
    }

    func testCarbonSettingsOverrideRecomputesEmissions() throws {
        // 2 kWh × PUE 1 × 100 g/kWh = 200 g = 0.2 kg.
        let row = try XCTUnwrap(try emissionsRows([handMadeRecord()],
                                                  carbon: CarbonSettings(intensityGramsPerKWh: 100, pue: 1)).rows.first)
        XCTAssertEqual(Double(row["emissions"]!)!, 0.2, accuracy: 1e-12)
        XCTAssertEqual(Double(row["pue"]!), 1)
        XCTAssertEqual(Double(row["carbon_intensity_g_per_kwh"]!), 100)
    }
}
