import PhysweepSweep
import PhysweepTraining

/// Short human names for seed-less configurations: the model, then every field that varies among
/// the configurations of its system ("mlp activation=tanh width=32"), keyed by `SeedGroup.key`.
enum ConfigurationLabels {
    static func make(_ configs: [TrainConfig]) -> [String: String] {
        let fields = ConfigColumns.names.filter { !["system", "model", "seed"].contains($0) }
        var labels: [String: String] = [:]
        for system in Set(configs.map(\.system)) {
            let mine = configs.filter { $0.system == system }
            let columns = mine.map { ConfigColumns($0) }
            let varying = fields.filter { name in Set(columns.map { $0.text(name) }).count > 1 }
            for (config, column) in zip(mine, columns) {
                labels[config.key] = ([config.model.rawValue] + varying.map { "\($0)=\(column.text($0))" })
                    .joined(separator: " ")
            }
        }
        return labels
    }
}
