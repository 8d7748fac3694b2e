/// Generic entry points to the vectorizable elementary functions of FastMath.swift. In code
/// specialized for Float or Double the type test folds away, leaving the inlined fast version.
@inline(__always)
func fastExp<T: TensorScalar>(_ x: T) -> T {
    if T.self == Double.self { return unsafeBitCast(Double.fastExp(unsafeBitCast(x, to: Double.self)), to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float.fastExp(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.exp(x)
}

/// Float: the vectorizable approximation; Double keeps libm's erf, which the approximation's
/// 10⁻⁷ would not match.
@inline(__always)
func fastErf<T: TensorScalar>(_ x: T) -> T {
    if T.self == Float.self { return unsafeBitCast(Float.fastErf(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.erf(x)
}

@inline(__always)
func fastTanh<T: TensorScalar>(_ x: T) -> T {
    if T.self == Double.self { return unsafeBitCast(Double.fastTanh(unsafeBitCast(x, to: Double.self)), to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float.fastTanh(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.tanh(x)
}

@inline(__always)
func fastSin<T: TensorScalar>(_ x: T) -> T {
    if T.self == Double.self { return unsafeBitCast(Double.fastSin(unsafeBitCast(x, to: Double.self)), to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float.fastSin(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.sin(x)
}

@inline(__always)
func fastCos<T: TensorScalar>(_ x: T) -> T {
    if T.self == Double.self { return unsafeBitCast(Double.fastCos(unsafeBitCast(x, to: Double.self)), to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float.fastCos(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.cos(x)
}

@inline(__always)
func fastSquareRoot<T: TensorScalar>(_ x: T) -> T {
    if T.self == Double.self { return unsafeBitCast(Double.fastSquareRoot(unsafeBitCast(x, to: Double.self)), to: T.self) }
    if T.self == Float.self { return unsafeBitCast(Float.fastSquareRoot(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return x.squareRoot()
}
