/// The reverse sweep for one loss node, planned once: which nodes to visit, which operand
/// gradients to compute, and for each whether it is the first contribution (overwrite) or a later
/// one (add).
struct BackwardPlan {
    /// What the reverse sweep does for one operand slot of a node.
    struct OperandFlags: OptionSet {
        let rawValue: UInt8
        /// The operand needs a gradient.
        static let needsGradient = OperandFlags(rawValue: 1)
        /// The operand already received a contribution, so add to it.
        static let accumulate = OperandFlags(rawValue: 2)
    }

    struct Step {
        let id: Int
        /// Where the node's per-slot flags start in `flags` (one entry per operand, any count).
        let firstFlag: Int
    }

    let steps: [Step]
    /// Every step's operand flags, one per operand slot, steps one after another.
    let flags: [OperandFlags]
    /// Parameters the loss does not depend on; their gradients are zeroed.
    let unreachedParameters: [Int]
    let flops: Double
}

extension Graph {
    /// Fills every parameter's gradient of the one-element node `loss` (overwriting old gradients).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(from loss: Node<T>) {
        precondition(loss.graph === self, "backward: loss belongs to a different graph")
        precondition(records[loss.id].count == 1,
                     "backward: loss node \(loss.id) has shape \(records[loss.id].shape), not one element")
        refreshPointersIfNeeded()
        let plan = backwardPlan(for: loss.id)
        for id in plan.unreachedParameters {
            gradientPointers[id].update(repeating: 0, count: records[id].count)
        }
        if records[loss.id].requiresGradient { gradientPointers[loss.id][0] = 1 }
        // Buffers taken once per pass, as in `forward()`.
        records.withUnsafeBufferPointer { nodes in
            valuePointers.withUnsafeBufferPointer { values in
                gradientPointers.withUnsafeBufferPointer { gradients in
                    plan.flags.withUnsafeBufferPointer { flags in
                        for step in plan.steps {
                            executeBackward(step.id, flags: flags.baseAddress! + step.firstFlag, nodes, values, gradients)
                        }
                    }
                }
            }
        }
        executedFLOPs += plan.flops
        lastBackwardLoss = loss.id
    }

    /// The FLOPs one `backward(from:)` of the most recent backward loss executes (0 before any
    /// backward pass); `flopsPerBackward(from:)` names the loss explicitly.
    public var flopsPerBackward: Double {
        guard let loss = lastBackwardLoss else { return 0 }
        return backwardPlan(for: loss).flops
    }

    /// The FLOPs one `backward(from: loss)` executes.
    public func flopsPerBackward(from loss: Node<T>) -> Double {
        backwardPlan(for: loss.id).flops
    }

    func backwardPlan(for loss: Int) -> BackwardPlan {
        if let plan = backwardPlans[loss] { return plan }
        var reached = [Bool](repeating: false, count: records.count)
        var written = [Bool](repeating: false, count: records.count)
        reached[loss] = records[loss].requiresGradient
        written[loss] = true
        var steps: [BackwardPlan.Step] = []
        var flags: [BackwardPlan.OperandFlags] = []
        var flops = 0.0
        for id in stride(from: loss, through: 0, by: -1) where reached[id] {
            let operands = records[id].operation.operands
            guard operands.contains(where: { records[$0].requiresGradient }) else { continue }
            steps.append(.init(id: id, firstFlag: flags.count))
            for (slot, operand) in operands.enumerated() {
                guard records[operand].requiresGradient else {
                    flags.append([])
                    continue
                }
                flags.append(written[operand] ? [.needsGradient, .accumulate] : .needsGradient)
                written[operand] = true
                reached[operand] = true
                flops += backwardFLOPs(records[id], slot: slot)
            }
        }
        let unreached = records.indices.filter { records[$0].isParameter && !written[$0] }
        let plan = BackwardPlan(steps: steps, flags: flags, unreachedParameters: unreached, flops: flops)
        backwardPlans[loss] = plan
        return plan
    }

    /// Node `id`'s operand gradients; `flags[slot]` says which to compute and whether to add.
    private func executeBackward(_ id: Int, flags: UnsafePointer<BackwardPlan.OperandFlags>,
                                 _ nodes: UnsafeBufferPointer<Record>,
                                 _ values: UnsafeBufferPointer<UnsafeMutablePointer<T>>,
                                 _ gradients: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        let g = UnsafePointer(gradients[id])
        let out = UnsafePointer(values[id])
        func needs(_ slot: Int) -> Bool { flags[slot].contains(.needsGradient) }
        func accumulate(_ slot: Int) -> Bool { flags[slot].contains(.accumulate) }
        switch (nodes.baseAddress! + id).pointee.operation {  // in place, as in `execute`
        case .input, .constant, .parameter:
            return
        case .matmul(let a, let b):
            let (m, k, n) = Self.matmulExtents(a, b, nodes)
            if needs(0) { matmulBackwardLeft(m: m, k: k, n: n, g: g, values[b], ga: gradients[a], accumulate: accumulate(0)) }
            if needs(1) { matmulBackwardRight(m: m, k: k, n: n, g: g, values[a], gb: gradients[b], accumulate: accumulate(1)) }
        case .linear(let x, let w, let bias):
            let (m, k, n) = Self.matmulExtents(x, w, nodes)
            if needs(0) { matmulBackwardLeft(m: m, k: k, n: n, g: g, values[w], ga: gradients[x], accumulate: accumulate(0)) }
            if needs(1) { matmulBackwardRight(m: m, k: k, n: n, g: g, values[x], gb: gradients[w], accumulate: accumulate(1)) }
            if needs(2) { columnSums(m: m, n: n, g: g, gb: gradients[bias], accumulate: accumulate(2)) }
        case .binary(let op, let a, let b, let layout):
            for slot in 0..<2 where needs(slot) {
                binaryBackward(op, layout, slot: slot, a: values[a], b: values[b], out: out, g: g,
                               gx: gradients[slot == 0 ? a : b], accumulate: accumulate(slot))
            }
        case .affine(let x, let scale, _):
            affineBackward(g: g, gx: gradients[x], nodes[id].count, scale: scale, accumulate: accumulate(0))
        case .unary(let function, let x):
            unaryBackward(function, x: values[x], y: out, g: g, gx: gradients[x], nodes[id].count,
                          accumulate: accumulate(0))
        case .sum(let x, let scale):
            sumBackward(g: g, gx: gradients[x], nodes[x].count, scale: scale, accumulate: accumulate(0))
        case .sumAxis(let x, let layout):
            sumAxisBackward(layout, g: g, gx: gradients[x], accumulate: accumulate(0))
        case .concat(let parts, let layout):
            var offset = 0
            for (index, part) in parts.enumerated() {
                if needs(index) {
                    concatBackwardPart(layout, part: index, offset: offset, g: g, gx: gradients[part],
                                       accumulate: accumulate(index))
                }
                offset += layout.chunks[index]
            }
        case .slice(let x, let layout):
            sliceBackward(layout, g: g, gx: gradients[x], accumulate: accumulate(0))
        case .jetActivation(let z, let bias, let activation, let layout):
            jetActivationBackward(activation, layout, columns: nodes[id].shape[1], z: values[z],
                                  bias: values[bias], h: out, g: g, gz: needs(0) ? gradients[z] : nil,
                                  accumulateZ: accumulate(0), gb: needs(1) ? gradients[bias] : nil,
                                  accumulateBias: accumulate(1), scratch: scratch.base)
        case .jetMLP(let plan):
            plan.backward(JetMLPOperands(values: values.baseAddress!, output: values[id],
                                         saved: self.values.base + plan.savedOffset, scratch: scratch.base),
                          g: g, gradients: gradients.baseAddress!, accumulate: accumulate)
        case .convolution(let x, let w, let bias, let layout):
            convolutionBackward(layout, x: values[x], weight: values[w], g: g,
                                gx: needs(0) ? gradients[x] : nil, accumulateX: accumulate(0),
                                gw: needs(1) ? gradients[w] : nil, accumulateWeight: accumulate(1),
                                gb: needs(2) ? gradients[bias] : nil, accumulateBias: accumulate(2), scratch: scratch.base)
        case .averagePool(let x, let shape, let factor):
            averagePoolBackward(shape, factor: factor, g: g, gx: gradients[x], accumulate: accumulate(0))
        case .upsample(let x, let shape):
            upsampleBackward(shape, g: g, gx: gradients[x], accumulate: accumulate(0), scratch: scratch.base)
        case .groupNorm(let x, let scale, let shift, let layout):
            groupNormBackward(layout, x: values[x], scale: values[scale], g: g, saved: self.values.base + layout.savedOffset,
                              gx: needs(0) ? gradients[x] : nil, accumulateX: accumulate(0),
                              gScale: needs(1) ? gradients[scale] : nil, accumulateScale: accumulate(1),
                              gShift: needs(2) ? gradients[shift] : nil, accumulateShift: accumulate(2))
        case .spectralConvolution(let x, let w, let plan):
            plan.backward(weight: values[w], g: g, saved: self.values.base + plan.savedOffset,
                          gx: needs(0) ? gradients[x] : nil, accumulateX: accumulate(0),
                          gw: needs(1) ? gradients[w] : nil, accumulateWeight: accumulate(1), scratch: scratch.base)
        }
    }
}
