/// `index.html`: one self-contained page (inline CSS, inline SVG, no scripts or network) with the
/// summary, every table and every plot.
enum IndexPage {
    static func render(_ content: SummaryContent, plots: [ReportPlots.Plot], pictures: FieldPictures = FieldPictures()) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<title>\(Markup.escape(content.title))</title>\n<style>\n\(style)</style>\n</head>\n<body>\n"
        s += "<h1>\(Markup.escape(content.title))</h1>\n<ul class=\"facts\">\n"
        s += content.facts.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
        s += "<p class=\"note\">Tables: mean ± sample standard deviation over seeds. ★ and a shaded row = on the Pareto "
        s += "front of the seed means; “results on front” counts the seeds whose own result is on the front of all results. "
        s += "Data: " + ["results.csv", "results.json", "fronts.csv", "fronts.json", "emissions.csv", "summary.md"]
            .map { "<a href=\"\($0)\">\($0)</a>" }.joined(separator: " · ") + "</p>\n"
        s += "<nav>" + content.sections.map { "<a href=\"#\(anchor($0))\">\(Markup.escape($0.system.rawValue))</a>" }
            .joined(separator: " · ") + "</nav>\n"
        for section in content.sections {
            s += "<section id=\"\(anchor(section))\">\n<h2>\(Markup.escape(section.system.rawValue))</h2>\n<ul class=\"facts\">\n"
            s += section.facts.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
            for table in section.tables { s += render(table, system: section) }
            s += "<div class=\"plots\">\n"
            for plot in plots where plot.system == section.system {
                s += "<figure>\n\(plot.svg)"
                if let note = plot.energyNote { s += "<figcaption>\(Markup.escape(note))</figcaption>\n" }
                s += "</figure>\n"
            }
            s += "</div>\n"
            let figures = pictures.figures.filter { $0.system == section.system }
            if !figures.isEmpty || !pictures.skipped.isEmpty {
                s += "<h3>Fields: truth, prediction and error along a test rollout</h3>\n"
                s += "<p class=\"note\">" + Markup.escape(FieldPictures.caption) + "</p>\n"
            }
            for figure in figures {
                s += "<figure class=\"fields\">\n\(figure.svg)<figcaption><a href=\"\(figure.file)\">\(Markup.escape(figure.file))</a></figcaption>\n</figure>\n"
            }
            s += "</section>\n"
        }
        if !pictures.skipped.isEmpty {
            s += "<p class=\"note\">Field pictures left out: " + pictures.skipped.map(Markup.escape).joined(separator: "; ") + "</p>\n"
        }
        return s + "</body>\n</html>\n"
    }

    private static func render(_ table: SummaryContent.Table, system: SummaryContent.Section) -> String {
        var s = "<h3>\(Markup.escape(system.system.rawValue)) / \(Markup.escape(table.model.rawValue))</h3>\n"
        s += "<div class=\"scroll\"><table>\n<thead><tr>"
        s += table.columns.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (i, row) in table.rows.enumerated() {
            s += table.frontRows.contains(i) ? "<tr class=\"front\">" : "<tr>"
            s += row.enumerated().map { j, cell in j == 0 ? "<th>\(Markup.escape(cell))</th>" : "<td>\(Markup.escape(cell))</td>" }
                .joined() + "</tr>\n"
        }
        return s + "</tbody>\n</table></div>\n"
    }

    private static func anchor(_ section: SummaryContent.Section) -> String { "system-\(section.system.rawValue)" }

    private static let style = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1500px; color: #222; padding: 0 16px; }
        h1 { font-size: 24px; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 36px; }
        h3 { font-size: 16px; margin: 20px 0 6px; }
        .facts li { margin: 3px 0; } .note { color: #555; } nav { margin: 12px 0; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; white-space: nowrap; }
        thead th { background: #f4f4f4; text-align: center; white-space: normal; }
        tbody th { text-align: left; font-weight: normal; }
        tr.front { background: #fff6d6; }
        .plots { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
        figure { margin: 0; border: 1px solid #eee; flex: 1 1 600px; max-width: 720px; }
        figure svg { display: block; width: 100%; height: auto; }
        figcaption { font-size: 12px; color: #444; padding: 4px 8px 8px; }
        figure.fields { max-width: none; margin: 12px 0; overflow-x: auto; } figure.fields svg { width: auto; max-width: 100%; }

        """
}
