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
        let trains = system.trainsModel
        if trains && steps == 0 && lbfgsSteps == 0 {
            found.append(ConfigConflict(key: "steps", message: "steps and lbfgs_steps are both 0: nothing would train"))
        }
        if steps.addingReportingOverflow(lbfgsSteps).overflow {
            found.append(ConfigConflict(key: "steps", message: "steps + lbfgs_steps (\(steps) + \(lbfgsSteps)) exceeds \(Int.max)"))
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
        if system == .oscillator || system == .noisyCosine, zeta >= 1 {
            found.append(ConfigConflict(key: "zeta", message: "only under-damped oscillators (zeta < 1) are supported, got \(zeta)"))
        }
        return found
    }

    /// The public name of the first number that is NaN or ±∞, if any: no run can use one and JSON
    /// cannot carry one, so a config from anywhere (a spec, a command line, a TASK) is checked for them.
    public var nonFiniteField: String? {
        let numbers: [(CodingKeys, Double)] = [
            (.learningRate, learningRate), (.weightDecay, weightDecay), (.physicsWeight, physicsWeight),
            (.snakeAlpha, snakeAlpha), (.nu, nu), (.omega0, omega0), (.zeta, zeta), (.noiseStd, noiseStd),
            (.sleepSeconds, sleepSeconds),
        ]
        return numbers.first { !$0.1.isFinite }?.0.rawValue
    }
}
