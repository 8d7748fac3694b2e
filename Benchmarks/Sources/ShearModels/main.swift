// ms per train step and per inference batch of physweep's shear-flow models (unet, fno, fm) at the sizes
// and protocol of ../shared/anchors/train_torch_shear.py and train_jax_shear.py (README "Shear flow"):
// 128 x 64, batch 8, 4 context frames (16 channels) -> the next frame (4), float32, AdamW lr 1e-3,
// weight decay 1e-4 on every tensor. U-Net 4 levels, base 16 (453,108 parameters; fm: 21 input channels,
// 453,828), FNO width 32, 12 x 12 modes, 4 blocks, projection 128 (2,368,804), fm's sampler 9 Euler steps.
// Data: one fixed batch of N(0,1) numbers, the same every step (timing only). A train step is what
// `physweep train` does per step: load the batch (fm: draw t and eps, build x_t and u_t), forward,
// backward, AdamW. Inference is `NextFramePredictor.predict` on one batch of 8 (fm: the whole sampler).
// Per model: warm-up (3 steps, 1 batch), then `reps` timed blocks of steps (unet 10, fm 10, fno 20) and
// of batches (unet 10, fno 20, fm 2); median, min and max of the blocks. OpenBLAS runs 2 threads, as
// the anchors' torch and XLA pools (4th argument). Results: docs/benchmarks.md, "Shear-flow models".
// Usage: ShearModels [unet|fno|fm|all] [reps] [scale] [threads]   (scale < 1 shortens every block, for a smoke
// run or callgrind; threads: OpenBLAS threads, default 2; 1 under callgrind, where spinning threads count)
import Foundation
import PhysweepModels
import PhysweepSystems
import PhysweepTensor

let arguments = CommandLine.arguments
let which = arguments.count > 1 ? arguments[1] : "all"
let reps = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 3) : 3
let scale = arguments.count > 3 ? Double(arguments[3]) ?? 1 : 1
let threads = arguments.count > 4 ? max(1, Int(arguments[4]) ?? 2) : 2
let (batch, height, width, context, fields) = (8, 128, 64, 16, 4)
BLASThreads.set(threads)

/// The anchors' sizes, in physweep's architectures.
let cases: [(name: String, architecture: NextFrameArchitecture, steps: Int, batches: Int, anchorGFLOP: Double)] = [
    ("unet", .unet(levels: 4, baseWidth: 16, groups: 8), 10, 10, 4.89),
    ("fno", .fno(width: 32, modeRows: 12, modeColumns: 12, blocks: 4, projectionWidth: 128), 20, 20, 1.83),
    ("fm", .flowMatching(levels: 4, baseWidth: 16, groups: 8, path: FlowMatchingPath(), samplerSteps: 9), 10, 2, 4.98),
]

/// Milliseconds of `body` per call, over `reps` blocks of `count` calls: (median, min, max).
func time(count: Int, _ body: () -> Void) -> (Double, Double, Double) {
    var blocks = [Double]()
    for _ in 0..<reps {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count { body() }
        blocks.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(count))
    }
    blocks.sort()
    return (blocks[blocks.count / 2], blocks.first!, blocks.last!)
}

var noise = SeededGenerator(seed: 0, stream: 0)
let contextBatch = (0..<(batch * context * height * width)).map { _ in Float(noise.nextNormal()) }
let nextBatch = (0..<(batch * fields * height * width)).map { _ in Float(noise.nextNormal()) }

for item in cases where which == "all" || which == item.name {
    let model = NextFrameModel(architecture: item.architecture, fields: fields, contextFrames: context / fields, seed: 1)
    let objective = NextFrameObjective<Float>(model: model, batch: batch, height: height, width: width)
    var adamW: Adam<Float> = AdamW(learningRate: 1e-3, weightDecay: 1e-4)
    var generator = SeededGenerator(seed: 2, stream: ModelStream.minibatches)
    func trainStep() {
        contextBatch.withUnsafeBufferPointer { c in
            nextBatch.withUnsafeBufferPointer { objective.load(context: c, next: $0, generator: &generator) }
        }
        _ = objective.evaluate()
        objective.graph.backward(from: objective.loss)
        adamW.step(objective.graph, learningRate: 1e-3)
    }
    for _ in 0..<3 { trainStep() }
    objective.graph.resetFLOPCounter()
    let steps = max(1, Int((Double(item.steps) * scale).rounded()))
    let train = time(count: steps, trainStep)
    let trainFLOPs = objective.graph.executedFLOPs / Double(steps * reps)

    let predictor = NextFramePredictor<Float>(model: model, batch: batch, height: height, width: width)
    predictor.graph.parameterVector = objective.graph.parameterVector
    var sampler = SeededGenerator(seed: 2, stream: ModelStream.sampler)
    func inferBatch() { _ = contextBatch.withUnsafeBufferPointer { predictor.predict(context: $0, generator: &sampler) } }
    inferBatch()
    let batches = max(1, Int((Double(item.batches) * scale).rounded()))
    let inference = time(count: batches, inferBatch)
    let forward = predictor.graph.flopsPerForward
    print(String(format: "%@: train %.1f ms/step (min %.1f, max %.1f; %d reps of %d steps), "
                 + "inference %.1f ms/batch of 8 (min %.1f, max %.1f; %d reps of %d batches); "
                 + "params %d; GFLOP (physweep's counter): train step %.2f, forward %.2f per batch "
                 + "(x %d passes), anchor's analytic forward %.2f",
                 item.name, train.0, train.1, train.2, reps, steps, inference.0, inference.1, inference.2, reps, batches,
                 objective.graph.parameterCount, trainFLOPs / 1e9, forward / 1e9, predictor.forwardPasses, item.anchorGFLOP))
}
