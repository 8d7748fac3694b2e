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

/// [rows, n] → [rows, 2n] along each row, or [n, columns] → [2n, columns] along the columns
/// (`stride` = columns, `lines` = columns) — one routine for both axes: element i of line l is at
/// l·lineStep + i·stride.
@inline(__always)
private func upsampleAxis<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, n: Int,
                                           lines: Int, lineStep: Int, outLineStep: Int, stride: Int) {
    let three: T = 0.75, one: T = 0.25
    for line in 0..<lines {
        let source = x + line * lineStep, target = out + line * outLineStep
        for i in 0..<n {
            let centre = source[i * stride]
            target[2 * i * stride] = three * centre + one * source[((i + n - 1) % n) * stride]
            target[(2 * i + 1) * stride] = three * centre + one * source[((i + 1) % n) * stride]
        }
    }
}

/// The adjoint of `upsampleAxis`: gx (+)= its transpose applied to g.
@inline(__always)
private func upsampleAxisAdjoint<T: TensorScalar>(_ g: UnsafePointer<T>, _ gx: UnsafeMutablePointer<T>, n: Int,
                                                  lines: Int, lineStep: Int, outLineStep: Int, stride: Int,
                                                  accumulate: Bool) {
    let three: T = 0.75, one: T = 0.25, m = 2 * n
    for line in 0..<lines {
        let source = g + line * outLineStep, target = gx + line * lineStep
        for i in 0..<n {
            let value = three * (source[2 * i * stride] + source[(2 * i + 1) * stride])
                + one * (source[((2 * i + 2) % m) * stride] + source[((2 * i + m - 1) % m) * stride])
            if accumulate { target[i * stride] += value } else { target[i * stride] = value }
        }
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
