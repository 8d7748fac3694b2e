/// Why a shear-flow run, data set or file cannot be made or read.
public enum ShearFlowError: Error, Equatable, CustomStringConvertible {
    /// A setting is outside what the solver or the data set supports.
    case invalidParameter(name: String, value: String, expected: String)
    /// An HDF5 file is missing something the layout requires or holds something it forbids.
    case invalidFile(path: String, object: String, problem: String)
    /// libhdf5 reported a failure.
    case hdf5(path: String, operation: String)
    /// A file-system operation failed.
    case io(path: String, problem: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        case .invalidFile(let path, let object, let problem):
            return "\(path): \(object): \(problem)"
        case .hdf5(let path, let operation):
            return "\(path): HDF5 could not \(operation)"
        case .io(let path, let problem):
            return "\(path): \(problem)"
        }
    }
}
