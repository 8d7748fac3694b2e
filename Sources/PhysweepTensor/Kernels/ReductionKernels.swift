/// out[0] = scale·Σx.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sumForward<T: TensorScalar>(_ x: UnsafePointer<T>, _ n: Int, scale: T, _ out: UnsafeMutablePointer<T>) {
    var s: T = 0
    for i in 0..<n { s += x[i] }
    out[0] = scale * s
}

/// gx (+)= scale·g[0] everywhere.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sumBackward<T: TensorScalar>(g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, _ n: Int, scale: T,
                                  accumulate: Bool) {
    let v = scale * g[0]
    store(gx, n, accumulate: accumulate) { _ in v }
}

/// out[o, i] = Σ_e x[o, e, i].
@_specialize(where T == Float)
@_specialize(where T == Double)
func sumAxisForward<T: TensorScalar>(_ layout: AxisLayout, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
    let inner = layout.inner, extent = layout.extent
    for o in 0..<layout.outer {
        let row = out + o * inner
        row.update(repeating: 0, count: inner)
        for e in 0..<extent {
            let xr = x + (o * extent + e) * inner
            for i in 0..<inner { row[i] += xr[i] }
        }
    }
}

/// gx[o, e, i] (+)= g[o, i].
@_specialize(where T == Float)
@_specialize(where T == Double)
func sumAxisBackward<T: TensorScalar>(_ layout: AxisLayout, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>,
                                      accumulate: Bool) {
    let inner = layout.inner, extent = layout.extent
    for o in 0..<layout.outer {
        let gr = g + o * inner
        for e in 0..<extent {
            store(gx + (o * extent + e) * inner, inner, accumulate: accumulate) { gr[$0] }
        }
    }
}
