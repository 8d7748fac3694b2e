/// Why a system or data set cannot be built from the given parameters.
public enum SystemsError: Error, Equatable, CustomStringConvertible {
    /// A parameter is outside the range the closed-form or reference solution covers.
    case parameterOutOfRange(name: String, value: Double, expected: String)
    /// A point count is outside what the data set can be built with.
    case countOutOfRange(name: String, value: Int, expected: String)
    /// More distinct points were asked for than the source has.
    case tooManyPoints(what: String, requested: Int, available: Int)

    public var description: String {
        switch self {
        case .parameterOutOfRange(let name, let value, let expected):
            return "\(name) = \(value) is out of range: expected \(expected)"
        case .countOutOfRange(let name, let value, let expected):
            return "\(name) = \(value) is out of range: expected \(expected)"
        case .tooManyPoints(let what, let requested, let available):
            return "asked for \(requested) \(what), but only \(available) are available"
        }
    }
}
