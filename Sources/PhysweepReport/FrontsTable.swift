/// `fronts.csv`: one row per front member, at both levels (results and seed means), with a column
/// per objective (empty where the system was not analysed on it), and how the energy and CO₂
/// objective values were obtained (`energy`: e.g. `train_co2_g: measured (rapl:…)`).
enum FrontsTable {
    static func make(_ document: FrontsDocument) -> ReportTable {
        let columns = ["level", "system", "key", "model", "activation", "width", "depth", "seeds"]
            + document.objectives.map(\.metric.rawValue) + ["energy"]
        var rows: [[ReportCell]] = []
        for system in document.systems {
            for (level, fronts) in [("results", system.results), ("seed_means", system.seedMeans)] {
                for member in fronts.front {
                    rows.append([.text(level), .text(system.system.rawValue), .text(member.key),
                                 .text(member.model.rawValue), .text(member.activation.rawValue),
                                 .integer(member.width), .integer(member.depth),
                                 .text(member.seeds.map(String.init).joined(separator: " "))]
                                + document.objectives.map { objective in
                                    system.objectives.firstIndex(of: objective).map { .number(member.values[$0]) } ?? .empty
                                }
                                + [.text(member.energy?.joined(separator: "; ") ?? "")])
                }
            }
        }
        return ReportTable(columns: columns, rows: rows)
    }
}
