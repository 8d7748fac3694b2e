import Foundation
import PhysweepJSON
import PhysweepSweep
import PhysweepSystems

/// Variants of a valid message body, to hold a hand-written reader to what the `Codable` path
/// accepts and rejects.
enum JSONVariants {
    /// The document with one leaf (or one object member) removed, null, a string, a number, or an object.
    static func variants(of value: JSONValue) -> [JSONValue] {
        let replacements: [JSONValue] = [.null, .string("x"), .number("-1"), .number("1.5"), .object([]), .array([])]
        var variants = replacements.filter { $0 != value }
        if case .object(let members) = value {
            for (index, member) in members.enumerated() {
                var without = members
                without.remove(at: index)
                variants.append(.object(without))
                for inner in self.variants(of: member.value) {
                    var changed = members
                    changed[index].value = inner
                    variants.append(.object(changed))
                }
            }
        }
        return variants
    }

    /// `count` random edits of `body` (seeded): one or two bytes flipped, JSON tokens spliced in,
    /// spans cut, digits changed (which mostly keeps the body valid).
    static func mutations(of body: Data, count: Int, seed: UInt64) -> [Data] {
        var random = SeededGenerator(seed: seed)
        let tokens = [#"""#, "\\", ",", ":", "{", "}", "[", "]", " ", "null", "true", #""NaN""#, "1.5", "-0", "1e3",
                      #""\u0061""#, "0", "-", "."].map { Array($0.utf8) }
        return (0..<count).map { _ in
            var bytes = [UInt8](body)
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[position] ^= UInt8.random(in: 1...255, using: &random)
                case 1: bytes.insert(contentsOf: tokens.randomElement(using: &random)!, at: position)
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...12, using: &random)))
                default:
                    if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                        bytes[position] = UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)
                    }
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            return Data(bytes)
        }
    }
}
