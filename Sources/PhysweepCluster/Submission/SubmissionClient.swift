import Foundation
import PhysweepZMQ

/// Sends one SUBMIT to a coordinator and waits for its answer (`physweep submit --to`).
public enum SubmissionClient {
    /// Why a submission over the socket did not go through.
    public enum Failure: Error, CustomStringConvertible {
        /// The coordinator refused it and stored nothing; `reason` is its text.
        case rejected(reason: String)
        /// Nothing came back in time.
        case noAnswer(endpoint: String, seconds: Double)
        /// Something answered that this build cannot talk to.
        case incompatible(endpoint: String, detail: String)

        public var description: String {
            switch self {
            case .rejected(let reason):
                return "the coordinator refused the sweep:\n\(reason)"
            case .noAnswer(let endpoint, let seconds):
                return "no answer from \(endpoint) within \(seconds) s: is `physweep coordinator` (of a release that accepts SUBMIT) listening there? (--timeout waits longer)"
            case .incompatible(let endpoint, let detail):
                return "\(endpoint) is not a coordinator this physweep can talk to: \(detail)"
            }
        }
    }

    /// Sends `submission` to the coordinator at `endpoint` (over CURVE with `security`); returns what
    /// it stored, or throws `Failure`. A coordinator that refuses the key answers nothing: `noAnswer`.
    public static func submit(_ submission: WireMessage.Submission, to endpoint: String, security: ClientSecurity? = nil,
                              timeoutSeconds: Double) throws -> WireMessage.SubmissionAccepted {
        let context = try ZMQContext()
        let dealer = try context.socket(.dealer, options: [.linger(milliseconds: 0), .maxMessageSize(bytes: 64 << 20)]
                                        + (security?.socketOptions ?? []))
        defer { dealer.close() }
        try dealer.connect(endpoint)
        try dealer.send(WireMessage.submit(submission).frames())
        let deadline = MonotonicClock.now() + timeoutSeconds
        while true {
            let left = deadline - MonotonicClock.now()
            guard left > 0, let frames = try dealer.receive(timeoutMilliseconds: Int((left * 1000).rounded(.up))) else {
                throw Failure.noAnswer(endpoint: endpoint, seconds: timeoutSeconds)
            }
            switch Result(catching: { () throws(ProtocolError) in try WireMessage.decode(frames) }) {
            case .success(.submitted(let stored)): return stored
            case .success(.rejected(let refusal)): throw Failure.rejected(reason: refusal.error)
            case .success(.bye(let bye)): throw Failure.incompatible(endpoint: endpoint, detail: bye.reason)
            case .failure(.wrongVersion(let received, let expected)):
                throw Failure.incompatible(endpoint: endpoint, detail: "\(ProtocolError.wrongVersion(received: received, expected: expected))")
            case .success, .failure:
                continue  // nothing a coordinator says to a client; wait for the answer
            }
        }
    }
}
