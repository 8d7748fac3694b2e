/// One value of a flat report table.
public enum ReportCell: Hashable, Sendable, Encodable {
    case number(Double)
    case integer(Int)
    case text(String)
    case bool(Bool)
    /// No value (a metric the result lacks): an empty CSV field, JSON null.
    case empty

    /// The value as written in CSV: numbers with full round-trip precision (whole numbers without
    /// a trailing ".0"), booleans as true/false.
    public var csvText: String {
        switch self {
        case .number(let v):
            guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .integer(let v): return String(v)
        case .text(let v): return v
        case .bool(let v): return v ? "true" : "false"
        case .empty: return ""
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        // JSON has no NaN or infinity: such values are written as null, like missing ones.
        case .number(let v): if v.isFinite { try container.encode(v) } else { try container.encodeNil() }
        case .integer(let v): try container.encode(v)
        case .text(let v): try container.encode(v)
        case .bool(let v): try container.encode(v)
        case .empty: try container.encodeNil()
        }
    }

    /// A number, or empty when there is none.
    static func optional(_ value: Double?) -> ReportCell { value.map(ReportCell.number) ?? .empty }
}

/// A flat table with named columns: written as CSV (header + rows) and as JSON (an array of
/// objects keyed by column name, in column order).
public struct ReportTable: Sendable, Encodable {
    public var columns: [String]
    public var rows: [[ReportCell]]

    public init(columns: [String], rows: [[ReportCell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// RFC 4180 CSV with a header line and `\n` line ends.
    public var csv: String {
        ([columns.map(CSV.field)] + rows.map { $0.map { CSV.field($0.csvText) } })
            .map { $0.joined(separator: ",") + "\n" }.joined()
    }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for row in rows {
            try list.encode(Row(columns: columns, cells: row))
        }
    }

    private struct Row: Encodable {
        var columns: [String]
        var cells: [ReportCell]

        func encode(to encoder: any Encoder) throws {
            var object = encoder.container(keyedBy: ColumnKey.self)
            for (column, cell) in zip(columns, cells) {
                try object.encode(cell, forKey: ColumnKey(stringValue: column))
            }
        }
    }

    private struct ColumnKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
