/// compare.md and compare.html: the same `ComparisonContent`, as Markdown (plots linked) and as
/// one self-contained page (inline CSS and SVG, no scripts or network).
enum ComparisonPage {
    static func markdown(_ content: ComparisonContent, plots: [ReportPlots.Plot]) -> String {
        var s = "# \(content.title)\n\n" + content.facts.map { "- \($0)\n" }.joined() + "\n"
        for section in content.sections {
            s += "## \(section.heading)\n\n" + section.paragraphs.map { "\($0)\n\n" }.joined()
            if let table = section.table {
                s += "| " + table.columns.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
                s += "|" + String(repeating: "---|", count: table.columns.count) + "\n"
                for row in table.rows { s += "| " + row.map(Markup.markdownCell).joined(separator: " | ") + " |\n" }
                s += "\n"
            }
            for plot in plots where section.system != nil && plot.system == section.system {
                s += "![\(plot.title)](\(plot.file))\n\n"
            }
        }
        return s
    }

    static func html(_ content: ComparisonContent, plots: [ReportPlots.Plot]) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<title>\(Markup.escape(content.title))</title>\n<style>\n\(style)</style>\n</head>\n<body>\n"
        s += "<h1>\(Markup.escape(content.title))</h1>\n<ul class=\"facts\">\n"
        s += content.facts.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
        s += "<p class=\"note\">Data: <a href=\"compare.json\">compare.json</a> · <a href=\"compare.md\">compare.md</a></p>\n"
        for section in content.sections {
            s += "<section>\n<h2>\(Markup.escape(section.heading))</h2>\n"
            s += section.paragraphs.map { "<p>\(Markup.escape($0))</p>\n" }.joined()
            if let table = section.table {
                s += "<div class=\"scroll\"><table>\n<thead><tr>"
                s += table.columns.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in table.rows { s += "<tr>" + row.map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>\n" }
                s += "</tbody>\n</table></div>\n"
            }
            let mine = plots.filter { section.system != nil && $0.system == section.system }
            if !mine.isEmpty {
                s += "<div class=\"plots\">\n" + mine.map { "<figure>\n\($0.svg)</figure>\n" }.joined() + "</div>\n"
            }
            s += "</section>\n"
        }
        return s + "</body>\n</html>\n"
    }

    private static let style = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1500px; color: #222; padding: 0 16px; }
        h1 { font-size: 22px; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
        .facts li { margin: 3px 0; } .note { color: #555; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
        thead th { background: #f4f4f4; }
        .plots { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
        figure { margin: 0; border: 1px solid #eee; flex: 1 1 600px; max-width: 720px; }
        figure svg { display: block; width: 100%; height: auto; }

        """
}
