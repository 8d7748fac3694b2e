/// Computes the keys of many configurations in a row, fast when consecutive ones differ in few fields
/// (as the points of a sweep grid do).
///
/// The key hashes the canonical JSON front to back, so the keyer remembers the previous config, the
/// bytes of each field and the hash state before each: it resumes hashing at the first field that
/// changed and formats only the values that changed. The result always equals `TrainConfig.key`.
public struct ConfigKeyer {
    /// The config hashed last (meaningful once `hasPrevious`; not optional to avoid copying it on unwrap).
    private var previous = TrainConfig.defaults(system: .noop)
    private var hasPrevious = false
    /// Per field in key order: `"name":value` bytes of the previous config (empty when it was omitted).
    private var fieldBytes: [[UInt8]]
    /// Hash state before each field; the last entry is the state before the closing brace.
    private var states: [UInt64]
    /// Per field in key order: whether some field was written before it (so it needs a leading comma).
    private var afterAField: [Bool]

    public init() {
        let count = TrainConfig.keyOrder.count
        fieldBytes = Array(repeating: [], count: count)
        states = Array(repeating: 0, count: count + 1)
        afterAField = Array(repeating: false, count: count + 1)
        var opening = FNV1aHasher()
        opening.append(UInt8(ascii: "{"))
        states[0] = opening.hash
    }

    /// The 64-bit hash behind `config.key` (`TrainConfig.keyString` turns it into the key).
    public mutating func hash(of config: TrainConfig) -> UInt64 {
        let fields = TrainConfig.keyOrder
        var first = 0
        if hasPrevious {
            while first < fields.count && fields[first].field.sameValue(config, previous) { first += 1 }
        }
        var hasher = FNV1aHasher(state: states[first])
        var wrote = afterAField[first]
        for i in first..<fields.count {
            states[i] = hasher.hash
            afterAField[i] = wrote
            let field = fields[i].field
            if !hasPrevious || !field.sameValue(config, previous) {
                // Reuse the field's buffer (swapped out so it stays uniquely referenced).
                var collector = ByteCollector()
                swap(&collector.bytes, &fieldBytes[i])
                collector.bytes.removeAll(keepingCapacity: true)
                var written = true
                if !field.isOmitted(in: config) {
                    collector.bytes.append(contentsOf: fields[i].prefix)
                    written = field.writeValue(of: config, into: &collector)
                }
                swap(&collector.bytes, &fieldBytes[i])
                guard written else {
                    // A non-finite number: only the reference encoder knows what to do; forget the cache.
                    hasPrevious = false
                    var reference = FNV1aHasher()
                    reference.append(contentsOf: config.canonicalJSON())
                    return reference.hash
                }
            }
            if !fieldBytes[i].isEmpty {
                if wrote { hasher.append(UInt8(ascii: ",")) }
                hasher.append(contentsOf: fieldBytes[i])
                wrote = true
            }
        }
        states[fields.count] = hasher.hash
        afterAField[fields.count] = wrote
        hasher.append(UInt8(ascii: "}"))
        previous = config
        hasPrevious = true
        return hasher.hash
    }

    /// `config.key`, incrementally.
    public mutating func key(of config: TrainConfig) -> String {
        TrainConfig.keyString(hash(of: config))
    }
}
