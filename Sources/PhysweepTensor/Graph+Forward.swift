extension Graph {
    /// Computes every node's value from the current inputs and parameters.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward() {
        refreshPointersIfNeeded()
        for id in records.indices { execute(id) }
        executedFLOPs += flopsPerForward
    }

    /// The FLOPs one `forward()` executes (see docs/autodiff.md for the counting rules).
    public var flopsPerForward: Double {
        if let cachedForwardFLOPs { return cachedForwardFLOPs }
        let flops = records.reduce(0) { $0 + forwardFLOPs($1) }
        cachedForwardFLOPs = flops
        return flops
    }

    private func execute(_ id: Int) {
        let record = records[id]
        let out = valuePointers[id]
        switch record.operation {
        case .input, .constant, .parameter:
            return
        case .matmul(let a, let b):
            let (m, k, n) = matmulExtents(a, b)
            matmulForward(m: m, k: k, n: n, valuePointers[a], valuePointers[b], out)
        case .linear(let x, let w, let bias):
            let (m, k, n) = matmulExtents(x, w)
            linearForward(m: m, k: k, n: n, valuePointers[x], valuePointers[w], bias: valuePointers[bias], out)
        case .binary(let op, let a, let b, let layout):
            binaryForward(op, layout, valuePointers[a], valuePointers[b], out)
        case .affine(let x, let scale, let shift):
            affineForward(valuePointers[x], out, record.count, scale: scale, shift: shift)
        case .unary(let function, let x):
            unaryForward(function, valuePointers[x], out, record.count)
        case .sum(let x, let scale):
            sumForward(valuePointers[x], records[x].count, scale: scale, out)
        case .sumAxis(let x, let layout):
            sumAxisForward(layout, valuePointers[x], out)
        case .concat(let parts, let layout):
            var offset = 0
            for (index, part) in parts.enumerated() {
                concatForwardPart(layout, part: index, offset: offset, valuePointers[part], out)
                offset += layout.chunks[index]
            }
        case .slice(let x, let layout):
            sliceForward(layout, valuePointers[x], out)
        case .jetActivation(let z, let bias, let activation, let layout):
            jetActivationForward(activation, layout, columns: record.shape[1], z: valuePointers[z],
                                 bias: valuePointers[bias], out: out, scratch: scratch.base)
        case .jetMLP(let plan):
            valuePointers.withUnsafeBufferPointer { values in
                plan.forward(JetMLPOperands(values: values.baseAddress!, output: out,
                                            saved: self.values.base + plan.savedOffset, scratch: scratch.base))
            }
        }
    }

    /// (m, k, n) of the product of nodes a [m,k] and b [k,n].
    func matmulExtents(_ a: Int, _ b: Int) -> (Int, Int, Int) {
        (records[a].shape[0], records[a].shape[1], records[b].shape[1])
    }
}
