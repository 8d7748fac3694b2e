/// Trajectories of the four shear-flow fields, as float32 arrays of shape
/// (trajectories, frames, nx, nz), row-major: The Well's `shear_flow` arrays (velocity split into
/// its x and z components).
public struct ShearFlowTrajectories: Equatable, Sendable {
    /// The grid of every frame.
    public var grid: ShearFlowGrid
    /// The time of each frame.
    public var times: [Double]
    /// The Reynolds number of the file.
    public var reynolds: Double
    /// The Schmidt number of the file.
    public var schmidt: Double
    /// Number of trajectories.
    public var trajectories: Int
    /// The passive tracer.
    public var tracer: [Float]
    /// The pressure.
    public var pressure: [Float]
    /// The velocity along x.
    public var velocityX: [Float]
    /// The velocity along z.
    public var velocityZ: [Float]

    /// Number of frames per trajectory.
    public var frames: Int { times.count }
    /// Values per field: trajectories · frames · nx · nz.
    public var valuesPerField: Int { trajectories * frames * grid.count }

    /// The four fields by The Well's names (velocity as its two components).
    public var fields: [(name: String, values: [Float])] {
        [("tracer", tracer), ("pressure", pressure), ("velocity_x", velocityX), ("velocity_z", velocityZ)]
    }

    /// The offset of frame `frame` of trajectory `trajectory` in each field array.
    public func offset(trajectory: Int, frame: Int) -> Int {
        (trajectory * frames + frame) * grid.count
    }

    /// Simulates every case on `grid`, saving `frames` snapshots `interval` apart from t = 0.
    public static func simulate(_ cases: [ShearFlowCase], grid: ShearFlowGrid, frames: Int, interval: Double,
                                cfl: Double = 0.5, maxStep: Double = 1e-2) -> ShearFlowTrajectories {
        precondition(!cases.isEmpty && frames >= 1 && interval > 0)
        precondition(cases.allSatisfy { $0.reynolds == cases[0].reynolds && $0.schmidt == cases[0].schmidt })
        var result = ShearFlowTrajectories(
            grid: grid, times: (0..<frames).map { Double($0) * interval }, reynolds: cases[0].reynolds,
            schmidt: cases[0].schmidt, trajectories: cases.count, tracer: [], pressure: [], velocityX: [], velocityZ: [])
        let total = result.valuesPerField
        for keyPath in [\Self.tracer, \.pressure, \.velocityX, \.velocityZ] { result[keyPath: keyPath].reserveCapacity(total) }
        for flow in cases {
            let solver = flow.solver(on: grid, cfl: cfl, maxStep: maxStep)
            for time in result.times {
                solver.advance(to: time)
                let snapshot = solver.fields()
                result.tracer += snapshot.tracer.map { Float($0) }
                result.pressure += snapshot.pressure.map { Float($0) }
                result.velocityX += snapshot.velocityX.map { Float($0) }
                result.velocityZ += snapshot.velocityZ.map { Float($0) }
            }
        }
        return result
    }
}
