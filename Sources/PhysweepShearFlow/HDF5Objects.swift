import CHDF5
import Foundation

/// An HDF5 identifier closed when the last reference goes away (files, groups, datasets, spaces,
/// types and attributes each close with their own function).
final class HDF5Object {
    /// The identifier.
    let id: hid_t
    private let close: (hid_t) -> herr_t

    /// Wraps `id` (which must be valid) with its closing function.
    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}

/// Process-wide facts about libhdf5: Debian's serial build is not thread-safe, so every file
/// operation of physweep runs under `lock`; its automatic error printing is turned off (failures
/// become `ShearFlowError`s that name the file and object).
enum HDF5Library {
    /// Serialises all use of libhdf5.
    static let lock = NSLock()

    /// Runs `body` under the lock, with libhdf5 initialised and silent.
    static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = silenced
        return try body()
    }

    private static let silenced: Bool = {
        _ = H5open()
        return H5Eset_auto2(physweep_h5e_default(), nil, nil) >= 0
    }()
}

/// Writes groups, float arrays and The Well's kinds of attributes into one new HDF5 file.
struct HDF5Writer {
    /// The file's path, for error messages.
    let path: String
    /// The open file (the root group).
    let file: HDF5Object
    /// Creation properties of datasets and groups: no modification times, so the same data give
    /// the same bytes (HDF5 records times in object headers by default).
    private let datasetCreation: HDF5Object, groupCreation: HDF5Object

    /// Creates (or truncates) the file at `path`. Call under `HDF5Library.withLock`.
    init(creating path: String) throws {
        self.path = path
        datasetCreation = HDF5Object(H5Pcreate(physweep_h5p_dataset_create()), close: H5Pclose)
        groupCreation = HDF5Object(H5Pcreate(physweep_h5p_group_create()), close: H5Pclose)
        guard datasetCreation.id >= 0, groupCreation.id >= 0,
              H5Pset_obj_track_times(datasetCreation.id, false) >= 0, H5Pset_obj_track_times(groupCreation.id, false) >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "make creation properties")
        }
        let id = H5Fcreate(path, physweep_h5f_acc_trunc(), physweep_h5p_default(), physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create the file") }
        file = HDF5Object(id, close: H5Fclose)
    }

    /// Writes everything buffered to disk (the file closes when the writer is dropped).
    func flush() throws {
        guard H5Fflush(file.id, H5F_SCOPE_GLOBAL) >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "flush") }
    }

    /// A new group `name` under `parent`.
    func group(_ name: String, in parent: HDF5Object) throws -> HDF5Object {
        let id = H5Gcreate2(parent.id, name, physweep_h5p_default(), groupCreation.id, physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create group \(name)") }
        return HDF5Object(id, close: H5Gclose)
    }

    /// A new float32 dataset of shape `dims` (empty: a scalar) holding `values` (row-major).
    @discardableResult
    func floats(_ name: String, in parent: HDF5Object, dims: [Int], values: [Float]) throws -> HDF5Object {
        precondition(values.count == dims.reduce(1, *))
        let space = try dataspace(dims: dims)
        let type = physweep_h5t_native_float()
        let id = H5Dcreate2(parent.id, name, type, space.id, physweep_h5p_default(), datasetCreation.id, physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create dataset \(name)") }
        let dataset = HDF5Object(id, close: H5Dclose)
        let status = values.withUnsafeBufferPointer {
            H5Dwrite(id, type, physweep_h5s_all(), physweep_h5s_all(), physweep_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "write dataset \(name)") }
        return dataset
    }

    /// A new boolean dataset (h5py's enum of int8 FALSE/TRUE) of shape [values.count].
    func bools(_ name: String, in parent: HDF5Object, values: [Bool]) throws {
        let type = try boolType()
        let space = try dataspace(dims: [values.count])
        let id = H5Dcreate2(parent.id, name, type.id, space.id, physweep_h5p_default(), datasetCreation.id, physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create dataset \(name)") }
        let dataset = HDF5Object(id, close: H5Dclose)
        let bytes = values.map { Int8($0 ? 1 : 0) }
        let status = bytes.withUnsafeBufferPointer {
            H5Dwrite(dataset.id, type.id, physweep_h5s_all(), physweep_h5s_all(), physweep_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "write dataset \(name)") }
    }

    /// A UTF-8 variable-length string attribute (what h5py writes for a Python `str`).
    func attribute(_ name: String, of object: HDF5Object, string: String) throws {
        try strings(name, of: object, [string], scalar: true)
    }

    /// An attribute holding a list of UTF-8 variable-length strings.
    func attribute(_ name: String, of object: HDF5Object, strings values: [String]) throws {
        try strings(name, of: object, values, scalar: false)
    }

    /// A float64 scalar attribute.
    func attribute(_ name: String, of object: HDF5Object, double value: Double) throws {
        try write(name, of: object, type: physweep_h5t_native_double(), dims: [], value: [value])
    }

    /// An int64 scalar attribute.
    func attribute(_ name: String, of object: HDF5Object, int value: Int) throws {
        try write(name, of: object, type: physweep_h5t_native_int64(), dims: [], value: [Int64(value)])
    }

    /// A boolean scalar attribute (h5py's bool enum).
    func attribute(_ name: String, of object: HDF5Object, bool value: Bool) throws {
        let type = try boolType()
        try withExtendedLifetime(type) { try write(name, of: object, type: type.id, dims: [], value: [Int8(value ? 1 : 0)]) }
    }

    /// A boolean array attribute (h5py's bool enum).
    func attribute(_ name: String, of object: HDF5Object, bools values: [Bool]) throws {
        let type = try boolType()
        try withExtendedLifetime(type) {
            try write(name, of: object, type: type.id, dims: [values.count], value: values.map { Int8($0 ? 1 : 0) })
        }
    }

    // MARK: Helpers

    private func dataspace(dims: [Int]) throws -> HDF5Object {
        let id: hid_t
        if dims.isEmpty {
            id = H5Screate(H5S_SCALAR)
        } else {
            let sizes = dims.map { hsize_t($0) }
            id = H5Screate_simple(Int32(dims.count), sizes, nil)
        }
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create a dataspace \(dims)") }
        return HDF5Object(id, close: H5Sclose)
    }

    private func boolType() throws -> HDF5Object {
        let id = H5Tenum_create(physweep_h5t_native_int8())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create the bool type") }
        let type = HDF5Object(id, close: H5Tclose)
        var falseValue: Int8 = 0, trueValue: Int8 = 1
        guard H5Tenum_insert(id, "FALSE", &falseValue) >= 0, H5Tenum_insert(id, "TRUE", &trueValue) >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "create the bool type")
        }
        return type
    }

    private func write<T>(_ name: String, of object: HDF5Object, type: hid_t, dims: [Int], value: [T]) throws {
        let space = try dataspace(dims: dims)
        let id = H5Acreate2(object.id, name, type, space.id, physweep_h5p_default(), physweep_h5p_default())
        guard id >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create attribute \(name)") }
        let attribute = HDF5Object(id, close: H5Aclose)
        let status = value.withUnsafeBufferPointer { H5Awrite(attribute.id, type, $0.baseAddress) }
        guard status >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "write attribute \(name)") }
    }

    private func strings(_ name: String, of object: HDF5Object, _ values: [String], scalar: Bool) throws {
        let typeID = H5Tcopy(physweep_h5t_c_s1())
        guard typeID >= 0 else { throw ShearFlowError.hdf5(path: path, operation: "create a string type") }
        let type = HDF5Object(typeID, close: H5Tclose)
        guard H5Tset_size(type.id, physweep_h5t_variable()) >= 0, H5Tset_cset(type.id, H5T_CSET_UTF8) >= 0 else {
            throw ShearFlowError.hdf5(path: path, operation: "create a string type")
        }
        let pointers = values.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let constant = pointers.map { UnsafePointer<CChar>($0) }
        try withExtendedLifetime(type) {
            try write(name, of: object, type: type.id, dims: scalar ? [] : [values.count], value: constant)
        }
    }
}
