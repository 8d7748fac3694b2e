import PhysweepMetering
import PhysweepSweep
import PhysweepTraining

/// Reads a RESULT body straight from its bytes for the coordinator: every key of the `TrainResult`
/// but `config` checked to be of the type `WireMessage.decode`'s `Codable` path decodes it as, the
/// config's bytes only located. It accepts and rejects exactly what that path does (a test holds
/// the two together over thousands of variants), without building a JSON tree or going through
/// `Codable`, which together were a fifth of the coordinator's time.
///
/// As `Codable` over a parsed document: unknown keys are skipped (their syntax checked), the first
/// of repeated keys counts, optional keys may be absent or null, numbers are parsed by the same
/// initializers (`Double(text)`, `Int(text)`, ...), and NaN and ±infinity are the strings `"NaN"`,
/// `"Infinity"`, `"-Infinity"` (escapes resolved).
struct ResultBodyReader {
    /// What the coordinator keeps of a RESULT body.
    struct Fields {
        var taskID: Int64 = 0
        var attempt = 0
        var efficacy = Efficacy(initialLoss: 0, finalLoss: 0, testMSE: 0, testRelL2: 0)
        var efficiency = Efficiency(parameterCount: 0, train: .zero, inference: .zero)
        /// Where the `result` object and its `config` lie in the body.
        var resultRange = 0..<0
        var configRange = 0..<0
    }

    private var json: JSONReader

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        json = JSONReader(bytes)
    }

    /// Reads a whole body; throws what `WireMessage.decode` would throw for it, less the field
    /// rules (`WireMessage.TaskResult.problem`) and the config, which only has to be there.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtocolError) -> Fields {
        var reader = ResultBodyReader(bytes)
        var fields = Fields()
        do throws(Failure) {
            try reader.body(into: &fields)
            try reader.syntax { json throws(JSONSyntaxError) in try json.finish() }
        } catch {
            switch error {
            case .syntax(let error): throw .badJSON(command: .result, detail: "at top level: \(error)")
            case .schema(let detail): throw .badJSON(command: .result, detail: detail)
            }
        }
        return fields
    }

    /// Syntax errors are reported as the parser reports them, whatever the reader was looking for.
    private enum Failure: Error {
        case syntax(JSONSyntaxError)
        case schema(String)
    }

    // MARK: The RESULT body

    private mutating func body(into fields: inout Fields) throws(Failure) {
        try members(at: "", ["task_id", "attempt", "result"], required: 0b111) { reader, key throws(Failure) in
            switch key {
            case 0: fields.taskID = try reader.integer(at: "task_id")
            case 1: fields.attempt = try reader.integer(at: "attempt")
            default: try reader.result(into: &fields)
            }
        }
    }

    private mutating func result(into fields: inout Fields) throws(Failure) {
        let start = try valueStart()
        let keys: [StaticString] = ["config", "config_hash", "seed", "efficacy", "efficiency", "settings", "machine", "git_commit"]
        try members(at: "result", keys, required: 0b0111_1111) { reader, key throws(Failure) in
            switch key {
            case 0:
                let start = try reader.valueStart()
                try reader.skip()
                fields.configRange = start..<reader.json.offset
            case 1: try reader.string(at: "result.config_hash")
            case 2: let _: UInt64 = try reader.integer(at: "result.seed")
            case 3: fields.efficacy = try reader.efficacy()
            case 4: fields.efficiency = try reader.efficiency()
            case 5: try reader.settings()
            case 6: try reader.machine()
            default: _ = try reader.optional { reader throws(Failure) in try reader.string(at: "result.git_commit") }
            }
        }
        fields.resultRange = start..<json.offset
    }

    private mutating func efficacy() throws(Failure) -> Efficacy {
        var value = Efficacy(initialLoss: 0, finalLoss: 0, testMSE: 0, testRelL2: 0)
        let path = "result.efficacy"
        try members(at: path, ["initial_loss", "final_loss", "test_mse", "test_rel_l2", "extrap_mse", "extrap_rel_l2"],
                    required: 0b1111) { reader, key throws(Failure) in
            switch key {
            case 0: value.initialLoss = try reader.double(at: path, "initial_loss")
            case 1: value.finalLoss = try reader.double(at: path, "final_loss")
            case 2: value.testMSE = try reader.double(at: path, "test_mse")
            case 3: value.testRelL2 = try reader.double(at: path, "test_rel_l2")
            case 4: value.extrapolationMSE = try reader.optional { reader throws(Failure) in try reader.double(at: path, "extrap_mse") }
            default: value.extrapolationRelL2 = try reader.optional { reader throws(Failure) in try reader.double(at: path, "extrap_rel_l2") }
            }
        }
        return value
    }

    private mutating func efficiency() throws(Failure) -> Efficiency {
        var value = Efficiency(parameterCount: 0, train: .zero, inference: .zero)
        try members(at: "result.efficiency", ["params", "train", "inference"], required: 0b111) { reader, key throws(Failure) in
            switch key {
            case 0: value.parameterCount = try reader.integer(at: "result.efficiency.params")
            case 1: value.train = try reader.phaseCost(at: "result.efficiency.train")
            default: value.inference = try reader.phaseCost(at: "result.efficiency.inference")
            }
        }
        return value
    }

    private mutating func phaseCost(at path: String) throws(Failure) -> PhaseCost {
        var value = PhaseCost.zero
        try members(at: path, ["wall_s", "cpu_s", "flops", "peak_rss_bytes", "energy", "co2_g"], required: 0b11_1111) { reader, key throws(Failure) in
            switch key {
            case 0: value.wallSeconds = try reader.double(at: path, "wall_s")
            case 1: value.cpuSeconds = try reader.double(at: path, "cpu_s")
            case 2: value.flops = try reader.double(at: path, "flops")
            case 3: value.peakRSSBytes = try reader.integer(at: path + ".peak_rss_bytes")
            case 4: value.energy = try reader.energy(at: path + ".energy")
            default: value.co2Grams = try reader.double(at: path, "co2_g")
            }
        }
        return value
    }

    private mutating func energy(at path: String) throws(Failure) -> EnergyReading {
        var value = EnergyReading(joules: 0, source: .estimated, method: "")
        try members(at: path, ["joules", "source", "method"], required: 0b111) { reader, key throws(Failure) in
            switch key {
            case 0: value.joules = try reader.double(at: path, "joules")
            case 1:
                let text = try reader.string(at: path + ".source")
                guard let source = EnergySource(rawValue: text) else {
                    throw .schema("at \(path).source: Cannot initialize EnergySource from invalid String value \(text)")
                }
                value.source = source
            default: value.method = try reader.string(at: path + ".method")
            }
        }
        return value
    }

    private mutating func settings() throws(Failure) {
        try members(at: "result.settings", ["threads", "carbon", "cpu_tdp_watts", "inference_repeats"], required: 0b1111) { reader, key throws(Failure) in
            switch key {
            case 0: let _: Int = try reader.integer(at: "result.settings.threads")
            case 1:
                try reader.members(at: "result.settings.carbon", ["intensity_g_per_kwh", "pue"], required: 0b11) { reader, key throws(Failure) in
                    _ = try reader.double(at: "result.settings.carbon", key == 0 ? "intensity_g_per_kwh" : "pue")
                }
            case 2: _ = try reader.double(at: "result.settings", "cpu_tdp_watts")
            default: let _: Int = try reader.integer(at: "result.settings.inference_repeats")
            }
        }
    }

    private mutating func machine() throws(Failure) {
        try members(at: "result.machine", ["cpu_model", "logical_cores", "os", "hostname"], required: 0b1111) { reader, key throws(Failure) in
            switch key {
            case 1: let _: Int = try reader.integer(at: "result.machine.logical_cores")
            default: try reader.skipString(at: "result.machine")
            }
        }
    }

    // MARK: Values

    /// Reads an object whose keys of interest are `names`: calls `member` with the index in `names`
    /// of each one's first occurrence (the reader placed before its value), skips every other
    /// member, and throws if one of the `required` names (bit i for `names[i]`) is missing.
    private mutating func members(at path: String, _ names: [StaticString], required: UInt32,
                                  _ member: (inout ResultBodyReader, Int) throws(Failure) -> Void) throws(Failure) {
        try expect(.object, "Dictionary<String, Any>", at: path)
        var seen: UInt32 = 0
        var object = try syntax { json throws(JSONSyntaxError) in try json.enterObject() }
        while let key = try syntax({ json throws(JSONSyntaxError) in try json.nextKey(in: &object) }) {
            if let index = names.firstIndex(where: { json.matches(key, $0) }), seen & 1 << index == 0 {
                seen |= 1 << index
                try member(&self, index)
            } else {
                try skip()
            }
        }
        if case let missing = required & ~seen, missing != 0 {
            let name = "\(names[missing.trailingZeroBitCount])"
            throw .schema("at \(path.isEmpty ? name : path + "." + name): missing key \"\(name)\"")
        }
    }

    /// `try body()` over null: nil for a null value, as `decodeIfPresent` reads it.
    private mutating func optional<T>(_ body: (inout ResultBodyReader) throws(Failure) -> T) throws(Failure) -> T? {
        if try kind() == .null {
            try syntax { json throws(JSONSyntaxError) in try json.readNull() }
            return nil
        }
        return try body(&self)
    }

    private mutating func double(at path: String, _ key: StaticString) throws(Failure) -> Double {
        switch try kind() {
        case .number:
            let text = try syntax { json throws(JSONSyntaxError) in try json.readNumberText() }
            if let number = Double(text) { return number }
            throw .schema("at \(path).\(key): expected Double: the number \(text) is not a Double")
        case .string:
            let token = try syntax { json throws(JSONSyntaxError) in try json.scanString() }
            if json.matches(token, "NaN") { return .nan }
            if json.matches(token, "Infinity") { return .infinity }
            if json.matches(token, "-Infinity") { return -.infinity }
            throw .schema("at \(path).\(key): expected Double, found a string")
        case let other:
            throw mismatch("Double", found: other, at: "\(path).\(key)")
        }
    }

    private mutating func integer<T: FixedWidthInteger>(at path: @autoclosure () -> String) throws(Failure) -> T {
        try expect(.number, "\(T.self)", at: path())
        let text = try syntax { json throws(JSONSyntaxError) in try json.readNumberText() }
        guard let number = T(text) else {
            throw .schema("at \(path()): the number \(text) is not an integer that fits \(T.self)")
        }
        return number
    }

    @discardableResult
    private mutating func string(at path: @autoclosure () -> String) throws(Failure) -> String {
        try expect(.string, "String", at: path())
        return try syntax { json throws(JSONSyntaxError) in try json.readString() }
    }

    /// A string whose text is not needed: checked, not built.
    private mutating func skipString(at path: @autoclosure () -> String) throws(Failure) {
        try expect(.string, "String", at: path())
        try skip()
    }

    private mutating func skip() throws(Failure) {
        try syntax { json throws(JSONSyntaxError) in try json.skipValue() }
    }

    /// The offset where the next value starts (after whitespace).
    private mutating func valueStart() throws(Failure) -> Int {
        _ = try kind()
        return json.offset
    }

    private mutating func kind() throws(Failure) -> JSONReader.Kind {
        try syntax { json throws(JSONSyntaxError) in try json.peek() }
    }

    private mutating func expect(_ expected: JSONReader.Kind, _ type: String, at path: @autoclosure () -> String) throws(Failure) {
        let found = try kind()
        guard found == expected else { throw mismatch(type, found: found, at: path()) }
    }

    private func mismatch(_ type: String, found: JSONReader.Kind, at path: String) -> Failure {
        let place = path.isEmpty ? "top level" : path
        if found == .null { return .schema("at \(place): expected \(type), found null") }
        return .schema("at \(place): expected \(type), found \(found == .object ? "an object" : found == .array ? "an array" : "a \(found)")")
    }

    private mutating func syntax<T>(_ step: (inout JSONReader) throws(JSONSyntaxError) -> T) throws(Failure) -> T {
        do {
            return try step(&json)
        } catch {
            throw .syntax(error)
        }
    }
}

private extension PhaseCost {
    static let zero = PhaseCost(wallSeconds: 0, cpuSeconds: 0, flops: 0, peakRSSBytes: 0,
                                energy: EnergyReading(joules: 0, source: .estimated, method: ""), co2Grams: 0)
}
