import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PhysweepReport
@testable import PhysweepSweep
@testable import PhysweepTraining
import XCTest

/// The shear-flow report's field pictures: snapshots are pooled and quantised as documented, the
/// PNG panels decode (by Python's zlib when it is there) to the pixels flipped so z runs upward, each
/// configuration gets one figure from its lowest seed, and malformed pictures from a worker are left
/// out with the reason instead of breaking the report.
final class FieldPicturesTests: XCTestCase {
    func testPicturedStepsAreFirstMiddleLast() {
        XCTAssertEqual(FieldSnapshots.steps(horizon: 0), [])
        XCTAssertEqual(FieldSnapshots.steps(horizon: 1), [1])
        XCTAssertEqual(FieldSnapshots.steps(horizon: 2), [1, 2])
        XCTAssertEqual(FieldSnapshots.steps(horizon: 4), [1, 2, 4])
        XCTAssertEqual(FieldSnapshots.steps(horizon: 9), [1, 5, 9])
    }

    func testPoolingAveragesBlocksIncludingPartialOnes() {
        // 3 × 3 grid pooled by 2: blocks of 4, 2, 2 and 1 cells.
        let plane: [Double] = [1, 2, 3,
                               4, 5, 6,
                               7, 8, 9]
        XCTAssertEqual(FieldSnapshots.pool(plane[...], height: 3, width: 3, by: 2), [3, 4.5, 7.5, 9])
    }

    func testQuantisationMapsTheRangeAndSurvivesNonFiniteValues() throws {
        let text = FieldSnapshots.quantise([-1, 0, 1, 3, -.infinity, .infinity, .nan], -1, 1)
        XCTAssertEqual([UInt8](try XCTUnwrap(Data(base64Encoded: text))), [0, 128, 255, 255, 0, 255, 0])
        XCTAssertEqual([UInt8](try XCTUnwrap(Data(base64Encoded: FieldSnapshots.quantise([2, 2], 2, 2)))), [0, 0])
        // A diverged rollout: the ranges come from the finite values only.
        let snapshots = FieldSnapshots.capture(steps: [1], height: 1, width: 2, fields: ["u"]) { _ in ([.nan, 1], [0, 2]) }
        XCTAssertEqual(snapshots.panels.map(\.low), [0, 0, -1])
        XCTAssertEqual(snapshots.panels.map(\.high), [2, 2, 1])
    }

    func testLargeGridsArePooledToAtMost64ASide() {
        let snapshots = FieldSnapshots.capture(steps: [1, 2], height: 256, width: 128, fields: ["a", "b"]) { step in
            (Array(repeating: Double(step), count: 2 * 256 * 128), Array(repeating: 0, count: 2 * 256 * 128))
        }
        XCTAssertEqual([snapshots.height, snapshots.width, snapshots.pooling], [64, 32, 4])
        XCTAssertEqual(snapshots.panels.count, 2 * 2 * 3)
        XCTAssertEqual(snapshots.panels.map { "\($0.field)\($0.step)\($0.kind.rawValue)" }.prefix(3), ["a1truth", "a1prediction", "a1error"])
        XCTAssertNotNil(snapshots.panels[0].bytes(count: 64 * 32))
        XCTAssertNil(snapshots.panels[0].bytes(count: 64 * 32 + 1))
    }

    func testChecksumsAreTheStandardOnes() {
        XCTAssertEqual(IndexedPNG.crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(IndexedPNG.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
    }

    func testStoredDeflateSplitsLongInputIntoValidBlocks() throws {
        let bytes = (0..<150_000).map { UInt8($0 % 251) }
        let stream = IndexedPNG.zlibStored(bytes)
        XCTAssertEqual(stream.count, 2 + 3 * 5 + bytes.count + 4)
        try XCTAssertEqual(inflateWithPython(stream), bytes)
    }

    func testPNGDecodesToItsPixelsAndPalette() throws {
        let png = IndexedPNG(width: 3, height: 2, pixels: [0, 1, 2, 253, 254, 255], palette: ColorMap.viridis).data
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let chunks = try pngChunks([UInt8](png))
        XCTAssertEqual(chunks.map(\.type), ["IHDR", "PLTE", "IDAT", "IEND"])
        XCTAssertEqual(chunks[0].body, [0, 0, 0, 3, 0, 0, 0, 2, 8, 3, 0, 0, 0])
        XCTAssertEqual(chunks[1].body.count, 768)
        XCTAssertEqual(Array(chunks[1].body.prefix(3)), [0x44, 0x01, 0x54])
        XCTAssertEqual(Array(chunks[1].body.suffix(3)), [0xFD, 0xE7, 0x25])
        try XCTAssertEqual(inflateWithPython(chunks[2].body), [0, 0, 1, 2, 0, 253, 254, 255])
    }

    func testEachConfigurationGetsOneFigureFromItsLowestSeed() throws {
        var records: [ResultRecord] = []
        for model in [ModelKind.unet, .fno] {
            for seed in [3, 1, 2] as [UInt64] {
                var record = ReportFixtures.record(system: .shearFlow, model: model, seed: seed, testMSE: 0.01)
                record.result.fieldSnapshots = Self.snapshots(step: Int(seed))
                records.append(record)
            }
        }
        let directory = try makeReportDirectory(self, "fields")
        let objectives = [ParetoObjective(.testMSE), ParetoObjective(.trainCO2Grams)]
        let written = try Report.write(records: records, objectives: objectives, sweepName: "fields", carbon: nil, to: directory)
        let figures = written.map(\.path).filter { $0.contains("/fields/shear-flow__") }
        XCTAssertEqual(figures.count, 2)
        for file in figures {
            let svg = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertEqual(svg.components(separatedBy: "<image ").count - 1, 2 * 3, file)   // 2 fields × (truth, prediction, error)
            XCTAssertTrue(svg.contains(">step 1<") && svg.contains("seed 1: test rollout"), file)
            // Labelled by what differs within the model's own configurations (nothing here), not by the
            // other model's defaults.
            XCTAssertTrue(svg.contains("/ unet · seed 1") || svg.contains("/ fno · seed 1"), file)
            XCTAssertFalse(svg.contains(">step 2<"), file)
            XCTAssertNoThrow(try XMLDocument(data: Data(svg.utf8)), file)
        }
        let page = try readText(directory, "index.html"), summary = try readText(directory, "summary.md")
        XCTAssertEqual(page.components(separatedBy: "<image ").count - 1, 2 * 2 * 3)
        XCTAssertTrue(page.contains("Fields: truth, prediction and error"))
        XCTAssertEqual(summary.components(separatedBy: "](fields/shear-flow__").count - 1, 2)
    }

    func testMalformedPicturesAreLeftOutWithTheReason() throws {
        var good = ReportFixtures.record(system: .shearFlow, model: .unet, seed: 0, testMSE: 0.01)
        good.result.fieldSnapshots = Self.snapshots(step: 1)
        var cases: [(String, (inout FieldSnapshots) -> Void)] = [
            ("pixels", { $0.panels[0].pixels = "not base64!" }),
            ("pixels", { $0.panels[1].pixels = Data([1, 2, 3]).base64EncodedString() }),
            ("range", { $0.panels[2].low = .nan }),
            ("range", { $0.panels[2].low = 2; $0.panels[2].high = 1 }),
            ("at most 512 a side", { $0.height = 100_000 }),
            ("at most 512 a side", { $0.width = 0 }),
            ("panels", { $0.panels += Array(repeating: $0.panels[0], count: 200) }),
        ]
        cases.append(("pixels", { $0.width = 3 }))
        for (index, (reason, damage)) in cases.enumerated() {
            var bad = ReportFixtures.record(system: .shearFlow, model: .fno, seed: 0, testMSE: 0.02)
            var snapshots = Self.snapshots(step: 1)
            damage(&snapshots)
            bad.result.fieldSnapshots = snapshots
            let directory = try makeReportDirectory(self, "bad-fields-\(index)")
            let written = try Report.write(records: [good, bad], objectives: [ParetoObjective(.testMSE), ParetoObjective(.trainCO2Grams)],
                                           sweepName: "bad", carbon: nil, to: directory)
            XCTAssertEqual(written.filter { $0.path.contains("/fields/shear-flow__") }.count, 1, "case \(index)")
            let page = try readText(directory, "index.html")
            XCTAssertTrue(page.contains("Field pictures left out: \(bad.taskKey)"), "case \(index)")
            XCTAssertTrue(page.contains(reason), "case \(index): \(reason)")
        }
    }

    /// Two fields on a 4 × 2 grid at one step, values chosen so every panel differs.
    static func snapshots(step: Int) -> FieldSnapshots {
        FieldSnapshots.capture(steps: [step], height: 4, width: 2, fields: ["tracer", "pressure"]) { _ in
            ((0..<16).map { Double($0) * 1.5 }, (0..<16).map { Double($0) })
        }
    }

    private func pngChunks(_ bytes: [UInt8]) throws -> [(type: String, body: [UInt8])] {
        var chunks: [(String, [UInt8])] = [], offset = 8
        func word(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        while offset < bytes.count {
            let length = Int(word(offset))
            let typed = Array(bytes[offset + 4..<offset + 8 + length])
            XCTAssertEqual(word(offset + 8 + length), IndexedPNG.crc32(typed), "CRC of chunk at \(offset)")
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        return chunks
    }

    /// `stream` inflated by Python's zlib (an independent decoder); skips where python3 is absent.
    private func inflateWithPython(_ stream: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-zlib-\(getpid())-\(stream.count)")
        try Data(stream).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1], 'rb').read()))",
                             input.path]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { throw XCTSkip("python3 not runnable: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw XCTSkip("python3 not found") }
        XCTAssertEqual(process.terminationStatus, 0, "python's zlib refused the stream")
        return [UInt8](data)
    }
}
