import CHDF5
import Foundation

/// Shear-flow trajectories in The Well's HDF5 layout (https://polymathic-ai.org/the_well/), written
/// and read through libhdf5:
///
///     /                     @dataset_name "shear_flow", @grid_type "cartesian", @n_spatial_dims 2,
///                           @n_trajectories B, @simulation_parameters ["Reynolds", "Schmidt"],
///                           @Reynolds, @Schmidt
///     dimensions/           @spatial_dims ["x", "z"]; time (T), x (nx), z (nz)
///     boundary_conditions/  x_periodic, z_periodic: @bc_type "PERIODIC", @associated_dims, mask
///     scalars/              @field_names ["Reynolds", "Schmidt"]; Reynolds, Schmidt (scalars)
///     t0_fields/            @field_names ["tracer", "pressure"]; tracer, pressure (B, T, nx, nz)
///     t1_fields/            @field_names ["velocity"]; velocity (B, T, nx, nz, 2)
///     t2_fields/            @field_names []
///
/// Arrays are float32; every dataset carries The Well's @sample_varying / @time_varying (and
/// fields @dim_varying) flags. Reading validates before it reads (see `read(from:grid:)`) and can
/// down-sample: The Well's 256 × 512 files are read on a 64 × 128 grid by taking every 4th point
/// along x and z (a strided selection, so only those values leave the file).
///
/// ```swift
/// try WellFile.write(trajectories, to: url)
/// let back = try WellFile.read(from: url, grid: try ShearFlowGrid(nx: 64, nz: 128))
/// ```
public enum WellFile {
    /// The largest number of values read per field (4 Gi floats: 16 GB).
    public static let maxValuesPerField = 1 << 32

    /// Writes `data` to `url` (replacing it). `extraAttributes` become string attributes of the root.
    public static func write(_ data: ShearFlowTrajectories, to url: URL, extraAttributes: [String: String] = [:]) throws {
        for (name, values) in data.fields where values.count != data.valuesPerField {
            throw ShearFlowError.invalidParameter(
                name: name, value: "\(values.count) values",
                expected: "\(data.valuesPerField) (trajectories × frames × nx × nz = \(data.trajectories) × \(data.frames) × \(data.grid.nx) × \(data.grid.nz))")
        }
        guard data.trajectories >= 1, data.frames >= 1 else {
            throw ShearFlowError.invalidParameter(name: "trajectories × frames", value: "\(data.trajectories) × \(data.frames)",
                                                  expected: "at least one of each")
        }
        try HDF5Library.withLock {
            let writer = try HDF5Writer(creating: url.path)
            let root = writer.file
            let grid = data.grid, frames = data.frames, trajectories = data.trajectories
            try writer.attribute("dataset_name", of: root, string: "shear_flow")
            try writer.attribute("grid_type", of: root, string: "cartesian")
            try writer.attribute("n_spatial_dims", of: root, int: 2)
            try writer.attribute("n_trajectories", of: root, int: trajectories)
            try writer.attribute("simulation_parameters", of: root, strings: ["Reynolds", "Schmidt"])
            try writer.attribute("Reynolds", of: root, double: data.reynolds)
            try writer.attribute("Schmidt", of: root, double: data.schmidt)
            for (key, value) in extraAttributes.sorted(by: { $0.key < $1.key }) {
                try writer.attribute(key, of: root, string: value)
            }

            let dimensions = try writer.group("dimensions", in: root)
            try writer.attribute("spatial_dims", of: dimensions, strings: ["x", "z"])
            let time = try writer.floats("time", in: dimensions, dims: [frames], values: data.times.map { Float($0) })
            try writer.attribute("sample_varying", of: time, bool: false)
            for (name, coordinates) in [("x", grid.x), ("z", grid.z)] {
                let dataset = try writer.floats(name, in: dimensions, dims: [coordinates.count], values: coordinates.map { Float($0) })
                try writer.attribute("sample_varying", of: dataset, bool: false)
                try writer.attribute("time_varying", of: dataset, bool: false)
            }

            let boundaries = try writer.group("boundary_conditions", in: root)
            for (name, count) in [("x", grid.nx), ("z", grid.nz)] {
                let group = try writer.group("\(name)_periodic", in: boundaries)
                try writer.attribute("associated_dims", of: group, strings: [name])
                try writer.attribute("associated_fields", of: group, strings: [])
                try writer.attribute("bc_type", of: group, string: "PERIODIC")
                try writer.attribute("sample_varying", of: group, bool: false)
                try writer.attribute("time_varying", of: group, bool: false)
                try writer.bools("mask", in: group, values: (0..<count).map { $0 == 0 || $0 == count - 1 })
                try writer.floats("values", in: group, dims: [2], values: [0, 0])
            }

            let scalars = try writer.group("scalars", in: root)
            try writer.attribute("field_names", of: scalars, strings: ["Reynolds", "Schmidt"])
            for (name, value) in [("Reynolds", data.reynolds), ("Schmidt", data.schmidt)] {
                let dataset = try writer.floats(name, in: scalars, dims: [], values: [Float(value)])
                try writer.attribute("sample_varying", of: dataset, bool: false)
                try writer.attribute("time_varying", of: dataset, bool: false)
            }

            let shape = [trajectories, frames, grid.nx, grid.nz]
            let t0 = try writer.group("t0_fields", in: root)
            try writer.attribute("field_names", of: t0, strings: ["tracer", "pressure"])
            for (name, values) in [("tracer", data.tracer), ("pressure", data.pressure)] {
                try fieldAttributes(writer, try writer.floats(name, in: t0, dims: shape, values: values))
            }
            let t1 = try writer.group("t1_fields", in: root)
            try writer.attribute("field_names", of: t1, strings: ["velocity"])
            var velocity = [Float](repeating: 0, count: 2 * data.valuesPerField)
            for a in 0..<data.valuesPerField {
                velocity[2 * a] = data.velocityX[a]
                velocity[2 * a + 1] = data.velocityZ[a]
            }
            try fieldAttributes(writer, try writer.floats("velocity", in: t1, dims: shape + [2], values: velocity))
            let t2 = try writer.group("t2_fields", in: root)
            try writer.attribute("field_names", of: t2, strings: [])
            try writer.flush()
        }
    }

    private static func fieldAttributes(_ writer: HDF5Writer, _ dataset: HDF5Object) throws {
        try writer.attribute("dim_varying", of: dataset, bools: [true, true])
        try writer.attribute("sample_varying", of: dataset, bool: true)
        try writer.attribute("time_varying", of: dataset, bool: true)
    }

    /// Reads a file in The Well's shear-flow layout (ours or The Well's own), down-sampled to `grid`
    /// (nil: the file's grid). Before reading any field it checks that every dataset exists, holds
    /// floats, and has the rank and shape the layout requires (tracer, pressure: (B, T, nx, nz);
    /// velocity: (B, T, nx, nz, 2); time: (T); the coordinates named by `dimensions@spatial_dims`,
    /// x and z by default: (nx), (nz)), that the file's grid is a whole
    /// multiple of `grid`, and that no field exceeds `maxValuesPerField` values; errors name the
    /// file and the dataset.
    public static func read(from url: URL, grid target: ShearFlowGrid? = nil) throws -> ShearFlowTrajectories {
        try HDF5Library.withLock {
            let reader = try HDF5Reader(opening: url.path)
            let tracerShape = try reader.floatShape("t0_fields/tracer")
            guard tracerShape.dims.count == 4, tracerShape.dims.allSatisfy({ $0 > 0 }) else {
                throw reader.invalid("t0_fields/tracer", "shape \(tracerShape.dims), expected (trajectories, time, x, z), none empty")
            }
            let dims = tracerShape.dims
            let (trajectories, frames, fileX, fileZ) = (dims[0], dims[1], dims[2], dims[3])
            let pressureShape = try reader.floatShape("t0_fields/pressure")
            guard pressureShape.dims == dims else {
                throw reader.invalid("t0_fields/pressure", "shape \(pressureShape.dims), expected \(dims) like t0_fields/tracer")
            }
            let velocityShape = try reader.floatShape("t1_fields/velocity")
            guard velocityShape.dims == dims + [2] else {
                throw reader.invalid("t1_fields/velocity", "shape \(velocityShape.dims), expected \(dims + [2])")
            }
            let spatial = try spatialDimensions(reader)
            for (name, expected) in [("dimensions/time", frames), ("dimensions/\(spatial[0])", fileX), ("dimensions/\(spatial[1])", fileZ)] {
                let shape = try reader.floatShape(name)
                guard shape.dims == [expected] else {
                    throw reader.invalid(name, "shape \(shape.dims), expected [\(expected)]")
                }
            }
            let grid = try target ?? fileGrid(fileX, fileZ, reader)
            guard fileX % grid.nx == 0, fileZ % grid.nz == 0 else {
                throw reader.invalid("t0_fields/tracer", "grid \(fileX)×\(fileZ) is not a whole multiple of the requested \(grid.nx)×\(grid.nz)")
            }
            let strideX = fileX / grid.nx, strideZ = fileZ / grid.nz
            let (values, overflow) = (trajectories * frames).multipliedReportingOverflow(by: grid.count)
            guard !overflow, values <= maxValuesPerField else {
                throw reader.invalid("t0_fields/tracer", "\(trajectories) trajectories × \(frames) frames × \(grid.count) points exceed \(maxValuesPerField) values")
            }
            let count = [trajectories, frames, grid.nx, grid.nz], stride = [1, 1, strideX, strideZ]
            let times = try reader.readFloats("dimensions/time", stride: [1], count: [frames]).map { Double($0) }
            let velocity = try reader.readFloats("t1_fields/velocity", stride: stride + [1], count: count + [2])
            return ShearFlowTrajectories(
                grid: grid, times: times,
                reynolds: try reader.parameter("Reynolds"), schmidt: try reader.parameter("Schmidt"),
                trajectories: trajectories,
                tracer: try reader.readFloats("t0_fields/tracer", stride: stride, count: count),
                pressure: try reader.readFloats("t0_fields/pressure", stride: stride, count: count),
                velocityX: Swift.stride(from: 0, to: velocity.count, by: 2).map { velocity[$0] },
                velocityZ: Swift.stride(from: 1, to: velocity.count, by: 2).map { velocity[$0] })
        }
    }

    /// The names of the two spatial dimensions: `dimensions@spatial_dims` when present (The Well
    /// may call z "y"), else x and z; each must name a coordinate dataset under `dimensions/`.
    private static func spatialDimensions(_ reader: HDF5Reader) throws -> [String] {
        guard reader.hasAttribute("spatial_dims", of: "dimensions") else { return ["x", "z"] }
        let names = try reader.stringsAttribute("spatial_dims", of: "dimensions")
        let plain = names.allSatisfy { !$0.isEmpty && $0.count <= 64 && !$0.contains("/") && !$0.contains(".") }
        guard names.count == 2, plain else {
            throw reader.invalid("dimensions@spatial_dims", "\(names), expected two plain names such as [\"x\", \"z\"]")
        }
        return names
    }

    private static func fileGrid(_ nx: Int, _ nz: Int, _ reader: HDF5Reader) throws -> ShearFlowGrid {
        do {
            return try ShearFlowGrid(nx: nx, nz: nz)
        } catch {
            throw reader.invalid("t0_fields/tracer", "grid \(nx)×\(nz): \(error)")
        }
    }
}
