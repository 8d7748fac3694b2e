import Foundation

/// Truth, prediction and error of every field of one test rollout at a few of its steps, small
/// enough to travel with a result: the report's field pictures (docs/reports.md).
///
/// Each picture is the field on the grid averaged over `pooling` × `pooling` cells and quantised to
/// 8 bits between its panel's `low` and `high` (truth and prediction of a field at a step share one
/// range, so their colours compare; the error's range is ±its largest magnitude). Rows are z from
/// the bottom of the domain (row 0: z = −1), columns x, as the data sets store them.
///
///     let snapshots = FieldSnapshots.capture(steps: [1, 4], height: 128, width: 64, fields: names) { step in
///         (prediction: predicted[step], truth: truth[step])      // [field][z][x], physical units
///     }
///     let tracer = snapshots.panels[0].values                    // dequantised pixels, row-major
public struct FieldSnapshots: Codable, Hashable, Sendable {
    /// What a panel shows.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case truth, prediction, error
    }

    /// One picture: a field at a rollout step.
    public struct Panel: Codable, Hashable, Sendable {
        /// The field's name (tracer, pressure, velocity_x, velocity_z).
        public var field: String
        public var kind: Kind
        /// The rollout step (1 = the first prediction).
        public var step: Int
        /// The values that pixel 0 and pixel 255 stand for.
        public var low: Double
        public var high: Double
        /// `height` × `width` bytes, row-major, base64.
        public var pixels: String

        public init(field: String, kind: Kind, step: Int, low: Double, high: Double, pixels: String) {
            self.field = field
            self.kind = kind
            self.step = step
            self.low = low
            self.high = high
            self.pixels = pixels
        }

        /// The quantised pixels, or nil when `pixels` is not base64 of `count` bytes.
        public func bytes(count: Int) -> [UInt8]? {
            guard pixels.utf8.count <= 4 * (count / 3 + 1), let data = Data(base64Encoded: pixels), data.count == count
            else { return nil }
            return [UInt8](data)
        }
    }

    /// Pixel rows (z) and columns (x) of every panel.
    public var height: Int
    public var width: Int
    /// Grid cells averaged into one pixel along each axis.
    public var pooling: Int
    /// Field by field, step by step: truth, prediction, error.
    public var panels: [Panel]

    public init(height: Int, width: Int, pooling: Int, panels: [Panel]) {
        self.height = height
        self.width = width
        self.pooling = pooling
        self.panels = panels
    }

    /// The largest picture side: finer grids are averaged down to it.
    public static let maximumSide = 64

    /// The rollout steps pictured for a rollout of `horizon` steps: the first, the middle and the last.
    public static func steps(horizon: Int) -> [Int] {
        guard horizon > 0 else { return [] }
        return Array(Set([1, (horizon + 1) / 2, horizon])).sorted()
    }

    /// Pictures of `steps`, where `frames(step)` gives the prediction and the truth at that step, each
    /// `fields.count` planes of `height` × `width` values in physical units.
    public static func capture(steps: [Int], height: Int, width: Int, fields: [String],
                               frames: (Int) -> (prediction: [Double], truth: [Double])) -> FieldSnapshots {
        let pooling = max(1, (max(height, width) + maximumSide - 1) / maximumSide)
        var panels: [Panel] = []
        for step in steps {
            let (prediction, truth) = frames(step)
            precondition(prediction.count == fields.count * height * width && truth.count == prediction.count)
            for (f, name) in fields.enumerated() {
                let plane = f * height * width..<(f + 1) * height * width
                let p = pool(prediction[plane], height: height, width: width, by: pooling)
                let y = pool(truth[plane], height: height, width: width, by: pooling)
                let error = zip(p, y).map { $0 - $1 }
                let finite = (p + y).filter(\.isFinite)
                let low = finite.min() ?? 0, high = finite.max() ?? 0
                let bound = error.filter(\.isFinite).map(abs).max() ?? 0
                panels.append(Panel(field: name, kind: .truth, step: step, low: low, high: high, pixels: quantise(y, low, high)))
                panels.append(Panel(field: name, kind: .prediction, step: step, low: low, high: high, pixels: quantise(p, low, high)))
                panels.append(Panel(field: name, kind: .error, step: step, low: -bound, high: bound, pixels: quantise(error, -bound, bound)))
            }
        }
        return FieldSnapshots(height: (height + pooling - 1) / pooling, width: (width + pooling - 1) / pooling,
                              pooling: pooling, panels: panels)
    }

    /// Means over `by` × `by` blocks (the last row and column of blocks may be partial).
    static func pool(_ plane: ArraySlice<Double>, height: Int, width: Int, by factor: Int) -> [Double] {
        let rows = (height + factor - 1) / factor, columns = (width + factor - 1) / factor
        var sums = [Double](repeating: 0, count: rows * columns), counts = sums
        for (offset, value) in plane.enumerated() {
            let cell = (offset / width / factor) * columns + (offset % width) / factor
            sums[cell] += value
            counts[cell] += 1
        }
        return zip(sums, counts).map { $0 / $1 }
    }

    /// Base64 of each value mapped linearly from [low, high] to 0…255 (0 when the range is empty;
    /// values outside it, infinities included, clamped; NaN 0).
    static func quantise(_ values: [Double], _ low: Double, _ high: Double) -> String {
        let scale = high > low ? 255 / (high - low) : 0
        return Data(values.map { value -> UInt8 in
            let level = ((value - low) * scale).rounded()
            return level.isNaN ? 0 : UInt8(min(max(level, 0), 255))
        }).base64EncodedString()
    }
}
