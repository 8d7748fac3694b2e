/// A growable block of scalars handed out in aligned slices. A graph keeps its values in arenas so
/// that one step touches a few large, preallocated buffers and allocates nothing.
final class Arena<T: TensorScalar> {
    /// Slices start on 64-byte boundaries so vector loops never straddle cache lines at their start.
    private static var alignmentElements: Int { max(1, 64 / MemoryLayout<T>.stride) }

    private(set) var base: UnsafeMutablePointer<T>
    private(set) var capacity: Int
    /// Elements handed out so far (including alignment padding).
    private(set) var used = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = Arena.allocate(capacity)
    }

    deinit { base.deallocate() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<T>.stride,
                                                   alignment: 64)
        let pointer = raw.bindMemory(to: T.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
        return pointer
    }

    /// Reserves `count` zeroed elements and returns their offset; `aligned` pads the start to 64 bytes.
    func append(_ count: Int, aligned: Bool = true) -> Int {
        let step = Arena.alignmentElements
        let offset = aligned ? (used + step - 1) / step * step : used
        let needed = offset + count
        if needed > capacity {
            var newCapacity = max(capacity, 1)
            while newCapacity < needed { newCapacity *= 2 }
            let fresh = Arena.allocate(newCapacity)
            fresh.update(from: base, count: used)
            base.deallocate()
            base = fresh
            capacity = newCapacity
        }
        used = needed
        return offset
    }
}
