import Foundation
import PhysweepCluster
import PhysweepSystems
import XCTest

/// Random and mutated frame sets never crash the decoder: each gives an error or a valid message.
final class ProtocolFuzzTests: XCTestCase {
    func testRandomFrameSetsAreRejectedWithoutCrashing() {
        var random = SeededGenerator(seed: 1)
        var rejected = 0
        for _ in 0..<3000 {
            let frames = (0..<Int.random(in: 0...5, using: &random)).map { _ in randomBytes(&random, upTo: 48) }
            do {
                _ = try RoutedMessage.decode(frames)
            } catch {
                rejected += 1
            }
        }
        XCTAssertEqual(rejected, 3000, "random bytes are not a valid PSWP1 message")
    }

    func testMutatedValidMessagesDecodeToAValidMessageOrAnError() throws {
        var random = SeededGenerator(seed: 2)
        var accepted = 0, rejected = 0
        for iteration in 0..<4000 {
            let original = ProtocolSamples.messages[iteration % ProtocolSamples.messages.count].frames()
            let frames = mutate(original, &random)
            let decoded: WireMessage
            do {
                decoded = try WireMessage.decode(frames)
            } catch {
                rejected += 1
                continue
            }
            accepted += 1
            // Whatever was accepted is a well-formed message: it re-encodes to itself.
            XCTAssertEqual(try WireMessage.decode(decoded.frames()), decoded)
        }
        // Both outcomes occur, so the mutations neither always break nor never touch the messages.
        XCTAssertGreaterThan(accepted, 0)
        XCTAssertGreaterThan(rejected, 1000)
    }

    /// One to three random edits: flip, insert or delete bytes, truncate, drop, duplicate or swap frames.
    private func mutate(_ frames: [Data], _ random: inout SeededGenerator) -> [Data] {
        var frames = frames
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !frames.isEmpty else { return frames }
            let index = Int.random(in: 0..<frames.count, using: &random)
            var frame = [UInt8](frames[index])
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where !frame.isEmpty:
                frame[Int.random(in: 0..<frame.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            case 1:
                frame.insert(contentsOf: randomBytes(&random, upTo: 4), at: Int.random(in: 0...frame.count, using: &random))
            case 2 where !frame.isEmpty:
                frame.remove(at: Int.random(in: 0..<frame.count, using: &random))
            case 3:
                frame = Array(frame.prefix(Int.random(in: 0...frame.count, using: &random)))
            case 4:
                frames.remove(at: index)
                continue
            case 5:
                frames.insert(frames[index], at: index)
                continue
            case 6:
                // Another message's body or command in this slot: valid JSON of the wrong shape.
                let other = ProtocolSamples.messages.randomElement(using: &random)!.frames()
                frames[index] = other[index % other.count]
                continue
            default:
                // A digit or quote somewhere in the JSON body replaced by another one.
                let body = frames.count > 2 ? 2 : index
                var bytes = [UInt8](frames[body])
                let positions = bytes.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
                if let position = positions.randomElement(using: &random) {
                    bytes[position] = UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)
                }
                frames[body] = Data(bytes)
                continue
            }
            frames[index] = Data(frame)
        }
        return frames
    }

    private func randomBytes(_ random: inout SeededGenerator, upTo maximum: Int) -> Data {
        Data((0..<Int.random(in: 0...maximum, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
    }
}
