import Foundation
import XCTest

/// Machines for the multi-host tests: Linux network namespaces, a coordinator host joined to each
/// worker host by its own veth pair (a point-to-point link per worker, so no bridge is needed):
///
///     coordinator  10.9.1.1 to1 ──veth── eth0 10.9.1.2  worker 1
///                  10.9.2.1 to2 ──veth── eth0 10.9.2.2  worker 2
///
/// The hosts reach nothing else (not even the test's own network), so the addresses are the same in
/// every run and parallel runs cannot collide. `tearDown` kills every process left in the hosts and
/// deletes them; namespaces left by a test process that died are deleted by the next one.
///
///     let lab = try LabNetwork(workers: 2)          // throws XCTSkip where namespaces cannot be made
///     defer { lab.tearDown() }
///     try start(["worker", "--connect", lab.coordinatorEndpoint(for: 1, port: 5555)], name: "w1", prefix: lab.exec(worker: 1))
///     try lab.cut(worker: 1)
final class LabNetwork {
    /// The coordinator host's namespace.
    let coordinator: String
    /// The worker hosts' namespaces, worker 1 first.
    let workers: [String]
    private static let prefix = "pwlab"

    /// Makes the hosts and their links; XCTSkip (saying why) where this machine cannot.
    init(workers count: Int) throws {
        do {
            _ = try ChildProcess.run(["ip", "netns", "list"])
        } catch {
            throw XCTSkip("network namespaces cannot be made here (`ip netns` failed: \(error)); needs root and iproute2")
        }
        Self.deleteLeftovers()
        let tag = "\(Self.prefix)\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
        coordinator = "\(tag)-c"
        workers = (1...count).map { "\(tag)-w\($0)" }
        do {
            try ChildProcess.run(["ip", "netns", "add", coordinator])
        } catch {
            throw XCTSkip("network namespaces cannot be made here (\(error)); needs root (CAP_SYS_ADMIN) and iproute2")
        }
        do {
            try ChildProcess.run(["ip", "-n", coordinator, "link", "set", "lo", "up"])
            for (index, host) in workers.enumerated() {
                let n = index + 1
                try ChildProcess.run(["ip", "netns", "add", host])
                try ChildProcess.run(["ip", "-n", host, "link", "set", "lo", "up"])
                try ChildProcess.run(["ip", "-n", coordinator, "link", "add", "to\(n)", "type", "veth", "peer", "name", "eth0", "netns", host])
                try ChildProcess.run(["ip", "-n", coordinator, "addr", "add", "10.9.\(n).1/24", "dev", "to\(n)"])
                try ChildProcess.run(["ip", "-n", host, "addr", "add", "10.9.\(n).2/24", "dev", "eth0"])
                try ChildProcess.run(["ip", "-n", coordinator, "link", "set", "to\(n)", "up"])
                try ChildProcess.run(["ip", "-n", host, "link", "set", "eth0", "up"])
            }
        } catch {
            tearDown()
            throw error
        }
    }

    /// The command prefix that runs a program on the coordinator host.
    var execOnCoordinator: [String] { ["ip", "netns", "exec", coordinator] }

    /// Like `execOnCoordinator` but in the test's own mount namespace (`ip netns exec` remounts /sys,
    /// which hides the cgroup file systems that slurmd needs).
    var enterCoordinator: [String] { ["nsenter", "--net=/run/netns/\(coordinator)"] }

    /// The command prefix that runs a program on worker host `n` (from 1).
    func exec(worker n: Int) -> [String] { ["ip", "netns", "exec", workers[n - 1]] }

    /// Worker host `n`'s address.
    func address(worker n: Int) -> String { "10.9.\(n).2" }

    /// The coordinator's endpoint as worker host `n` reaches it.
    func coordinatorEndpoint(for n: Int, port: Int) -> String { "tcp://10.9.\(n).1:\(port)" }

    /// Pulls worker host `n`'s cable: both ends lose carrier, packets either way are dropped.
    func cut(worker n: Int) throws { try ChildProcess.run(["ip", "-n", coordinator, "link", "set", "to\(n)", "down"]) }

    /// Plugs worker host `n`'s cable back in.
    func restore(worker n: Int) throws { try ChildProcess.run(["ip", "-n", coordinator, "link", "set", "to\(n)", "up"]) }

    /// Both ends of worker host `n`'s link send with `tc netem` (delay `delayMs` ± a fifth, `lossPercent` random
    /// loss) where the kernel has it; otherwise through a `tc tbf` of `slowKbit` kbit/s (serialisation and
    /// queueing delay) with `lossPercent` random loss from an nftables `numgen random` rule. Returns which.
    @discardableResult
    func degrade(worker n: Int, delayMs: Int, lossPercent: Int, slowKbit: Int) throws -> String {
        let ends = [(coordinator, "to\(n)"), (workers[n - 1], "eth0")]
        let netem = ["netem", "delay", "\(delayMs)ms", "\(max(1, delayMs / 5))ms", "loss", "\(lossPercent)%"]
        do {
            for (host, device) in ends { try ChildProcess.run(["ip", "netns", "exec", host, "tc", "qdisc", "add", "dev", device, "root"] + netem) }
            return "tc netem: \(delayMs) ms delay, \(lossPercent)% loss"
        } catch let failure as CommandFailed where failure.output.contains("qdisc kind is unknown") {
            // No sch_netem in this kernel (e.g. a Firecracker VM's): a slow link that drops at random instead.
        }
        for (host, device) in ends {
            try ChildProcess.run(["ip", "netns", "exec", host, "tc", "qdisc", "add", "dev", device, "root", "tbf",
                          "rate", "\(slowKbit)kbit", "burst", "4kb", "latency", "2s"])
            try ChildProcess.run(["ip", "netns", "exec", host, "nft", """
                add table inet lab; add chain inet lab out { type filter hook output priority 0; }; \
                add rule inet lab out oifname "\(device)" numgen random mod 100 < \(lossPercent) counter drop
                """])
        }
        return "no sch_netem here: tc tbf \(slowKbit) kbit/s, \(lossPercent)% loss by nftables"
    }

    /// Packets dropped so far on worker host `n`'s link by `degrade` (netem's or nftables' count, both ends).
    func droppedPackets(worker n: Int) throws -> Int {
        var dropped = 0
        for (host, device) in [(coordinator, "to\(n)"), (workers[n - 1], "eth0")] {
            let qdisc = try ChildProcess.run(["ip", "netns", "exec", host, "tc", "-s", "qdisc", "show", "dev", device])
            let rules = (try? ChildProcess.run(["ip", "netns", "exec", host, "nft", "list", "table", "inet", "lab"])) ?? ""
            for (text, pattern) in [(qdisc, #"netem.*?dropped (\d+)"#), (rules, #"counter packets (\d+)"#)] {
                let expression = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
                for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    dropped += Int(text[Range(match.range(at: 1), in: text)!]) ?? 0
                }
            }
        }
        return dropped
    }

    /// Kills every process left on the hosts (workers, daemons) and deletes the hosts.
    func tearDown() {
        for host in [coordinator] + workers { Self.delete(host) }
    }

    private static func delete(_ namespace: String) {
        for _ in 0..<50 {
            let pids = ((try? ChildProcess.run(["ip", "netns", "pids", namespace])) ?? "").split(separator: "\n").compactMap { Int32($0) }
            if pids.isEmpty { break }
            for pid in pids { kill(pid, SIGKILL) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = try? ChildProcess.run(["ip", "netns", "del", namespace])
    }

    /// Namespaces of earlier test processes that are gone (killed before their tearDown ran).
    private static func deleteLeftovers() {
        let names = ((try? ChildProcess.run(["ip", "netns", "list"])) ?? "").split(separator: "\n").compactMap { $0.split(separator: " ").first }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { delete(String(name)) }
        }
    }
}

/// A cluster test on `LabNetwork` hosts: `workerHosts` worker namespaces made before each test and
/// removed after it; the coordinator listens on `port` in its own namespace.
class LabNetworkTestCase: ClusterTestCase {
    var lab: LabNetwork?
    let port = 5555
    /// How many worker hosts each test gets.
    var workerHosts: Int { 1 }

    override func setUpWithError() throws {
        try super.setUpWithError()
        lab = try LabNetwork(workers: workerHosts)
    }

    override func tearDownWithError() throws {
        try super.tearDownWithError()
        lab?.tearDown()
    }
}
