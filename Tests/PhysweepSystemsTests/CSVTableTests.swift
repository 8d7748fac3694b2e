import XCTest
import PhysweepSystems

final class CSVTableTests: XCTestCase {
    /// Splits CSV text into header and rows (the tables here never need quoting).
    private func parse(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "the text ends with a newline")
        let fields = lines.dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (fields[0], Array(fields.dropFirst()))
    }

    func testBurgersExportReadsBackAsTheReferenceSolution() throws {
        let solution = try BurgersSolution(nu: 0.025)
        let grid = solution.grid(gridX: 33, gridT: 11)
        let (header, rows) = parse(CSVTable(grid).text)
        XCTAssertEqual(header, ["x", "t", "u"])
        XCTAssertEqual(rows.count, 33 * 11)
        for row in rows {
            let x = try XCTUnwrap(Double(row[0])), t = try XCTUnwrap(Double(row[1])), u = try XCTUnwrap(Double(row[2]))
            // 17 significant digits read back bit for bit.
            XCTAssertEqual(u, solution.u(x: x, t: t), "x=\(x) t=\(t)")
        }
        XCTAssertEqual(Double(rows[34][0]), grid.xs[1])
        XCTAssertEqual(Double(rows[34][1]), grid.ts[1])
    }

    func testTrajectoryExportLabelsEverySplit() throws {
        let d = try TrajectoryDataset.noisyCosine(dataPoints: 100, testPoints: 40, extrapolationPoints: 80)
        let (header, rows) = parse(CSVTable(d).text)
        XCTAssertEqual(header, ["t", "y", "y_clean", "split"])
        XCTAssertEqual(rows.filter { $0[3] == "train" }.count, 100)
        XCTAssertEqual(rows.filter { $0[3] == "test" }.count, 40)
        XCTAssertEqual(rows.filter { $0[3] == "extrapolation" }.count, 80)
        for (i, row) in rows.prefix(100).enumerated() {
            XCTAssertEqual(Double(row[0]), d.train.input(i, 0))
            XCTAssertEqual(Double(row[1]), d.train.target(i))
            XCTAssertEqual(Double(row[2]), cos(d.train.input(i, 0)))
        }
        for row in rows.dropFirst(100) { XCTAssertEqual(row[1], row[2], "test targets are clean") }
    }

    func testTextFieldsAreQuotedOnlyWhenNeeded() {
        var table = CSVTable(header: ["name", "value"])
        table.append([.text("plain"), .number(0.1)])
        table.append([.text("a, \"b\""), .number(-2)])
        XCTAssertEqual(table.text, "name,value\nplain,0.10000000000000001\n\"a, \"\"b\"\"\",-2\n")
    }
}
