/// The errors of a gridded next-frame model (shear flow), in the fields' physical units, by The
/// Well's definitions: per sample and field over the grid,
///
///     MSE = mean((ŷ − y)²),  NMSE = MSE / (mean(y²) + ε),  VRMSE = √(MSE / (var(y) + ε)),  ε = 1e-7,
///     r = cov(ŷ, y) / (std(ŷ)·std(y) + ε)   (Pearson's correlation; 0 when either frame is constant),
///
/// with var, std and cov the unbiased (n − 1) estimates over the grid (The Well's `torch.std(y)²`), then
/// averaged over samples; the field averages are the means over the fields. Pearson r is optional in
/// the stored JSON (`pearson_r`): results from before it was added decode with nil.
public struct GridMetrics: Codable, Hashable, Sendable {
    /// One field's one-step errors.
    public struct FieldErrors: Codable, Hashable, Sendable {
        public var mse: Double
        public var nmse: Double
        public var vrmse: Double
        /// Pearson's r of prediction and truth over the grid (nil in results stored before it existed).
        public var pearsonR: Double?

        public init(mse: Double, nmse: Double, vrmse: Double, pearsonR: Double? = nil) {
            self.mse = mse
            self.nmse = nmse
            self.vrmse = vrmse
            self.pearsonR = pearsonR
        }

        enum CodingKeys: String, CodingKey {
            case mse, nmse, vrmse, pearsonR = "pearson_r"
        }
    }

    /// One-step errors by field name (tracer, pressure, velocity_x, velocity_z).
    public var fields: [String: FieldErrors]
    /// One-step MSE averaged over the fields.
    public var mse: Double
    /// One-step NMSE averaged over the fields.
    public var nmse: Double
    /// One-step VRMSE averaged over the fields.
    public var vrmse: Double
    /// One-step Pearson r averaged over the fields (nil in results stored before it existed).
    public var pearsonR: Double?
    /// Autoregressive rollout: VRMSE (averaged over fields and rollouts) after 1, 2, … steps.
    public var rolloutVRMSE: [Double]

    public init(fields: [String: FieldErrors], mse: Double, nmse: Double, vrmse: Double, pearsonR: Double? = nil,
                rolloutVRMSE: [Double]) {
        self.fields = fields
        self.mse = mse
        self.nmse = nmse
        self.vrmse = vrmse
        self.pearsonR = pearsonR
        self.rolloutVRMSE = rolloutVRMSE
    }

    /// The Well's ε.
    public static let epsilon = 1e-7

    enum CodingKeys: String, CodingKey {
        case fields, mse, nmse, vrmse, pearsonR = "pearson_r", rolloutVRMSE = "rollout_vrmse"
    }
}

/// Sums of per-sample errors of each field, to average into `GridMetrics`.
struct GridErrorAccumulator {
    let fieldNames: [String]
    private(set) var samples = 0
    private var mse: [Double], nmse: [Double], vrmse: [Double], pearsonR: [Double]

    init(fieldNames: [String]) {
        self.fieldNames = fieldNames
        mse = Array(repeating: 0, count: fieldNames.count)
        nmse = mse
        vrmse = mse
        pearsonR = mse
    }

    /// Adds one sample: `prediction` and `truth` hold its fields one after another, `plane` values each.
    mutating func add(prediction: ArraySlice<Double>, truth: ArraySlice<Double>, plane: Int) {
        precondition(prediction.count == fieldNames.count * plane && truth.count == prediction.count)
        for field in fieldNames.indices {
            var squared = 0.0, sum = 0.0, sumSquares = 0.0
            var predictedSum = 0.0, predictedSquares = 0.0, products = 0.0
            for i in 0..<plane {
                let y = truth[truth.startIndex + field * plane + i]
                let p = prediction[prediction.startIndex + field * plane + i]
                let d = p - y
                squared += d * d
                sum += y
                sumSquares += y * y
                predictedSum += p
                predictedSquares += p * p
                products += p * y
            }
            let n = Double(plane), meanSquare = sumSquares / n, mean = sum / n
            let error = squared / n
            mse[field] += error
            nmse[field] += error / (meanSquare + GridMetrics.epsilon)
            let variance = plane > 1 ? max(0, sumSquares - n * mean * mean) / (n - 1) : 0
            vrmse[field] += (error / (variance + GridMetrics.epsilon)).squareRoot()
            if plane > 1 {
                let predictedMean = predictedSum / n
                let predictedVariance = max(0, predictedSquares - n * predictedMean * predictedMean) / (n - 1)
                let covariance = (products - n * predictedMean * mean) / (n - 1)
                pearsonR[field] += covariance / ((predictedVariance * variance).squareRoot() + GridMetrics.epsilon)
            }
        }
        samples += 1
    }

    /// Mean VRMSE over samples and fields.
    var meanVRMSE: Double { vrmse.reduce(0, +) / Double(max(1, samples) * fieldNames.count) }

    /// The averages, with `rollout` as the rollout curve.
    func metrics(rollout: [Double]) -> GridMetrics {
        let n = Double(max(1, samples)), f = Double(fieldNames.count)
        var fields: [String: GridMetrics.FieldErrors] = [:]
        for (i, name) in fieldNames.enumerated() {
            fields[name] = GridMetrics.FieldErrors(mse: mse[i] / n, nmse: nmse[i] / n, vrmse: vrmse[i] / n,
                                                   pearsonR: pearsonR[i] / n)
        }
        return GridMetrics(fields: fields, mse: mse.reduce(0, +) / n / f, nmse: nmse.reduce(0, +) / n / f,
                           vrmse: vrmse.reduce(0, +) / n / f, pearsonR: pearsonR.reduce(0, +) / n / f,
                           rolloutVRMSE: rollout)
    }
}
