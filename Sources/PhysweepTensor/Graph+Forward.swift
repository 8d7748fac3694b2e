extension Graph {
    /// Computes every node's value from the current inputs and parameters.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward() {
        refreshPointersIfNeeded()
        // Node table and pointers read through buffers taken once per pass: read as properties, each
        // access was a dynamic exclusivity check and each node's record was copied (≈ 8 % of an
        // osc-mlp step, whose nodes are small).
        records.withUnsafeBufferPointer { nodes in
            valuePointers.withUnsafeBufferPointer { pointers in
                for id in nodes.indices { execute(id, nodes, pointers) }
            }
        }
        executedFLOPs += flopsPerForward
    }

    /// The FLOPs one `forward()` executes (see docs/autodiff.md for the counting rules).
    public var flopsPerForward: Double {
        if let cachedForwardFLOPs { return cachedForwardFLOPs }
        let flops = records.reduce(0) { $0 + forwardFLOPs($1) }
        cachedForwardFLOPs = flops
        return flops
    }

    private func execute(_ id: Int, _ nodes: UnsafeBufferPointer<Record>,
                         _ pointers: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        let out = pointers[id]
        // Matched in place through the pointer: a subscript read would copy the whole record first.
        switch (nodes.baseAddress! + id).pointee.operation {
        case .input, .constant, .parameter:
            return
        case .matmul(let a, let b):
            let (m, k, n) = Self.matmulExtents(a, b, nodes)
            matmulForward(m: m, k: k, n: n, pointers[a], pointers[b], out)
        case .linear(let x, let w, let bias):
            let (m, k, n) = Self.matmulExtents(x, w, nodes)
            linearForward(m: m, k: k, n: n, pointers[x], pointers[w], bias: pointers[bias], out)
        case .binary(let op, let a, let b, let layout):
            binaryForward(op, layout, pointers[a], pointers[b], out)
        case .affine(let x, let scale, let shift):
            affineForward(pointers[x], out, nodes[id].count, scale: scale, shift: shift)
        case .unary(let function, let x):
            unaryForward(function, pointers[x], out, nodes[id].count)
        case .sum(let x, let scale):
            sumForward(pointers[x], nodes[x].count, scale: scale, out)
        case .sumAxis(let x, let layout):
            sumAxisForward(layout, pointers[x], out)
        case .concat(let parts, let layout):
            var offset = 0
            for (index, part) in parts.enumerated() {
                concatForwardPart(layout, part: index, offset: offset, pointers[part], out)
                offset += layout.chunks[index]
            }
        case .slice(let x, let layout):
            sliceForward(layout, pointers[x], out)
        case .jetActivation(let z, let bias, let activation, let layout):
            jetActivationForward(activation, layout, columns: nodes[id].shape[1], z: pointers[z],
                                 bias: pointers[bias], out: out, scratch: scratch.base)
        case .jetMLP(let plan):
            plan.forward(JetMLPOperands(values: pointers.baseAddress!, output: out,
                                        saved: values.base + plan.savedOffset, scratch: scratch.base))
        case .convolution(let x, let w, let bias, let layout):
            convolutionForward(layout, x: pointers[x], weight: pointers[w], bias: pointers[bias], out: out,
                               scratch: scratch.base)
        case .averagePool(let x, let shape, let factor):
            averagePoolForward(shape, factor: factor, pointers[x], out)
        case .upsample(let x, let shape):
            upsampleForward(shape, pointers[x], out, scratch: scratch.base)
        case .groupNorm(let x, let scale, let shift, let layout):
            groupNormForward(layout, x: pointers[x], scale: pointers[scale], shift: pointers[shift], out: out,
                             saved: values.base + layout.savedOffset)
        case .spectralConvolution(let x, let w, let plan):
            plan.forward(x: pointers[x], weight: pointers[w], out: out, saved: values.base + plan.savedOffset,
                         scratch: scratch.base)
        }
    }

    /// (m, k, n) of the product of nodes a [m,k] and b [k,n].
    func matmulExtents(_ a: Int, _ b: Int) -> (Int, Int, Int) {
        (records[a].shape[0], records[a].shape[1], records[b].shape[1])
    }

    /// `matmulExtents` on a node table already borrowed.
    static func matmulExtents(_ a: Int, _ b: Int, _ nodes: UnsafeBufferPointer<Record>) -> (Int, Int, Int) {
        (nodes[a].shape[0], nodes[a].shape[1], nodes[b].shape[1])
    }
}
