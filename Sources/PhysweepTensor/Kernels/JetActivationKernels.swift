/// h = σ(z + b) for one stack row. Each activation is its own straight loop (the switch stays
/// outside the loops), so every loop inlines its elementary functions and vectorizes; closures
/// chosen per activation were not inlined and cost a call per element.
@inline(__always)
private func activateRow<T: TensorScalar>(_ activation: JetActivation<T>, n: Int, z: UnsafePointer<T>,
                                          bias: UnsafePointer<T>, h: UnsafeMutablePointer<T>) {
    switch activation {
    case .tanh:
        for j in 0..<n { h[j] = z[j] + bias[j] }
        tanhs(h, h, n)
    case .sin:
        for j in 0..<n { h[j] = z[j] + bias[j] }
        sines(h, h, n)
    case .snake(let alpha):
        let inverse = 1 / alpha  // a multiply, not a divide per element (exact for α = 1)
        for j in 0..<n { h[j] = alpha * (z[j] + bias[j]) }
        sines(h, h, n)
        for j in 0..<n {
            let x = z[j] + bias[j]
            h[j] = x + h[j] * h[j] * inverse
        }
    case .relu:
        for j in 0..<n {
            let x = z[j] + bias[j]
            h[j] = x > 0 ? x : 0
        }
    }
}

/// Fills the scratch rows s1, s2, s3 with σ′, σ″, σ‴ at z + b for one stack row, given h = σ(z + b)
/// (tanh reuses it: σ′ = 1 − h², σ″ = −2h(1 − h²), σ‴ = (1 − h²)(6h² − 2)).
@inline(__always)
private func fillDerivatives<T: TensorScalar>(_ activation: JetActivation<T>, n: Int, z: UnsafePointer<T>,
                                              bias: UnsafePointer<T>, h: UnsafePointer<T>,
                                              scratch: UnsafeMutablePointer<T>) {
    let s1 = scratch, s2 = scratch + n, s3 = scratch + 2 * n
    switch activation {
    case .tanh:
        for j in 0..<n {
            let t = h[j], d = 1 - t * t
            s1[j] = d
            s2[j] = -2 * t * d
            s3[j] = d * (6 * t * t - 2)
        }
    case .sin:
        for j in 0..<n { s1[j] = z[j] + bias[j] }
        sines(s1, s1, n, cosine: true)
        for j in 0..<n {
            s2[j] = -h[j]
            s3[j] = -s1[j]
        }
    case .snake(let alpha):
        // The argument 2α(z + b) goes into s1; its cosine into s2, its sine over it in place.
        for j in 0..<n { s1[j] = 2 * alpha * (z[j] + bias[j]) }
        sines(s1, s2, n, cosine: true)
        sines(s1, s1, n)
        for j in 0..<n {
            s3[j] = -4 * alpha * alpha * s1[j]
            s1[j] = 1 + s1[j]
            s2[j] = 2 * alpha * s2[j]
        }
    case .relu:
        for j in 0..<n {
            s1[j] = z[j] + bias[j] > 0 ? 1 : 0
            s2[j] = 0
            s3[j] = 0
        }
    }
}

/// Scratch scalars per part of a jet activation, in units of the column count n: σ′, σ″, σ‴, dz
/// and a partial bias gradient. A node reserves two parts (see `jetParts`).
let jetScratchPerPart = 5

/// Stacks with at least this many primal elements run their jet activation as two halves of the
/// primal rows (with their derivative rows), the second on the kernels' helper thread when two
/// threads are allowed. The split depends on the size only, never on the thread count, so results
/// are the same on one thread or two.
let jetSplitElements = 1 << 16

/// Runs `body(rows, scratch)` over the primal rows: whole, or in two halves (each with its own
/// scratch) for large stacks. Returns the number of parts.
@inline(__always)
private func jetParts<T>(_ layout: JetLayout, columns n: Int, scratch: UnsafeMutablePointer<T>,
                         _ body: (Range<Int>, UnsafeMutablePointer<T>) -> Void) -> Int {
    let rows = layout.primalRows
    guard rows * n >= jetSplitElements else {
        body(0..<rows, scratch)
        return 1
    }
    let half = rows / 2
    VectorKernels.inTwoParts { part in
        body(part == 0 ? 0..<half : half..<rows, scratch + part * jetScratchPerPart * n)
    }
    return 2
}

/// H = σ-jet of Z: primal rows h = σ(Z + b); first-order rows σ′·Z_c; second-order rows
/// σ″·Z_i·Z_j + σ′·Z_c (σ at the point's primal z). `scratch` holds 2·jetScratchPerPart·n scalars.
@_specialize(where T == Float)
@_specialize(where T == Double)
func jetActivationForward<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, columns n: Int,
                                           z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                           out: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    _ = jetParts(layout, columns: n, scratch: scratch) { rows, scratch in
        jetForwardRows(activation, layout, rows, columns: n, z: stack, bias: b, out: out, scratch: scratch)
    }
}

/// The forward jet of the primal rows `rows` and of their derivative rows.
@inline(__always)
func jetForwardRows<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, _ rows: Range<Int>,
                                     columns n: Int, z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                     out: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    let lo = layout.derivativeRows.lowerBound
    let s1 = scratch, s2 = scratch + n
    for r in rows {
        activateRow(activation, n: n, z: stack + r * n, bias: b, h: out + r * n)
    }
    let points = rows.clamped(to: layout.derivativeRows)
    for p in (points.lowerBound - lo)..<(points.upperBound - lo) {
        fillDerivatives(activation, n: n, z: stack + (lo + p) * n, bias: b, h: out + (lo + p) * n,
                        scratch: scratch)
        for (c, channel) in layout.channels.enumerated() {
            let zc = stack + (layout.firstRow(ofChannel: c) + p) * n
            let hc = out + (layout.firstRow(ofChannel: c) + p) * n
            switch channel {
            case .first:
                for j in 0..<n { hc[j] = s1[j] * zc[j] }
            case .second(let a, let d):
                let za = stack + (layout.firstRow(ofChannel: a) + p) * n
                let zd = stack + (layout.firstRow(ofChannel: d) + p) * n
                for j in 0..<n { hc[j] = s2[j] * za[j] * zd[j] + s1[j] * zc[j] }
            }
        }
    }
}

/// dZ (when `gz` is given) and db (summed over the primal rows; when `gb` is given) from dH for
/// the jet activation, in one pass. For a stack split in two halves, db is the sum of the halves'
/// partial sums. `scratch` holds 2·jetScratchPerPart·n scalars.
@_specialize(where T == Float)
@_specialize(where T == Double)
func jetActivationBackward<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, columns n: Int,
                                            z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                            h: UnsafePointer<T>, g: UnsafePointer<T>,
                                            gz: UnsafeMutablePointer<T>?, accumulateZ: Bool,
                                            gb: UnsafeMutablePointer<T>?, accumulateBias: Bool,
                                            scratch: UnsafeMutablePointer<T>) {
    let parts = jetParts(layout, columns: n, scratch: scratch) { rows, scratch in
        jetBackwardRows(activation, layout, rows, columns: n, z: stack, bias: b, h: h, g: g, gz: gz,
                        accumulateZ: accumulateZ, computeBias: gb != nil, scratch: scratch)
    }
    guard let gb else { return }
    let first = scratch + 4 * n, second = scratch + (jetScratchPerPart + 4) * n
    if !accumulateBias { gb.update(repeating: 0, count: n) }
    for j in 0..<n { gb[j] += first[j] }
    if parts == 2 { for j in 0..<n { gb[j] += second[j] } }
}

/// The backward jet of the primal rows `rows` and their derivative rows; the bias gradient of these
/// rows goes to scratch[4n..<5n].
@inline(__always)
func jetBackwardRows<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, _ rows: Range<Int>,
                                      columns n: Int, z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                      h: UnsafePointer<T>, g: UnsafePointer<T>,
                                      gz: UnsafeMutablePointer<T>?, accumulateZ: Bool, computeBias: Bool,
                                      scratch: UnsafeMutablePointer<T>) {
    let lo = layout.derivativeRows.lowerBound, hi = layout.derivativeRows.upperBound
    let s1 = scratch, s2 = scratch + n, s3 = scratch + 2 * n, dz = scratch + 3 * n, gb = scratch + 4 * n
    if computeBias { gb.update(repeating: 0, count: n) }
    for r in rows {
        let zr = stack + r * n, hr = h + r * n, gr = g + r * n
        fillDerivatives(activation, n: n, z: zr, bias: b, h: hr, scratch: scratch)
        for j in 0..<n { dz[j] = gr[j] * s1[j] }
        if r >= lo && r < hi {
            let p = r - lo
            func row(_ c: Int) -> Int { (layout.firstRow(ofChannel: c) + p) * n }
            for (c, channel) in layout.channels.enumerated() {
                let zc = stack + row(c), gc = g + row(c)
                switch channel {
                case .first:
                    for j in 0..<n { dz[j] += gc[j] * s2[j] * zc[j] }
                case .second(let a, let d):
                    let za = stack + row(a), zd = stack + row(d)
                    for j in 0..<n { dz[j] += gc[j] * (s3[j] * za[j] * zd[j] + s2[j] * zc[j]) }
                }
                if let gz { store(gz + row(c), n, accumulate: accumulateZ) { gc[$0] * s1[$0] } }
            }
            // Second-order rows also depend on their first-order factors (added after those rows
            // received their own term above).
            for (c, channel) in layout.channels.enumerated() {
                guard case .second(let a, let d) = channel, let gz else { continue }
                let gc = g + row(c), za = stack + row(a), zd = stack + row(d)
                let ga = gz + row(a), gd = gz + row(d)
                for j in 0..<n {
                    ga[j] += gc[j] * s2[j] * zd[j]
                    gd[j] += gc[j] * s2[j] * za[j]
                }
            }
        }
        if let gz { store(gz + r * n, n, accumulate: accumulateZ) { dz[$0] } }
        if computeBias { for j in 0..<n { gb[j] += dz[j] } }
    }
}
