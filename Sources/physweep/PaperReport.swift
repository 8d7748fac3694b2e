import Foundation
import PhysweepMetering
import PhysweepReport
import PhysweepSweep

/// `physweep report --tables/--claims`: the paper view of a store — tables like the paper's and its
/// claims tested — over one named sweep or every sweep in the file (a paper's experiments are
/// usually several sweeps: Experiments/paper/).
enum PaperReport {
    /// Writes paper-tables.md and paper-tables.tex (`tables`) and claims.md (`claims`) into
    /// `directory`; returns the files written.
    static func write(from store: SweepStore, sweep: String?, tables: Bool, claims: Bool, reference: String?,
                      carbon: CarbonSettings?, to directory: String) throws -> [URL] {
        let names = try sweep.map { [try store.sweep(named: $0).name] } ?? store.sweeps().map(\.name)
        guard !names.isEmpty else { throw PaperReportError("\(store.path) holds no sweep yet") }
        let records = try names.flatMap { try store.results(of: $0) }
        let referenceFile = try reference.map { try PaperReference.load(from: URL(fileURLWithPath: $0)) }
        var files: [(String, String)] = []
        if tables {
            let table = PaperTable(records: records, reference: referenceFile, carbon: carbon)
            files.append(("paper-tables.md", PaperTableRendering.markdown(table)))
            files.append(("paper-tables.tex", PaperTableRendering.latex(table)))
        }
        if claims {
            files.append(("claims.md", ClaimAnalysis.markdown(ClaimAnalysis.evaluate(records, carbon: carbon))))
        }
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try files.map { name, text in
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url, options: .atomic)
            return url
        }
    }
}

/// A paper view that cannot be written, with why.
struct PaperReportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
