import PhysweepSweep
import PhysweepTraining

/// Writes a `PaperTable` as Markdown (pipe tables) or LaTeX (booktabs), from one layout so the two
/// cannot disagree: per system an efficacy and an efficiency table, then notes saying how each
/// energy figure was obtained (the letters in brackets) and which paper values were not found.
public enum PaperTableRendering {
    /// One table: a caption, column titles, rows of cell text and the notes under it.
    struct Grid {
        var caption: String
        var columns: [String]
        var rows: [[String]]
        var notes: [String]
    }

    /// The whole view as Markdown.
    public static func markdown(_ table: PaperTable) -> String {
        var out = ""
        for grid in grids(table) {
            out += "### \(grid.caption)\n\n"
            out += "| " + grid.columns.joined(separator: " | ") + " |\n"
            out += "|" + grid.columns.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|\n"
            for row in grid.rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            out += "\n" + grid.notes.map { "- \($0)\n" }.joined() + (grid.notes.isEmpty ? "" : "\n")
        }
        return out
    }

    /// The whole view as LaTeX: one booktabs `table` per grid (needs `\usepackage{booktabs}`).
    public static func latex(_ table: PaperTable) -> String {
        var out = "% physweep paper tables; needs \\usepackage{booktabs}\n"
        for grid in grids(table) {
            out += "\\begin{table}[t]\n\\centering\n\\caption{\(latexEscape(grid.caption))}\n\\small\n"
            out += "\\begin{tabular}{l" + String(repeating: "r", count: grid.columns.count - 1) + "}\n\\toprule\n"
            out += grid.columns.map(latexEscape).joined(separator: " & ") + " \\\\\n\\midrule\n"
            for row in grid.rows { out += row.map(latexEscape).joined(separator: " & ") + " \\\\\n" }
            out += "\\bottomrule\n\\end{tabular}\n"
            if !grid.notes.isEmpty {
                out += "\\par\\footnotesize " + grid.notes.map(latexEscape).joined(separator: "\\\\\n") + "\n"
            }
            out += "\\end{table}\n\n"
        }
        return out
    }

    static func grids(_ table: PaperTable) -> [Grid] {
        table.sections.flatMap { section in
            [grid(section, metrics: section.efficacy, kind: "efficacy", reference: table.reference),
             grid(section, metrics: section.efficiency, kind: "efficiency", reference: table.reference)]
                .filter { $0.columns.count > 2 }
        }
    }

    private static func grid(_ section: PaperTable.Section, metrics: [MetricName], kind: String,
                             reference: PaperReference?) -> Grid {
        var columns = ["model", "seeds"]
        var provenance: [String] = []   // distinct "source: method" texts; their index is the note letter
        var notFound: [String] = []
        var cells: [[String]] = section.rows.map { [$0.label, String($0.group.records.count)] }
        for metric in metrics {
            columns.append(metric.labelWithUnit)
            for (i, row) in section.rows.enumerated() {
                var text = row.group.summary(of: metric).map(NumberFormat.meanStd) ?? "—"
                if let how = PaperTable.energyProvenance(row.group, metric: metric), text != "—" {
                    if !provenance.contains(how) { provenance.append(how) }
                    text += " [\(letter(provenance.firstIndex(of: how)!))]"
                }
                cells[i].append(text)
            }
            guard let reference else { continue }
            let found = section.rows.map { row in
                reference.entries(system: section.system, model: row.group.config.model,
                                  activation: row.group.config.activation, metric: metric)
            }
            if found.contains(where: { $0.contains { $0.value != nil } }) {
                columns.append("\(metric.label) (paper)")
                for (i, entries) in found.enumerated() {
                    cells[i].append(entries.first { $0.value != nil }
                        .map { "\(NumberFormat.short($0.value!)) (\($0.source))" } ?? "not found")
                }
            } else if found.contains(where: { !$0.isEmpty }) {
                notFound.append(metric.label)
            }
        }
        var notes = provenance.enumerated().map { "[\(letter($0.offset))] energy and CO₂ \($0.element)" }
        if !notFound.isEmpty, let reference {
            notes.append("Paper values (\(reference.paper)): not found for " + notFound.joined(separator: ", ")
                         + " (see the reference file).")
        }
        return Grid(caption: "\(section.system.rawValue): \(kind) (mean ± std over seeds)", columns: columns,
                    rows: cells, notes: notes)
    }

    private static func letter(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(97 + index))) : "n\(index)"
    }

    /// Text made safe for LaTeX, with the symbols the tables use written as math.
    static func latexEscape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "±": out += "$\\pm$"
            case "₂": out += "$_2$"
            case "—": out += "---"
            case "−": out += "$-$"
            case "↓": out += "$\\downarrow$"
            case "↑": out += "$\\uparrow$"
            case "×": out += "$\\times$"
            case "σ": out += "$\\sigma$"
            case "ν": out += "$\\nu$"
            case "π": out += "$\\pi$"
            default: out.append(c)
            }
        }
        return out
    }
}
