import Foundation
@testable import PhysweepShearFlow
import XCTest

/// Generated sets: layout, splits, statistics on the training split, caching by content hash.
final class DatasetTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-set-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private func smallSettings() -> ShearFlowDataSettings {
        var settings = ShearFlowDataSettings()
        settings.nx = 16
        settings.nz = 32
        settings.reynolds = 500
        settings.widths = [1]
        settings.blobs = [2, 3, 4]
        settings.frames = 3
        settings.interval = 0.05
        return settings
    }

    func testGeneratedSetHasTheWellsLayoutAndTrainingStatistics() throws {
        let settings = smallSettings()
        let set = try ShearFlowDataset.generate(settings, under: root)
        XCTAssertEqual(set.directory.lastPathComponent, "shear_flow-\(settings.contentHash)")
        for split in ShearFlowDataset.Split.allCases {
            XCTAssertEqual(try set.files(split).map(\.lastPathComponent), ["shear_flow_Reynolds_500_Schmidt_1.hdf5"])
        }
        let train = try set.load(.train), valid = try set.load(.valid), test = try set.load(.test)
        XCTAssertEqual([train[0].trajectories, valid[0].trajectories, test[0].trajectories], [1, 1, 1])
        XCTAssertEqual(train[0].frames, 3)
        XCTAssertEqual(train[0].grid, try ShearFlowGrid(nx: 16, nz: 32))
        XCTAssertEqual(set.storedSettings(), settings)

        // stats.yaml holds the training split's statistics, recomputed here by hand for two of them.
        let stats = try set.stats()
        XCTAssertEqual(stats, NormalizationStats(of: train))
        let tracer = train[0].tracer.map(Double.init)
        let mean = tracer.reduce(0, +) / Double(tracer.count)
        let std = (tracer.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(tracer.count)).squareRoot()
        XCTAssertEqual(stats.tables["mean"]?["tracer"]?.first ?? .nan, mean, accuracy: 1e-12)
        XCTAssertEqual(stats.tables["std"]?["tracer"]?.first ?? .nan, std, accuracy: 1e-12)
        let n = train[0].grid.count
        let deltas = (n..<tracer.count).map { tracer[$0] - tracer[$0 - n] }
        XCTAssertEqual(stats.tables["mean_delta"]?["tracer"]?.first ?? .nan, deltas.reduce(0, +) / Double(deltas.count), accuracy: 1e-12)
        XCTAssertEqual(stats.tables["mean"]?["velocity"]?.count, 2)
        XCTAssertNotEqual(stats, NormalizationStats(of: train + valid + test), "statistics must come from the training split only")
    }

    func testSameSettingsReuseTheSetAndOtherSettingsMakeANewOne() throws {
        let settings = smallSettings()
        let first = try ShearFlowDataset.generate(settings, under: root)
        let file = try first.files(.train)[0]
        let written = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        var splitsSeen = 0
        let again = try ShearFlowDataset.generate(settings, under: root) { _, _ in splitsSeen += 1 }
        XCTAssertEqual(again.directory.path, first.directory.path)
        XCTAssertEqual(splitsSeen, 0, "a cached set is not simulated again")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date, written)

        var other = settings
        other.schmidt = 2
        XCTAssertNotEqual(other.contentHash, settings.contentHash)
        let second = try ShearFlowDataset.generate(other, under: root)
        XCTAssertNotEqual(second.directory, first.directory)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }, [],
                       "no partial directories are left behind")
    }

    func testAnIncompleteDirectoryOfTheSameNameIsReplaced() throws {
        let settings = smallSettings()
        let target = ShearFlowDataset.directory(for: settings, under: root)
        try FileManager.default.createDirectory(at: target.appendingPathComponent("data/train"), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: target.appendingPathComponent("data/train/stale.hdf5"))
        let set = try ShearFlowDataset.generate(settings, under: root)
        XCTAssertEqual(set.directory.path, target.path)
        XCTAssertEqual(try set.files(.train).map(\.lastPathComponent), ["shear_flow_Reynolds_500_Schmidt_1.hdf5"])
        XCTAssertEqual(set.storedSettings(), settings)
    }

    func testGenerationIsBitIdentical() throws {
        let settings = smallSettings()
        let a = try ShearFlowDataset.generate(settings, under: root.appendingPathComponent("a"))
        // HDF5 object headers can record times (1 s resolution): write the second set a second later.
        Thread.sleep(forTimeInterval: 1.1)
        let b = try ShearFlowDataset.generate(settings, under: root.appendingPathComponent("b"))
        for split in ShearFlowDataset.Split.allCases {
            XCTAssertEqual(try Data(contentsOf: a.files(split)[0]), try Data(contentsOf: b.files(split)[0]), "\(split)")
        }
    }

    func testInvalidSettingsAreRejected() throws {
        var settings = smallSettings()
        settings.blobs = [2]
        XCTAssertThrowsError(try settings.validate()) { XCTAssertTrue("\($0)".contains("trajectories"), "\($0)") }
        settings = smallSettings()
        settings.nx = 15
        XCTAssertThrowsError(try settings.validate()) { XCTAssertTrue("\($0)".contains("nx = 15"), "\($0)") }
        settings = smallSettings()
        settings.reynolds = .nan
        XCTAssertThrowsError(try settings.validate()) { XCTAssertTrue("\($0)".contains("reynolds"), "\($0)") }
    }
}

/// stats.yaml as The Well writes it, and malformed ones.
final class NormalizationStatsTests: XCTestCase {
    func testTheWellsStatsFileIsReadAndBadOnesAreRejected() throws {
        let wells = """
        mean:
          pressure: -1.2e-05
          tracer: 0
          velocity: [0.001, -2.0e-07]
        std:
          pressure: 0.0321
          tracer: 0.49
          velocity: [0.46, 0.11]
        """
        let stats = try NormalizationStats(yaml: wells, path: "stats.yaml")
        XCTAssertEqual(stats.tables["mean"]?["velocity"], [0.001, -2.0e-07])
        XCTAssertEqual(stats.tables["std"]?["tracer"], [0.49])
        XCTAssertNil(stats.tables["rms"])
        for (text, object) in [("std:\n  tracer: 1\n", "mean"), ("mean:\n  tracer: one\nstd:\n  tracer: 1\n", "mean.tracer"),
                               ("mean:\n  velocity: [1, x]\nstd:\n  tracer: 1\n", "mean.velocity"), ("- 1\n- 2\n", "/")] {
            XCTAssertThrowsError(try NormalizationStats(yaml: text, path: "bad.yaml")) { error in
                XCTAssertTrue("\(error)".contains("bad.yaml: \(object)"), "\(error)")
            }
        }
    }
}
