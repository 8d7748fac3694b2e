import RealModule

/// The constants of the tanh-approximated GELU.
private enum GELU {
    static let c: Double = (2 / Double.pi).squareRoot()
    static let a: Double = 0.044715
}

/// y = f(x) elementwise.
@_specialize(where T == Float)
@_specialize(where T == Double)
func unaryForward<T: TensorScalar>(_ function: UnaryFunction<T>, _ x: UnsafePointer<T>,
                                   _ y: UnsafeMutablePointer<T>, _ n: Int) {
    switch function {
    case .square: for i in 0..<n { y[i] = x[i] * x[i] }
    case .exp: for i in 0..<n { y[i] = fastExp(x[i]) }
    case .log: for i in 0..<n { y[i] = T.log(x[i]) }
    case .sin: sines(x, y, n)
    case .cos: sines(x, y, n, cosine: true)
    case .tanh: tanhs(x, y, n)
    case .relu: for i in 0..<n { y[i] = x[i] > 0 ? x[i] : 0 }
    case .heaviside: for i in 0..<n { y[i] = x[i] > 0 ? 1 : 0 }
    case .gelu:
        let c = T(GELU.c), a = T(GELU.a)
        for i in 0..<n {
            let v = x[i]
            y[i] = v / 2 * (1 + fastTanh(c * (v + a * v * v * v)))
        }
    case .geluExact:
        let r = 1 / T.sqrt(2)
        for i in 0..<n { y[i] = x[i] / 2 * (1 + fastErf(x[i] * r)) }
    case .snake(let alpha):
        // A multiply, not a divide per element (the divide dominated this loop; exact for α = 1).
        let inverse = 1 / alpha
        if VectorKernels.snakeForward(x, y, n, alpha: alpha, inverse: inverse) { return }
        for i in 0..<n { y[i] = alpha * x[i] }
        sines(y, y, n)
        for i in 0..<n { y[i] = x[i] + y[i] * y[i] * inverse }
    }
}

/// gx (+)= g·f'(x) elementwise, given x and y = f(x).
@_specialize(where T == Float)
@_specialize(where T == Double)
func unaryBackward<T: TensorScalar>(_ function: UnaryFunction<T>, x: UnsafePointer<T>, y: UnsafePointer<T>,
                                    g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, _ n: Int,
                                    accumulate: Bool) {
    switch function {
    case .square: store(gx, n, accumulate: accumulate) { 2 * x[$0] * g[$0] }
    case .exp: store(gx, n, accumulate: accumulate) { y[$0] * g[$0] }
    case .log: store(gx, n, accumulate: accumulate) { g[$0] / x[$0] }
    case .sin: store(gx, n, accumulate: accumulate) { fastCos(x[$0]) * g[$0] }
    case .cos: store(gx, n, accumulate: accumulate) { -fastSin(x[$0]) * g[$0] }
    case .tanh: store(gx, n, accumulate: accumulate) { (1 - y[$0] * y[$0]) * g[$0] }
    case .relu: store(gx, n, accumulate: accumulate) { x[$0] > 0 ? g[$0] : 0 }
    case .heaviside: store(gx, n, accumulate: accumulate) { _ in 0 }
    case .gelu:
        let c = T(GELU.c), a = T(GELU.a)
        store(gx, n, accumulate: accumulate) {
            let v = x[$0]
            let t = fastTanh(c * (v + a * v * v * v))
            return (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * a * v * v)) * g[$0]
        }
    case .geluExact:
        // Φ(x) + x·φ(x).
        let r = 1 / T.sqrt(2), density = 1 / T.sqrt(2 * T.pi)
        store(gx, n, accumulate: accumulate) {
            let v = x[$0]
            let cdf: T = (1 + fastErf(v * r)) / 2, pdf: T = density * fastExp(-v * v / 2)
            return (cdf + v * pdf) * g[$0]
        }
    case .snake(let alpha):
        if VectorKernels.snakeBackward(x: x, g: g, gx: gx, n, alpha: alpha, accumulate: accumulate) { return }
        if accumulate {
            for i in 0..<n { gx[i] += (1 + fastSin(2 * alpha * x[i])) * g[i] }
        } else {
            // sin(2αx) computed in gx itself, then scaled in place.
            for i in 0..<n { gx[i] = 2 * alpha * x[i] }
            sines(gx, gx, n)
            for i in 0..<n { gx[i] = (1 + gx[i]) * g[i] }
        }
    }
}

/// y = scale·x + shift.
@_specialize(where T == Float)
@_specialize(where T == Double)
func affineForward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
                                    scale: T, shift: T) {
    for i in 0..<n { y[i] = scale * x[i] + shift }
}

/// gx (+)= scale·g.
@_specialize(where T == Float)
@_specialize(where T == Double)
func affineBackward<T: TensorScalar>(g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, _ n: Int,
                                     scale: T, accumulate: Bool) {
    store(gx, n, accumulate: accumulate) { scale * g[$0] }
}
