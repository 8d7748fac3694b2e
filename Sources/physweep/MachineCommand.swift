import ArgumentParser
import Foundation
import PhysweepMetering

/// `physweep machine`: what this machine's results will record, and whether energy is measured here.
struct MachineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machine",
        abstract: "Show this machine's fingerprint, the physweep commit, and how energy is obtained here.",
        discussion: """
        Meters a short busy loop the way a task is metered, and reports whether CPU
        energy is measured (RAPL) or estimated (TDP share), and why. Run it on each
        lab machine after setting it up (Cluster/README.md); docs/measurement.md
        explains the figures.

        Examples:
          physweep machine
          physweep machine --tdp 125 --json
        """)

    @Option(help: "CPU TDP in watts for the estimate (a spec sets it with measurement: {cpu_tdp_watts: W}).")
    var tdp: Double = 65

    @Option(help: "CPU seconds the check loop burns.")
    var seconds: Double = 0.5

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard tdp > 0 else { throw ValidationError("--tdp must be positive, got \(tdp)") }
        guard seconds > 0, seconds <= 60 else { throw ValidationError("--seconds must be in (0, 60], got \(seconds)") }
    }

    func run() throws {
        let meter = PhaseMeter.start(settings: MeterSettings(tdpWatts: tdp))
        burnCPU(seconds: seconds)
        let check = MachineCheck(machine: .current(), gitCommit: GitCommit.current(),
                                 raplUnavailable: meter.raplUnavailable?.description, check: meter.stop(flops: 0))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(check), as: UTF8.self))
        } else {
            print(check.text)
        }
    }

    /// Spins until this process has used `seconds` of CPU. Reading the process CPU clock is a system
    /// call, so the optimiser cannot remove the loop.
    private func burnCPU(seconds: Double) {
        let start = ProcessClocks.cpuSeconds()
        while ProcessClocks.cpuSeconds() - start < seconds {}
    }
}

/// What `physweep machine` reports.
private struct MachineCheck: Encodable {
    let machine: MachineFingerprint
    let gitCommit: String?
    /// Why CPU energy is estimated, when it is.
    let raplUnavailable: String?
    /// The metered busy loop.
    let check: PhaseCost

    enum CodingKeys: String, CodingKey {
        case machine, gitCommit = "git_commit", raplUnavailable = "rapl_unavailable", check
    }

    var text: String {
        var lines = [
            "cpu:     \(machine.cpuModel), \(machine.logicalCores) logical core(s)",
            "os:      \(machine.os)",
            "host:    \(machine.hostname)",
            "commit:  \(gitCommit ?? "unknown (set PHYSWEEP_GIT_COMMIT, or run from a checkout)")",
            "energy:  \(check.energy.source.rawValue), \(check.energy.method)",
        ]
        if let raplUnavailable {
            lines.append("         \(raplUnavailable)")
            lines.append("         (readable counters: Cluster/systemd/physweep-rapl.conf; TDP: measurement.cpu_tdp_watts)")
        }
        let joules = String(format: "%.3g", check.energy.joules)
        let megabytes = String(format: "%.1f", Double(check.peakRSSBytes) / 1e6)
        lines.append(String(format: "check:   %.3f s wall, %.3f s CPU, ", check.wallSeconds, check.cpuSeconds)
                     + "\(joules) J, peak RSS \(megabytes) MB")
        return lines.joined(separator: "\n")
    }
}
