import Foundation
import PhysweepZMQ

/// The worker (and client) public keys a coordinator lets in: every `*.pub` file of a directory
/// (one key each), or one list file (one key per line, `KEY [label]`, `#` comments).
///
///     let allowed = try AllowedKeys.load("keys/allowed")   // a directory or a file
public struct AllowedKeys: Sendable, Equatable {
    /// The keys allowed.
    public let keys: Set<ZMQCurveKey>

    /// Reads `path` (a directory or a list file). A malformed file makes the whole load fail, so a
    /// half-edited list never silently narrows or widens who is let in.
    public static func load(_ path: String) throws -> AllowedKeys {
        var keys = Set<ZMQCurveKey>()
        for file in try files(path) {
            keys.formUnion(try CurveKeyFile.readKeys(file).map(\.key))
        }
        return AllowedKeys(keys: keys)
    }

    /// What a change of the key files would change: each file's name, size and modification time.
    /// Cheap (one `stat` per file); compared to decide whether to load again.
    public static func stamp(_ path: String) -> [String] {
        ((try? files(path)) ?? []).map { file in
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(file) \(attributes?[.size] as? Int ?? -1) \(modified)"
        }
    }

    /// The files read for `path`: itself, or a directory's `*.pub` files in name order.
    private static func files(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KeyFileError.unreadable(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        return names.filter { $0.hasSuffix(".pub") && !$0.hasPrefix(".") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
