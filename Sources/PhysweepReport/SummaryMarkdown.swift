/// `summary.md`: the summary tables as Markdown, with the plots linked.
enum SummaryMarkdown {
    static func render(_ content: SummaryContent, plots: [ReportPlots.Plot], pictures: FieldPictures = FieldPictures()) -> String {
        var s = "# \(content.title)\n\n"
        s += content.facts.map { "- \($0)\n" }.joined() + "\n"
        s += "Tables: mean ± sample standard deviation over seeds. ★ = on the Pareto front of the seed means; "
        s += "\"results on front\" counts the seeds whose own result is on the front of all results. "
        s += "Data: [results.csv](results.csv), [results.json](results.json), [fronts.csv](fronts.csv), "
        s += "[fronts.json](fronts.json), [emissions.csv](emissions.csv).\n"
        for section in content.sections {
            s += "\n## \(section.system.rawValue)\n\n"
            s += section.facts.map { "- \($0)\n" }.joined() + "\n"
            for table in section.tables {
                s += "### \(section.system.rawValue) / \(table.model.rawValue)\n\n"
                s += row(table.columns) + row(table.columns.map { _ in "---" })
                s += table.rows.map(row).joined() + "\n"
            }
            for plot in plots where plot.system == section.system {
                s += "![\(plot.title)](\(plot.file))\n\n"
                if let note = plot.energyNote { s += "*\(Markup.markdownCell(note))*\n\n" }
            }
            let figures = pictures.figures.filter { $0.system == section.system }
            if !figures.isEmpty { s += "### Fields: truth, prediction and error along a test rollout\n\n\(FieldPictures.caption)\n\n" }
            for figure in figures { s += "![\(figure.title)](\(figure.file))\n\n" }
        }
        if !pictures.skipped.isEmpty { s += "\nField pictures left out: " + pictures.skipped.joined(separator: "; ") + "\n" }
        return s
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
    }
}
