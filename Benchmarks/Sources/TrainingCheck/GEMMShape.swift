import PhysweepTensor

/// One BLAS product the training graphs run: C[m,n] = op(A)·op(B) with op(A) [m,k], op(B) [k,n].
struct GEMMShape {
    let m: Int, k: Int, n: Int
    let transposeA: Bool, transposeB: Bool

    /// The three products of a layer [rows, fanIn]·[fanIn, fanOut]: forward (NN), the input
    /// gradient dC·Bᵀ (NT) and the weight gradient Aᵀ·dC (TN), as the graph's matmul kernels call them.
    static func layer(rows: Int, fanIn: Int, fanOut: Int) -> [GEMMShape] {
        [GEMMShape(m: rows, k: fanIn, n: fanOut, transposeA: false, transposeB: false),
         GEMMShape(m: rows, k: fanOut, n: fanIn, transposeA: false, transposeB: true),
         GEMMShape(m: fanIn, k: rows, n: fanOut, transposeA: true, transposeB: false)]
    }

    var flops: Double { 2 * Double(m * k * n) }

    var label: String {
        "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)x\(k)x\(n)"
    }

    /// Runs the product on fixed inputs, through OpenBLAS or (`graphProduct`) as the graph computes it
    /// (physweep's vectorized kernel where the CPU has AVX2 + FMA): returns the sum of C (a checksum
    /// that must agree across OpenBLAS settings up to rounding) and GFLOP/s over repeats filling
    /// about `seconds`.
    func measure<T: TensorScalar>(_: T.Type, graphProduct: Bool, seconds: Double) -> (checksum: Double, gflops: Double) {
        let a = (0..<(m * k)).map { T(Double.sin(Double($0) * 0.37)) }
        let b = (0..<(k * n)).map { T(Double.cos(Double($0) * 0.11)) }
        var c = [T](repeating: 0, count: m * n)
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        func run() {
            if graphProduct {
                T.graphGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                            b: b, ldb: ldb, beta: 0, c: &c, ldc: n)
            } else {
                T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda,
                       b: b, ldb: ldb, beta: 0, c: &c, ldc: n)
            }
        }
        run()
        let checksum = c.reduce(0.0) { $0 + Double($1) }
        let clock = ContinuousClock()
        var repeats = 0
        let start = clock.now
        var elapsed = Duration.zero
        while elapsed < .seconds(seconds) {
            run()
            repeats += 1
            elapsed = clock.now - start
        }
        let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (checksum, flops * Double(repeats) / secondsTaken / 1e9)
    }
}
