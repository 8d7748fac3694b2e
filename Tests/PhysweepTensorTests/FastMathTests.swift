@testable import PhysweepTensor
import Foundation
import XCTest

/// The vectorizable elementary functions against the C library, over the ranges activations see.
final class FastMathTests: XCTestCase {
    func testDoubleFunctionsAreAccurateToAFewUlp() {
        for i in -20_000...20_000 {
            let x = Double(i) * 1.3e-3 + (i % 7 == 0 ? 1e-9 : 0)
            XCTAssertEqual(Double.fastTanh(x), Foundation.tanh(x), accuracy: 1e-15 * max(abs(Foundation.tanh(x)), 1e-300))
            XCTAssertEqual(Double.fastSin(x), Foundation.sin(x), accuracy: 1e-15)
            XCTAssertEqual(Double.fastCos(x), Foundation.cos(x), accuracy: 2e-15)
            XCTAssertEqual(Double.fastExp(x), Foundation.exp(x), accuracy: 1e-15 * Foundation.exp(x))
            XCTAssertEqual(Double.fastSquareRoot(abs(x)), abs(x).squareRoot(), accuracy: 1e-15 * abs(x).squareRoot())
        }
    }

    func testFloatFunctionsAreAccurateToAFewUlp() {
        for i in -20_000...20_000 {
            let x = Float(i) * 1.3e-3
            XCTAssertEqual(Float.fastTanh(x), Foundation.tanhf(x), accuracy: 4e-7 * max(abs(Foundation.tanhf(x)), 1e-30))
            XCTAssertEqual(Float.fastSin(x), Foundation.sinf(x), accuracy: 2.5e-7)
            XCTAssertEqual(Float.fastCos(x), Foundation.cosf(x), accuracy: 2.5e-7)
            XCTAssertEqual(Float.fastExp(x), Foundation.expf(x), accuracy: 3e-7 * Foundation.expf(x))
            XCTAssertEqual(Float.fastErf(x), Foundation.erff(x), accuracy: 5e-7)
            XCTAssertEqual(Float.fastSquareRoot(abs(x)), abs(x).squareRoot(), accuracy: 3e-7 * abs(x).squareRoot())
        }
        for x: Float in [0, -0.0, 1e-30, 9, 1e10, .greatestFiniteMagnitude, .infinity] {
            XCTAssertEqual(Float.fastErf(x), Foundation.erff(x), accuracy: 5e-7, "\(x)")
            XCTAssertEqual(Float.fastErf(-x), -Float.fastErf(x), "odd at \(x)")
        }
        XCTAssertEqual(Float.fastSquareRoot(0), 0)
        XCTAssertEqual(Double.fastSquareRoot(0), 0)
    }
}
