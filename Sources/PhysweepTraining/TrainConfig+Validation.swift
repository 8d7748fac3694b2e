/// A configuration that is well-typed field by field but impossible as a whole.
public struct ConfigConflict: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field most to blame.
    public var key: String
    /// What is wrong and what would be valid.
    public var message: String

    public var description: String { "\(key): \(message)" }
}

extension TrainConfig {
    /// Cross-field checks that single-field validation cannot make (e.g. a model that the system lacks).
    public func conflicts() -> [ConfigConflict] {
        var found: [ConfigConflict] = []
        if !system.models.contains(model) {
            let names = system.models.map(\.rawValue).joined(separator: ", ")
            found.append(ConfigConflict(key: "model", message:
                "'\(model.rawValue)' is not a model of system '\(system.rawValue)'; expected one of \(names)"))
        }
        // A command task's program trains its own model: physweep's training fields do not apply.
        let trains = system.trainsModel && system != .command
        if trains && steps == 0 && lbfgsSteps == 0 {
            found.append(ConfigConflict(key: "steps", message: "steps and lbfgs_steps are both 0: nothing would train"))
        }
        if steps.addingReportingOverflow(lbfgsSteps).overflow {
            found.append(ConfigConflict(key: "steps", message: "steps + lbfgs_steps (\(steps) + \(lbfgsSteps)) exceeds \(Int.max)"))
        }
        if trains, let (field, numbers) = oversizedField {
            let size = numbers.map { "about \($0) numbers" } ?? "more numbers than an Int counts"
            found.append(ConfigConflict(key: field, message: "a run would hold \(size) at once (network, optimizer "
                + "state and one pass over the points); expected at most \(Self.maxWorkingSet) (16 GiB of f64)"))
        }
        if let field = nonFiniteField {
            found.append(ConfigConflict(key: field, message: "not a finite number (NaN and ±∞ cannot be run)"))
        }
        if trains && warmupSteps > steps {
            found.append(ConfigConflict(key: "warmup_steps", message: "warm-up (\(warmupSteps)) is longer than steps (\(steps))"))
        }
        if trains && batchSize > dataPoints && dataPoints > 0 {
            found.append(ConfigConflict(key: "batch_size", message: "batch_size \(batchSize) exceeds data_points \(dataPoints)"))
        }
        let usesPhysics = model == .pinn || model == .bPINN || model == .dPINN || model == .cPINN
        if usesPhysics && collocationPoints == 0 {
            found.append(ConfigConflict(key: "collocation_points", message: "model '\(model.rawValue)' needs collocation points for its residual"))
        }
        if (model == .mlp || model == .pinn || model == .nn || model == .dPINN) && dataPoints == 0 {
            found.append(ConfigConflict(key: "data_points", message: "model '\(model.rawValue)' trains on data, but data_points is 0"))
        }
        if model == .bPINN && (icPoints == 0 || bcPoints == 0) {
            found.append(ConfigConflict(key: "ic_points", message: "b-pinn learns the initial and boundary conditions from points: ic_points and bc_points must be > 0"))
        }
        if system == .shearFlow { found += shearFlowConflicts() }
        if system == .oscillator || system == .noisyCosine, zeta >= 1 {
            found.append(ConfigConflict(key: "zeta", message: "only under-damped oscillators (zeta < 1) are supported, got \(zeta)"))
        }
        return found
    }

    /// Shear flow: a grid the solver takes and the model fits, enough frames for 4 context frames,
    /// the next one and the rollout, and the model's own sizes.
    private func shearFlowConflicts() -> [ConfigConflict] {
        var found: [ConfigConflict] = []
        for (name, n) in [("grid_nx", gridNx), ("grid_nz", gridNz)] where n < 4 || n > 4096 || n % 2 != 0 {
            found.append(ConfigConflict(key: name, message: "\(n) grid points: expected an even number in 4...4096"))
        }
        if frames < 5 || frames > 100_000 {
            found.append(ConfigConflict(key: "frames", message: "\(frames) frames: expected 5...100000 (4 context frames and the next one)"))
        } else if horizon > frames - 4 {
            found.append(ConfigConflict(key: "horizon", message: "a rollout of \(horizon) steps needs \(horizon + 4) frames, only \(frames) are simulated"))
        } else if let values = Self.product([(frames, false), (gridNx, false), (gridNz, false), (64, false)]),
                  values > Self.maxWorkingSet {
            found.append(ConfigConflict(key: "frames", message: "the data set would hold about \(values) numbers; expected at most \(Self.maxWorkingSet)"))
        }
        if batchSize < 1 {
            found.append(ConfigConflict(key: "batch_size", message: "shear-flow models train on batches: expected ≥ 1"))
        } else if Self.product([(batchSize, false), (width, false), (gridNx, false), (gridNz, false), (32, false)])
                    .map({ $0 > Self.maxWorkingSet }) ?? true {
            // About 32 numbers per point and channel of the top level: activations, gradients and
            // the narrower levels below it.
            found.append(ConfigConflict(key: "width", message: "batch_size × width × grid_nx × grid_nz is too large: a step would "
                + "hold more than \(Self.maxWorkingSet) numbers"))
        }
        switch model {
        case .fno:
            if modes < 1 || 2 * modes > gridNz || 2 * modes > gridNx {
                found.append(ConfigConflict(key: "modes", message: "\(modes) modes: expected 1...\(max(1, min(gridNz, gridNx) / 2)) (2·modes ≤ grid_nz and ≤ grid_nx)"))
            }
        case .unet, .fm:
            let levels = min(max(depth, 1), 30), factor = 1 << (levels - 1)
            if depth > 30 || gridNx % factor != 0 || gridNz % factor != 0 || gridNx / factor < 3 || gridNz / factor < 3 {
                found.append(ConfigConflict(key: "depth", message: "\(depth) U-Net levels need a grid divisible by 2^(depth − 1) "
                    + "with at least 3 points left at the bottom; got \(gridNx) × \(gridNz)"))
            }
            if model == .fm && samplerSteps < 1 {
                found.append(ConfigConflict(key: "sampler_steps", message: "flow matching samples with Euler steps: expected ≥ 1"))
            }
        default: break
        }
        return found
    }

    /// Numbers a run may hold at once (2³¹, 16 GiB of f64): beyond it a run could only fail allocating.
    public static let maxWorkingSet = 1 << 31

    /// The field to blame when a run would hold more than `maxWorkingSet` numbers, with the estimate
    /// (nil when even that overflows): parameters ×4 (gradients, Adam's two moments) and one pass's
    /// activations ×8 (derivative jets) over the largest set of points. Rough on purpose: it only has
    /// to tell absurd sizes (`width: 1000000000`) from real ones, with checked arithmetic throughout.
    var oversizedField: (String, Int?)? {
        let points: [(String, Int)] = [("data_points", dataPoints), ("collocation_points", collocationPoints),
                                       ("ic_points", icPoints), ("bc_points", bcPoints), ("batch_size", batchSize)]
        let rows = points.max { $0.1 < $1.1 } ?? ("data_points", 0)
        let parameters = Self.product([width.addingReportingOverflow(1), (width, false), (depth, false), (4, false)])
        let activations = Self.product([(rows.1, false), (width, false), (depth, false), (8, false)])
        guard let parameters, let activations, case let (total, false) = parameters.addingReportingOverflow(activations)
        else { return (parameters == nil ? "width" : rows.0, nil) }
        guard total > Self.maxWorkingSet else { return nil }
        return (parameters >= activations ? "width" : rows.0, total)
    }

    /// The product of non-negative factors, nil if a factor or the product overflows.
    private static func product(_ factors: [(partialValue: Int, overflow: Bool)]) -> Int? {
        var result = 1
        for factor in factors {
            guard !factor.overflow, factor.partialValue >= 0 else { return nil }
            let (next, overflow) = result.multipliedReportingOverflow(by: factor.partialValue)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The public name of the first number that is NaN or ±∞, if any: no run can use one and JSON
    /// cannot carry one, so a config from anywhere (a spec, a command line, a TASK) is checked for them.
    public var nonFiniteField: String? {
        for field in ConfigField.table {
            if case .real = field.storage, !TrainConfig.load(Double.self, at: field.bytes, of: self).isFinite { return field.name }
        }
        return nil
    }
}
