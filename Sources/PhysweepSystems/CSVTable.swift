import Foundation

/// A table with a header row, written as CSV (RFC 4180) for plotting and checking data sets.
///
/// Numbers are written with 17 significant digits (`%.17g`), enough for every Double to read back
/// exactly, so an exported reference solution loses nothing.
public struct CSVTable: Equatable, Sendable {
    /// One field of a row.
    public enum Cell: Equatable, Sendable {
        case number(Double)
        case text(String)
    }

    /// Column names, in order.
    public let header: [String]
    /// The data rows, each with one cell per column.
    public private(set) var rows: [[Cell]] = []

    /// An empty table with these column names.
    public init(header: [String]) {
        self.header = header
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [Cell]) {
        precondition(row.count == header.count, "a row of \(row.count) cells for \(header.count) columns")
        rows.append(row)
    }

    /// The whole table as CSV text: header line, then one line per row, each ending in "\n".
    public var text: String {
        var out = header.map(CSVTable.quoted).joined(separator: ",") + "\n"
        for row in rows {
            out += row.map { cell in
                switch cell {
                case .number(let v): return String(format: "%.17g", v)
                case .text(let s): return CSVTable.quoted(s)
                }
            }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Writes `text` to `url`, replacing any file there.
    public func write(to url: URL) throws {
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// A field as CSV needs it: quoted (with quotes doubled) only if it holds a comma, quote or newline.
    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CSVTable {
    /// A Burgers reference grid as columns `x,t,u`, one row per grid point in the grid's storage
    /// order (t slow, x fast).
    public init(_ grid: BurgersGrid) {
        self.init(header: ["x", "t", "u"])
        rows.reserveCapacity(grid.count)
        for (it, t) in grid.ts.enumerated() {
            for (ix, x) in grid.xs.enumerated() {
                rows.append([.number(x), .number(t), .number(grid.value(ix: ix, it: it))])
            }
        }
    }

    /// A trajectory data set as columns `t,<target>,<target>_clean,split` (e.g. `t,y,y_clean,split`):
    /// the training samples as trained on (with noise), then the test and extrapolation sets; the
    /// clean column is the exact solution and `split` is `train`, `test` or `extrapolation`.
    public init(_ dataset: TrajectoryDataset) {
        let name = dataset.targetName
        self.init(header: ["t", name, name + "_clean", "split"])
        for (split, label) in [(dataset.train, "train"), (dataset.test, "test"),
                               (dataset.extrapolation, "extrapolation")] {
            for i in 0..<split.count {
                let t = split.input(i, 0)
                rows.append([.number(t), .number(split.target(i)), .number(dataset.oscillator.position(at: t)),
                             .text(label)])
            }
        }
    }
}
