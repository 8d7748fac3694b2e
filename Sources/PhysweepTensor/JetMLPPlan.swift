/// How a fused jet MLP (`Node.jetMLP`) runs, fixed when the node is built: the network's layer
/// widths, the blocks of points it runs in, where each block keeps the activations the backward
/// pass needs, and the work space of each of the (one or two) parts the blocks are divided into.
/// See docs/autodiff.md ("The fused jet MLP").
final class JetMLPPlan<T: TensorScalar> {
    /// One block of points: primal rows `primal` of the whole stack with their derivative rows,
    /// run as a small stack of its own (`local`, rows in the whole stack's order of blocks).
    struct Block {
        /// The block's primal rows in the whole stack.
        let primal: Range<Int>
        /// Its primal rows that carry derivative channels (a subrange of `primal`, maybe empty).
        let derivative: Range<Int>
        /// The block's own stack: its primal rows, then each channel's rows of its points.
        let local: JetLayout
        /// Where the block's saved activations start, in saved rows (earlier blocks' rows before).
        let firstSavedRow: Int

        var rows: Int { local.totalRows }
    }

    let seeds: Int
    let weights: [Int]
    let biases: [Int]
    let activation: JetActivation<T>
    /// The whole stack's rows (seeds and output).
    let layout: JetLayout
    /// Layer widths, input first: weights[l] is [widths[l], widths[l + 1]].
    let widths: [Int]
    let blocks: [Block]
    /// The blocks of each part: one part, or two halves run on two threads when allowed.
    let parts: [Range<Int>]
    /// Offset in the value arena of the saved activations: per block, Z then H of every hidden
    /// layer, each [block rows, width].
    let savedOffset: Int
    /// The largest block's rows.
    let maximumRows: Int

    init(seeds: Int, weights: [Int], biases: [Int], activation: JetActivation<T>, layout: JetLayout,
         widths: [Int], blockPoints: Int, savedOffset: Int) {
        precondition(blockPoints > 0, "jetMLP: blockPoints must be positive, got \(blockPoints)")
        self.seeds = seeds
        self.weights = weights
        self.biases = biases
        self.activation = activation
        self.layout = layout
        self.widths = widths
        self.savedOffset = savedOffset
        var blocks: [Block] = []
        var savedRow = 0
        for start in stride(from: 0, to: layout.primalRows, by: blockPoints) {
            let primal = start..<min(start + blockPoints, layout.primalRows)
            let derivative = primal.clamped(to: layout.derivativeRows)
            let localDerivative = derivative.isEmpty ? 0..<0 : (derivative.lowerBound - start)..<(derivative.upperBound - start)
            let local = JetLayout(primalRows: primal.count, derivativeRows: localDerivative, channels: layout.channels)
            blocks.append(Block(primal: primal, derivative: derivative, local: local, firstSavedRow: savedRow))
            savedRow += local.totalRows
        }
        self.blocks = blocks
        let half = blocks.count / 2
        parts = blocks.count >= 2 ? [0..<half, half..<blocks.count] : [0..<blocks.count]
        maximumRows = blocks.map(\.rows).max() ?? 0
        let widest = widths.max()!
        let parameterScalars = (0..<weights.count).reduce(0) { $0 + (widths[$1] + 1) * widths[$1 + 1] }
        let sizes = [maximumRows * widths[0], maximumRows * widths.last!, maximumRows * widest, maximumRows * widest,
                     jetScratchPerPart * widest, parameterScalars]
        var offsets: [Int] = [], offset = 0
        for size in sizes {
            offsets.append(offset)
            offset += (size + 7) / 8 * 8  // 64-byte aligned starts (the scratch base is aligned)
        }
        workspaceOffsets = offsets
        workspaceStride = offset
    }

    /// The operand node ids in slot order: seeds, the weights, the biases.
    var operands: [Int] { [seeds] + weights + biases }

    /// Hidden layers (all but the output layer).
    var hiddenLayers: Range<Int> { 0..<(weights.count - 1) }

    /// Saved scalars per stack row: Z and H of every hidden layer.
    var savedPerRow: Int { hiddenLayers.reduce(0) { $0 + 2 * widths[$1 + 1] } }

    /// Saved scalars in all.
    var savedCount: Int { layout.totalRows * savedPerRow }

    /// Offset of layer `layer`'s saved Z (or, with `activated`, H) within `block`'s saved activations.
    func savedOffset(of block: Block, layer: Int, activated: Bool) -> Int {
        let before = (0..<layer).reduce(0) { $0 + 2 * widths[$1 + 1] }
        return block.firstSavedRow * savedPerRow + block.rows * (before + (activated ? widths[layer + 1] : 0))
    }

    /// Calls `body(wholeRow, localRow, count)` for each run of rows that `block` takes from the whole
    /// stack: its primal rows, then its points' rows of every channel.
    @inline(__always)
    func forEachRun(of block: Block, _ body: (Int, Int, Int) -> Void) {
        body(block.primal.lowerBound, 0, block.primal.count)
        let points = block.derivative.count
        guard points > 0 else { return }
        let offset = block.derivative.lowerBound - layout.derivativeRows.lowerBound
        for c in layout.channels.indices {
            body(layout.firstRow(ofChannel: c) + offset, block.primal.count + c * points, points)
        }
    }

    // MARK: Work space of one part (in the graph's shared scratch)

    /// Offset of weight `layer`'s accumulator (its bias follows it) within an accumulator set.
    func accumulatorOffset(layer: Int) -> Int {
        (0..<layer).reduce(0) { $0 + (widths[$1] + 1) * widths[$1 + 1] }
    }

    /// A part's work space: the gathered seeds, the output rows (forward) or their gradient
    /// (backward), two gradient buffers of the widest layer, the jet kernels' scratch and the
    /// parameter gradient accumulators, each 64-byte aligned.
    struct Workspace {
        let input: UnsafeMutablePointer<T>
        let output: UnsafeMutablePointer<T>
        let gradientA: UnsafeMutablePointer<T>
        let gradientZ: UnsafeMutablePointer<T>
        let jetScratch: UnsafeMutablePointer<T>
        let accumulators: UnsafeMutablePointer<T>
    }

    /// Offsets of a part's buffers (in `Workspace` order) and the scalars one part takes.
    private let workspaceOffsets: [Int]
    private let workspaceStride: Int

    /// Scratch scalars all parts need together.
    var scratchCount: Int { parts.count * workspaceStride }

    /// Part `part`'s work space in `scratch`.
    func workspace(part: Int, scratch: UnsafeMutablePointer<T>) -> Workspace {
        let base = scratch + part * workspaceStride
        return Workspace(input: base + workspaceOffsets[0], output: base + workspaceOffsets[1],
                         gradientA: base + workspaceOffsets[2], gradientZ: base + workspaceOffsets[3],
                         jetScratch: base + workspaceOffsets[4], accumulators: base + workspaceOffsets[5])
    }
}
