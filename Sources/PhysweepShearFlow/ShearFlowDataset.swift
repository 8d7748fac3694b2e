import Foundation
import PhysweepSystems

/// A shear-flow data set on disk in The Well's directory layout:
///
///     DIR/data/train/*.hdf5   DIR/data/valid/*.hdf5   DIR/data/test/*.hdf5   DIR/stats.yaml
///
/// (`DIR` is what The Well calls `datasets/shear_flow`), plus `settings.json` for generated sets.
/// `generate` writes one under `root/shear_flow-<content hash of the settings>` and reuses it when
/// it is already there; `init(at:)` opens any such directory, including The Well's own download.
///
/// ```swift
/// let set = try ShearFlowDataset.generate(ShearFlowDataSettings(), under: cacheRoot)
/// let train = try set.load(.train, grid: try ShearFlowGrid(nx: 64, nz: 128))
/// let stats = try set.stats()
/// ```
public struct ShearFlowDataset: Sendable {
    /// The three splits, by The Well's directory names.
    public enum Split: String, CaseIterable, Sendable {
        case train, valid, test
    }

    /// The set's directory.
    public let directory: URL

    /// Opens the set in `directory` (which must hold `data/train`).
    public init(at directory: URL) throws {
        var isDirectory: ObjCBool = false
        let train = directory.appendingPathComponent("data/train").path
        guard FileManager.default.fileExists(atPath: train, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ShearFlowError.io(path: directory.path, problem: "not a data set: no data/train directory")
        }
        self.directory = directory
    }

    /// The HDF5 files of `split`, sorted by name.
    public func files(_ split: Split) throws -> [URL] {
        let folder = directory.appendingPathComponent("data/\(split.rawValue)")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw ShearFlowError.io(path: folder.path, problem: "cannot list: \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".hdf5") || $0.hasSuffix(".h5") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Every file of `split`, read (and down-sampled) onto `grid` (nil: each file's own grid).
    public func load(_ split: Split, grid: ShearFlowGrid? = nil) throws -> [ShearFlowTrajectories] {
        try files(split).map { try WellFile.read(from: $0, grid: grid) }
    }

    /// The normalisation statistics stored with the set (`stats.yaml`, computed on the training split).
    public func stats() throws -> NormalizationStats {
        let url = directory.appendingPathComponent("stats.yaml")
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ShearFlowError.io(path: url.path, problem: "cannot read: \(error.localizedDescription)")
        }
        return try NormalizationStats(yaml: text, path: url.path)
    }

    /// The directory `settings` generate into under `root`.
    public static func directory(for settings: ShearFlowDataSettings, under root: URL) -> URL {
        root.appendingPathComponent("shear_flow-\(settings.contentHash)")
    }

    /// The generated set for `settings` under `root`: reused if a complete one is there (its
    /// settings.json equal to `settings`), else simulated, written to a temporary directory and
    /// renamed into place (so an interrupted run never leaves a half set that looks complete).
    /// `progress` is called with each finished split.
    public static func generate(_ settings: ShearFlowDataSettings, under root: URL,
                                progress: (Split, Int) -> Void = { _, _ in }) throws -> ShearFlowDataset {
        try settings.validate()
        let target = directory(for: settings, under: root)
        if let existing = try? ShearFlowDataset(at: target), existing.storedSettings() == settings {
            return existing
        }
        let manager = FileManager.default
        let partial = root.appendingPathComponent(".shear_flow-\(settings.contentHash).partial-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: partial, withIntermediateDirectories: true)
        } catch {
            throw ShearFlowError.io(path: partial.path, problem: "cannot create: \(error.localizedDescription)")
        }
        defer { try? manager.removeItem(at: partial) }

        let grid = try ShearFlowGrid(nx: settings.nx, nz: settings.nz)
        let assignment = try split(settings)
        let settingsJSON = String(decoding: settings.canonicalJSON(), as: UTF8.self)
        var training: ShearFlowTrajectories?
        for split in Split.allCases {
            let cases = assignment[split] ?? []
            let data = ShearFlowTrajectories.simulate(cases, grid: grid, frames: settings.frames, interval: settings.interval,
                                                      cfl: settings.cfl, maxStep: settings.maxStep)
            let folder = partial.appendingPathComponent("data/\(split.rawValue)")
            try createDirectory(folder)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let casesJSON = String(decoding: (try? encoder.encode(cases)) ?? Data(), as: UTF8.self)
            try WellFile.write(data, to: folder.appendingPathComponent(fileName(settings)),
                               extraAttributes: ["physweep_settings": settingsJSON, "physweep_cases": casesJSON])
            if split == .train { training = data }
            progress(split, cases.count)
        }
        if let training {
            try write(try NormalizationStats(of: [training]).yaml(), to: partial.appendingPathComponent("stats.yaml"))
        }
        try write(settingsJSON + "\n", to: partial.appendingPathComponent("settings.json"))
        // Another process may have finished the same set meanwhile: keep its (identical) files.
        if let existing = try? ShearFlowDataset(at: target), existing.storedSettings() == settings { return existing }
        try? manager.removeItem(at: target)   // an incomplete or foreign directory of that name
        do {
            try manager.moveItem(at: partial, to: target)
        } catch {
            throw ShearFlowError.io(path: target.path, problem: "cannot move the new set into place: \(error.localizedDescription)")
        }
        return try ShearFlowDataset(at: target)
    }

    /// The trajectories of each split: the cases shuffled with the seed, then 10 % test and 10 %
    /// validation (at least one each), the rest training.
    public static func split(_ settings: ShearFlowDataSettings) throws -> [Split: [ShearFlowCase]] {
        var cases = try settings.cases()
        var generator = SeededGenerator(seed: settings.seed, stream: 0x5348_4541_52)
        generator.shuffle(&cases)
        let held = max(1, Int((Double(cases.count) * 0.1).rounded()))
        return [.test: Array(cases[0..<held]), .valid: Array(cases[held..<(2 * held)]), .train: Array(cases[(2 * held)...])]
    }

    /// The file name The Well would give this Reynolds/Schmidt pair.
    static func fileName(_ settings: ShearFlowDataSettings) -> String {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        return "shear_flow_Reynolds_\(number(settings.reynolds))_Schmidt_\(number(settings.schmidt)).hdf5"
    }

    /// The settings a generated set was made with (nil if it has none or they do not decode).
    public func storedSettings() -> ShearFlowDataSettings? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("settings.json")) else { return nil }
        return try? JSONDecoder().decode(ShearFlowDataSettings.self, from: data)
    }

    private static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ShearFlowError.io(path: url.path, problem: "cannot create: \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw ShearFlowError.io(path: url.path, problem: "cannot write: \(error.localizedDescription)")
        }
    }
}
