import PhysweepSweep
import PropertyBased
import Testing

/// `Hypervolume.of` against brute force on random fronts of 2 and 3 objectives: an exact count of
/// unit grid cells for integer coordinates, and a Monte-Carlo estimate for real ones.
@Suite struct HypervolumePropertyTests {
    /// Up to 8 points of `dimension` integer coordinates in 0…6, as Doubles.
    static func integerPoints(_ dimension: Int) -> Generator<[[Double]], some SendableSequenceType> {
        Gen.int(in: 0...6).array(of: dimension).map { $0.map(Double.init) }.array(of: 0...8)
    }

    /// With integer points and reference, the dominated region is a union of unit cells: the cell
    /// with lower corner c is inside iff some point p has p ≤ c in every coordinate.
    static func cellCount(_ points: [[Double]], reference: Int, dimension: Int) -> Double {
        var count = 0
        var cell = [Int](repeating: 0, count: dimension)
        func visit(_ j: Int) {
            if j == dimension {
                if points.contains(where: { p in p.indices.allSatisfy { p[$0] <= Double(cell[$0]) } }) { count += 1 }
                return
            }
            for c in 0..<reference {
                cell[j] = c
                visit(j + 1)
            }
        }
        visit(0)
        return Double(count)
    }

    @Test(arguments: [2, 3])
    func exactOnIntegerGrids(dimension: Int) async {
        await propertyCheck(count: 200, input: Self.integerPoints(dimension)) { points in
            let reference = [Double](repeating: 7, count: dimension)
            #expect(Hypervolume.of(points, reference: reference) == Self.cellCount(points, reference: 7, dimension: dimension))
        }
    }

    @Test(arguments: [2, 3])
    func matchesMonteCarloOnRealPoints(dimension: Int) async {
        let points = Gen.double(in: 0..<1).array(of: dimension).array(of: 1...6)
        await propertyCheck(count: 20, input: points, Gen.int(in: 0...Int(UInt32.max))) { points, seed in
            let reference = [Double](repeating: 1, count: dimension)
            let exact = Hypervolume.of(points, reference: reference)
            var random = SplitMix(state: UInt64(seed))
            let samples = 20_000
            var hits = 0
            for _ in 0..<samples {
                let x = (0..<dimension).map { _ in random.unit() }
                if points.contains(where: { p in zip(p, x).allSatisfy { $0 <= $1 } }) { hits += 1 }
            }
            let estimate = Double(hits) / Double(samples)
            // Six standard errors of a proportion (at most 0.5 / √n): a false alarm is ~1e-9 per case.
            #expect(abs(exact - estimate) <= 6 * 0.5 / Double(samples).squareRoot(), "exact \(exact), estimate \(estimate)")
        }
    }

    /// A front's hypervolume does not change when points it dominates are added, and grows (weakly) with any point.
    @Test func monotoneAndBlindToDominatedPoints() async {
        await propertyCheck(count: 200, input: Self.integerPoints(3), Gen.int(in: 0...6).array(of: 3)) { points, extra in
            let reference = [Double](repeating: 7, count: 3)
            let volume = Hypervolume.of(points, reference: reference)
            let point = extra.map(Double.init)
            #expect(Hypervolume.of(points + [point], reference: reference) >= volume)
            if let first = points.first {
                let dominated = first.map { $0 + 0.5 }
                #expect(Hypervolume.of(points + [dominated], reference: reference) == volume)
            }
        }
    }
}

/// SplitMix64: a seeded generator for the Monte-Carlo samples.
struct SplitMix {
    var state: UInt64

    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
