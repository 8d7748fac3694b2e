import ArgumentParser
import PhysweepCluster

/// The CURVE flags of a coordinator's clients (`worker`, `submit --to`): the coordinator's public
/// key and this side's secret key (its public key is derived from it).
struct CurveClientOptions: ParsableArguments {
    @Option(help: "The coordinator's public key file (COORDINATOR.pub from `physweep keys new`): talk CURVE.")
    var coordinatorKey: String?

    @Option(help: "With --coordinator-key: this side's secret key file (NAME.key, mode 0600); its NAME.pub must be allowed by the coordinator.")
    var key: String?

    func validate() throws {
        if (coordinatorKey == nil) != (key == nil) {
            throw ValidationError("--coordinator-key and --key go together: the coordinator's public key and this side's secret key")
        }
    }

    /// The keys, read and checked; nil without the flags (plain TCP).
    func security() throws -> ClientSecurity? {
        guard let coordinatorKey, let key else { return nil }
        return ClientSecurity(coordinatorKey: try CurveKeyFile.readPublic(coordinatorKey), keyPair: try CurveKeyFile.readSecret(key))
    }
}
