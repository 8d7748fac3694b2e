import PhysweepCluster
import XCTest

final class ProgressBarTests: XCTestCase {
    private let halfway = SweepProgress(total: 100, done: 40, failed: 10, running: 4, queued: 46, workers: 2,
                                        elapsed: 50, finishedHere: 50)

    func testTheLineCountsEveryStateAndExtrapolatesTheETAFromThisRunsRate() {
        // 50 tasks ended in 50 s, 50 left: 50 s more.
        XCTAssertEqual(halfway.eta, 50)
        XCTAssertEqual(ProgressBar.line(halfway),
                       "40/100 done · 10 failed · 4 running · 46 queued · 2 workers · 0:50 elapsed · ETA 0:50")
    }

    func testTheBarFillsWithFinishedTasksAndTheETADisappearsAtTheEnd() {
        XCTAssertTrue(ProgressBar.bar(halfway, width: 10).hasPrefix("[#####.....]  50%"), ProgressBar.bar(halfway, width: 10))
        let finished = SweepProgress(total: 100, done: 90, failed: 10, running: 0, queued: 0, workers: 1,
                                     elapsed: 3725, finishedHere: 100)
        XCTAssertEqual(ProgressBar.line(finished), "90/100 done · 10 failed · 0 running · 0 queued · 1 worker · 1:02:05 elapsed")
    }

    func testNoETABeforeAnythingFinished() {
        let starting = SweepProgress(total: 10, done: 0, failed: 0, running: 2, queued: 8, workers: 2, elapsed: 1, finishedHere: 0)
        XCTAssertNil(starting.eta)
        XCTAssertTrue(ProgressBar.line(starting).hasSuffix("ETA ?"))
    }
}
