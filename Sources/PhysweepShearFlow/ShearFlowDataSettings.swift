import Foundation

/// Everything that determines a generated shear-flow data set; its content hash names the set's
/// cache directory, so equal settings reuse the files and any change makes a new set.
///
/// The trajectories are every combination of `widths × shearLayers × blobs` (The Well varies the
/// same initial-condition parameters within one Reynolds/Schmidt pair), shuffled with `seed` and
/// split by trajectory: 10 % test, 10 % validation (at least one each), the rest training.
///
/// ```swift
/// var settings = ShearFlowDataSettings()       // 64 × 128, Re 3000, Sc 1, 8 trajectories
/// settings.frames = 50
/// let set = try ShearFlowDataset.generate(settings, under: URL(fileURLWithPath: "data"))
/// ```
public struct ShearFlowDataSettings: Equatable, Hashable, Codable, Sendable {
    /// Grid points along x.
    public var nx = 64
    /// Grid points along z.
    public var nz = 128
    /// Reynolds number (ν = 1/Re). 3000 is resolved by 64 × 128 (docs/systems.md).
    public var reynolds = 3000.0
    /// Schmidt number (D = ν/Sc).
    public var schmidt = 1.0
    /// The shear-layer width parameters w of the trajectories.
    public var widths = [0.5, 1.0]
    /// The numbers of shear layers of the trajectories.
    public var shearLayers = [2]
    /// The numbers of perturbation bumps of the trajectories.
    public var blobs = [2, 3, 4, 5]
    /// Frames saved per trajectory (t = 0, interval, 2·interval, …).
    public var frames = 200
    /// Simulated time between saved frames (The Well: 0.1).
    public var interval = 0.1
    /// The CFL number of the solver.
    public var cfl = 0.5
    /// The largest solver step.
    public var maxStep = 0.01
    /// The seed of the train/validation/test assignment.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// Bumped when the solver or the layout changes what the same settings produce, so that a cached
    /// set is never taken for one the current solver would write (2: the nonlinear terms in
    /// divergence form and batched transforms, which change the round-off).
    public static let formatVersion = 2

    /// The trajectories' physics, in generation order (before the split).
    public func cases() throws -> [ShearFlowCase] {
        var result = [ShearFlowCase]()
        for width in widths {
            for layers in shearLayers {
                for count in blobs {
                    result.append(try ShearFlowCase(reynolds: reynolds, schmidt: schmidt, width: width,
                                                    shearLayers: layers, blobs: count))
                }
            }
        }
        return result
    }

    /// Throws if a setting is out of range (cases checked by `ShearFlowCase`).
    public func validate() throws {
        _ = try ShearFlowGrid(nx: nx, nz: nz)
        let count = try cases().count
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws {
            if !ok { throw ShearFlowError.invalidParameter(name: name, value: value, expected: expected) }
        }
        try check(count >= 3 && count <= 10_000, "trajectories (widths × shear layers × blobs)", "\(count)", "3...10000")
        try check(frames >= 2 && frames <= 100_000, "frames", "\(frames)", "2...100000")
        try check(interval.isFinite && interval > 0 && interval <= 100, "interval", "\(interval)", "a time in (0, 100]")
        try check(cfl.isFinite && cfl > 0 && cfl <= 1, "cfl", "\(cfl)", "a number in (0, 1]")
        try check(maxStep.isFinite && maxStep > 0 && maxStep <= 1, "max_step", "\(maxStep)", "a time in (0, 1]")
        let values = count.multipliedReportingOverflow(by: frames).partialValue
        try check(values.multipliedReportingOverflow(by: nx * nz).partialValue <= 1 << 31 && values < 1 << 31,
                  "trajectories × frames × nx × nz", "\(count) × \(frames) × \(nx) × \(nz)", "at most 2^31 values per field")
    }

    /// Canonical JSON: sorted keys, so equal settings give equal bytes.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A struct of finite numbers and arrays of them cannot fail to encode; validate() rejects non-finite ones.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// 64-bit FNV-1a of the format version and the canonical JSON, as 16 hex digits.
    public var contentHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Data("shear-flow-v\(Self.formatVersion)\n".utf8) + canonicalJSON() {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
