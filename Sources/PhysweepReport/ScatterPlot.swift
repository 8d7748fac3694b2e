import Foundation

/// A scatter plot as standalone SVG text: points coloured by series, the Pareto front of the two
/// plotted objectives as a step line, log axes with decade ticks, a legend on the right. When an
/// axis is an energy or CO₂ figure, measured points are filled and estimated ones hollow, and the
/// subtitle says which methods and whether the front mixes the two.
struct ScatterPlot {
    struct Point {
        var x: Double, y: Double
        /// Drawn with a dark ring: on the front of *all* the objectives, not only the two plotted.
        var highlighted: Bool
        /// Drawn hollow: an energy or CO₂ figure of the point is estimated, not measured.
        var estimated = false
        /// Hover text.
        var label: String
    }

    struct Series {
        var name: String
        var color: String
        var points: [Point]
        /// Squares instead of circles: a model's physics-loss variant beside its data-only one.
        var square = false
    }

    var title: String
    var x: PlotAxis, y: PlotAxis
    /// A Pareto front drawn as a staircase, with its legend entry.
    struct FrontLine {
        var name: String
        /// Vertices in natural units, sorted along the front.
        var points: [(x: Double, y: Double)]
        var color = "#222"
        var dash = "5 3"
    }

    var series: [Series]
    /// Fronts, drawn in order (a report has one; a comparison overlays two).
    var fronts: [FrontLine]
    /// Legend text for highlighted points (nil: no highlighted entry).
    var highlightLegend: String?
    /// A line under the title (the energy figures' provenance), or nil.
    var subtitle: String? = nil
    /// Whether the legend explains filled (measured) and hollow (estimated) points.
    var energyLegend = false

    static let width = 720.0, height = 430.0
    private let left = 78.0, right = 545.0, top = 44.0, bottom = 370.0

    private func px(_ v: Double) -> Double { left + x.fraction(v) * (right - left) }
    private func py(_ v: Double) -> Double { bottom - y.fraction(v) * (bottom - top) }

    var svg: String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
        s += "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<title>\(Markup.escape(title))</title>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" fill=\"white\"/>\n"
        s += "<text x=\"\(f((left + right) / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
        if let subtitle {
            s += "<text x=\"\(f(Self.width / 2))\" y=\"39\" text-anchor=\"middle\" font-size=\"10\" fill=\"#444\">\(Markup.escape(subtitle))</text>\n"
        }
        s += grid() + axes() + fronts.map(frontPath).joined() + points() + legend()
        return s + "</svg>\n"
    }

    private func grid() -> String {
        var s = "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n"
        for tick in x.majorTicks { s += line(px(tick.value), top, px(tick.value), bottom) }
        for tick in y.majorTicks { s += line(left, py(tick.value), right, py(tick.value)) }
        s += "</g>\n<g stroke=\"#f1f1f1\" stroke-width=\"1\">\n"
        for v in x.minorTicks { s += line(px(v), top, px(v), bottom) }
        for v in y.minorTicks { s += line(left, py(v), right, py(v)) }
        return s + "</g>\n"
    }

    private func axes() -> String {
        var s = "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<g stroke=\"#333\">\n"
        for tick in x.majorTicks { s += line(px(tick.value), bottom, px(tick.value), bottom + 5) }
        for tick in y.majorTicks { s += line(left - 5, py(tick.value), left, py(tick.value)) }
        for v in x.minorTicks { s += line(px(v), bottom, px(v), bottom + 3) }
        for v in y.minorTicks { s += line(left - 3, py(v), left, py(v)) }
        s += "</g>\n"
        for tick in x.majorTicks {
            s += "<text x=\"\(f(px(tick.value)))\" y=\"\(f(bottom + 20))\" text-anchor=\"middle\">\(tickLabel(tick))</text>\n"
        }
        for tick in y.majorTicks {
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(py(tick.value) + 4))\" text-anchor=\"end\">\(tickLabel(tick))</text>\n"
        }
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 46))\" text-anchor=\"middle\" font-size=\"13\">\(Markup.escape(x.title))</text>\n"
        let cy = (top + bottom) / 2
        s += "<text x=\"18\" y=\"\(f(cy))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 \(f(cy)))\">\(Markup.escape(y.title))</text>\n"
        return s
    }

    /// "10" with a raised exponent on log axes; a short number on linear ones.
    private func tickLabel(_ tick: PlotAxis.Tick) -> String {
        guard let exponent = tick.exponent else { return Markup.escape(NumberFormat.tick(tick.value)) }
        return "10<tspan dy=\"-6\" font-size=\"9\">\(exponent)</tspan>"
    }

    /// The staircase bounding the region the front dominates: from each member, first along x to
    /// the next member's x, then along y to it. With members ordered by their minimisation-frame x,
    /// the same rule holds whichever way each axis is optimised.
    private func frontPath(_ line: FrontLine) -> String {
        let front = line.points
        guard !front.isEmpty else { return "" }
        var d = "M\(f(px(front[0].x))),\(f(py(front[0].y)))"
        for (previous, next) in zip(front, front.dropFirst()) {
            d += " L\(f(px(next.x))),\(f(py(previous.y))) L\(f(px(next.x))),\(f(py(next.y)))"
        }
        return "<path d=\"\(d)\" fill=\"none\"\(stroke(line))/>\n"
    }

    private func stroke(_ line: FrontLine) -> String {
        " stroke=\"\(line.color)\" stroke-width=\"1.6\"" + (line.dash.isEmpty ? "" : " stroke-dasharray=\"\(line.dash)\"")
    }

    private func points() -> String {
        var s = ""
        for series in series {
            s += "<g fill=\"\(series.color)\" fill-opacity=\"0.8\">\n"
            for p in series.points {
                var ring = p.highlighted ? " stroke=\"#000\" stroke-width=\"1.8\"" : " stroke=\"white\" stroke-width=\"0.6\""
                if p.estimated {
                    ring = " fill=\"white\" fill-opacity=\"1\" stroke=\"\(p.highlighted ? "#000" : series.color)\" stroke-width=\"1.8\""
                }
                s += marker(series.square, px(p.x), py(p.y), 4.5, ring, title: p.label)
            }
            s += "</g>\n"
        }
        return s
    }

    /// A circle, or a square of the same area, centred on (x, y), with extra attributes and a hover title.
    private func marker(_ square: Bool, _ x: Double, _ y: Double, _ r: Double, _ attributes: String, title: String? = nil) -> String {
        let content = title.map { "<title>\(Markup.escape($0))</title>" } ?? ""
        let close = title == nil ? "/>" : ">\(content)</\(square ? "rect" : "circle")>"
        guard square else { return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\"\(attributes)\(close)\n" }
        let half = r * 0.886   // √π / 2: the circle's area
        return "<rect x=\"\(f(x - half))\" y=\"\(f(y - half))\" width=\"\(f(2 * half))\" height=\"\(f(2 * half))\"\(attributes)\(close)\n"
    }

    private func legend() -> String {
        var s = "<g font-size=\"12\">\n"
        var rowY = top + 8
        for series in series {
            s += marker(series.square, right + 22, rowY, 5, " fill=\"\(series.color)\"")
            s += "<text x=\"\(f(right + 34))\" y=\"\(f(rowY + 4))\">\(Markup.escape(series.name))</text>\n"
            rowY += 20
        }
        rowY -= 14
        for front in fronts {
            rowY += 20
            s += line(right + 12, rowY, right + 32, rowY, extra: stroke(front))
            s += "<text x=\"\(f(right + 38))\" y=\"\(f(rowY + 4))\">\(Markup.escape(front.name))</text>\n"
        }
        if let highlightLegend {
            rowY += 20
            s += "<circle cx=\"\(f(right + 22))\" cy=\"\(f(rowY))\" r=\"5\" fill=\"#bbb\" stroke=\"#000\" stroke-width=\"1.8\"/>"
            s += "<text x=\"\(f(right + 34))\" y=\"\(f(rowY + 4))\">\(Markup.escape(highlightLegend))</text>\n"
        }
        if energyLegend {
            rowY += 20
            s += "<circle cx=\"\(f(right + 22))\" cy=\"\(f(rowY))\" r=\"5\" fill=\"#777\"/>"
            s += "<text x=\"\(f(right + 34))\" y=\"\(f(rowY + 4))\">energy measured</text>\n"
            rowY += 20
            s += "<circle cx=\"\(f(right + 22))\" cy=\"\(f(rowY))\" r=\"4.5\" fill=\"white\" stroke=\"#777\" stroke-width=\"1.8\"/>"
            s += "<text x=\"\(f(right + 34))\" y=\"\(f(rowY + 4))\">energy estimated</text>\n"
        }
        return s + "</g>\n"
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, extra: String = "") -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"\(extra)/>\n"
    }

    /// Coordinates with one decimal: enough for a screen, and keeps the SVG small.
    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
