import PhysweepTensor

/// A small tanh MLP with a mean-squared-error loss, built the plain way (no jets).
struct TanhMLP<T: TensorScalar> {
    let graph = Graph<T>()
    let input: Node<T>
    let target: Node<T>
    let output: Node<T>
    let loss: Node<T>

    /// widths: [in, hidden..., out]; weights drawn deterministically from `seed`.
    init(widths: [Int], batch: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        input = graph.input(shape: [batch, widths[0]])
        target = graph.input(shape: [batch, widths.last!])
        var h = input
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            let bound = 1 / Double(fanIn).squareRoot()
            let w = graph.parameter(Tensor(shape: [fanIn, fanOut],
                                           scalars: generator.uniform(fanIn * fanOut, in: -bound...bound).map { T($0) }))
            let b = graph.parameter(Tensor(shape: [fanOut], scalars: generator.uniform(fanOut, in: -0.1...0.1).map { T($0) }))
            h = h.linear(w, b)
            if layer < widths.count - 2 { h = h.tanh() }
        }
        output = h
        loss = (output - target).square().mean()
        let xs = generator.uniform(batch * widths[0], in: -1...1).map { T($0) }
        // A smooth target, sin(2·x₀) on every output, so training has something learnable.
        let ys = (0..<(batch * widths.last!)).map { T.sin(2 * xs[$0 / widths.last! * widths[0]]) }
        graph.set(input, xs)
        graph.set(target, ys)
    }
}

/// A 1→8→8→1 tanh MLP u(x) evaluated together with u' and u'' by forward-mode jets: the primal,
/// first- and second-derivative channels are stacked along the batch axis so each layer does ONE
/// GEMM; the bias only enters the primal rows; σ' = 1 − t², σ'' = −2t(1 − t²) are built from ops.
struct TanhJetMLP {
    let graph = Graph<Double>()
    let x: Node<Double>
    let u: Node<Double>
    let du: Node<Double>
    let d2u: Node<Double>
    /// Oscillator residual loss: mean((u'' + ω²u)²) + mean((u − sin x)²) on the same points.
    let loss: Node<Double>

    init(batch: Int, seed: UInt64, omega: Double = 2) {
        var generator = SeededGenerator(seed: seed)
        x = graph.input(shape: [batch, 1])
        var a = x
        var da = graph.constant(Tensor(repeating: 1, shape: [batch, 1]))
        var d2a = graph.constant(Tensor(zeros: [batch, 1]))
        let widths = [1, 8, 8, 1]
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            let w = graph.parameter(Tensor(shape: [fanIn, fanOut], scalars: generator.uniform(fanIn * fanOut, in: -1...1)))
            let b = graph.parameter(Tensor(shape: [1, fanOut], scalars: generator.uniform(fanOut, in: -0.5...0.5)))
            let stacked = graph.concat([a, da, d2a], axis: 0).matmul(w)
            let z = stacked.slice(axis: 0, range: 0..<batch) + b
            let dz = stacked.slice(axis: 0, range: batch..<(2 * batch))
            let d2z = stacked.slice(axis: 0, range: (2 * batch)..<(3 * batch))
            if layer == widths.count - 2 {
                (a, da, d2a) = (z, dz, d2z)
            } else {
                let t = z.tanh()
                let s1 = 1.0 - t.square()
                let s2 = -2.0 * t * s1
                (a, da, d2a) = (t, s1 * dz, s2 * dz.square() + s1 * d2z)
            }
        }
        (u, du, d2u) = (a, da, d2a)
        loss = (d2u + omega * omega * u).square().mean() + (u - x.sin()).square().mean()
    }
}
