import PhysweepModels
import PhysweepSystems
import PhysweepTensor

/// The test errors of a trained shear-flow model: one step from every test window, and
/// autoregressive rollouts (each prediction fed back as the newest context frame) from up to one
/// batch of evenly spaced starts. Batches that the windows do not fill are padded with the last
/// window, whose extra predictions are not counted.
struct ShearFlowEvaluation<T: TensorScalar> {
    let predictor: NextFramePredictor<T>
    let data: ShearFlowData
    let context: Int
    let seed: UInt64

    private var batch: Int { predictor.network.batch }

    /// The context input of a batch of windows (padded with the last one).
    func contexts(of windows: [(trajectory: Int, start: Int)]) -> [T] {
        precondition(!windows.isEmpty && windows.count <= batch)
        var buffer: [T] = []
        buffer.reserveCapacity(batch * context * data.frameCount)
        for i in 0..<batch {
            let window = windows[min(i, windows.count - 1)]
            buffer += data.frames(trajectory: window.trajectory, start: window.start, count: context).map { T($0) }
        }
        return buffer
    }

    /// What a trained model's test gives.
    struct Outcome {
        /// One-step metrics with the rollout VRMSE after 1…`horizon` steps.
        var grid: GridMetrics
        /// The one-step relative L2 error ‖ŷ − y‖/‖y‖ over all test windows (physical units).
        var relativeL2: Double
        /// Pictures of the first rollout (nil without a rollout).
        var snapshots: FieldSnapshots?
    }

    /// The one-step errors over all test windows and the rollouts' errors and pictures.
    func metrics(horizon: Int) -> Outcome {
        var noise = SeededGenerator(seed: seed, stream: ModelStream.sampler)
        var oneStep = GridErrorAccumulator(fieldNames: ShearFlowData.fieldNames)
        var errorSquares = 0.0, truthSquares = 0.0
        let windows = data.windows(context: context, ahead: 1)
        for chunk in stride(from: 0, to: windows.count, by: batch) {
            let part = Array(windows[chunk..<min(chunk + batch, windows.count)])
            let prediction = contexts(of: part).withUnsafeBufferPointer { predictor.predict(context: $0, generator: &noise) }
            for (i, window) in part.enumerated() {
                let (p, y) = physical(prediction, sample: i, truth: window.trajectory, frame: window.start + context)
                oneStep.add(prediction: p[...], truth: y[...], plane: data.plane)
                for (a, b) in zip(p, y) { errorSquares += (a - b) * (a - b); truthSquares += b * b }
            }
        }
        let (curve, snapshots) = rollout(horizon: horizon, noise: &noise)
        return Outcome(grid: oneStep.metrics(rollout: curve),
                       relativeL2: (errorSquares / max(truthSquares, .leastNormalMagnitude)).squareRoot(), snapshots: snapshots)
    }

    /// Mean VRMSE over fields and rollouts after each of `horizon` steps, and pictures of the first
    /// rollout at `FieldSnapshots.steps(horizon:)`.
    private func rollout(horizon: Int, noise: inout SeededGenerator) -> ([Double], FieldSnapshots?) {
        let starts = data.windows(context: context, ahead: horizon)
        guard horizon > 0, !starts.isEmpty else { return ([], nil) }
        let pictured = FieldSnapshots.steps(horizon: horizon)
        var frames: [Int: (prediction: [Double], truth: [Double])] = [:]
        let count = min(batch, starts.count)
        let chosen = (0..<count).map { starts[$0 * starts.count / count] }
        var input = contexts(of: chosen)
        let frame = data.frameCount, perSample = context * frame
        var curve: [Double] = []
        for step in 0..<horizon {
            let prediction = input.withUnsafeBufferPointer { predictor.predict(context: $0, generator: &noise) }
            var errors = GridErrorAccumulator(fieldNames: ShearFlowData.fieldNames)
            for (i, start) in chosen.enumerated() {
                let (p, y) = physical(prediction, sample: i, truth: start.trajectory, frame: start.start + context + step)
                errors.add(prediction: p[...], truth: y[...], plane: data.plane)
                if i == 0 && pictured.contains(step + 1) { frames[step + 1] = (p, y) }
            }
            curve.append(errors.meanVRMSE)
            for i in 0..<batch {
                let base = i * perSample
                input.replaceSubrange(base..<(base + perSample - frame), with: input[(base + frame)..<(base + perSample)])
                input.replaceSubrange((base + perSample - frame)..<(base + perSample), with: prediction[(i * frame)..<((i + 1) * frame)])
            }
        }
        let snapshots = FieldSnapshots.capture(steps: pictured, height: data.height, width: data.width,
                                               fields: ShearFlowData.fieldNames) { frames[$0]! }
        return (curve, snapshots)
    }

    /// Sample `sample` of a prediction and the true frame, both back in physical units.
    private func physical(_ prediction: [T], sample: Int, truth trajectory: Int, frame: Int) -> ([Double], [Double]) {
        let n = data.frameCount, plane = data.plane
        let truth = data.frames(trajectory: trajectory, start: frame, count: 1)
        var p = [Double](repeating: 0, count: n), y = p
        for j in 0..<n {
            p[j] = data.physical(Double(prediction[sample * n + j]), field: j / plane)
            y[j] = data.physical(Double(truth[truth.startIndex + j]), field: j / plane)
        }
        return (p, y)
    }
}
