/// y = sin x (or cos x) over n elements, y either x itself or not overlapping it: the vectorized
/// kernel where enabled (8 Float or 4 Double at once), else `fastSin`/`fastCos` per element; both
/// give the same bits. Callers write the arguments into the output first and finish in place, so
/// no temporary buffer is needed.
@inline(__always)
func sines<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, cosine: Bool = false) {
    if VectorKernels.sine(x, y, n, cosine: cosine) { return }
    if cosine {
        for i in 0..<n { y[i] = fastCos(x[i]) }
    } else {
        for i in 0..<n { y[i] = fastSin(x[i]) }
    }
}

/// y = tanh x over n elements, y either x itself or not overlapping it: the vectorized kernel where
/// enabled (the Swift loops are compiled for baseline x86-64, i.e. 2 Doubles at a time), else
/// `fastTanh` per element; both give the same bits.
@inline(__always)
func tanhs<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    if VectorKernels.tanh(x, y, n) { return }
    for i in 0..<n { y[i] = fastTanh(x[i]) }
}
