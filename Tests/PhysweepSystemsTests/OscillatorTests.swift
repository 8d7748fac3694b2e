import XCTest
import PhysweepSystems

final class OscillatorTests: XCTestCase {
    func testUndampedIsCosineAndSine() throws {
        let o = try Oscillator(omega0: 2, zeta: 0, x0: 1.5, v0: -0.4)
        for t in stride(from: 0.0, through: 10, by: 0.7) {
            XCTAssertEqual(o.position(at: t), 1.5 * cos(2 * t) - 0.2 * sin(2 * t), accuracy: 1e-14)
            XCTAssertEqual(o.velocity(at: t), -3 * sin(2 * t) - 0.4 * cos(2 * t), accuracy: 1e-14)
        }
    }

    func testUnderDampedMeetsInitialConditionsAndTheODE() throws {
        for (omega0, zeta, x0, v0) in [(1.0, 0.01, 1.0, 0.0), (3.0, 0.4, -0.5, 2.0), (0.5, 0.95, 1.0, 1.0)] {
            let o = try Oscillator(omega0: omega0, zeta: zeta, x0: x0, v0: v0)
            XCTAssertEqual(o.position(at: 0), x0, accuracy: 1e-14)
            XCTAssertEqual(o.velocity(at: 0), v0, accuracy: 1e-14)
            let h = 1e-4
            for t in [0.3, 2.0, 7.5, 25.0] {
                let x = o.position(at: t)
                let dx = (o.position(at: t + h) - o.position(at: t - h)) / (2 * h)
                let d2x = (o.position(at: t + h) - 2 * x + o.position(at: t - h)) / (h * h)
                XCTAssertEqual(o.velocity(at: t), dx, accuracy: 1e-7, "velocity at t=\(t)")
                XCTAssertEqual(o.residual(position: x, velocity: o.velocity(at: t), acceleration: d2x), 0,
                               accuracy: 1e-5 * max(1, omega0 * omega0), "residual at t=\(t), ζ=\(zeta)")
            }
        }
    }

    func testDampingDecaysTheEnvelope() throws {
        let o = try Oscillator(omega0: 1, zeta: 0.1)
        let late = (0..<100).map { abs(o.position(at: 30 + Double($0) * 0.1)) }.max()!
        XCTAssertLessThan(late, exp(-0.1 * 30) * 1.01 / (1 - 0.01).squareRoot())
        XCTAssertGreaterThan(late, exp(-0.1 * 40) * 0.9)
    }

    func testCriticalAndOverDampingAreRejected() {
        XCTAssertThrowsError(try Oscillator(omega0: 1, zeta: 1)) { error in
            XCTAssertTrue("\(error)".contains("zeta"), "\(error)")
        }
        XCTAssertThrowsError(try Oscillator(omega0: 1, zeta: 2.5))
        XCTAssertThrowsError(try Oscillator(omega0: 1, zeta: -0.1))
        XCTAssertThrowsError(try Oscillator(omega0: 0, zeta: 0))
    }
}
