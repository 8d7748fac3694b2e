import ArgumentParser
import Foundation
import Logging
import PhysweepCluster
import PhysweepSweep

/// `physweep coordinator --bind tcp://*:5555 --db FILE [SPEC.yaml]`: serves sweeps to remote workers.
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Serve sweeps to workers on other machines; the only writer of the SQLite file.",
        discussion: """
        Workers connect with `physweep worker --connect tcp://THIS-HOST:5555`. Sweeps
        are given as SPEC.yaml here or added later, from any machine, with `physweep
        submit SPEC.yaml --to tcp://THIS-HOST:5555` (served at once) or `--db FILE` on
        this host (picked up within a second). Tasks of a worker that stops answering
        heartbeats (interval × liveness) go back to the queue; after the spec's
        max_attempts they are quarantined.

        Stopping the coordinator (even kill -9) loses nothing: start it again on the
        same --db and it re-queues what was running and carries on; workers reconnect
        by themselves.

        Bound beyond loopback (the default tcp://*:5555 is), it talks CURVE only: give
        --key (its secret key) and --allow (a directory of allowed workers' and
        submitters' .pub files, or a list file), made with `physweep keys new`. Other
        keys get nothing; the allowed keys are re-read when their files change, or at
        once on SIGHUP, and a revoked key's connections are cut off. Plain TCP there
        needs --insecure.

        Examples:
          physweep coordinator --db lab.sqlite --key keys/coordinator.key --allow keys/allowed Experiments/oscillator.yaml
          physweep coordinator --bind tcp://127.0.0.1:6000 --db lab.sqlite --until-done s.yaml
        """)

    @Argument(help: "A sweep spec to submit at start (optional).")
    var spec: String?

    @Option(help: "Endpoint workers connect to.")
    var bind = "tcp://*:5555"

    @Option(help: "The SQLite file holding tasks and results.")
    var db = "physweep.sqlite"

    @Flag(help: "With SPEC: discard its stored results and run every task again.")
    var rerun = false

    @Flag(help: "Exit (telling workers BYE) once every task is done or quarantined, instead of serving on.")
    var untilDone = false

    @Option(help: "The coordinator's secret key file (NAME.key from `physweep keys new`): talk CURVE only.")
    var key: String?

    @Option(help: "With --key: the allowed public keys, a directory of .pub files or a list file (re-read when changed, or on SIGHUP).")
    var allow: String?

    @Flag(help: "Serve plain TCP on a non-loopback --bind: anyone reaching the port can take tasks and send results.")
    var insecure = false

    @OptionGroup var heartbeat: HeartbeatOptions

    @Option(help: "Log level on standard error (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if rerun && spec == nil { throw ValidationError("--rerun needs a SPEC") }
        if (key == nil) != (allow == nil) { throw ValidationError("--key and --allow go together: the coordinator's secret key and the allowed public keys") }
        if insecure && key != nil { throw ValidationError("--insecure and --key contradict each other") }
    }

    func run() throws {
        CommandSupport.bootstrapLogging(logLevel)
        let sweep = try spec.map(CommandSupport.loadSpec)
        let store = try SweepStore(path: db)
        let security = try key.map { CoordinatorSecurity(keyPair: try CurveKeyFile.readSecret($0), allowedKeys: allow ?? "") }
        let options = CoordinatorOptions(bind: bind,
                                         heartbeat: heartbeat.settings,
                                         stopWhenIdle: untilDone, security: security, insecure: insecure)
        let coordinator = try Coordinator(store: store, options: options, logger: Logger(label: "physweep.coordinator"))
        // Only with keys: a plain coordinator keeps SIGHUP's default (it ends, as on a closed terminal).
        let reload = security.map { _ in Self.reloadKeys(on: SIGHUP, coordinator.reloadKeys) }
        defer { reload?.cancel() }
        if let sweep {
            // Stored while the coordinator already serves: a big sweep must not keep workers waiting for WELCOME.
            coordinator.submitAtStart(sweep, discardStored: rerun) { name, stored in
                CommandSupport.printSubmission(name, total: stored.total, queued: stored.queued, reused: stored.reused,
                                               reusedFrom: " from \(store.path)")
            }
        }
        FileHandle.standardError.write(Data("coordinator listening on \(coordinator.endpoint), store \(db)\n".utf8))
        let bar = ProgressBar(isTerminal: false, plainInterval: 10)
        let summary = try coordinator.run { bar.show($0) }
        bar.show(summary.final, final: true)
        if summary.final.failed > 0 { throw ExitCode(1) }
    }

    /// Calls `reload` on each `signal` (instead of the default: dying), off the serving loop's thread.
    private static func reloadKeys(on signal: Int32, _ reload: @escaping @Sendable () -> Void) -> DispatchSourceSignal {
        Foundation.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
        source.setEventHandler(handler: reload)
        source.resume()
        return source
    }
}
