import XCTest
import PhysweepSystems

final class BurgersSolutionTests: XCTestCase {
    /// The Cole–Hopf integrals done independently: composite trapezoid directly in η (not in the
    /// Gauss–Hermite variable), on a step of 1/200 of the heat kernel's width out to 40 widths. The
    /// integrand is smooth and decays like a Gaussian, so the trapezoid rule converges
    /// exponentially; 16 000 points put it at rounding level.
    private func trapezoid(nu: Double, x: Double, t: Double) -> Double {
        let width = (4 * nu * t).squareRoot()
        let step = width / 200
        let k = 1 / (2 * Double.pi * nu)
        let etas = (-8000...8000).map { Double($0) * step }
        let exponents = etas.map { eta in -k * cos(Double.pi * (x - eta)) - eta * eta / (width * width) }
        let largest = exponents.max()!
        var numerator = 0.0, denominator = 0.0
        for (eta, e) in zip(etas, exponents) {
            let term = exp(e - largest)
            numerator += sin(Double.pi * (x - eta)) * term
            denominator += term
        }
        return -numerator / denominator
    }

    private let probes: [(x: Double, t: Double)] = [
        (0, 1), (0.001, 1), (-0.004, 1), (0.01, 1), (0.05, 1), (0.003, 0.51), (-0.01, 0.51),
        (0.3, 0.25), (-0.7, 0.25), (0.5, 0.5), (0.95, 0.75), (-0.2, 0.05), (0.02, 0.75),
    ]

    func testAgreesWithAnIndependentQuadrature() throws {
        for nu in [BurgersSolution.defaultNu, 0.025, 0.001] {
            let solution = try BurgersSolution(nu: nu)
            var worst = 0.0
            for p in probes {
                let error = abs(solution.u(x: p.x, t: p.t) - trapezoid(nu: nu, x: p.x, t: p.t))
                XCTAssertLessThan(error, 1e-6, "ν=\(nu) x=\(p.x) t=\(p.t)")
                worst = max(worst, error)
            }
            print("Burgers ν=\(nu): max |Gauss–Hermite − trapezoid| = \(worst)")
        }
    }

    func testRecommendedNodeCountHasConverged() throws {
        for nu in [BurgersSolution.defaultNu, 0.001] {
            let standard = try BurgersSolution(nu: nu)
            let doubled = try BurgersSolution(nu: nu, nodes: 2 * BurgersSolution.recommendedNodes(nu: nu))
            for p in probes {
                XCTAssertEqual(standard.u(x: p.x, t: p.t), doubled.u(x: p.x, t: p.t), accuracy: 1e-12,
                               "ν=\(nu) x=\(p.x) t=\(p.t)")
            }
        }
    }

    func testInitialAndBoundaryConditions() throws {
        let solution = try BurgersSolution()
        for x in stride(from: -1.0, through: 1, by: 0.125) {
            XCTAssertEqual(solution.u(x: x, t: 0), -sin(Double.pi * x))
        }
        for t in stride(from: 0.01, through: 1, by: 0.07) {
            XCTAssertEqual(solution.u(x: -1, t: t), 0, accuracy: 1e-12, "t=\(t)")
            XCTAssertEqual(solution.u(x: 1, t: t), 0, accuracy: 1e-12, "t=\(t)")
        }
        // Continuity at t = 0⁺: the smallest times approach the initial condition.
        XCTAssertEqual(solution.u(x: 0.4, t: 1e-8), -sin(0.4 * Double.pi), accuracy: 1e-6)
    }

    func testSolutionIsOddInX() throws {
        let solution = try BurgersSolution()
        for (x, t) in [(0.3, 0.4), (0.01, 0.9), (0.77, 0.2)] {
            XCTAssertEqual(solution.u(x: -x, t: t), -solution.u(x: x, t: t), accuracy: 1e-13)
        }
    }

    func testSatisfiesThePDE() throws {
        let nu = BurgersSolution.defaultNu
        let solution = try BurgersSolution(nu: nu)
        let h = 1e-4
        // Away from the shock the solution is smooth on the scale of h, so central differences are
        // accurate to O(h²) times its higher derivatives.
        for (x, t) in [(0.5, 0.5), (-0.3, 0.8), (0.1, 0.3), (0.8, 0.1), (-0.6, 0.95)] {
            let u = solution.u(x: x, t: t)
            let ut = (solution.u(x: x, t: t + h) - solution.u(x: x, t: t - h)) / (2 * h)
            let ux = (solution.u(x: x + h, t: t) - solution.u(x: x - h, t: t)) / (2 * h)
            let uxx = (solution.u(x: x + h, t: t) - 2 * u + solution.u(x: x - h, t: t)) / (h * h)
            let residual = ut + u * ux - nu * uxx
            XCTAssertLessThan(abs(residual), 1e-6 * max(1, abs(ut) + abs(u * ux)), "x=\(x) t=\(t): \(residual)")
        }
    }

    func testSteepestSlopeMatchesBasdevant() throws {
        // Basdevant et al. (1986): at ν = 0.01/π, max |u_x(0, t)| = 152.00516 at t = 1.6037/π.
        let solution = try BurgersSolution()
        func slope(_ t: Double) -> Double {
            let h = 1e-6
            return abs(solution.u(x: h, t: t) - solution.u(x: -h, t: t)) / (2 * h)
        }
        // Golden-section search for the maximum over t.
        var a = 0.4, b = 0.6
        let ratio = (5.0.squareRoot() - 1) / 2
        while b - a > 1e-7 {
            let c = b - ratio * (b - a), d = a + ratio * (b - a)
            if slope(c) > slope(d) { b = d } else { a = c }
        }
        let tPeak = (a + b) / 2
        print("Burgers max |u_x(0,t)| = \(slope(tPeak)) at t = \(tPeak) (π t = \(Double.pi * tPeak))")
        XCTAssertEqual(slope(tPeak), 152.00516, accuracy: 2e-5)
        XCTAssertEqual(tPeak, 1.6037 / Double.pi, accuracy: 1e-4)
    }

    func testTooSmallViscosityIsRejected() {
        XCTAssertThrowsError(try BurgersSolution(nu: 1e-5)) { error in
            XCTAssertTrue("\(error)".contains("nu"), "\(error)")
        }
        XCTAssertThrowsError(try BurgersSolution(nu: -1))
    }
}
