import ArgumentParser
import Foundation
import PhysweepShearFlow

/// The options of `physweep dataset shear-flow`, and the command's work for that system.
struct ShearFlowDatasetOptions: ParsableArguments {
    @Option(help: "Shear flow: grid points along x (default 64).")
    var nx: Int?

    @Option(help: "Shear flow: grid points along z (default 128).")
    var nz: Int?

    @Option(help: "Shear flow: Reynolds number, ν = 1/Re (default 3000, resolved by 64 × 128).")
    var reynolds: Double?

    @Option(help: "Shear flow: Schmidt number, D = ν/Sc (default 1).")
    var schmidt: Double?

    @Option(help: "Shear flow: shear-layer widths w, comma-separated (default 0.5,1).")
    var widths: String?

    @Option(help: "Shear flow: numbers of shear layers, comma-separated, even (default 2).")
    var shearLayers: String?

    @Option(help: "Shear flow: numbers of perturbation bumps, comma-separated (default 2,3,4,5).")
    var blobs: String?

    @Option(help: "Shear flow: frames saved per trajectory (default 200).")
    var frames: Int?

    @Option(help: "Shear flow: simulated time between frames (default 0.1).")
    var interval: Double?

    /// The settings from the defaults and the given options (`seed` from the command's --seed).
    func settings(seed: UInt64) throws -> ShearFlowDataSettings {
        var settings = ShearFlowDataSettings()
        settings.seed = seed
        if let nx { settings.nx = nx }
        if let nz { settings.nz = nz }
        if let reynolds { settings.reynolds = reynolds }
        if let schmidt { settings.schmidt = schmidt }
        if let widths { settings.widths = try Self.list(widths, name: "--widths", Double.init) }
        if let shearLayers { settings.shearLayers = try Self.list(shearLayers, name: "--shear-layers", Int.init) }
        if let blobs { settings.blobs = try Self.list(blobs, name: "--blobs", Int.init) }
        if let frames { settings.frames = frames }
        if let interval { settings.interval = interval }
        do {
            try settings.validate()
        } catch let error as ShearFlowError {
            throw ValidationError("\(error)")
        }
        return settings
    }

    /// Whether any shear-flow option was given (they are rejected for the other systems).
    var anyGiven: Bool {
        nx != nil || nz != nil || reynolds != nil || schmidt != nil || widths != nil || shearLayers != nil
            || blobs != nil || frames != nil || interval != nil
    }

    /// Generates (or finds in the cache) the set under `root` and prints its directory.
    func run(seed: UInt64, root: String) throws {
        let settings = try settings(seed: seed)
        let rootURL = URL(fileURLWithPath: root)
        let target = ShearFlowDataset.directory(for: settings, under: rootURL)
        let cached = (try? ShearFlowDataset(at: target))?.storedSettings() == settings
        let cases = try settings.cases().count
        if !cached {
            FileHandle.standardError.write(Data(
                "simulating \(cases) trajectories of \(settings.frames) frames on \(settings.nx) × \(settings.nz)...\n".utf8))
        }
        let set: ShearFlowDataset
        do {
            set = try ShearFlowDataset.generate(settings, under: rootURL) { split, count in
                FileHandle.standardError.write(Data("  \(split.rawValue): \(count) trajectories written\n".utf8))
            }
        } catch let error as ShearFlowError {
            throw ShearFlowDatasetError(message: "shear-flow: \(error)")
        }
        FileHandle.standardError.write(Data("\(cached ? "reused the cached set (same settings)" : "wrote the set"):\n".utf8))
        FileHandle.standardOutput.write(Data("\(set.directory.path)\n".utf8))
    }

    private static func list<T>(_ text: String, name: String, _ parse: (String) -> T?) throws -> [T] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap(parse)
        guard !parts.isEmpty, values.count == parts.count else {
            throw ValidationError("\(name) expects comma-separated numbers, got \"\(text)\"")
        }
        return values
    }
}

/// A shear-flow failure after the arguments were accepted (exit code 1, no usage text).
struct ShearFlowDatasetError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
