import Foundation
import PhysweepSweep
import PhysweepTraining

/// The report's field pictures: for each configuration of a gridded system (shear flow) whose
/// results carry `FieldSnapshots`, the lowest seed's test rollout as one SVG — a row per field, and
/// per pictured step truth, prediction and error side by side (PNG panels inside the SVG; x across,
/// z upward). Truth and prediction share a viridis scale per field and step; the error has its own
/// scale, blue below zero and red above, symmetric about zero. Pictures that are malformed (they come
/// from workers) are left out and named in `skipped`.
struct FieldPictures {
    struct Figure {
        var system: SystemKind
        /// Path inside the report directory.
        var file: String
        var title: String
        var svg: String
    }

    var figures: [Figure] = []
    /// "task key: why" for each result whose pictures could not be drawn.
    var skipped: [String] = []

    /// Largest picture side and number of panels accepted from a result.
    static let maximumSide = 512, maximumPanels = 3 * 64

    /// What every picture shows, for the page around them.
    static let caption = "Per configuration, its lowest seed's first test rollout (the model's predictions fed back as context): "
        + "a row per field, and at each pictured step the truth, the prediction and their difference, x across and z upward, "
        + "averaged over blocks of grid cells when the grid is larger than 64 a side. Truth and prediction share one colour "
        + "range per field and step (written under them); the error's scale is symmetric about zero."

    init() {}

    init(_ input: ReportInput) {
        for system in input.systems {
            let groups = input.groups.filter { $0.system == system }
            // As the summary tables: per model, the settings that differ between its configurations.
            let varyingByModel = Dictionary(grouping: groups, by: \.config.model)
                .mapValues { SummaryContent.varyingFields($0.map { ConfigColumns($0.config) }) }
            for group in groups {
                let varying = varyingByModel[group.config.model] ?? []
                let candidates = group.records.filter { $0.result.fieldSnapshots != nil }
                    .sorted { $0.result.config.seed < $1.result.config.seed }
                guard let record = candidates.first, let snapshots = record.result.fieldSnapshots else { continue }
                let layout: Layout
                do {
                    layout = try Layout(snapshots)
                } catch {
                    skipped.append("\(record.taskKey): \(error.reason)")
                    continue
                }
                let config = ConfigColumns(group.config)
                let settings = varying.map { "\($0)=\(config.text($0))" }.joined(separator: ", ")
                let title = "\(system.rawValue) / \(group.config.model.rawValue)" + (settings.isEmpty ? "" : " · \(settings)")
                    + " · seed \(record.result.config.seed): test rollout"
                figures.append(Figure(system: system, file: "fields/\(system.rawValue)__\(group.key).svg", title: title,
                                      svg: layout.svg(title: title)))
            }
        }
    }

    /// Why a result's pictures were refused.
    struct Refusal: Error {
        var reason: String
    }

    /// Checked pictures arranged by field (rows) and step (column groups).
    struct Layout {
        let height: Int, width: Int
        let fields: [String], steps: [Int]
        /// Per (field, step): truth, prediction, error with their pixels.
        let cells: [String: [FieldSnapshots.Kind: (panel: FieldSnapshots.Panel, pixels: [UInt8])]]

        init(_ snapshots: FieldSnapshots) throws(Refusal) {
            guard (1...FieldPictures.maximumSide).contains(snapshots.height), (1...FieldPictures.maximumSide).contains(snapshots.width)
            else { throw Refusal(reason: "pictures of \(snapshots.height) × \(snapshots.width) pixels (at most \(FieldPictures.maximumSide) a side)") }
            guard snapshots.panels.count <= FieldPictures.maximumPanels else {
                throw Refusal(reason: "\(snapshots.panels.count) panels (at most \(FieldPictures.maximumPanels))")
            }
            height = snapshots.height
            width = snapshots.width
            var fields: [String] = [], steps: Set<Int> = []
            var cells: [String: [FieldSnapshots.Kind: (panel: FieldSnapshots.Panel, pixels: [UInt8])]] = [:]
            for panel in snapshots.panels {
                guard panel.low.isFinite, panel.high.isFinite, panel.low <= panel.high else {
                    throw Refusal(reason: "panel \(panel.field) step \(panel.step) has the range [\(panel.low), \(panel.high)]")
                }
                guard let pixels = panel.bytes(count: height * width) else {
                    throw Refusal(reason: "panel \(panel.field) step \(panel.step) is not \(height * width) base64 pixels")
                }
                if !fields.contains(panel.field) { fields.append(panel.field) }
                steps.insert(panel.step)
                cells[Self.key(panel.field, panel.step), default: [:]][panel.kind] = (panel, pixels)
            }
            self.fields = fields
            self.steps = steps.sorted()
            self.cells = cells
        }

        static func key(_ field: String, _ step: Int) -> String { "\(field)\u{0}\(step)" }

        // Geometry, in SVG user units.
        private var scale: Double { max(1, (128 / Double(max(height, width))).rounded(.down)) }
        private var panelWidth: Double { Double(width) * scale }
        private var panelHeight: Double { Double(height) * scale }
        private let left = 96.0, top = 62.0, gap = 6.0, groupGap = 18.0, rowGap = 40.0

        func svg(title: String) -> String {
            let groupWidth = 3 * panelWidth + 2 * gap
            let totalWidth = max(left + Double(steps.count) * (groupWidth + groupGap) + 10, left + 650)
            let legendTop = top + Double(fields.count) * (panelHeight + rowGap) + 6
            let totalHeight = legendTop + 46
            var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(totalWidth)) \(n(totalHeight))\" "
            s += "width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            s += "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>\n"
            for (g, step) in steps.enumerated() {
                let x0 = left + Double(g) * (groupWidth + groupGap)
                s += text(x0 + groupWidth / 2, 38, "step \(step)", size: 12, anchor: "middle", bold: true)
                for (k, kind) in FieldSnapshots.Kind.allCases.enumerated() {
                    s += text(x0 + Double(k) * (panelWidth + gap) + panelWidth / 2, 54, kind.rawValue, size: 11, anchor: "middle")
                }
            }
            for (r, field) in fields.enumerated() {
                let y0 = top + Double(r) * (panelHeight + rowGap)
                s += text(left - 8, y0 + panelHeight / 2, field, size: 12, anchor: "end")
                for (g, step) in steps.enumerated() {
                    let x0 = left + Double(g) * (groupWidth + groupGap)
                    let cell = cells[Self.key(field, step)] ?? [:]
                    for (k, kind) in FieldSnapshots.Kind.allCases.enumerated() {
                        let x = x0 + Double(k) * (panelWidth + gap)
                        guard let entry = cell[kind] else {
                            s += "<rect x=\"\(n(x))\" y=\"\(n(y0))\" width=\"\(n(panelWidth))\" height=\"\(n(panelHeight))\" fill=\"#eee\"/>\n"
                            continue
                        }
                        s += image(entry.pixels, kind: kind, x: x, y: y0)
                    }
                    if let value = cell[.truth]?.panel ?? cell[.prediction]?.panel {
                        let range = "\(NumberFormat.short(value.low)) … \(NumberFormat.short(value.high))"
                        s += text(x0 + panelWidth + gap / 2, y0 + panelHeight + 13, range, size: 10, anchor: "middle")
                    }
                    if let error = cell[.error]?.panel {
                        s += text(x0 + groupWidth - panelWidth / 2, y0 + panelHeight + 13, "±\(NumberFormat.short(error.high))",
                                  size: 10, anchor: "middle")
                    }
                }
            }
            s += colorBar(ColorMap.viridis, x: left, y: legendTop, label: "truth and prediction: low … high of the range under them")
            s += colorBar(ColorMap.diverging, x: left + 330, y: legendTop, label: "error (prediction − truth): −max … 0 … +max")
            return s + "</svg>\n"
        }

        /// A panel as an embedded PNG, flipped so that z runs upward.
        private func image(_ pixels: [UInt8], kind: FieldSnapshots.Kind, x: Double, y: Double) -> String {
            var flipped: [UInt8] = []
            flipped.reserveCapacity(pixels.count)
            for row in (0..<height).reversed() { flipped += pixels[row * width..<(row + 1) * width] }
            let png = IndexedPNG(width: width, height: height, pixels: flipped,
                                 palette: kind == .error ? ColorMap.diverging : ColorMap.viridis).data
            return "<image x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(panelWidth))\" height=\"\(n(panelHeight))\" "
                + "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                + "href=\"data:image/png;base64,\(png.base64EncodedString())\"/>\n"
        }

        private func colorBar(_ colors: [ColorMap.RGB], x: Double, y: Double, label: String) -> String {
            var s = "<defs><linearGradient id=\"bar\(Int(x))\">"
            for i in stride(from: 0, through: 255, by: 51) {
                s += "<stop offset=\"\(n(Double(i) / 255))\" stop-color=\"\(colors[i].hex)\"/>"
            }
            s += "</linearGradient></defs>\n"
            s += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"300\" height=\"10\" fill=\"url(#bar\(Int(x)))\"/>\n"
            return s + text(x, y + 24, label, size: 10, anchor: "start")
        }

        private func text(_ x: Double, _ y: Double, _ content: String, size: Int, anchor: String, bold: Bool = false) -> String {
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\""
                + (bold ? " font-weight=\"bold\"" : "") + ">\(Markup.escape(content))</text>\n"
        }

        private func n(_ value: Double) -> String { String(format: "%.1f", value) }
    }
}
