import Foundation
@testable import PhysweepShearFlow
import PhysweepTensor
import XCTest

/// FFTW's planner is one per process: the solver's plans and the tensor core's spectral-convolution
/// plans must be made under the same lock, or a data set generated on one thread and a model built
/// on another could plan at once.
final class FFTWPlannerLockTests: XCTestCase {
    func testSolverPlansUnderTheTensorCoresLock() {
        XCTAssertTrue(FFTPlan2D.plannerLock === FFTWPlanner.lock)
    }
}
