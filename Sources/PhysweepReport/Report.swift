import Foundation
import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Writes a sweep's report: tables, fronts, emissions, plots and one self-contained HTML page.
/// See docs/reports.md for what each file holds.
public enum Report {
    /// Writes the report of `records` into `directory` (created if needed) and returns the files written.
    ///
    /// - Parameters:
    ///   - objectives: the Pareto axes (the sweep spec's objectives).
    ///   - carbon: when given, every CO₂ figure is recomputed with this grid intensity and PUE;
    ///     when nil, each result keeps the figures it was recorded with.
    ///   - referencePoints: per system, hypervolume reference-point coordinates in natural units by
    ///     metric (e.g. from an earlier report's fronts.json, `FrontsDocument.referencePoints`);
    ///     anything not given follows `ReferencePoint.standard`.
    @discardableResult
    public static func write(records: [ResultRecord], objectives: [ParetoObjective], sweepName: String,
                             carbon: CarbonSettings?, to directory: URL,
                             referencePoints: [SystemKind: [MetricName: Double]] = [:]) throws -> [URL] {
        guard !objectives.isEmpty else { throw ReportError.noObjectives }
        let input = ReportInput(records: records, objectives: objectives, sweepName: sweepName, carbon: carbon,
                                referencePoints: referencePoints)
        let fronts = FrontsDocument(input)
        let results = ResultsTable.make(input)
        let frontsTable = FrontsTable.make(fronts)
        let plots = ReportPlots.make(input)
        let summary = SummaryContent(input)
        let pictures = FieldPictures(input)
        let files: [(String, Data)] = [
            ("summary.md", Data(SummaryMarkdown.render(summary, plots: plots, pictures: pictures).utf8)),
            ("index.html", Data(IndexPage.render(summary, plots: plots, pictures: pictures).utf8)),
            ("results.csv", Data(results.csv.utf8)),
            ("results.json", try json(results)),
            ("fronts.csv", Data(frontsTable.csv.utf8)),
            ("fronts.json", try json(fronts)),
            ("emissions.csv", Data(EmissionsTable.make(input).csv.utf8)),
        ] + plots.map { ($0.file, Data($0.svg.utf8)) } + pictures.figures.map { ($0.file, Data($0.svg.utf8)) }
        return try save(files, in: directory)
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        // Sorted keys: the same results give byte-identical files.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func save(_ files: [(String, Data)], in directory: URL) throws -> [URL] {
        try files.map { name, data in
            let url = directory.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            } catch {
                throw ReportError.cannotWrite(path: url.path, reason: error.localizedDescription)
            }
            return url
        }
    }
}

/// Why a report could not be written.
public enum ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A Pareto analysis needs at least one objective.
    case noObjectives
    /// A file could not be created or written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .noObjectives: return "report: no objectives given (the sweep spec must list at least one)"
        case .cannotWrite(let path, let reason): return "report: cannot write \(path): \(reason)"
        }
    }
}
