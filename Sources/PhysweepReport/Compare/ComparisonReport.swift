import Foundation

/// Writes a comparison of two sweeps into one directory: compare.md, compare.json, compare.html
/// and the overlaid front plots (plots/compare__*.svg). See docs/reports.md, "Comparing two sweeps".
///
/// ```swift
/// let comparison = SweepComparison(base: yesterday, new: today)
/// try ComparisonReport.write(comparison, base: yesterday, new: today, to: URL(fileURLWithPath: "compare"))
/// exit(comparison.verdict.exitStatus)
/// ```
public enum ComparisonReport {
    /// Writes the files into `directory` (created if needed) and returns them.
    @discardableResult
    public static func write(_ comparison: SweepComparison, base: SweepSnapshot, new: SweepSnapshot,
                             to directory: URL) throws -> [URL] {
        let content = ComparisonContent(comparison)
        let plots = ComparisonPlots.make(base: base, new: new, comparison: comparison)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let files: [(String, Data)] = [
            ("compare.md", Data(ComparisonPage.markdown(content, plots: plots).utf8)),
            ("compare.html", Data(ComparisonPage.html(content, plots: plots).utf8)),
            ("compare.json", try encoder.encode(comparison)),
        ] + plots.map { ($0.file, Data($0.svg.utf8)) }
        return try Report.save(files, in: directory)
    }
}
