/// Average pooling over non-overlapping p×p windows of every plane: `shape` is the input.
@_specialize(where T == Float)
@_specialize(where T == Double)
func averagePoolForward<T: TensorScalar>(_ shape: GridShape, factor p: Int, _ x: UnsafePointer<T>,
                                         _ out: UnsafeMutablePointer<T>) {
    let outHeight = shape.height / p, outWidth = shape.width / p, scale = 1 / T(p * p)
    for plane in 0..<(shape.batch * shape.channels) {
        let source = x + plane * shape.plane, target = out + plane * outHeight * outWidth
        for i in 0..<outHeight {
            for j in 0..<outWidth {
                var sum: T = 0
                for a in 0..<p {
                    let row = source + (i * p + a) * shape.width + j * p
                    for b in 0..<p { sum += row[b] }
                }
                target[i * outWidth + j] = sum * scale
            }
        }
    }
}

/// gx (+)= g/p² spread over each window.
@_specialize(where T == Float)
@_specialize(where T == Double)
func averagePoolBackward<T: TensorScalar>(_ shape: GridShape, factor p: Int, g: UnsafePointer<T>,
                                          gx: UnsafeMutablePointer<T>, accumulate: Bool) {
    let outHeight = shape.height / p, outWidth = shape.width / p, scale = 1 / T(p * p)
    for plane in 0..<(shape.batch * shape.channels) {
        let source = g + plane * outHeight * outWidth, target = gx + plane * shape.plane
        for y in 0..<shape.height {
            let gradientRow = source + (y / p) * outWidth, row = target + y * shape.width
            for j in 0..<outWidth {
                let value = gradientRow[j] * scale
                for b in 0..<p {
                    if accumulate { row[j * p + b] += value } else { row[j * p + b] = value }
                }
            }
        }
    }
}

// Periodic bilinear ×2 along one axis (align_corners = false with wrap-around):
//     out[2i] = ¾·x[i] + ¼·x[i − 1],   out[2i + 1] = ¾·x[i] + ¼·x[i + 1],   indices mod n.
// Its adjoint: gx[i] = ¾·(g[2i] + g[2i + 1]) + ¼·(g[2i + 2] + g[2i − 1]), indices mod 2n.
// The 2-D op applies it along z (rows) then x (columns), as the reference scripts do.

/// Runs `body(i, previous, next)` for i in 0..<n and each line, with the neighbours' indices
/// wrapped (no division per element): i outermost when `linesInner` (the z pass, whose lines are
/// the contiguous columns of a row, so the inner loop runs along memory), else lines outermost.
@inline(__always)
private func forEachWrapped(n: Int, lines: Int, linesInner: Bool, _ body: (_ line: Int, _ i: Int, _ previous: Int, _ next: Int) -> Void) {
    if linesInner {
        for i in 0..<n {
            let previous = i == 0 ? n - 1 : i - 1, next = i == n - 1 ? 0 : i + 1
            for line in 0..<lines { body(line, i, previous, next) }
        }
    } else {
        for line in 0..<lines {
            for i in 0..<n { body(line, i, i == 0 ? n - 1 : i - 1, i == n - 1 ? 0 : i + 1) }
        }
    }
}

/// One axis ×2: element i of line l is at l·lineStep + i·stride in `x` and l·outLineStep + i·stride
/// in `out` (z: lines are columns, lineStep 1, stride W; x: lines are rows, stride 1).
@inline(__always)
private func upsampleAxis<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, n: Int,
                                           lines: Int, lineStep: Int, outLineStep: Int, stride: Int) {
    let three: T = 0.75, one: T = 0.25
    forEachWrapped(n: n, lines: lines, linesInner: stride > 1) { line, i, previous, next in
        let source = x + line * lineStep, target = out + line * outLineStep
        let centre = three * source[i * stride]
        target[2 * i * stride] = centre + one * source[previous * stride]
        target[(2 * i + 1) * stride] = centre + one * source[next * stride]
    }
}

/// The adjoint of `upsampleAxis`: gx (+)= its transpose applied to g, with g's elements 2i − 1 and
/// 2i + 2 taken as the odd element of i's previous and the even element of i's next neighbour.
@inline(__always)
private func upsampleAxisAdjoint<T: TensorScalar>(_ g: UnsafePointer<T>, _ gx: UnsafeMutablePointer<T>, n: Int,
                                                  lines: Int, lineStep: Int, outLineStep: Int, stride: Int,
                                                  accumulate: Bool) {
    let three: T = 0.75, one: T = 0.25
    forEachWrapped(n: n, lines: lines, linesInner: stride > 1) { line, i, previous, next in
        let source = g + line * outLineStep, target = gx + line * lineStep
        let value = three * (source[2 * i * stride] + source[(2 * i + 1) * stride])
            + one * (source[2 * next * stride] + source[(2 * previous + 1) * stride])
        if accumulate { target[i * stride] += value } else { target[i * stride] = value }
    }
}

/// Periodic bilinear ×2 of every plane: along z into `scratch` ([2H, W]), then along x into `out`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func upsampleForward<T: TensorScalar>(_ shape: GridShape, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
                                      scratch: UnsafeMutablePointer<T>) {
    let h = shape.height, w = shape.width
    for plane in 0..<(shape.batch * shape.channels) {
        upsampleAxis(x + plane * h * w, scratch, n: h, lines: w, lineStep: 1, outLineStep: 1, stride: w)
        upsampleAxis(UnsafePointer(scratch), out + plane * 4 * h * w, n: w, lines: 2 * h, lineStep: w,
                     outLineStep: 2 * w, stride: 1)
    }
}

/// gx (+)= the adjoint of `upsampleForward` applied to g (x first, then z; via `scratch`).
@_specialize(where T == Float)
@_specialize(where T == Double)
func upsampleBackward<T: TensorScalar>(_ shape: GridShape, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>,
                                       accumulate: Bool, scratch: UnsafeMutablePointer<T>) {
    let h = shape.height, w = shape.width
    for plane in 0..<(shape.batch * shape.channels) {
        upsampleAxisAdjoint(g + plane * 4 * h * w, scratch, n: w, lines: 2 * h, lineStep: w, outLineStep: 2 * w,
                            stride: 1, accumulate: false)
        upsampleAxisAdjoint(UnsafePointer(scratch), gx + plane * h * w, n: h, lines: w, lineStep: 1, outLineStep: 1,
                            stride: w, accumulate: accumulate)
    }
}
