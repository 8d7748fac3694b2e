import ArgumentParser
import Foundation
import PhysweepSystems
import PhysweepTraining

/// `physweep dataset SYSTEM`: writes a system's data and exact/reference solution as CSV, for plots and checks.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Write a system's data and exact or reference solution as CSV, or a shear-flow data set.",
        discussion: """
        Columns by system (a header row first; numbers have 17 significant digits,
        so they read back exactly):

          burgers       x,t,u              the Cole–Hopf reference solution on the
                                           test grid: grid-x points in [-1,1] times
                                           grid-t points in [0,1], ends included,
                                           rows ordered t slow, x fast
          oscillator    t,x,x_clean,split  training samples on [0,10] (x as trained
                                           on, i.e. with --noise-std), then the test
                                           set on [0,10], extrapolation on [10,30]
          noisy-cosine  t,y,y_clean,split  y = cos t + noise on [-5π,5π], then the
                                           clean test set on [-5π,5π] and the
                                           extrapolation set on [5π,25π]

          shear-flow    a directory in The Well's layout, not CSV (see below)

        `split` is train, test or extrapolation. Unset options take the system's
        training defaults (those of TrainConfig), so the file holds what a training
        run with the same values sees. Equations, domains and the measured accuracy
        of the Burgers reference: docs/systems.md.

        shear-flow simulates 2-D incompressible shear flows with a passive tracer
        (The Well's `shear_flow`, on a CPU-sized grid) with the verified
        pseudo-spectral solver and writes DIR/shear_flow-<hash of the settings>/
        with data/train, data/valid and data/test (HDF5 files in The Well's layout:
        t0_fields/tracer, t0_fields/pressure, t1_fields/velocity, frames `--interval`
        apart) and stats.yaml (normalisation statistics of the training split).
        One trajectory per combination of --widths × --shear-layers × --blobs; --seed
        assigns them to the splits (10 % test, 10 % validation, at least one each).
        Running again with the same settings reuses the set; the directory is
        printed on standard output. --out is required for shear-flow. Solver,
        verification and layout: docs/systems.md.

        Examples:
          physweep dataset shear-flow --out data          (64 × 128, Re 3000, 8 runs)
          physweep dataset shear-flow --out data --frames 50 --blobs 2,3,4
          physweep dataset burgers --out burgers.csv
          physweep dataset burgers --nu 0.025 --grid-x 512 --grid-t 201 --out b.csv
          physweep dataset oscillator --zeta 0.1 --noise-std 0.05 --seed 3
          physweep dataset noisy-cosine --out cosine.csv
        """)

    @Argument(help: "The system: oscillator, noisy-cosine, burgers or shear-flow.")
    var system: String

    @Option(help: "The CSV file to write (default: standard output); for shear-flow, the directory to write the set under.")
    var out: String?

    @Option(help: "Seed of the noise (oscillator, noisy-cosine) or of the split (shear-flow).")
    var seed: UInt64 = 0

    @Option(help: "Burgers viscosity ν (default 0.01/π).")
    var nu: Double?

    @Option(help: "Burgers grid points in x.")
    var gridX = 256

    @Option(help: "Burgers grid points in t.")
    var gridT = 100

    @Option(help: "Oscillator natural frequency ω0 (default 1).")
    var omega0: Double?

    @Option(help: "Oscillator damping ratio ζ, in [0, 1) (default 0.01).")
    var zeta: Double?

    @Option(help: "Standard deviation of the noise on training targets (default: oscillator 0, noisy-cosine 0.3).")
    var noiseStd: Double?

    @Option(help: "Training samples (default: oscillator 25, noisy-cosine 10000).")
    var dataPoints: Int?

    @OptionGroup var shearFlow: ShearFlowDatasetOptions

    /// The shear-flow system's name (a directory of HDF5 files, not a CSV table).
    private static let shearFlowName = "shear-flow"

    /// The systems that have data to export, by their public names.
    private static let exportable: [SystemKind] = [.oscillator, .noisyCosine, .burgers]

    func validate() throws {
        if system == Self.shearFlowName {
            guard out != nil else { throw ValidationError("shear-flow needs --out DIR: the directory to write the set under") }
            _ = try shearFlow.settings(seed: seed)
            return
        }
        if shearFlow.anyGiven {
            throw ValidationError("--nx, --nz, --reynolds, --schmidt, --widths, --shear-layers, --blobs, --frames and --interval are for shear-flow only")
        }
        _ = try systemKind()
        guard gridX >= 2, gridT >= 2 else {
            throw ValidationError("--grid-x and --grid-t must be at least 2 (got \(gridX) × \(gridT))")
        }
    }

    func run() throws {
        if system == Self.shearFlowName, let out { return try shearFlow.run(seed: seed, root: out) }
        let table: CSVTable
        do {
            table = try makeTable(for: systemKind())
        } catch let error as SystemsError {
            throw DatasetError(message: "\(system): \(error)")
        }
        if let out {
            let url = URL(fileURLWithPath: out)
            do {
                try table.write(to: url)
            } catch {
                throw DatasetError(message: "cannot write \(out): \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("wrote \(table.rows.count) rows to \(out)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(table.text.utf8))
        }
    }

    /// The system named on the command line, or a validation error that suggests the closest name.
    private func systemKind() throws -> SystemKind {
        let names = Self.exportable.map(\.rawValue) + [Self.shearFlowName]
        if let kind = SystemKind(rawValue: system), Self.exportable.contains(kind) { return kind }
        if let kind = SystemKind(rawValue: system) {
            throw ValidationError("system \(kind.rawValue) has no data to export; choose one of \(names.joined(separator: ", "))")
        }
        let hint = ClosestName.find(system, in: names).map { " (did you mean \($0)?)" } ?? ""
        throw ValidationError("unknown system \"\(system)\"\(hint); choose one of \(names.joined(separator: ", "))")
    }

    /// The CSV for `kind`, with every unset option taken from the system's training defaults.
    private func makeTable(for kind: SystemKind) throws -> CSVTable {
        var config = TrainConfig.defaults(system: kind)
        if let nu { config.nu = nu }
        if let omega0 { config.omega0 = omega0 }
        if let zeta { config.zeta = zeta }
        if let noiseStd { config.noiseStd = noiseStd }
        if let dataPoints { config.dataPoints = dataPoints }
        switch kind {
        case .burgers:
            return CSVTable(try BurgersSolution(nu: config.nu).grid(gridX: gridX, gridT: gridT))
        case .oscillator:
            let oscillator = try Oscillator(omega0: config.omega0, zeta: config.zeta)
            return CSVTable(try TrajectoryDataset.oscillator(
                oscillator, dataPoints: config.dataPoints, noiseStd: config.noiseStd, seed: seed))
        case .noisyCosine:
            return CSVTable(try TrajectoryDataset.noisyCosine(
                dataPoints: config.dataPoints, noiseStd: config.noiseStd, seed: seed))
        case .noop, .sleep, .shearFlow, .command:
            preconditionFailure("systemKind() only returns exportable systems")
        }
    }
}

/// A failure after the arguments were accepted (exit code 1, no usage text).
private struct DatasetError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
