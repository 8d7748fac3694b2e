/// What a command task's result holds beyond the common figures: everything the program reported.
public struct CommandRecord: Codable, Hashable, Sendable {
    /// Every numeric member of the program's result file, by name.
    public var metrics: [String: Double]
    /// The attempt's output directory (config.json, result.json, stdout.log, stderr.log, artefacts).
    public var outputDirectory: String
    /// The GPUs (device indices) the task was given, if any.
    public var gpus: [Int]?
    /// Bytes the program wrote to stdout (kept in full in stdout.log).
    public var stdoutBytes: Int

    public init(metrics: [String: Double], outputDirectory: String, gpus: [Int]?, stdoutBytes: Int) {
        self.metrics = metrics
        self.outputDirectory = outputDirectory
        self.gpus = gpus
        self.stdoutBytes = stdoutBytes
    }

    enum CodingKeys: String, CodingKey {
        case metrics, outputDirectory = "output_directory", gpus, stdoutBytes = "stdout_bytes"
    }
}
