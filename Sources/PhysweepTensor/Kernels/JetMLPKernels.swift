/// The fused jet MLP's passes (see `JetMLPPlan` and docs/autodiff.md, "The fused jet MLP"): each
/// runs the whole network block of points by block, so a block's activations are produced and used
/// while they are in cache instead of streaming a whole stack through memory per op. The blocks
/// are divided into one or two parts (two halves run on two threads when allowed); the division
/// depends on the sizes only, so one thread gives the same bits as two.

/// Pointers to a jet MLP's operands and results, resolved per pass.
struct JetMLPOperands<T: TensorScalar> {
    /// Every node's value, by node id (the graph's `valuePointers`).
    let values: UnsafePointer<UnsafeMutablePointer<T>>
    /// The output stack [layout.totalRows, outputs].
    let output: UnsafeMutablePointer<T>
    /// Every block's Z and H of every hidden layer (written forward, read backward).
    let saved: UnsafeMutablePointer<T>
    let scratch: UnsafeMutablePointer<T>
}

extension JetMLPPlan {
    @inline(__always)
    private func seedStack(_ operands: JetMLPOperands<T>) -> UnsafeMutablePointer<T> { operands.values[seeds] }

    @inline(__always)
    private func weight(_ layer: Int, _ operands: JetMLPOperands<T>) -> UnsafeMutablePointer<T> {
        operands.values[weights[layer]]
    }

    @inline(__always)
    private func bias(_ layer: Int, _ operands: JetMLPOperands<T>) -> UnsafeMutablePointer<T> {
        operands.values[biases[layer]]
    }

    /// Runs `body(part)` for every part: both on two threads when there are two parts.
    @inline(__always)
    private func forEachPart(_ body: (Int) -> Void) {
        if parts.count == 2 { VectorKernels.inTwoParts(body) } else { body(0) }
    }

    /// Copies `block`'s rows of the whole stack `whole` [totalRows, columns] into `local`
    /// [block rows, columns] (`gather`), or back (`!gather`).
    @inline(__always)
    private func move(_ block: Block, columns: Int, whole: UnsafeMutablePointer<T>, local: UnsafeMutablePointer<T>,
                      gather: Bool) {
        forEachRun(of: block) { wholeRow, localRow, count in
            let w = whole + wholeRow * columns, l = local + localRow * columns
            if gather { l.update(from: w, count: count * columns) } else { w.update(from: l, count: count * columns) }
        }
    }

    /// The output stack from the seeds: per block, every hidden layer's Z = A·W and H = σ-jet(Z + b)
    /// (both saved for the backward pass), then the output layer A·W + b (b on the primal rows).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(_ operands: JetMLPOperands<T>) {
        forEachPart { part in
            let work = workspace(part: part, scratch: operands.scratch)
            for block in blocks[parts[part]] {
                forwardBlock(block, operands, work)
            }
        }
    }

    @inline(__always)
    private func forwardBlock(_ block: Block, _ operands: JetMLPOperands<T>, _ work: Workspace) {
        let rows = block.rows
        move(block, columns: widths[0], whole: seedStack(operands), local: work.input,
             gather: true)
        var a = UnsafePointer(work.input)
        for layer in hiddenLayers {
            let (k, n) = (widths[layer], widths[layer + 1])
            let z = operands.saved + savedOffset(of: block, layer: layer, activated: false)
            let h = operands.saved + savedOffset(of: block, layer: layer, activated: true)
            gemm(transposeA: false, transposeB: false, m: rows, n: n, k: k, a: a, lda: k,
                 b: weight(layer, operands), ldb: n, beta: 0, c: z, ldc: n)
            jetForwardRows(activation, block.local, 0..<block.local.primalRows, columns: n, z: z,
                           bias: bias(layer, operands), out: h, scratch: work.jetScratch)
            a = UnsafePointer(h)
        }
        let last = weights.count - 1
        let (k, n) = (widths[last], widths[last + 1])
        let y = work.output, outputBias = bias(last, operands)
        gemm(transposeA: false, transposeB: false, m: rows, n: n, k: k, a: a, lda: k,
             b: weight(last, operands), ldb: n, beta: 0, c: y, ldc: n)
        for r in 0..<block.local.primalRows {
            for j in 0..<n { y[r * n + j] += outputBias[j] }
        }
        move(block, columns: n, whole: operands.output, local: y, gather: false)
    }

    /// Every weight's and bias's gradient from the output stack's gradient `g`: per block, back
    /// through the output layer and each hidden layer's σ-jet and product (dZ, then dW += Aᵀ·dZ,
    /// db += Σ dZ over the primal rows, dA = dZ·Wᵀ), into the part's accumulators (the blocks in
    /// order); then gradient (+)= part 0 + part 1. `accumulate[s]`: operand slot s (1 + layer for
    /// weights, 1 + layers + layer for biases) adds to its gradient instead of overwriting it.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(_ operands: JetMLPOperands<T>, g: UnsafePointer<T>,
                  gradients: UnsafePointer<UnsafeMutablePointer<T>>, accumulate: (Int) -> Bool) {
        forEachPart { part in
            let work = workspace(part: part, scratch: operands.scratch)
            for (index, block) in blocks[parts[part]].enumerated() {
                backwardBlock(block, operands, g: g, work, first: index == 0)
            }
        }
        for layer in weights.indices {
            let count = widths[layer] * widths[layer + 1], n = widths[layer + 1]
            let offset = accumulatorOffset(layer: layer)
            collect(offset, count, into: gradients[weights[layer]], scratch: operands.scratch, adding: accumulate(1 + layer))
            collect(offset + count, n, into: gradients[biases[layer]], scratch: operands.scratch,
                    adding: accumulate(1 + weights.count + layer))
        }
    }

    /// gradient (+)= the parts' accumulators at `offset`, part 0 first.
    @inline(__always)
    private func collect(_ offset: Int, _ count: Int, into gradient: UnsafeMutablePointer<T>,
                         scratch: UnsafeMutablePointer<T>, adding: Bool) {
        for part in parts.indices {
            let source = workspace(part: part, scratch: scratch).accumulators + offset
            if part == 0 && !adding {
                gradient.update(from: source, count: count)
            } else {
                for i in 0..<count { gradient[i] += source[i] }
            }
        }
    }

    @inline(__always)
    private func backwardBlock(_ block: Block, _ operands: JetMLPOperands<T>, g: UnsafePointer<T>,
                               _ work: Workspace, first: Bool) {
        let rows = block.rows, beta: T = first ? 0 : 1
        move(block, columns: widths[0], whole: seedStack(operands), local: work.input,
             gather: true)
        func input(of layer: Int) -> UnsafePointer<T> {
            layer == 0 ? UnsafePointer(work.input)
                : UnsafePointer(operands.saved + savedOffset(of: block, layer: layer - 1, activated: true))
        }
        // Output layer: dW = Aᵀ·dY, db = Σ dY over the primal rows, dA = dY·Wᵀ.
        let last = weights.count - 1
        let (k, n) = (widths[last], widths[last + 1])
        let dy = work.output
        move(block, columns: n, whole: UnsafeMutablePointer(mutating: g), local: dy, gather: true)
        let outputGradient = work.accumulators + accumulatorOffset(layer: last)
        gemm(transposeA: true, transposeB: false, m: k, n: n, k: rows, a: input(of: last), lda: k, b: dy, ldb: n,
             beta: beta, c: outputGradient, ldc: n)
        let outputBias = outputGradient + k * n
        if first { outputBias.update(repeating: 0, count: n) }
        for r in 0..<block.local.primalRows {
            for j in 0..<n { outputBias[j] += dy[r * n + j] }
        }
        gemm(transposeA: false, transposeB: true, m: rows, n: k, k: n, a: dy, lda: n, b: weight(last, operands),
             ldb: n, beta: 0, c: work.gradientA, ldc: k)
        // Hidden layers, top down: dZ from dH through the σ-jet, then dW, db and (below the first) dA.
        for layer in hiddenLayers.reversed() {
            let (k, n) = (widths[layer], widths[layer + 1])
            let z = operands.saved + savedOffset(of: block, layer: layer, activated: false)
            let h = operands.saved + savedOffset(of: block, layer: layer, activated: true)
            jetBackwardRows(activation, block.local, 0..<block.local.primalRows, columns: n, z: z,
                            bias: bias(layer, operands), h: h, g: work.gradientA, gz: work.gradientZ,
                            accumulateZ: false, computeBias: true, scratch: work.jetScratch)
            let weightGradient = work.accumulators + accumulatorOffset(layer: layer)
            gemm(transposeA: true, transposeB: false, m: k, n: n, k: rows, a: input(of: layer), lda: k,
                 b: work.gradientZ, ldb: n, beta: beta, c: weightGradient, ldc: n)
            let biasGradient = weightGradient + k * n, blockBias = work.jetScratch + 4 * n
            if first {
                biasGradient.update(from: blockBias, count: n)
            } else {
                for j in 0..<n { biasGradient[j] += blockBias[j] }
            }
            if layer > 0 {
                gemm(transposeA: false, transposeB: true, m: rows, n: k, k: n, a: work.gradientZ, lda: n,
                     b: weight(layer, operands), ldb: n, beta: 0, c: work.gradientA, ldc: k)
            }
        }
    }
}
