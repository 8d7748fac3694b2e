import Foundation
import Yams

/// Per-field normalisation statistics of a training split, in The Well's `stats.yaml` form:
/// `mean`, `std`, `rms` of the values and `mean_delta`, `std_delta`, `rms_delta` of the change
/// between consecutive frames, each keyed by field (`tracer`, `pressure`: a number; `velocity`: the
/// x and z components). Standard deviations are population ones (numpy's default), accumulated in
/// Double.
public struct NormalizationStats: Equatable, Sendable {
    /// One statistic per field component: `[name: [value per component]]`.
    public typealias Table = [String: [Double]]
    /// The six statistics by The Well's names.
    public var tables: [String: Table]

    /// The statistics' names, as in The Well's stats.yaml.
    public static let names = ["mean", "std", "rms", "mean_delta", "std_delta", "rms_delta"]

    /// Statistics over every value of every file (all trajectories, frames and points).
    public init(of files: [ShearFlowTrajectories]) {
        precondition(!files.isEmpty)
        let fields: [(String, [KeyPath<ShearFlowTrajectories, [Float]>])] = [
            ("tracer", [\.tracer]), ("pressure", [\.pressure]), ("velocity", [\.velocityX, \.velocityZ]),
        ]
        var tables = [String: Table]()
        for name in Self.names { tables[name] = [:] }
        for (name, components) in fields {
            for component in components {
                let values = Moments(files.map { $0[keyPath: component] }, deltas: false, files: files)
                let deltas = Moments(files.map { $0[keyPath: component] }, deltas: true, files: files)
                for (key, value) in [("mean", values.mean), ("std", values.std), ("rms", values.rms),
                                     ("mean_delta", deltas.mean), ("std_delta", deltas.std), ("rms_delta", deltas.rms)] {
                    tables[key, default: [:]][name, default: []].append(value)
                }
            }
        }
        self.tables = tables
    }

    /// Statistics from a stats.yaml (ours or The Well's): `mean` and `std` are required, the
    /// others are read when present (older stats files of The Well lack `rms`).
    public init(yaml: String, path: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else {
            throw ShearFlowError.invalidFile(path: path, object: "/", problem: "expected a mapping of statistics")
        }
        var tables = [String: Table]()
        for name in Self.names {
            if root[name] == nil && !["mean", "std"].contains(name) { continue }
            guard let table = root[name] as? [String: Any] else {
                throw ShearFlowError.invalidFile(path: path, object: name, problem: "missing or not a mapping")
            }
            for (field, value) in table {
                if let number = (value as? Double) ?? (value as? Int).map(Double.init) {
                    tables[name, default: [:]][field] = [number]
                } else if let list = value as? [Any] {
                    let numbers = list.compactMap { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
                    guard numbers.count == list.count else {
                        throw ShearFlowError.invalidFile(path: path, object: "\(name).\(field)", problem: "expected numbers")
                    }
                    tables[name, default: [:]][field] = numbers
                } else {
                    throw ShearFlowError.invalidFile(path: path, object: "\(name).\(field)", problem: "expected a number or a list")
                }
            }
        }
        self.tables = tables
    }

    /// The YAML text (sorted keys; one number per scalar field, a list for velocity). Numbers are
    /// written in Swift's shortest round-trip form, so reading the file gives the same Doubles.
    public func yaml() throws -> String {
        func number(_ value: Double) -> Node { Node("\(value)", Tag(.float)) }
        let root = Node.mapping(Node.Mapping(tables.keys.sorted().map { name in
            let table = tables[name] ?? [:]
            let entries: [(Node, Node)] = table.keys.sorted().map { field in
                let values = table[field] ?? []
                let node = values.count == 1 ? number(values[0]) : Node.sequence(Node.Sequence(values.map(number), .implicit, .flow))
                return (Node(field), node)
            }
            return (Node(name), Node.mapping(Node.Mapping(entries)))
        }))
        return try Yams.serialize(node: root)
    }

    /// Mean, standard deviation and root mean square of one field component (or of its frame
    /// differences), accumulated over all files.
    private struct Moments {
        var mean = 0.0, std = 0.0, rms = 0.0

        init(_ arrays: [[Float]], deltas: Bool, files: [ShearFlowTrajectories]) {
            var count = 0.0, sum = 0.0, squares = 0.0
            func visit(_ body: (Double) -> Void) {
                for (values, file) in zip(arrays, files) {
                    let n = file.grid.count
                    for trajectory in 0..<file.trajectories {
                        for frame in (deltas ? 1 : 0)..<file.frames {
                            let at = file.offset(trajectory: trajectory, frame: frame)
                            for a in at..<(at + n) {
                                body(deltas ? Double(values[a]) - Double(values[a - n]) : Double(values[a]))
                            }
                        }
                    }
                }
            }
            visit { count += 1; sum += $0; squares += $0 * $0 }
            guard count > 0 else { return }
            mean = sum / count
            rms = (squares / count).squareRoot()
            var deviations = 0.0
            visit { deviations += ($0 - mean) * ($0 - mean) }
            std = (deviations / count).squareRoot()
        }
    }
}
