import Foundation
import PhysweepSweep
import PhysweepTraining

/// Numbers a paper publishes, each with where it was published, to set beside ours in the paper
/// tables (`Experiments/paper/reference.json`).
///
/// A number that could not be found is kept as an entry with no value whose `source` starts with
/// "not found", so the file says what is missing rather than leaving it out:
///
/// ```json
/// {"paper": "arXiv 2509.24517v1",
///  "values": [{"system": "burgers", "model": "c-pinn", "metric": "test_rel_l2",
///              "value": 0.0012, "source": "Table 2"},
///             {"system": "oscillator", "model": "mlp", "activation": "snake", "metric": "extrap_mse",
///              "value": null, "source": "not found: the paper's tables were not reachable"}]}
/// ```
public struct PaperReference: Codable, Sendable {
    /// One published number (or a record that it was not found).
    public struct Entry: Codable, Sendable {
        /// The system's public name; may name one physweep does not have yet (e.g. shear-flow).
        public var system: String
        /// The model's public name.
        public var model: String
        /// The activation, when the paper's row is one activation of the model.
        public var activation: String?
        /// The metric's public name (`MetricName`).
        public var metric: String
        /// The published value in physweep's units, or nil when it was not found.
        public var value: Double?
        /// Table or figure the value is read from, or "not found: why".
        public var source: String
    }

    /// The paper, as cited.
    public var paper: String
    public var values: [Entry]

    /// Reads and checks a reference file: every metric known, every value finite, every source
    /// given, and a missing value's source saying "not found".
    public static func load(from url: URL) throws -> PaperReference {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PaperReferenceError(path: url.path, problem: "cannot read: \(error.localizedDescription)")
        }
        let reference: PaperReference
        do { reference = try JSONDecoder().decode(PaperReference.self, from: data) } catch {
            throw PaperReferenceError(path: url.path, problem: "not a reference file: \(error)")
        }
        for (i, entry) in reference.values.enumerated() {
            let at = "values[\(i)]"
            if MetricName(rawValue: entry.metric) == nil {
                throw PaperReferenceError(path: url.path, problem: "\(at).metric: unknown metric '\(entry.metric)'; "
                    + "expected one of " + MetricName.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let value = entry.value, !value.isFinite {
                throw PaperReferenceError(path: url.path, problem: "\(at).value: expected a finite number")
            }
            if entry.source.trimmingCharacters(in: .whitespaces).isEmpty {
                throw PaperReferenceError(path: url.path, problem: "\(at).source: expected the table or figure")
            }
            if entry.value == nil, !entry.source.hasPrefix("not found") {
                throw PaperReferenceError(path: url.path, problem: "\(at).source: an entry without a value must say "
                    + "\"not found: …\", got '\(entry.source)'")
            }
        }
        return reference
    }

    /// The entries for one row of a table and one metric (with or without a value).
    func entries(system: SystemKind, model: ModelKind, activation: Activation, metric: MetricName) -> [Entry] {
        values.filter {
            $0.system == system.rawValue && $0.model == model.rawValue && $0.metric == metric.rawValue
                && ($0.activation == nil || $0.activation == activation.rawValue)
        }
    }
}

/// Why a reference file was rejected: the file and what is wrong where.
public struct PaperReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
}
