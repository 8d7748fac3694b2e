import PhysweepSweep
import PhysweepTraining

/// The comparison's scatter plots: per system and objective pair, both sweeps' seed means with
/// both fronts overlaid (base grey and dashed, new blue and solid).
enum ComparisonPlots {
    static let baseColor = "#888888", newColor = "#1f77b4"

    static func make(base: SweepSnapshot, new: SweepSnapshot, comparison: SweepComparison) -> [ReportPlots.Plot] {
        let (baseGroups, newGroups) = (SeedGroup.groups(base.records), SeedGroup.groups(new.records))
        let labels = ConfigurationLabels.make((baseGroups + newGroups).map(\.config))
        return comparison.fronts.filter { $0.objectives.count == 2 }.compactMap { front in
            let (a, b) = (front.objectives[0], front.objectives[1])
            // Efficacy up, efficiency across, as in the report.
            let (y, x) = !a.metric.isEfficacy && b.metric.isEfficacy ? (b, a) : (a, b)
            // Legend names stay short ("base", "new"): the page's title says which sweep is which.
            let sides = [("base", baseGroups, Set(front.baseFront.map(\.key)), baseColor, "5 3", false),
                         ("new", newGroups, Set(front.newFront.map(\.key)), newColor, "", true)]
            var series: [ScatterPlot.Series] = [], lines: [ScatterPlot.FrontLine] = []
            var xs: [Double] = [], ys: [Double] = []
            for (name, groups, onFront, color, dash, square) in sides {
                let points = groups.filter { $0.system == front.system }.compactMap { group -> (String, Double, Double)? in
                    guard let vx = group.value(of: x.metric), let vy = group.value(of: y.metric), vx.isFinite, vy.isFinite
                    else { return nil }
                    return (group.key, vx, vy)
                }
                xs += points.map(\.1)
                ys += points.map(\.2)
                series.append(.init(name: name, color: color, points: points.map { key, vx, vy in
                    ScatterPlot.Point(x: vx, y: vy, highlighted: false,
                                      label: "\(name): \(labels[key] ?? key): \(y.metric.rawValue) = \(NumberFormat.short(vy)), "
                                        + "\(x.metric.rawValue) = \(NumberFormat.short(vx))")
                }, square: square))
                let vertices = points.filter { onFront.contains($0.0) }
                    .sorted { (x.oriented($0.1), y.oriented($0.2)) < (x.oriented($1.1), y.oriented($1.2)) }
                    .map { (x: $0.1, y: $0.2) }
                lines.append(.init(name: "front: \(name)", points: vertices, color: color, dash: dash))
            }
            guard !xs.isEmpty else { return nil }
            let title = "\(front.system.rawValue): \(y.metric.label) vs \(x.metric.label)"
            let chart = ScatterPlot(title: title, x: PlotAxis(title: ReportPlots.axisTitle(x), values: xs),
                                    y: PlotAxis(title: ReportPlots.axisTitle(y), values: ys), series: series, fronts: lines,
                                    highlightLegend: nil, subtitle: "seed means; base grey circles, new blue squares")
            return ReportPlots.Plot(system: front.system,
                                    file: "plots/compare__\(front.system.rawValue)__\(y.metric.rawValue)__vs__\(x.metric.rawValue).svg",
                                    title: title, svg: chart.svg, energyNote: nil)
        }
    }
}
