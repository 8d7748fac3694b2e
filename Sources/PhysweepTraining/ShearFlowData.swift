import Foundation
import PhysweepModels
import PhysweepShearFlow

/// The shear-flow trajectories a task trains and is judged on, laid out for the grid models: per
/// trajectory [frame, field, z, x] (NCHW frames, rows z, columns x, as ../shared/anchors), each field
/// normalised by the training split's mean and standard deviation (`stats.yaml`). Frames are
/// contiguous, so 4 context frames and the next one are one run of the array.
struct ShearFlowData {
    /// The fields in channel order.
    static let fieldNames = ["tracer", "pressure", "velocity_x", "velocity_z"]
    /// Grid rows (z) and columns (x).
    let height: Int, width: Int
    let frames: Int
    /// Normalised values, one array per trajectory.
    let trajectories: [[Float]]
    /// Per-field mean and standard deviation used to normalise.
    let mean: [Double], std: [Double]
    /// ν = 1/Re of the trajectories and the time between frames.
    let viscosity: Double, interval: Double

    var fields: Int { Self.fieldNames.count }
    var plane: Int { height * width }
    var frameCount: Int { fields * plane }

    /// The generated set for `config` (from the cache when it is there): training and test splits
    /// on the config's grid. The set is simulated on the data sets' default 64 × 128 grid, which
    /// resolves the default Re (docs/systems.md), and down-sampled when the config's grid divides it;
    /// on the config's own grid otherwise.
    static func load(_ config: TrainConfig) throws -> (train: ShearFlowData, test: ShearFlowData) {
        var settings = ShearFlowDataSettings()
        if settings.nx % config.gridNx != 0 || settings.nz % config.gridNz != 0 {
            settings.nx = config.gridNx
            settings.nz = config.gridNz
        }
        settings.frames = config.frames
        let set = try ShearFlowDataset.generate(settings, under: cacheRoot)
        let stats = try set.stats()
        func statistic(_ name: String) throws -> [Double] {
            guard let table = stats.tables[name], let tracer = table["tracer"], let pressure = table["pressure"],
                  let velocity = table["velocity"], tracer.count == 1, pressure.count == 1, velocity.count == 2
            else { throw TrainError.unsupported("shear-flow stats.yaml in \(set.directory.path) lacks \(name) of every field") }
            return tracer + pressure + velocity
        }
        let mean = try statistic("mean"), std = try statistic("std").map { $0 > 0 ? $0 : 1 }
        let grid = try ShearFlowGrid(nx: config.gridNx, nz: config.gridNz)
        return (try ShearFlowData(set.load(.train, grid: grid), mean: mean, std: std),
                try ShearFlowData(set.load(.test, grid: grid), mean: mean, std: std))
    }

    /// Where generated sets are cached: `$PHYSWEEP_DATA_DIR`, else `$XDG_CACHE_HOME/physweep`, else
    /// `~/.cache/physweep`.
    static var cacheRoot: URL {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["PHYSWEEP_DATA_DIR"], !directory.isEmpty { return URL(fileURLWithPath: directory) }
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return URL(fileURLWithPath: cache).appendingPathComponent("physweep")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/physweep")
    }

    /// Reorders The Well's (trajectory, frame, x, z) arrays of every file into normalised NCHW frames.
    init(_ files: [ShearFlowTrajectories], mean: [Double], std: [Double]) throws {
        guard let first = files.first, first.frames >= 1 else { throw TrainError.unsupported("shear-flow split without trajectories") }
        let (nx, nz) = (first.grid.nx, first.grid.nz)
        height = nz
        width = nx
        frames = first.frames
        viscosity = 1 / first.reynolds
        interval = frames >= 2 ? first.times[1] - first.times[0] : 0
        self.mean = mean
        self.std = std
        var trajectories: [[Float]] = []
        for file in files {
            guard file.grid == first.grid, file.frames == frames, file.reynolds == first.reynolds, file.times == first.times else {
                throw TrainError.unsupported("shear-flow files of one set differ in grid, frames, times or Reynolds number")
            }
            let fields = [file.tracer, file.pressure, file.velocityX, file.velocityZ]
            for trajectory in 0..<file.trajectories {
                var values = [Float](repeating: 0, count: frames * fields.count * nx * nz)
                for frame in 0..<frames {
                    let source = file.offset(trajectory: trajectory, frame: frame)
                    for (f, field) in fields.enumerated() {
                        let target = (frame * fields.count + f) * nx * nz
                        let (m, s) = (mean[f], std[f])
                        for x in 0..<nx {
                            for z in 0..<nz {
                                values[target + z * nx + x] = Float((Double(field[source + x * nz + z]) - m) / s)
                            }
                        }
                    }
                }
                trajectories.append(values)
            }
        }
        self.trajectories = trajectories
    }

    /// Every (trajectory, first context frame) whose `context` frames and `ahead` following ones exist.
    func windows(context: Int, ahead: Int) -> [(trajectory: Int, start: Int)] {
        guard frames >= context + ahead else { return [] }
        return trajectories.indices.flatMap { t in (0...(frames - context - ahead)).map { (t, $0) } }
    }

    /// Frames `start..<start + count` of a trajectory, normalised, as one contiguous slice.
    func frames(trajectory: Int, start: Int, count: Int) -> ArraySlice<Float> {
        trajectories[trajectory][(start * frameCount)..<((start + count) * frameCount)]
    }

    /// The vorticity residual on these frames' grid, units and normalisation (velocity channels 2, 3).
    var vorticityResidual: VorticityResidual {
        VorticityResidual(viscosity: viscosity, interval: interval, velocityChannels: (2, 3),
                          velocityMean: (mean[2], mean[3]), velocityStd: (std[2], std[3]),
                          lengthX: ShearFlowGrid.lengthX, lengthZ: ShearFlowGrid.lengthZ)
    }

    /// A normalised value of field `field` back in physical units.
    func physical(_ value: Double, field: Int) -> Double { value * std[field] + mean[field] }
}
