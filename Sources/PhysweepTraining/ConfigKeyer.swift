/// Computes the keys of many configurations in a row, fast when consecutive ones differ in few fields
/// (as the points of a sweep grid do).
///
/// The key hashes the canonical JSON front to back, so the keyer remembers the previous config, the
/// bytes of each field and the hash state before each: it resumes hashing at the first field that
/// changed (fields compared bit for bit where they lie in the config) and formats only the values
/// that changed. The result always equals `TrainConfig.key`.
public struct ConfigKeyer {
    /// The bytes of the config hashed last (empty before the first).
    private var previous: [UInt8] = []
    /// Per field in key order: where it lies in a config (`ConfigField.bytes`).
    private let ranges = TrainConfig.keyOrder.map(\.field.bytes)
    /// Per field in key order: whether it differs from the previous config (scratch, kept to reuse it).
    private var changed: [Bool]
    /// Per field in key order: `"name":value` bytes of the previous config (empty when it was omitted).
    private var fieldBytes: [[UInt8]]
    /// Hash state before each field; the last entry is the state before the closing brace.
    private var states: [UInt64]
    /// Per field in key order: whether some field was written before it (so it needs a leading comma).
    private var afterAField: [Bool]

    public init() {
        let count = TrainConfig.keyOrder.count
        changed = Array(repeating: true, count: count)
        fieldBytes = Array(repeating: [], count: count)
        states = Array(repeating: 0, count: count + 1)
        afterAField = Array(repeating: false, count: count + 1)
        var opening = FNV1aHasher()
        opening.append(UInt8(ascii: "{"))
        states[0] = opening.hash
    }

    /// The 64-bit hash behind `config.key` (`TrainConfig.keyString` turns it into the key).
    public mutating func hash(of config: TrainConfig) -> UInt64 {
        let count = ranges.count
        var current = config
        let first = markChanges(&current)
        var hasher = FNV1aHasher(state: states[first])
        var wrote = afterAField[first]
        for i in first..<count {
            states[i] = hasher.hash
            afterAField[i] = wrote
            if changed[i] {
                guard format(i, of: config) else {
                    // A non-finite number: only the reference encoder knows what to do; forget the cache.
                    previous.removeAll()
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
        states[count] = hasher.hash
        afterAField[count] = wrote
        hasher.append(UInt8(ascii: "}"))
        withUnsafeBytes(of: &current) { bytes in
            if previous.count == bytes.count {
                previous.withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
            } else {
                previous = Array(bytes)
            }
        }
        return hasher.hash
    }

    /// Sets `changed` for `config` against the previous config (every field changed when there is
    /// none) and returns the first changed field's index (the field count when none changed).
    private mutating func markChanges(_ config: inout TrainConfig) -> Int {
        var changed: [Bool] = []
        swap(&changed, &self.changed)  // swapped out so it stays uniquely referenced
        defer { swap(&changed, &self.changed) }
        let ranges = self.ranges
        var first = ranges.count
        withUnsafeBytes(of: &config) { current in
            previous.withUnsafeBufferPointer { previous in
                changed.withUnsafeMutableBufferPointer { changed in
                    for i in ranges.indices {
                        let differs = previous.isEmpty || !Self.sameBytes(current, UnsafeRawBufferPointer(previous), in: ranges[i])
                        changed[i] = differs
                        if differs && first == ranges.count { first = i }
                    }
                }
            }
        }
        return first
    }

    /// Whether `a` and `b` hold the same bytes in `range`: a word or a byte at a time (the sizes of
    /// numbers and of enums without payloads), byte by byte otherwise.
    private static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, in range: Range<Int>) -> Bool {
        switch range.count {
        case 8:
            return a.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self)
        case 1: return a[range.lowerBound] == b[range.lowerBound]
        default: return a[range].elementsEqual(b[range])
        }
    }

    /// Writes field `i`'s `"name":value` bytes (none when omitted) into `fieldBytes[i]`; false if
    /// the value is a non-finite number.
    private mutating func format(_ i: Int, of config: TrainConfig) -> Bool {
        // Reuse the field's buffer (swapped out so it stays uniquely referenced).
        var collector = ByteCollector()
        swap(&collector.bytes, &fieldBytes[i])
        collector.bytes.removeAll(keepingCapacity: true)
        var written = true
        if !TrainConfig.keyOrder[i].field.isOmitted(in: config) {
            collector.bytes.append(contentsOf: TrainConfig.keyOrder[i].prefix)
            written = TrainConfig.keyOrder[i].field.writeValue(of: config, into: &collector)
        }
        swap(&collector.bytes, &fieldBytes[i])
        return written
    }

    /// `config.key`, incrementally.
    public mutating func key(of config: TrainConfig) -> String {
        TrainConfig.keyString(hash(of: config))
    }
}
