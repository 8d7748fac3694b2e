import Foundation
import PhysweepTraining

/// A type that writes its own compact JSON (sorted keys), faster than its `Encodable` conformance
/// would through `CompactJSON`; the encoder splices the bytes in. They must be exactly what the
/// `Encodable` conformance gives (a test holds them together).
public protocol CompactJSONEncodable: Encodable {
    /// The value's compact JSON.
    var compactJSON: Data { get }
}

/// The configuration inside every TASK and RESULT: its canonical JSON is written by hand.
extension TrainConfig: CompactJSONEncodable {
    public var compactJSON: Data { canonicalJSON() }
}
