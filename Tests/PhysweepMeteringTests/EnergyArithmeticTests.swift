import XCTest
@testable import PhysweepMetering

final class EnergyArithmeticTests: XCTestCase {
    func testTDPShareChargesTheProcessItsShareOfThePackage() {
        let estimate = TDPShareEstimate(tdpWatts: 65, logicalCores: 2)
        let energy = estimate.energy(cpuSeconds: 4)  // 2 core-seconds' worth of the whole package
        XCTAssertEqual(energy.joules, 130, accuracy: 1e-12)
        XCTAssertEqual(energy.source, .estimated)
        XCTAssertEqual(energy.method, "tdp-share:65W/2cores")
    }

    func testTDPShareMethodKeepsFractionalWatts() {
        XCTAssertEqual(TDPShareEstimate(tdpWatts: 12.5, logicalCores: 8).method, "tdp-share:12.5W/8cores")
    }

    func testCarbonIsKilowattHoursTimesPUETimesIntensity() {
        let energy = EnergyReading(joules: 7.2e6, source: .measured, method: "test")  // 2 kWh
        XCTAssertEqual(energy.kilowattHours, 2, accuracy: 1e-12)
        XCTAssertEqual(CarbonSettings().grams(for: energy), 950, accuracy: 1e-9)  // 2 × 1.0 × 475
        XCTAssertEqual(CarbonSettings(intensityGramsPerKWh: 100, pue: 1.5).grams(for: energy), 300, accuracy: 1e-9)
    }

    func testSumIsMeasuredOnlyWhenBothPartsAre() {
        let rapl = EnergyReading(joules: 10, source: .measured, method: "rapl:package-0(whole-package)")
        let tdp = EnergyReading(joules: 3, source: .estimated, method: "tdp-share:65W/2cores")
        let gpu = EnergyReading(joules: 5, source: .measured, method: "nvml:1gpus(whole-device)")
        XCTAssertEqual(rapl + gpu, EnergyReading(joules: 15, source: .measured,
                                                 method: "rapl:package-0(whole-package); nvml:1gpus(whole-device)"))
        XCTAssertEqual((tdp + gpu).source, .estimated)
        XCTAssertEqual((tdp + gpu).joules, 8)
    }
}
