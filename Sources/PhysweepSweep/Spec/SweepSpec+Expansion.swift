import PhysweepTraining

extension SweepSpec {
    /// Every task, deduplicated by key (the first occurrence wins), in a deterministic order:
    /// seeds outermost (a partial run covers every configuration before repeating one), then
    /// systems and models in spec order, then the axes as nested loops with the last one fastest.
    public func tasks() -> [SweepTask] {
        var tasks: [SweepTask] = []
        var hashes: [UInt64] = []
        tasks.reserveCapacity(min(taskCount, 1 << 24))
        hashes.reserveCapacity(min(taskCount, 1 << 24))
        var keyer = ConfigKeyer()
        let plans = expansionPlans()
        for seed in seeds {
            for plan in plans {
                plan.forEachConfig { config in
                    config.seed = seed
                    let hash = keyer.hash(of: config)
                    hashes.append(hash)
                    tasks.append(SweepTask(key: TrainConfig.keyString(hash), config: config))
                }
            }
        }
        return Self.firstOfEachKey(tasks, hashes: hashes)
    }

    /// Drops every task whose key came earlier. Sorts a copy of the hashes to find the repeated ones
    /// (usually none) rather than probing a million-entry hash set at random, which is cache-bound.
    private static func firstOfEachKey(_ tasks: [SweepTask], hashes: [UInt64]) -> [SweepTask] {
        let sorted = hashes.sorted()
        var repeated = Set<UInt64>()
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] { repeated.insert(sorted[i]) }
        if repeated.isEmpty { return tasks }
        var seen = Set<UInt64>()
        return zip(tasks, hashes).compactMap { task, hash in
            !repeated.contains(hash) || seen.insert(hash).inserted ? task : nil
        }
    }

    /// One plan per (system, model) pair, in spec order.
    func expansionPlans() -> [ExpansionPlan] {
        let fields = Dictionary(uniqueKeysWithValues: ConfigField.all.map { ($0.name, $0) })
        // The command system's user fields may shadow physweep's names, in its own plan only.
        let commandFields = fields.merging((command?.configFields() ?? []).map { ($0.name, $0) }) { _, user in user }
        return systems.flatMap { systemPlan in
            let fields = systemPlan.system == .command ? commandFields : fields
            let axes = effectiveAxes(for: systemPlan).map { CompiledAxis($0, fields: fields) }
            return systemPlan.models.map { model in
                var base = TrainConfig.defaults(system: systemPlan.system, model: model)
                // A top-level setting of a name the command block made a user field is that block's to set.
                let overridden = systemPlan.system == .command ? Set(command?.fields.map(\.name) ?? []) : []
                for setting in fixed.filter({ !overridden.contains($0.field) }) + systemPlan.fixed {
                    ExpansionPlan.assign(fields[setting.field], setting.value, to: &base)
                }
                return ExpansionPlan(system: systemPlan.system, model: model, base: base, axes: axes)
            }
        }
    }
}

/// The points of one (system, model) pair, seeds aside: a base configuration and the axes that vary it.
struct ExpansionPlan {
    var system: SystemKind
    var model: ModelKind
    /// Defaults of the pair with every fixed setting applied.
    var base: TrainConfig
    var axes: [CompiledAxis]

    /// Calls `body` once per point of the cartesian product of the axes (last axis fastest).
    ///
    /// Cheap per point: axes set disjoint fields, so moving to the next point only re-applies the
    /// axes whose row changed (amortised about one row per point) instead of rebuilding the config.
    func forEachConfig(_ body: (inout TrainConfig) -> Void) {
        if axes.contains(where: { $0.rows.isEmpty }) { return }
        var config = base
        var row = [Int](repeating: 0, count: axes.count)
        for axis in axes { axis.apply(row: 0, to: &config) }
        while true {
            var point = config
            body(&point)
            var a = axes.count - 1
            while a >= 0 {
                row[a] += 1
                if row[a] < axes[a].rows.count {
                    axes[a].apply(row: row[a], to: &config)
                    break
                }
                row[a] = 0
                axes[a].apply(row: 0, to: &config)
                a -= 1
            }
            if a < 0 { return }
        }
    }

    /// Sets a field the parser has already validated, so failure is a programming error.
    static func assign(_ field: ConfigField?, _ value: ConfigValue, to config: inout TrainConfig) {
        guard let field else { preconditionFailure("spec names a field that does not exist") }
        do {
            try field.set(value, in: &config)
        } catch {
            preconditionFailure("spec value was validated when parsed, yet: \(error)")
        }
    }
}

/// An axis with its fields looked up once, ready to apply row after row.
struct CompiledAxis {
    let fields: [ConfigField?]
    let rows: [[ConfigValue]]

    init(_ axis: SweepAxis, fields table: [String: ConfigField]) {
        fields = axis.fields.map { table[$0] }
        rows = axis.rows
    }

    func apply(row: Int, to config: inout TrainConfig) {
        let values = rows[row]
        for i in fields.indices { ExpansionPlan.assign(fields[i], values[i], to: &config) }
    }
}
