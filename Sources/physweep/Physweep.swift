import ArgumentParser

/// The `physweep` command: what a model's accuracy costs, swept over grids of physics biases.
@main
struct Physweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physweep",
        abstract: "Sweep physics-informed models and measure what their accuracy costs.",
        subcommands: [
            ValidateCommand.self, MachineCommand.self, DatasetCommand.self,
            RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, SubmitCommand.self, StatusCommand.self, KeysCommand.self, ReportCommand.self, CompareCommand.self,
            TrainCommand.self,
        ])
}
