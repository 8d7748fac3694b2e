import XCTest
import PhysweepSystems

final class BurgersDatasetTests: XCTestCase {
    private func make(seed: UInt64 = 0, collocation: Int = 500, data: Int = 300) throws -> BurgersDataset {
        try BurgersDataset.make(icPoints: 64, bcPoints: 50, collocationPoints: collocation, dataPoints: data,
                                seed: seed, gridX: 65, gridT: 21)
    }

    func testReferenceGridCoversTheDomainIncludingEnds() throws {
        let d = try make()
        XCTAssertEqual(d.reference.xs.count, 65)
        XCTAssertEqual(d.reference.xs.first, -1)
        XCTAssertEqual(d.reference.xs.last, 1)
        XCTAssertEqual(d.reference.ts.first, 0)
        XCTAssertEqual(d.reference.ts.last, 1)
        XCTAssertEqual(d.test.count, 65 * 21)
        XCTAssertEqual(d.test.inputColumns, ["x", "t"])
        XCTAssertEqual(d.test.targetColumns, ["u"])
        // Storage order: t slow, x fast.
        let i = 3 * 65 + 10
        XCTAssertEqual(d.test.input(i, 0), d.reference.xs[10])
        XCTAssertEqual(d.test.input(i, 1), d.reference.ts[3])
        XCTAssertEqual(d.test.target(i), d.solution.u(x: d.reference.xs[10], t: d.reference.ts[3]))
    }

    func testDefaultGridIs256By100() throws {
        let grid = try BurgersSolution().grid()
        XCTAssertEqual(grid.xs.count, 256)
        XCTAssertEqual(grid.ts.count, 100)
        XCTAssertEqual(grid.ts[1], 1.0 / 99, accuracy: 1e-16)
        XCTAssertTrue(grid.u.allSatisfy { $0.isFinite && abs($0) <= 1 })
    }

    func testConditionPointsCarryTheirExactValues() throws {
        let d = try make()
        XCTAssertEqual(d.initial.count, 64)
        for i in 0..<d.initial.count {
            XCTAssertEqual(d.initial.input(i, 1), 0)
            XCTAssertTrue((-1...1).contains(d.initial.input(i, 0)))
            XCTAssertEqual(d.initial.target(i), -sin(Double.pi * d.initial.input(i, 0)))
        }
        XCTAssertEqual(d.boundary.count, 50)
        for i in 0..<d.boundary.count {
            XCTAssertEqual(d.boundary.input(i, 0), i % 2 == 0 ? -1 : 1)
            XCTAssertTrue((0...1).contains(d.boundary.input(i, 1)))
            XCTAssertEqual(d.boundary.target(i), 0)
        }
        XCTAssertEqual(d.collocation.count, 500)
        XCTAssertEqual(d.collocation.targetDim, 0)
        let xs = d.collocation.column(named: "x")!, ts = d.collocation.column(named: "t")!
        XCTAssertTrue(xs.allSatisfy { (-1...1).contains($0) } && ts.allSatisfy { (0...1).contains($0) })
        // Uniform over the domain: means near the centre (standard error ≈ 0.026 and 0.013).
        XCTAssertEqual(xs.reduce(0, +) / 500, 0, accuracy: 0.1)
        XCTAssertEqual(ts.reduce(0, +) / 500, 0.5, accuracy: 0.05)
    }

    func testDataPointsAreDistinctReferencePoints() throws {
        let d = try make()
        XCTAssertEqual(d.data.count, 300)
        var seen = Set<[Double]>()
        for i in 0..<d.data.count {
            let x = d.data.input(i, 0), t = d.data.input(i, 1)
            let ix = d.reference.xs.firstIndex(of: x), it = d.reference.ts.firstIndex(of: t)
            XCTAssertNotNil(ix)
            XCTAssertNotNil(it)
            XCTAssertEqual(d.data.target(i), d.reference.value(ix: ix!, it: it!))
            seen.insert([x, t])
        }
        XCTAssertEqual(seen.count, 300)
    }

    func testSameSeedSameDataAndComponentsAreIndependent() throws {
        let a = try make(seed: 5), b = try make(seed: 5), c = try make(seed: 6)
        XCTAssertEqual(a.initial, b.initial)
        XCTAssertEqual(a.boundary, b.boundary)
        XCTAssertEqual(a.collocation, b.collocation)
        XCTAssertEqual(a.data, b.data)
        XCTAssertNotEqual(a.collocation, c.collocation)
        XCTAssertNotEqual(a.initial, c.initial)
        // More collocation points leave the other random components as they were.
        let more = try make(seed: 5, collocation: 900)
        XCTAssertEqual(more.initial, a.initial)
        XCTAssertEqual(more.data, a.data)
        XCTAssertEqual(Array(more.collocation.inputs.prefix(1000)), a.collocation.inputs)
    }

    func testNoiseOnlyTouchesDataTargets() throws {
        let clean = try make(seed: 2)
        let noisy = try BurgersDataset.make(icPoints: 64, bcPoints: 50, collocationPoints: 500, dataPoints: 300,
                                            noiseStd: 0.1, seed: 2, gridX: 65, gridT: 21)
        XCTAssertEqual(noisy.data.inputs, clean.data.inputs)
        XCTAssertNotEqual(noisy.data.targets, clean.data.targets)
        XCTAssertEqual(noisy.initial, clean.initial)
        XCTAssertEqual(noisy.test, clean.test)
    }

    func testImpossibleRequestsAreRejected() {
        XCTAssertThrowsError(try BurgersDataset.make(dataPoints: 100, gridX: 8, gridT: 8)) { error in
            XCTAssertEqual(error as? SystemsError,
                           .tooManyPoints(what: "data points from the reference grid", requested: 100, available: 64))
        }
        XCTAssertThrowsError(try BurgersDataset.make(gridX: 1))
        XCTAssertThrowsError(try BurgersDataset.make(icPoints: -1))
    }
}
