/// `fronts.csv`: one row per front member, at both levels (results and seed means).
enum FrontsTable {
    static func make(_ document: FrontsDocument) -> ReportTable {
        let columns = ["level", "system", "key", "model", "activation", "width", "depth", "seeds"]
            + document.objectives.map(\.metric.rawValue)
        var rows: [[ReportCell]] = []
        for system in document.systems {
            for (level, fronts) in [("results", system.results), ("seed_means", system.seedMeans)] {
                for member in fronts.front {
                    rows.append([.text(level), .text(system.system.rawValue), .text(member.key),
                                 .text(member.model.rawValue), .text(member.activation.rawValue),
                                 .integer(member.width), .integer(member.depth),
                                 .text(member.seeds.map(String.init).joined(separator: " "))]
                                + member.values.map(ReportCell.number))
                }
            }
        }
        return ReportTable(columns: columns, rows: rows)
    }
}
