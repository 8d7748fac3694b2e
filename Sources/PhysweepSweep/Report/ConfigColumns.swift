import Foundation
import PhysweepTraining

/// A configuration's fields as (public name, value) pairs, in `ConfigField.all` order, read from
/// its canonical JSON so that every field added to `TrainConfig` shows up in reports by itself.
struct ConfigColumns {
    /// `system`, `model`, then every settable field (the last is `seed`).
    static let names: [String] = ["system", "model"] + ConfigField.all.map(\.name)

    private let values: [String: Scalar]
    private let seed: UInt64

    init(_ config: TrainConfig) {
        seed = config.seed
        // Canonical JSON of a struct of scalars always decodes as a flat object of scalars.
        values = (try? JSONDecoder().decode([String: Scalar].self, from: config.canonicalJSON())) ?? [:]
    }

    /// The field's value as a table cell.
    func cell(_ name: String) -> ReportCell {
        // Seeds are UInt64: taken from the config itself so that none is rounded through Double.
        if name == "seed" { return seed <= UInt64(Int.max) ? .integer(Int(seed)) : .text(String(seed)) }
        switch values[name] {
        case .int(let v): return .integer(v)
        case .double(let v): return .number(v)
        case .string(let v): return .text(v)
        case nil: return .empty
        }
    }

    /// The field's value as text ("" when absent).
    func text(_ name: String) -> String { cell(name).csvText }

    private enum Scalar: Decodable, Equatable {
        case int(Int), double(Double), string(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let v = try? container.decode(Int.self) { self = .int(v) }
            else if let v = try? container.decode(Double.self) { self = .double(v) }
            else { self = .string(try container.decode(String.self)) }
        }
    }
}
