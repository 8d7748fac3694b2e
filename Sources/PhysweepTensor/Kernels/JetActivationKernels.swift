/// Runs `body` with σ and (σ′, σ″, σ‴) of one activation as closures. Switching on the activation
/// once, outside the loops, keeps every loop straight-line: a switch inside a loop gets if-converted
/// by the vectorizer, which then evaluates every activation for every element.
@inline(__always)
private func withActivation<T: TensorScalar>(
    _ activation: JetActivation<T>,
    _ body: (_ sigma: (T) -> T, _ derivatives: (_ z: T, _ h: T) -> (T, T, T)) -> Void
) {
    switch activation {
    case .tanh:
        // Reuses h = tanh z instead of recomputing it.
        body({ fastTanh($0) }, { _, h in
            let s1 = 1 - h * h
            return (s1, -2 * h * s1, s1 * (6 * h * h - 2))
        })
    case .sin:
        body({ fastSin($0) }, { z, h in
            let c = fastCos(z)
            return (c, -h, -c)
        })
    case .snake(let alpha):
        body({ z in
            let s = fastSin(alpha * z)
            return z + s * s / alpha
        }, { z, _ in
            let s = fastSin(2 * alpha * z), c = fastCos(2 * alpha * z)
            return (1 + s, 2 * alpha * c, -4 * alpha * alpha * s)
        })
    case .relu:
        body({ $0 > 0 ? $0 : 0 }, { z, _ in (z > 0 ? 1 : 0, 0, 0) })
    }
}

/// Fills the scratch rows s1, s2, s3 with σ′, σ″, σ‴ for one stack row (z = row + bias).
@inline(__always)
private func fillDerivatives<T: TensorScalar>(_ derivatives: (T, T) -> (T, T, T), n: Int, z: UnsafePointer<T>,
                                              bias: UnsafePointer<T>, h: UnsafePointer<T>,
                                              scratch: UnsafeMutablePointer<T>) {
    let s1 = scratch, s2 = scratch + n, s3 = scratch + 2 * n
    for j in 0..<n {
        (s1[j], s2[j], s3[j]) = derivatives(z[j] + bias[j], h[j])
    }
}

/// H = σ-jet of Z: primal rows h = σ(Z + b); first-order rows σ′·Z_c; second-order rows
/// σ″·Z_i·Z_j + σ′·Z_c (σ at the point's primal z). `scratch` holds 4·n scalars.
@_specialize(where T == Float)
@_specialize(where T == Double)
func jetActivationForward<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, columns n: Int,
                                           z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                           out: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    let lo = layout.derivativeRows.lowerBound
    let s1 = scratch, s2 = scratch + n
    withActivation(activation) { sigma, derivatives in
        for r in 0..<layout.primalRows {
            let zr = stack + r * n, hr = out + r * n
            for j in 0..<n { hr[j] = sigma(zr[j] + b[j]) }
        }
        for p in 0..<layout.derivativeRows.count {
            fillDerivatives(derivatives, n: n, z: stack + (lo + p) * n, bias: b, h: out + (lo + p) * n,
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
}

/// dZ (when `gz` is given) and db (summed over the primal rows; when `gb` is given) from dH for
/// the jet activation, in one pass.
/// `scratch` holds 4·n scalars.
@_specialize(where T == Float)
@_specialize(where T == Double)
func jetActivationBackward<T: TensorScalar>(_ activation: JetActivation<T>, _ layout: JetLayout, columns n: Int,
                                            z stack: UnsafePointer<T>, bias b: UnsafePointer<T>,
                                            h: UnsafePointer<T>, g: UnsafePointer<T>,
                                            gz: UnsafeMutablePointer<T>?, accumulateZ: Bool,
                                            gb: UnsafeMutablePointer<T>?, accumulateBias: Bool,
                                            scratch: UnsafeMutablePointer<T>) {
    if let gb, !accumulateBias { gb.update(repeating: 0, count: n) }
    let lo = layout.derivativeRows.lowerBound, hi = layout.derivativeRows.upperBound
    let s1 = scratch, s2 = scratch + n, s3 = scratch + 2 * n, dz = scratch + 3 * n
    withActivation(activation) { _, derivatives in
        for r in 0..<layout.primalRows {
            let zr = stack + r * n, hr = h + r * n, gr = g + r * n
            fillDerivatives(derivatives, n: n, z: zr, bias: b, h: hr, scratch: scratch)
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
            if let gb { for j in 0..<n { gb[j] += dz[j] } }
        }
    }
}
