import CHDF5
import Foundation

/// Reads float datasets and numeric attributes from an HDF5 file treated as hostile input: every
/// object is checked to exist and to have the expected kind, element type, rank and size before
/// anything is read, and every failure names the file and the object.
struct HDF5Reader {
    /// The file's path, for error messages.
    let path: String
    private let file: HDF5Object

    /// What a dataset holds, checked before reading.
    struct DatasetShape: Equatable {
        /// Extent of each dimension.
        let dims: [Int]
        /// Number of elements (checked not to overflow).
        let count: Int
    }

    /// Opens `path` read-only. Call under `HDF5Library.withLock`.
    init(opening path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ShearFlowError.io(path: path, problem: "no such file")
        }
        guard H5Fis_hdf5(path) > 0 else {
            throw ShearFlowError.invalidFile(path: path, object: "/", problem: "not an HDF5 file")
        }
        let id = H5Fopen(path, physweep_h5f_acc_rdonly(), physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "open the file") }
        file = HDF5Object(id, close: H5Fclose)
    }

    /// Whether the link `name` ("a/b/c") exists, checking each level (HDF5 fails on a missing parent).
    func exists(_ name: String) -> Bool {
        var prefix = ""
        for part in name.split(separator: "/") {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            guard H5Lexists(file.id, prefix, physweep_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// The shape of float dataset `name`, checked: it exists, is a dataset of floating-point
    /// numbers, and its rank and element count are within `maxRank` and `maxElements`.
    func floatShape(_ name: String, maxRank: Int = 8, maxElements: Int = 1 << 34) throws -> DatasetShape {
        let dataset = try open(name)
        let type = HDF5Object(H5Dget_type(dataset.id), close: H5Tclose)
        guard type.id >= 0, H5Tget_class(type.id) == H5T_FLOAT else {
            throw invalid(name, "expected floating-point numbers (float32 or float64)")
        }
        let space = HDF5Object(H5Dget_space(dataset.id), close: H5Sclose)
        guard space.id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read the dataspace of \(name)") }
        let rank = Int(H5Sget_simple_extent_ndims(space.id))
        guard rank >= 0, rank <= maxRank else { throw invalid(name, "rank \(rank), expected at most \(maxRank)") }
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        guard H5Sget_simple_extent_dims(space.id, &dims, nil) >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "read the shape of \(name)")
        }
        var count = 1
        let extents = dims.prefix(rank).map { Int(clamping: $0) }
        for extent in extents {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= maxElements else {
                throw invalid(name, "shape \(extents) has more than \(maxElements) elements")
            }
            count = product
        }
        return DatasetShape(dims: extents, count: count)
    }

    /// Reads float dataset `name` as Float, every `stride[d]`-th element along dimension d starting
    /// at 0, `count[d]` of them (a strided hyperslab: only those elements leave the file). The
    /// caller has checked the shape with `floatShape`.
    func readFloats(_ name: String, stride: [Int], count: [Int]) throws -> [Float] {
        let dataset = try open(name)
        let fileSpace = HDF5Object(H5Dget_space(dataset.id), close: H5Sclose)
        let start = [hsize_t](repeating: 0, count: count.count)
        let strides = stride.map { hsize_t($0) }, counts = count.map { hsize_t($0) }
        let selected = count.isEmpty ? H5Sselect_all(fileSpace.id)
                                     : H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, start, strides, counts, nil)
        guard fileSpace.id >= 0, selected >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "select \(count) elements of \(name)")
        }
        let total = count.reduce(1, *)
        let memory = HDF5Object(count.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(count.count), counts, nil),
                                close: H5Sclose)
        var values = [Float](repeating: 0, count: total)
        let status = values.withUnsafeMutableBufferPointer {
            H5Dread(dataset.id, physweep_h5t_native_float(), memory.id, fileSpace.id, physweep_h5p_default(), $0.baseAddress)
        }
        guard memory.id >= 0, status >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(name)") }
        return values
    }

    /// The simulation parameter `name`: the root attribute (The Well's `@Reynolds`), or else the
    /// one-number dataset `scalars/<name>`.
    func parameter(_ name: String) throws -> Double {
        if H5Aexists_by_name(file.id, "/", name, physweep_h5p_default()) > 0 { return try doubleAttribute(name) }
        let dataset = "scalars/\(name)"
        guard exists(dataset) else { throw invalid("@\(name)", "missing: neither a root attribute nor \(dataset)") }
        let shape = try floatShape(dataset)
        guard shape.count == 1 else { throw invalid(dataset, "shape \(shape.dims), expected one number") }
        return Double(try readFloats(dataset, stride: shape.dims.map { _ in 1 }, count: shape.dims)[0])
    }

    /// Whether the object at `objectPath` has the attribute `name`.
    func hasAttribute(_ name: String, of objectPath: String) -> Bool {
        H5Aexists_by_name(file.id, objectPath, name, physweep_h5p_default()) > 0
    }

    /// The string (or list of strings) attribute `name` of the object at `objectPath`: variable-
    /// length (h5py's `str`) or fixed-length; at most `maxCount` strings of at most 1024 bytes.
    func stringsAttribute(_ name: String, of objectPath: String, maxCount: Int = 64) throws -> [String] {
        let label = "\(objectPath)@\(name)"
        guard hasAttribute(name, of: objectPath) else { throw invalid(label, "missing attribute") }
        let attribute = HDF5Object(H5Aopen_by_name(file.id, objectPath, name, physweep_h5p_default(), physweep_h5p_default()),
                                   close: H5Aclose)
        let type = HDF5Object(H5Aget_type(attribute.id), close: H5Tclose)
        let space = HDF5Object(H5Aget_space(attribute.id), close: H5Sclose)
        guard attribute.id >= 0, type.id >= 0, space.id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "open \(label)") }
        guard H5Tget_class(type.id) == H5T_STRING else { throw invalid(label, "expected strings") }
        let count = Int(H5Sget_simple_extent_npoints(space.id))
        guard count >= 0, count <= maxCount else { throw invalid(label, "\(count) strings, expected at most \(maxCount)") }
        guard count > 0 else { return [] }
        // The memory type takes the file's character set: HDF5 does not convert between ASCII and UTF-8.
        let memory = HDF5Object(H5Tcopy(physweep_h5t_c_s1()), close: H5Tclose)
        guard H5Tset_cset(memory.id, H5Tget_cset(type.id)) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(label)") }
        if H5Tis_variable_str(type.id) > 0 {
            guard H5Tset_size(memory.id, physweep_h5t_variable()) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(label)") }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard H5Aread(attribute.id, memory.id, &pointers) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(label)") }
            defer { _ = H5Dvlen_reclaim(memory.id, space.id, physweep_h5p_default(), &pointers) }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = H5Tget_size(type.id)
        guard size > 0, size <= 1024 else { throw invalid(label, "strings of \(size) bytes, expected 1...1024") }
        guard H5Tset_size(memory.id, size) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(label)") }
        var bytes = [UInt8](repeating: 0, count: count * size)
        guard H5Aread(attribute.id, memory.id, &bytes) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "read \(label)") }
        return (0..<count).map { index in
            let slice = bytes[(index * size)..<((index + 1) * size)].prefix { $0 != 0 }
            return String(decoding: slice, as: UTF8.self)
        }
    }

    /// The numeric scalar attribute `name` of the object at `objectPath` ("/" for the root).
    func doubleAttribute(_ name: String, of objectPath: String = "/") throws -> Double {
        let label = objectPath == "/" ? "@\(name)" : "\(objectPath)@\(name)"
        guard H5Aexists_by_name(file.id, objectPath, name, physweep_h5p_default()) > 0 else {
            throw invalid(label, "missing attribute")
        }
        let id = H5Aopen_by_name(file.id, objectPath, name, physweep_h5p_default(), physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "open attribute \(label)") }
        let attribute = HDF5Object(id, close: H5Aclose)
        let type = HDF5Object(H5Aget_type(attribute.id), close: H5Tclose)
        let kind = H5Tget_class(type.id)
        guard kind == H5T_FLOAT || kind == H5T_INTEGER else { throw invalid(label, "expected a number") }
        let space = HDF5Object(H5Aget_space(attribute.id), close: H5Sclose)
        guard H5Sget_simple_extent_npoints(space.id) == 1 else { throw invalid(label, "expected one number") }
        var value = 0.0
        guard H5Aread(attribute.id, physweep_h5t_native_double(), &value) >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "read attribute \(label)")
        }
        return value
    }

    private func open(_ name: String) throws -> HDF5Object {
        guard exists(name) else { throw invalid(name, "missing dataset") }
        let id = H5Dopen2(file.id, name, physweep_h5p_default())
        guard id >= 0 else { throw invalid(name, "not a dataset") }
        return HDF5Object(id, close: H5Dclose)
    }

    /// An error naming this file and `object`.
    func invalid(_ object: String, _ problem: String) -> ShearFlowError {
        .invalidFile(path: path, object: object, problem: problem)
    }
}
