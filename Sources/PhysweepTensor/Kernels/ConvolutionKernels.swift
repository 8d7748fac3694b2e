/// Visits the column matrix of one sample's circularly padded k×k neighbourhoods as contiguous runs:
/// column row (c·k + dy)·k + dx, entries y·W + x hold x[c, (y + dy − p) mod H, (x + dx − p) mod W],
/// p = (k − 1)/2. `run(columnStart, sourceStart, count)` gets each run (offsets into the column
/// matrix and the sample's [C, H, W] block): im2col copies along them, col2im adds back.
@inline(__always)
private func forEachColumnRun(_ layout: ConvolutionLayout, _ run: (Int, Int, Int) -> Void) {
    let shape = layout.input, k = layout.kernel, pad = (k - 1) / 2
    let height = shape.height, width = shape.width
    for c in 0..<shape.channels {
        for dy in 0..<k {
            for dx in 0..<k {
                let row = ((c * k + dy) * k + dx) * shape.plane
                let shift = ((dx - pad) % width + width) % width
                for y in 0..<height {
                    let sourceRow = c * shape.plane + (((y + dy - pad) % height + height) % height) * width
                    run(row + y * width, sourceRow + shift, width - shift)
                    if shift > 0 { run(row + y * width + width - shift, sourceRow, shift) }
                }
            }
        }
    }
}

/// The column matrix [C·k², H·W] of one sample `x` [C, H, W] (circular padding).
@_specialize(where T == Float)
@_specialize(where T == Double)
func im2colCircular<T: TensorScalar>(_ layout: ConvolutionLayout, _ x: UnsafePointer<T>,
                                     _ columns: UnsafeMutablePointer<T>) {
    forEachColumnRun(layout) { column, source, count in (columns + column).update(from: x + source, count: count) }
}

/// gx += the column-matrix gradient folded back onto the sample's grid (the adjoint of im2col).
@_specialize(where T == Float)
@_specialize(where T == Double)
func col2imCircular<T: TensorScalar>(_ layout: ConvolutionLayout, _ columns: UnsafePointer<T>,
                                     _ gx: UnsafeMutablePointer<T>) {
    forEachColumnRun(layout) { column, source, count in
        let from = columns + column, to = gx + source
        for i in 0..<count { to[i] += from[i] }
    }
}

/// out = conv(x, W) + b per sample: the bias copied into the output rows, then one OpenBLAS
/// product W [Cout, C·k²] · columns [C·k², H·W] with β = 1 (for k = 1 the sample itself is the
/// column matrix).
@_specialize(where T == Float)
@_specialize(where T == Double)
func convolutionForward<T: TensorScalar>(_ layout: ConvolutionLayout, x: UnsafePointer<T>, weight: UnsafePointer<T>,
                                         bias: UnsafePointer<T>, out: UnsafeMutablePointer<T>,
                                         scratch: UnsafeMutablePointer<T>) {
    let shape = layout.input, plane = shape.plane, rows = layout.columnRows
    for n in 0..<shape.batch {
        let sample = x + n * shape.channels * plane, result = out + n * layout.outChannels * plane
        for o in 0..<layout.outChannels { (result + o * plane).update(repeating: bias[o], count: plane) }
        let columns: UnsafePointer<T>
        if layout.kernel == 1 {
            columns = sample
        } else {
            im2colCircular(layout, sample, scratch)
            columns = UnsafePointer(scratch)
        }
        gemm(transposeA: false, transposeB: false, m: layout.outChannels, n: plane, k: rows, a: weight, lda: rows,
             b: columns, ldb: plane, beta: 1, c: result, ldc: plane)
    }
}

/// The convolution's operand gradients, each only when asked (nil) and added when `accumulate…`:
/// dW = Σₙ Gₙ·colsₙᵀ (columns rebuilt per sample), db = Σ G over samples and grid,
/// dx = col2im(Wᵀ·Gₙ) (for k = 1 the product lands in dx directly).
@_specialize(where T == Float)
@_specialize(where T == Double)
func convolutionBackward<T: TensorScalar>(_ layout: ConvolutionLayout, x: UnsafePointer<T>, weight: UnsafePointer<T>,
                                          g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>?, accumulateX: Bool,
                                          gw: UnsafeMutablePointer<T>?, accumulateWeight: Bool,
                                          gb: UnsafeMutablePointer<T>?, accumulateBias: Bool,
                                          scratch: UnsafeMutablePointer<T>) {
    let shape = layout.input, plane = shape.plane, rows = layout.columnRows, outs = layout.outChannels
    if let gb {
        if !accumulateBias { gb.update(repeating: 0, count: outs) }
        for n in 0..<shape.batch {
            for o in 0..<outs {
                let row = g + (n * outs + o) * plane
                var sum: T = 0
                for i in 0..<plane { sum += row[i] }
                gb[o] += sum
            }
        }
    }
    if let gw {
        for n in 0..<shape.batch {
            let sample = x + n * shape.channels * plane
            let columns: UnsafePointer<T>
            if layout.kernel == 1 {
                columns = sample
            } else {
                im2colCircular(layout, sample, scratch)
                columns = UnsafePointer(scratch)
            }
            gemm(transposeA: false, transposeB: true, m: outs, n: rows, k: plane, a: g + n * outs * plane, lda: plane,
                 b: columns, ldb: plane, beta: n > 0 || accumulateWeight ? 1 : 0, c: gw, ldc: rows)
        }
    }
    if let gx {
        for n in 0..<shape.batch {
            let gradient = g + n * outs * plane, target = gx + n * shape.channels * plane
            if layout.kernel == 1 {
                gemm(transposeA: true, transposeB: false, m: rows, n: plane, k: outs, a: weight, lda: rows,
                     b: gradient, ldb: plane, beta: accumulateX ? 1 : 0, c: target, ldc: plane)
                continue
            }
            gemm(transposeA: true, transposeB: false, m: rows, n: plane, k: outs, a: weight, lda: rows,
                 b: gradient, ldb: plane, beta: 0, c: scratch, ldc: plane)
            if !accumulateX { target.update(repeating: 0, count: shape.channels * plane) }
            col2imCircular(layout, scratch, target)
        }
    }
}
