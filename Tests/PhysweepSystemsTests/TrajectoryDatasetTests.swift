import XCTest
import PhysweepSystems

final class TrajectoryDatasetTests: XCTestCase {
    func testOscillatorLayoutFollowsThePaper() throws {
        let o = try Oscillator(omega0: 1, zeta: 0.01)
        let d = try TrajectoryDataset.oscillator(o, collocationPoints: 61)
        XCTAssertEqual(d.train.count, 25)
        XCTAssertEqual(d.train.inputColumns, ["t"])
        XCTAssertEqual(d.train.targetColumns, ["x"])
        XCTAssertEqual(d.train.inputs.first, 0)
        XCTAssertEqual(d.train.inputs.last, 10)
        XCTAssertEqual(d.train.input(1, 0), 10.0 / 24, accuracy: 1e-15)
        for i in 0..<d.train.count { XCTAssertEqual(d.train.target(i), o.position(at: d.train.input(i, 0))) }
        XCTAssertEqual(d.collocation.count, 61)
        XCTAssertEqual(d.collocation.targetDim, 0)
        XCTAssertEqual(d.collocation.inputs.first, 0)
        XCTAssertEqual(d.collocation.inputs.last, 30)
        XCTAssertEqual(d.collocation.input(2, 0), 1, accuracy: 1e-14)
        XCTAssertEqual(d.test.count, 1000)
        XCTAssertTrue(d.test.inputs.allSatisfy { $0 > 0 && $0 < 10 })
        XCTAssertTrue(Set(d.test.inputs).isDisjoint(with: d.train.inputs))
        XCTAssertEqual(d.extrapolation.count, 2000)
        XCTAssertTrue(d.extrapolation.inputs.allSatisfy { $0 > 10 && $0 < 30 })
        for i in stride(from: 0, to: d.extrapolation.count, by: 97) {
            XCTAssertEqual(d.extrapolation.target(i), o.position(at: d.extrapolation.input(i, 0)))
        }
    }

    func testOscillatorNoiseIsSeededAndOnlyOnTraining() throws {
        let o = try Oscillator(omega0: 2, zeta: 0.1)
        let a = try TrajectoryDataset.oscillator(o, dataPoints: 400, noiseStd: 0.05, seed: 3)
        let b = try TrajectoryDataset.oscillator(o, dataPoints: 400, noiseStd: 0.05, seed: 3)
        let c = try TrajectoryDataset.oscillator(o, dataPoints: 400, noiseStd: 0.05, seed: 4)
        XCTAssertEqual(a.train, b.train)
        XCTAssertNotEqual(a.train.targets, c.train.targets)
        let residuals = (0..<400).map { a.train.target($0) - o.position(at: a.train.input($0, 0)) }
        let std = (residuals.map { $0 * $0 }.reduce(0, +) / 400).squareRoot()
        XCTAssertEqual(std, 0.05, accuracy: 0.01)
        XCTAssertEqual(a.test, c.test)
    }

    func testNoisyCosineMatchesThePaperTask() throws {
        let d = try TrajectoryDataset.noisyCosine(seed: 1)
        XCTAssertEqual(d.targetName, "y")
        XCTAssertEqual(d.train.count, 10_000)
        XCTAssertEqual(d.train.inputs.first!, -5 * .pi, accuracy: 1e-15)
        XCTAssertEqual(d.train.inputs.last!, 5 * .pi, accuracy: 1e-15)
        let noise = (0..<d.train.count).map { d.train.target($0) - cos(d.train.input($0, 0)) }
        let mean = noise.reduce(0, +) / Double(noise.count)
        let std = (noise.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(noise.count - 1)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.012)
        XCTAssertEqual(std, 0.3, accuracy: 0.01)
        XCTAssertEqual(d.test.count, 2000)
        XCTAssertTrue(Set(d.test.inputs).isDisjoint(with: d.train.inputs))
        for i in 0..<d.test.count { XCTAssertEqual(d.test.target(i), cos(d.test.input(i, 0)), accuracy: 1e-15) }
        XCTAssertTrue(d.extrapolation.inputs.allSatisfy { $0 > 5 * .pi && $0 < 25 * .pi })
        for i in 0..<d.extrapolation.count {
            XCTAssertEqual(d.extrapolation.target(i), cos(d.extrapolation.input(i, 0)), accuracy: 1e-15)
        }
        // cos t solves x'' + x = 0, the residual a PINN uses.
        XCTAssertEqual(d.oscillator.damping, 0)
        XCTAssertEqual(d.oscillator.stiffness, 1)
        XCTAssertEqual(d.collocation.inputs.first!, -5 * .pi, accuracy: 1e-15)
        XCTAssertEqual(d.collocation.inputs.last!, 25 * .pi, accuracy: 1e-15)
    }

    func testNoisyCosineIsDeterministicPerSeed() throws {
        let a = try TrajectoryDataset.noisyCosine(dataPoints: 500, seed: 8)
        let b = try TrajectoryDataset.noisyCosine(dataPoints: 500, seed: 8)
        let c = try TrajectoryDataset.noisyCosine(dataPoints: 500, seed: 9)
        XCTAssertEqual(a.train, b.train)
        XCTAssertNotEqual(a.train, c.train)
    }

    func testInvalidCountsAndNoiseAreRejected() throws {
        let o = try Oscillator(omega0: 1, zeta: 0)
        XCTAssertThrowsError(try TrajectoryDataset.oscillator(o, dataPoints: 0))
        XCTAssertThrowsError(try TrajectoryDataset.oscillator(o, noiseStd: -1)) { error in
            XCTAssertTrue("\(error)".contains("noise_std"), "\(error)")
        }
    }

    func testSplitRowsAndColumns() {
        let s = SupervisedSplit(inputColumns: ["x", "t"], targetColumns: ["u"],
                                inputs: [0, 1, 2, 3, 4, 5], targets: [10, 20, 30])
        XCTAssertEqual(s.count, 3)
        XCTAssertEqual(s.column(named: "t"), [1, 3, 5])
        XCTAssertEqual(s.column(named: "u"), [10, 20, 30])
        XCTAssertNil(s.column(named: "y"))
        let picked = s.rows([2, 0])
        XCTAssertEqual(picked.inputs, [4, 5, 0, 1])
        XCTAssertEqual(picked.targets, [30, 10])
    }
}
