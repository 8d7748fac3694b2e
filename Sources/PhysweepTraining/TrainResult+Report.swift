import Foundation

extension TrainResult {
    /// The result as pretty-printed JSON with sorted keys: what `physweep train --json` prints.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Non-finite numbers (a diverged run throws instead, but a metric can still overflow) are
        // written as the wire writes them; then a struct of scalars, strings and optionals always encodes.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A short human-readable table of what was trained, how well, and at what cost.
    public func summaryTable() -> String {
        let c = config, e = efficacy, train = efficiency.train, infer = efficiency.inference
        var rows: [(String, String)] = [
            ("system / model", "\(c.system.rawValue) / \(c.model.rawValue)"),
            ("network", "\(c.depth)×\(c.width) \(c.activation.rawValue), \(c.dtype.rawValue), \(efficiency.parameterCount) params"),
            ("optimizer", "\(c.optimizer.rawValue) \(c.steps) steps @ \(Self.number(c.learningRate)), L-BFGS \(c.lbfgsSteps) steps"),
        ]
        if let e {
            rows += [("loss initial → final", "\(Self.number(e.initialLoss)) → \(Self.number(e.finalLoss))"),
                     ("test MSE / rel L2", "\(Self.number(e.testMSE)) / \(Self.number(e.testRelL2))")]
        } else {
            rows.append(("efficacy", "none (nothing was trained)"))
        }
        if let mse = e?.extrapolationMSE, let rel = e?.extrapolationRelL2 {
            rows.append(("extrapolation MSE / rel L2", "\(Self.number(mse)) / \(Self.number(rel))"))
        }
        if let grid = e?.grid {
            rows.append(("VRMSE / NMSE (one step)", "\(Self.number(grid.vrmse)) / \(Self.number(grid.nmse))"))
            if let r = grid.pearsonR { rows.append(("Pearson r (one step)", Self.number(r))) }
            rows.append(("rollout VRMSE by step", grid.rolloutVRMSE.map(Self.number).joined(separator: ", ")))
        }
        rows += [
            ("train wall / CPU s", "\(Self.number(train.wallSeconds)) / \(Self.number(train.cpuSeconds))"),
            ("train FLOPs", Self.number(train.flops)),
            ("train energy", "\(Self.number(train.energy.joules)) J (\(train.energy.source.rawValue): \(train.energy.method)), "
                + "\(Self.number(train.co2Grams)) g CO2e"),
            ("inference wall s / FLOPs", "\(Self.number(infer.wallSeconds)) / \(Self.number(infer.flops))"),
            ("peak RSS", "\(max(train.peakRSSBytes, infer.peakRSSBytes) / 1_048_576) MiB"),
            ("config hash", configHash),
        ]
        let keyWidth = rows.map(\.0.count).max() ?? 0
        return rows.map { key, value in
            key + String(repeating: " ", count: keyWidth - key.count) + "  " + value
        }.joined(separator: "\n")
    }

    /// Four significant digits: enough to compare runs, short enough to read.
    private static func number(_ x: Double) -> String { String(format: "%.4g", x) }
}
