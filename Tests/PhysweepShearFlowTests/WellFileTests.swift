import CHDF5
import Foundation
@testable import PhysweepShearFlow
import XCTest

/// The Well's layout: round trip, down-sampling, hostile files, and The Well's own reader (h5py).
final class WellFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("physweep-well-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func sample(nx: Int = 16, nz: Int = 32) throws -> ShearFlowTrajectories {
        let cases = try [2, 3].map { try ShearFlowCase(reynolds: 500, schmidt: 2, width: 1, shearLayers: 2, blobs: $0) }
        return ShearFlowTrajectories.simulate(cases, grid: try ShearFlowGrid(nx: nx, nz: nz), frames: 3, interval: 0.05)
    }

    func testRoundTripIsExact() throws {
        let data = try sample()
        let url = directory.appendingPathComponent("a.hdf5")
        try WellFile.write(data, to: url)
        let back = try WellFile.read(from: url)
        XCTAssertEqual(back.times, [0, 0.05, 0.1].map { Double(Float($0)) }, "times are float32 in the file")
        var expected = data
        expected.times = back.times
        XCTAssertTrue(back == expected, "fields, grid, Re, Sc and counts must come back exactly")
    }

    func testDownSamplingTakesEveryKthPoint() throws {
        let fine = try sample(nx: 32, nz: 64)
        let url = directory.appendingPathComponent("fine.hdf5")
        try WellFile.write(fine, to: url)
        let coarseGrid = try ShearFlowGrid(nx: 8, nz: 32)
        let coarse = try WellFile.read(from: url, grid: coarseGrid)
        XCTAssertEqual(coarse.grid, coarseGrid)
        XCTAssertEqual(coarse.valuesPerField, 2 * 3 * 8 * 32)
        for (got, want) in zip(coarse.fields, fine.fields) {
            for trajectory in 0..<2 {
                for frame in 0..<3 {
                    for i in 0..<8 {
                        for j in 0..<32 {
                            let g = got.values[coarse.offset(trajectory: trajectory, frame: frame) + i * 32 + j]
                            let w = want.values[fine.offset(trajectory: trajectory, frame: frame) + 4 * i * 64 + 2 * j]
                            XCTAssertEqual(g, w, "\(got.name) (\(trajectory), \(frame), \(i), \(j))")
                        }
                    }
                }
            }
        }
        XCTAssertThrowsError(try WellFile.read(from: url, grid: try ShearFlowGrid(nx: 12, nz: 32))) { error in
            XCTAssertTrue("\(error)".contains("not a whole multiple"), "\(error)")
        }
    }

    /// A file of The Well's own size (256 × 512) read onto the default 64 × 128 grid: every value
    /// is the field at the coarse grid's points.
    func testTheWellsResolutionIsReadOntoTheDefaultGrid() throws {
        let fine = try ShearFlowGrid(nx: 256, nz: 512)
        func field(_ x: Double, _ z: Double, _ k: Double) -> Float { Float(sin(2 * .pi * k * x) * cos(.pi * k * z) + k) }
        let frames = 2, points = fine.count
        var data = ShearFlowTrajectories(grid: fine, times: [0, 0.1], reynolds: 1e4, schmidt: 1, trajectories: 1,
                                         tracer: [], pressure: [], velocityX: [], velocityZ: [])
        for frame in 0..<frames {
            for (k, keyPath) in [\ShearFlowTrajectories.tracer, \.pressure, \.velocityX, \.velocityZ].enumerated() {
                data[keyPath: keyPath] += fine.sample { Double(field($0, $1, Double(k + frame))) }.map(Float.init)
            }
        }
        XCTAssertEqual(data.tracer.count, frames * points)
        let url = directory.appendingPathComponent("shear_flow_Reynolds_1e4_Schmidt_1e0.hdf5")
        try WellFile.write(data, to: url)
        let grid = try ShearFlowGrid(nx: 64, nz: 128)
        let coarse = try WellFile.read(from: url, grid: grid)
        XCTAssertEqual(coarse.reynolds, 1e4)
        for frame in 0..<frames {
            for (k, values) in [coarse.tracer, coarse.pressure, coarse.velocityX, coarse.velocityZ].enumerated() {
                let expected = grid.sample { Double(field($0, $1, Double(k + frame))) }.map(Float.init)
                let at = coarse.offset(trajectory: 0, frame: frame)
                XCTAssertEqual(Array(values[at..<(at + grid.count)]), expected, "field \(k), frame \(frame)")
            }
        }
    }

    /// A dataset that declares more values than the reader accepts is refused before any read
    /// (HDF5 allocates contiguous storage lazily, so such a file costs nothing to make).
    func testAHugeDeclaredShapeIsRefusedBeforeReading() throws {
        let url = directory.appendingPathComponent("huge.hdf5")
        let huge = [100_000, 100_000, 256, 512]
        let shapes = [("t0_fields/tracer", huge), ("t0_fields/pressure", huge), ("t1_fields/velocity", huge + [2]),
                      ("dimensions/time", [100_000]), ("dimensions/x", [256]), ("dimensions/z", [512])]
        try HDF5Library.withLock {
            let file = H5Fcreate(url.path, physweep_h5f_acc_trunc(), physweep_h5p_default(), physweep_h5p_default())
            XCTAssertGreaterThanOrEqual(file, 0)
            defer { H5Fclose(file) }
            for group in ["t0_fields", "t1_fields", "dimensions"] {
                H5Gclose(H5Gcreate2(file, group, physweep_h5p_default(), physweep_h5p_default(), physweep_h5p_default()))
            }
            for (name, dims) in shapes {
                let sizes = dims.map { hsize_t($0) }
                let space = H5Screate_simple(Int32(dims.count), sizes, nil)
                let dataset = H5Dcreate2(file, name, physweep_h5t_native_float(), space, physweep_h5p_default(),
                                         physweep_h5p_default(), physweep_h5p_default())
                XCTAssertGreaterThanOrEqual(dataset, 0, name)
                H5Dclose(dataset)
                H5Sclose(space)
            }
        }
        XCTAssertThrowsError(try WellFile.read(from: url)) { error in
            XCTAssertTrue("\(error)".contains("t0_fields/tracer"), "\(error)")
            XCTAssertTrue("\(error)".contains("elements") || "\(error)".contains("exceed"), "\(error)")
        }
    }

    func testParametersComeFromScalarsWhenTheRootLacksThemAndInconsistentDataIsNotWritten() throws {
        let url = try partialFile(valid() + [("scalars/Reynolds", []), ("scalars/Schmidt", [1])], rootParameters: false)
        let data = try WellFile.read(from: url)
        XCTAssertEqual([data.reynolds, data.schmidt], [1, 1])
        assertRejected(try partialFile(valid(), rootParameters: false), mentioning: ["@Reynolds", "missing"])
        assertRejected(try partialFile(valid() + [("scalars/Reynolds", [2]), ("scalars/Schmidt", [1])], rootParameters: false),
                       mentioning: ["scalars/Reynolds", "expected one number"])

        var bad = try sample()
        bad.pressure.removeLast()
        XCTAssertThrowsError(try WellFile.write(bad, to: directory.appendingPathComponent("bad.hdf5"))) { error in
            XCTAssertTrue("\(error)".contains("pressure"), "\(error)")
        }
    }

    func testSpatialDimensionNamesComeFromTheFile() throws {
        var named = valid()
        named[5].0 = "dimensions/y"
        XCTAssertNoThrow(try WellFile.read(from: try partialFile(named, spatialDims: ["x", "y"])))
        XCTAssertNoThrow(try WellFile.read(from: try partialFile(named, spatialDims: ["x", "y"], fixedLength: true)))
        assertRejected(try partialFile(valid(), spatialDims: ["x", "y"], fixedLength: true), mentioning: ["dimensions/y", "missing"])
        assertRejected(try partialFile(valid(), spatialDims: ["x", "y"]), mentioning: ["dimensions/y", "missing"])
        assertRejected(try partialFile(valid(), spatialDims: ["x", "y", "z"]), mentioning: ["dimensions@spatial_dims", "two plain names"])
        assertRejected(try partialFile(valid(), spatialDims: ["x", "../z"]), mentioning: ["dimensions@spatial_dims"])
    }

    /// Writes a file with only the given float datasets (name → shape), for hostile-input tests.
    private func partialFile(_ datasets: [(String, [Int])], groupAt: String? = nil, rootParameters: Bool = true,
                             spatialDims: [String]? = nil, fixedLength: Bool = false) throws -> URL {
        let url = directory.appendingPathComponent("partial-\(UUID().uuidString).hdf5")
        try HDF5Library.withLock {
            let writer = try HDF5Writer(creating: url.path)
            var groups = [String: HDF5Object]()
            func group(_ name: String) throws -> HDF5Object {
                if let existing = groups[name] { return existing }
                let made = try writer.group(name, in: writer.file)
                groups[name] = made
                return made
            }
            for (path, shape) in datasets {
                let parts = path.split(separator: "/").map(String.init)
                try writer.floats(parts[1], in: try group(parts[0]), dims: shape,
                                  values: [Float](repeating: 1, count: shape.reduce(1, *)))
            }
            if let groupAt {
                let parts = groupAt.split(separator: "/").map(String.init)
                _ = try writer.group(parts[1], in: try group(parts[0]))
            }
            if let spatialDims, fixedLength {
                // numpy's fixed-length bytes (`S8`), which h5py writes for a bytes array.
                let type = H5Tcopy(physweep_h5t_c_s1()), size = 8
                H5Tset_size(type, size)
                let space = H5Screate_simple(1, [hsize_t(spatialDims.count)], nil)
                let attribute = H5Acreate2(try group("dimensions").id, "spatial_dims", type, space,
                                           physweep_h5p_default(), physweep_h5p_default())
                var bytes = [UInt8](repeating: 0, count: size * spatialDims.count)
                for (index, name) in spatialDims.enumerated() {
                    for (offset, byte) in name.utf8.prefix(size).enumerated() { bytes[index * size + offset] = byte }
                }
                XCTAssertGreaterThanOrEqual(H5Awrite(attribute, type, bytes), 0)
                H5Aclose(attribute)
                H5Sclose(space)
                H5Tclose(type)
            } else if let spatialDims {
                try writer.attribute("spatial_dims", of: try group("dimensions"), strings: spatialDims)
            }
            if rootParameters {
                try writer.attribute("Reynolds", of: writer.file, double: 100)
                try writer.attribute("Schmidt", of: writer.file, double: 1)
            }
        }
        return url
    }

    private func valid(_ b: Int = 1, _ t: Int = 2, _ x: Int = 4, _ z: Int = 8) -> [(String, [Int])] {
        [("t0_fields/tracer", [b, t, x, z]), ("t0_fields/pressure", [b, t, x, z]), ("t1_fields/velocity", [b, t, x, z, 2]),
         ("dimensions/time", [t]), ("dimensions/x", [x]), ("dimensions/z", [z])]
    }

    private func assertRejected(_ url: URL, mentioning parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try WellFile.read(from: url), file: file, line: line) { error in
            let text = "\(error)"
            for part in parts + [url.path] { XCTAssertTrue(text.contains(part), "\(text) lacks \(part)", file: file, line: line) }
        }
    }

    func testHostileFilesAreRejectedWithTheFileAndDatasetNamed() throws {
        XCTAssertNoThrow(try WellFile.read(from: try partialFile(valid())))
        assertRejected(try partialFile(valid().filter { $0.0 != "t0_fields/pressure" }), mentioning: ["t0_fields/pressure", "missing"])
        var badRank = valid(); badRank[0].1 = [2, 4, 8]
        assertRejected(try partialFile(badRank), mentioning: ["t0_fields/tracer", "shape [2, 4, 8]"])
        var badVelocity = valid(); badVelocity[2].1 = [1, 2, 4, 8, 3]
        assertRejected(try partialFile(badVelocity), mentioning: ["t1_fields/velocity", "expected [1, 2, 4, 8, 2]"])
        var badPressure = valid(); badPressure[1].1 = [1, 2, 4, 6]
        assertRejected(try partialFile(badPressure), mentioning: ["t0_fields/pressure", "like t0_fields/tracer"])
        var badTime = valid(); badTime[3].1 = [3]
        assertRejected(try partialFile(badTime), mentioning: ["dimensions/time", "expected [2]"])
        var empty = valid(); empty[0].1 = [1, 0, 4, 8]
        assertRejected(try partialFile(empty), mentioning: ["t0_fields/tracer", "none empty"])
        assertRejected(try partialFile(valid().filter { $0.0 != "t0_fields/tracer" }, groupAt: "t0_fields/tracer"),
                       mentioning: ["t0_fields/tracer", "not a dataset"])
        var oddGrid = valid(1, 2, 5, 8)
        oddGrid[0].1 = [1, 2, 5, 8]
        assertRejected(try partialFile(oddGrid), mentioning: ["t0_fields/tracer", "grid 5×8"])

        // Integers where floats belong.
        let url = directory.appendingPathComponent("ints.hdf5")
        try HDF5Library.withLock {
            let writer = try HDF5Writer(creating: url.path)
            try writer.bools("tracer", in: try writer.group("t0_fields", in: writer.file), values: [true, false])
        }
        assertRejected(url, mentioning: ["t0_fields/tracer", "floating-point"])

        let garbage = directory.appendingPathComponent("garbage.hdf5")
        try Data("not hdf5 at all".utf8).write(to: garbage)
        assertRejected(garbage, mentioning: ["not an HDF5 file"])
        assertRejected(directory.appendingPathComponent("missing.hdf5"), mentioning: ["no such file"])
    }

    /// The Well's loader reads files with h5py: our file must open there with the expected
    /// groups, shapes, dtypes and attributes. Skipped where neither python3 + h5py nor h5dump is
    /// installed (`pip install h5py`; Debian `hdf5-tools`).
    func testFileOpensInH5pyWithTheWellsLayout() throws {
        let data = try sample()
        let url = directory.appendingPathComponent("check.hdf5")
        try WellFile.write(data, to: url)
        let script = """
        import sys, h5py, numpy as np
        f = h5py.File(sys.argv[1], "r")
        a = f.attrs
        assert a["dataset_name"] == "shear_flow" and a["grid_type"] == "cartesian", dict(a)
        assert a["n_spatial_dims"] == 2 and a["n_trajectories"] == 2
        assert list(a["simulation_parameters"]) == ["Reynolds", "Schmidt"] and a["Reynolds"] == 500 and a["Schmidt"] == 2
        assert list(f["dimensions"].attrs["spatial_dims"]) == ["x", "z"]
        assert f["dimensions/time"].shape == (3,) and f["dimensions/x"].shape == (16,) and f["dimensions/z"].shape == (32,)
        assert f["dimensions/time"].attrs["sample_varying"] == False
        assert f["dimensions/x"].attrs["time_varying"] == False
        for g in ("x_periodic", "z_periodic"):
            b = f["boundary_conditions"][g]
            assert b.attrs["bc_type"] == "PERIODIC" and list(b.attrs["associated_dims"]) == [g[0]]
            assert b["mask"].dtype == bool and b["mask"][0] and b["mask"][-1] and not b["mask"][1]
        assert list(f["scalars"].attrs["field_names"]) == ["Reynolds", "Schmidt"] and f["scalars/Reynolds"][()] == 500
        assert list(f["t0_fields"].attrs["field_names"]) == ["tracer", "pressure"]
        assert list(f["t1_fields"].attrs["field_names"]) == ["velocity"]
        assert list(f["t2_fields"].attrs["field_names"]) == []
        for name, shape in (("t0_fields/tracer", (2, 3, 16, 32)), ("t0_fields/pressure", (2, 3, 16, 32)),
                            ("t1_fields/velocity", (2, 3, 16, 32, 2))):
            d = f[name]
            assert d.shape == shape and d.dtype == np.float32, (name, d.shape, d.dtype)
            assert list(d.attrs["dim_varying"]) == [True, True] and d.attrs["sample_varying"] == True
            assert d.attrs["time_varying"] == True
        print("ok", float(f["t1_fields/velocity"][1, 2, 3, 4, 1]))
        """
        if let output = try run(["python3", "-c", script, url.path]), !output.contains("No module named") {
            let expected = data.velocityZ[data.offset(trajectory: 1, frame: 2) + 3 * 32 + 4]
            XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "ok \(Double(expected))")
        } else if let output = try run(["h5dump", "-H", url.path]) {
            XCTAssertTrue(output.contains("DATASET \"velocity\""), output)
            XCTAssertTrue(output.contains("( 2, 3, 16, 32, 2 )"), output)
        } else {
            throw XCTSkip("neither python3 with h5py nor h5dump is installed")
        }
    }

    /// The command's standard output and error, or nil if it cannot be started.
    private func run(_ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 { return nil }
        return output
    }
}
