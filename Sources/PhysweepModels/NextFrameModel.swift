import PhysweepSystems
import PhysweepTensor

/// The architecture of a next-frame model of a gridded system (shear flow): its public names are
/// `unet`, `fno` and `fm`.
public enum NextFrameArchitecture: Hashable, Sendable {
    /// A U-Net from the context frames to the next frame.
    case unet(levels: Int, baseWidth: Int, groups: Int)
    /// A Fourier neural operator from the context frames to the next frame.
    case fno(width: Int, modeRows: Int, modeColumns: Int, blocks: Int, projectionWidth: Int)
    /// Flow matching in data space: a U-Net vector field v(x_t, context, t), sampled by Euler steps.
    case flowMatching(levels: Int, baseWidth: Int, groups: Int, path: FlowMatchingPath, samplerSteps: Int)
}

/// A next-frame model: architecture, frame layout and initial-weight seed; enough to build the same
/// network (same parameter layout) on the training and on the inference graph.
///
/// Inputs are NCHW, frame-major: context [N, frames·fields, H, W] with channel frame·fields + field
/// (oldest frame first), target [N, fields, H, W].
///
/// ```swift
/// let model = NextFrameModel(architecture: .fno(width: 32, modeRows: 12, modeColumns: 12, blocks: 4,
///                                               projectionWidth: 128), seed: 0)
/// let objective = NextFrameObjective<Float>(model: model, batch: 8, height: 128, width: 64)
/// ```
public struct NextFrameModel: Hashable, Sendable {
    public var architecture: NextFrameArchitecture
    /// Fields per frame (shear flow: tracer, pressure, velocity_x, velocity_z).
    public var fields: Int
    /// Context frames the model sees.
    public var contextFrames: Int
    /// Seed of the initial weights.
    public var seed: UInt64

    public init(architecture: NextFrameArchitecture, fields: Int = 4, contextFrames: Int = 4, seed: UInt64) {
        precondition(fields >= 1 && contextFrames >= 1, "NextFrameModel: needs fields and context frames ≥ 1")
        self.architecture = architecture
        self.fields = fields
        self.contextFrames = contextFrames
        self.seed = seed
    }

    /// Channels of the context input.
    public var contextChannels: Int { fields * contextFrames }

    /// Builds the network's parameters on `graph`; the returned function maps the network's input
    /// (the context; for `fm` concat [x_t, context, t]) to its output [N, fields, H, W].
    public func network<T>(on graph: Graph<T>) -> (Node<T>) -> Node<T> {
        var generator = SeededGenerator(seed: seed, stream: ModelStream.weights)
        switch architecture {
        case let .unet(levels, baseWidth, groups):
            let unet = UNet(graph: graph, inChannels: contextChannels, outChannels: fields, levels: levels,
                            baseWidth: baseWidth, groups: groups, generator: &generator)
            return { unet($0) }
        case let .fno(width, modeRows, modeColumns, blocks, projectionWidth):
            let fno = FNO(graph: graph, inChannels: contextChannels, outChannels: fields, width: width,
                          modes: (modeRows, modeColumns), blocks: blocks, projectionWidth: projectionWidth,
                          generator: &generator)
            return { fno($0) }
        case let .flowMatching(levels, baseWidth, groups, _, _):
            let unet = UNet(graph: graph, inChannels: fields + contextChannels + 1, outChannels: fields, levels: levels,
                            baseWidth: baseWidth, groups: groups, generator: &generator)
            return { unet($0) }
        }
    }
}
