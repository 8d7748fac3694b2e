import Foundation

/// A worker process as the coordinator last saw it.
public struct WorkerRecord: Hashable, Sendable {
    /// Unique id the worker announced (host:pid unless given).
    public var id: String
    public var host: String
    public var pid: Int
    /// Logical cores of the worker's machine.
    public var cores: Int
    /// Tasks it runs at once.
    public var slots: Int
    public var firstSeen: Date
    public var lastSeen: Date

    public init(id: String, host: String, pid: Int, cores: Int, slots: Int, firstSeen: Date, lastSeen: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.cores = cores
        self.slots = slots
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
