import PhysweepSweep
import PhysweepTraining

/// The report's scatter plots: per system, each efficacy objective against each efficiency
/// objective (every pair of objectives when they are not of both kinds).
struct ReportPlots {
    struct Plot {
        var system: SystemKind
        var file: String
        var title: String
        var svg: String
        /// How the plotted energy or CO₂ figures were obtained, methods included, for the caption
        /// (nil when no axis is an energy or CO₂ figure).
        var energyNote: String?
    }

    /// One colour per model, fixed across systems and nights (ModelKind order; unet, fno and fm are
    /// the 7th to 9th, so each of shear flow's models has its own colour).
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    static func color(_ model: ModelKind) -> String {
        palette[(ModelKind.allCases.firstIndex(of: model) ?? 0) % palette.count]
    }

    /// The (y, x) objective pairs to plot: efficacy up, efficiency across.
    static func pairs(_ objectives: [ParetoObjective]) -> [(y: ParetoObjective, x: ParetoObjective)] {
        let efficacy = objectives.filter(\.metric.isEfficacy), efficiency = objectives.filter { !$0.metric.isEfficacy }
        if !efficacy.isEmpty && !efficiency.isEmpty {
            return efficacy.flatMap { y in efficiency.map { x in (y, x) } }
        }
        return objectives.indices.flatMap { i in objectives.indices.dropFirst(i + 1).map { j in (objectives[i], objectives[j]) } }
    }

    static func make(_ input: ReportInput) -> [Plot] {
        input.systems.flatMap { system in
            pairs(input.objectives).compactMap { pair in plot(input, system: system, y: pair.y, x: pair.x) }
        }
    }

    private static func plot(_ input: ReportInput, system: SystemKind, y: ParetoObjective, x: ParetoObjective) -> Plot? {
        let members = input.records.indices.filter { i in
            input.records[i].system == system
                && [x, y].allSatisfy { input.records[i].value(of: $0.metric)?.isFinite == true }
        }
        guard !members.isEmpty else { return nil }
        let xs = members.map { input.records[$0].value(of: x.metric)! }
        let ys = members.map { input.records[$0].value(of: y.metric)! }
        let twoD = NonDominatedSort.ranks(zip(xs, ys).map { [x.oriented($0), y.oriented($1)] })
        let front = members.indices.filter { twoD[$0] == 0 }
            .sorted { (x.oriented(xs[$0]), y.oriented(ys[$0])) < (x.oriented(xs[$1]), y.oriented(ys[$1])) }
            .map { (x: xs[$0], y: ys[$0]) }
        let analysedObjectives = input.analysis.fronts(of: system)!.objectives.count
        let highlight = analysedObjectives > 2
        let energyAxes = [y.metric, x.metric].filter { $0.energyPhase != nil }
        let provenance = energyProvenance(input, axes: energyAxes, members: members, front: members.indices.filter { twoD[$0] == 0 })
        var series: [ScatterPlot.Series] = []
        // A model trained both with and without a physics loss gets two series: "+ physics" in squares.
        let mixedPhysics = Set(members.map { input.records[$0].result.config.model }).filter { model in
            let weights = members.map { input.records[$0].result.config }.filter { $0.model == model }.map { $0.physicsWeight > 0 }
            return weights.contains(true) && weights.contains(false)
        }
        for (k, i) in members.enumerated() {
            let config = input.records[i].result.config
            let physics = mixedPhysics.contains(config.model) && config.physicsWeight > 0
            let name = config.model.rawValue + (physics ? " + physics" : "")
            let readings = energyAxes.map { $0.energyPhase!(input.records[i].result.efficiency) }
            let energyText = readings.map { "; energy \($0.source.rawValue) (\($0.method))" }.joined()
            let point = ScatterPlot.Point(
                x: xs[k], y: ys[k], highlighted: highlight && input.analysis.ranks[i] == 0,
                estimated: readings.contains { $0.source == .estimated },
                label: "\(name) \(config.activation.rawValue) \(config.width)×\(config.depth)"
                    + (physics ? " physics_weight \(NumberFormat.short(config.physicsWeight))" : "") + " seed \(config.seed): "
                    + "\(y.metric.rawValue) = \(NumberFormat.short(ys[k])), \(x.metric.rawValue) = \(NumberFormat.short(xs[k]))"
                    + energyText)
            if let s = series.firstIndex(where: { $0.name == name }) {
                series[s].points.append(point)
            } else {
                series.append(.init(name: name, color: color(config.model), points: [point], square: physics))
            }
        }
        let title = "\(system.rawValue): \(y.metric.label) vs \(x.metric.label)"
        let chart = ScatterPlot(
            title: title,
            x: PlotAxis(title: axisTitle(x), values: xs), y: PlotAxis(title: axisTitle(y), values: ys),
            series: series, fronts: [.init(name: "Pareto front (both axes)", points: front)],
            highlightLegend: highlight ? "on the \(analysedObjectives)-objective front" : nil,
            subtitle: provenance.map { "\($0.subject): \($0.all.counts)" + ($0.frontMixes ? "; the front mixes measured and estimated" : "") },
            energyLegend: !energyAxes.isEmpty)
        return Plot(system: system, file: "plots/\(system.rawValue)__\(y.metric.rawValue)__vs__\(x.metric.rawValue).svg",
                    title: title, svg: chart.svg,
                    energyNote: provenance.map { "\($0.subject): \($0.all.description)"
                        + ($0.frontMixes ? "; the front of this plot mixes measured and estimated figures." : ".") })
    }

    /// The provenance of the plotted energy or CO₂ figures (nil when no axis is one): `subject` names
    /// the axes, `all` covers every point, `frontMixes` says whether the plotted front mixes kinds.
    private static func energyProvenance(_ input: ReportInput, axes: [MetricName], members: [Int], front: [Int])
        -> (subject: String, all: EnergyProvenance, frontMixes: Bool)? {
        guard !axes.isEmpty else { return nil }
        let records = members.map { input.records[$0] }
        let all = EnergyProvenance(axes.flatMap { axis in records.map { axis.energyPhase!($0.result.efficiency) } })
        let onFront = EnergyProvenance(axes.flatMap { axis in front.map { axis.energyPhase!(records[$0].result.efficiency) } })
        return (axes.map(\.label).joined(separator: " and "), all, onFront.isMixed)
    }

    static func axisTitle(_ objective: ParetoObjective) -> String {
        objective.metric.labelWithUnit + (objective.direction == .maximize ? " (higher is better)" : "")
    }
}
