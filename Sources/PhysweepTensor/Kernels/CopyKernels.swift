/// Copies (or adds) `count` elements from `source` to `destination`.
@inline(__always)
private func move<T: TensorScalar>(_ source: UnsafePointer<T>, _ destination: UnsafeMutablePointer<T>,
                                   _ count: Int, accumulate: Bool) {
    if accumulate {
        for i in 0..<count { destination[i] += source[i] }
    } else {
        destination.update(from: source, count: count)
    }
}

/// Copies part `index` of a concatenation into its place in the result.
@_specialize(where T == Float)
@_specialize(where T == Double)
func concatForwardPart<T: TensorScalar>(_ layout: ConcatLayout, part: Int, offset: Int,
                                        _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
    let chunk = layout.chunks[part], total = layout.total
    for o in 0..<layout.outer {
        move(x + o * chunk, out + o * total + offset, chunk, accumulate: false)
    }
}

/// The gradient of part `index` of a concatenation: its place in the result's gradient.
@_specialize(where T == Float)
@_specialize(where T == Double)
func concatBackwardPart<T: TensorScalar>(_ layout: ConcatLayout, part: Int, offset: Int,
                                         g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, accumulate: Bool) {
    let chunk = layout.chunks[part], total = layout.total
    for o in 0..<layout.outer {
        move(g + o * total + offset, gx + o * chunk, chunk, accumulate: accumulate)
    }
}

/// out = x[..., range, ...].
@_specialize(where T == Float)
@_specialize(where T == Double)
func sliceForward<T: TensorScalar>(_ layout: SliceLayout, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
    for o in 0..<layout.outer {
        move(x + o * layout.inputChunk + layout.start, out + o * layout.count, layout.count, accumulate: false)
    }
}

/// gx (+)= g placed at the slice, zero elsewhere.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sliceBackward<T: TensorScalar>(_ layout: SliceLayout, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>,
                                    accumulate: Bool) {
    if !accumulate { gx.update(repeating: 0, count: layout.outer * layout.inputChunk) }
    for o in 0..<layout.outer {
        move(g + o * layout.count, gx + o * layout.inputChunk + layout.start, layout.count, accumulate: true)
    }
}
