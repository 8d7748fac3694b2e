import ArgumentParser
import Foundation
import Logging
import PhysweepCluster

/// `physweep worker --connect tcp://HOST:5555`: runs tasks for a coordinator until it says BYE.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run tasks for a coordinator (start one per machine, or several).",
        discussion: """
        The worker connects to the coordinator, announces how many tasks it runs at
        once (--slots), and runs what it is sent, each task on its own thread. If the
        coordinator goes away it keeps finished results, reconnects with exponential
        back-off, and delivers them when welcomed again. It exits when the coordinator
        says the sweep is over.

        Examples:
          physweep worker --connect tcp://lab-server:5555
          physweep worker --connect tcp://10.0.0.5:5555 --slots 4   # 4 tasks at once
          physweep worker --connect tcp://lab-server:5555 \
              --coordinator-key keys/coordinator.pub --key keys/$(hostname).key   # CURVE
        Keep threads × slots ≤ cores: the spec's `resources: {threads: N}` sets threads
        per task.
        """)

    @Option(help: "The coordinator's endpoint, e.g. tcp://lab-server:5555.")
    var connect: String

    @Option(help: "Tasks run at once.")
    var slots = 1

    @Option(help: "Extra tasks held beyond the free slots: a count, or auto (as many as recent tasks run in 20 ms, at most 64).")
    var prefetch = Prefetch.automatic

    @Option(help: "The name shown in status and results (default: host:pid).")
    var id: String?

    @Option(help: "Exit after this many seconds without a coordinator (default: keep trying).")
    var giveUpAfter: Double?

    @Option(help: ArgumentHelp("Exit when this process stops being the parent (used by `physweep run`).", visibility: .hidden))
    var parent: Int32?

    @Option(help: "GPUs (device indices, e.g. 0,1) dealt out to the slots: each slot's command tasks see only its own through CUDA_VISIBLE_DEVICES.")
    var gpus: String?

    @OptionGroup var curve: CurveClientOptions

    @Option(help: "Log level on standard error (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard slots >= 1 else { throw ValidationError("--slots must be at least 1, got \(slots)") }
        let devices = try gpuList()
        guard devices.isEmpty || devices.count >= slots else {
            throw ValidationError("--gpus lists \(devices.count) GPUs for \(slots) slots: give every slot at least one")
        }
    }

    /// `--gpus 0,1,3` as device indices, each listed once.
    func gpuList() throws -> [Int] {
        guard let gpus else { return [] }
        let items = gpus.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !items.isEmpty, items.allSatisfy({ ($0 ?? -1) >= 0 }), Set(items).count == items.count else {
            throw ValidationError("--gpus expects distinct device indices separated by commas, e.g. 0,1; got '\(gpus)'")
        }
        return items.compactMap { $0 }
    }

    func run() throws {
        CommandSupport.bootstrapLogging(logLevel)
        var options = WorkerOptions(endpoint: connect, slots: slots, prefetch: prefetch, giveUpAfter: giveUpAfter, parentPID: parent,
                                    security: try curve.security())
        if let id { options.workerID = id }
        options.gpus = try gpuList()
        switch try Worker(options: options, logger: Logger(label: "physweep.worker")).run() {
        case .bye, .orphaned: return
        case .gaveUp: throw ExitCode(3)
        case .incompatible: throw ExitCode(4)
        }
    }
}

extension Prefetch: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
