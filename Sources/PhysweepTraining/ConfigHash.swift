import Foundation

extension TrainConfig {
    /// Canonical JSON: sorted keys, no whitespace. Equal configs give equal bytes.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of scalars and enums cannot fail.
        return try! encoder.encode(self)
    }

    /// The task key: 64-bit FNV-1a of the canonical JSON, as 16 hex digits.
    ///
    /// Not cryptographic; it only has to tell a million configs apart (collision odds ~1e-8 there).
    public var key: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalJSON() {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
