import XCTest
@testable import PhysweepSystems

final class SeededGeneratorTests: XCTestCase {
    func testSameSeedGivesSameSequence() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        XCTAssertEqual((0..<100).map { _ in a.next() }, (0..<100).map { _ in b.next() })
    }

    func testSeedsAndStreamsGiveDifferentSequences() {
        func head(_ g: SeededGenerator) -> [UInt64] { var g = g; return (0..<4).map { _ in g.next() } }
        let base = head(SeededGenerator(seed: 0))
        XCTAssertNotEqual(base, head(SeededGenerator(seed: 1)))
        XCTAssertNotEqual(base, head(SeededGenerator(seed: 0, stream: 1)))
        XCTAssertNotEqual(head(SeededGenerator(seed: 0, stream: 1)), head(SeededGenerator(seed: 1, stream: 0)))
    }

    func testUniformStaysInRangeWithTheRightMean() {
        var g = SeededGenerator(seed: 7)
        let draws = (0..<100_000).map { _ in g.nextUniform(in: -2.0..<3.0) }
        XCTAssertTrue(draws.allSatisfy { $0 >= -2 && $0 < 3 })
        XCTAssertEqual(draws.reduce(0, +) / Double(draws.count), 0.5, accuracy: 0.02)
    }

    func testNormalHasTheRequestedMeanAndStd() {
        var g = SeededGenerator(seed: 3)
        let n = 200_000
        let draws = (0..<n).map { _ in g.nextNormal(mean: 1.5, std: 0.3) }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        // Standard errors: 0.3/√n ≈ 7e-4 for the mean, ≈ 5e-4 for the std.
        XCTAssertEqual(mean, 1.5, accuracy: 0.003)
        XCTAssertEqual(variance.squareRoot(), 0.3, accuracy: 0.002)
        // About 68.3% within one std.
        let within = Double(draws.filter { abs($0 - 1.5) < 0.3 }.count) / Double(n)
        XCTAssertEqual(within, 0.6827, accuracy: 0.005)
    }

    func testIndexIsUnbiasedAndInRange() {
        var g = SeededGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[g.nextIndex(below: 6)] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 400) }
    }

    func testShuffleIsAReproduciblePermutation() {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        var x = Array(0..<50), y = Array(0..<50)
        a.shuffle(&x)
        b.shuffle(&y)
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, Array(0..<50))
        XCTAssertEqual(x.sorted(), Array(0..<50))
    }

    func testSampleDrawsDistinctIndices() {
        var g = SeededGenerator(seed: 9)
        let picked = g.sample(300, from: 1000)
        XCTAssertEqual(picked.count, 300)
        XCTAssertEqual(Set(picked).count, 300)
        XCTAssertTrue(picked.allSatisfy { (0..<1000).contains($0) })
    }
}
