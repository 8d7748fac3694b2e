import ArgumentParser
import Foundation
import PhysweepCluster

/// `physweep keys new NAME`: CURVE key pairs for the secured task channel.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make CURVE key pairs for the coordinator, workers and submitters.",
        subcommands: [New.self])

    /// `physweep keys new NAME [--dir DIR]`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write NAME.pub (public key) and NAME.key (secret key, readable by you only).",
            discussion: """
            Give NAME.pub to the other side, never NAME.key. The coordinator runs with
            its own --key and --allow DIR holding the workers' .pub files; a worker or
            `submit --to` runs with --key (its own) and --coordinator-key (the
            coordinator's .pub). Existing files are never overwritten.

            Examples:
              physweep keys new coordinator --dir keys
              physweep keys new $(hostname) --dir keys/allowed
            """)

        @Argument(help: "The key's name: the files are NAME.pub and NAME.key.")
        var name: String

        @Option(help: "The directory to write them to (created if missing).")
        var dir = "."

        func run() throws {
            let (publicPath, secretPath, fingerprint) = try CurveKeyFile.new(name: name, in: dir)
            print("public key \(publicPath) (fingerprint \(fingerprint)), secret key \(secretPath) (mode 0600)")
        }
    }
}
