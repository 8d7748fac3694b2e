/// The extents of an NCHW tensor [batch, channels, height, width] (for shear flow: [batch, fields,
/// z, x]); every grid op (convolution, pooling, up-sampling, GroupNorm, spectral convolution) uses
/// this layout, row-major with x fastest.
struct GridShape: Equatable {
    let batch: Int
    let channels: Int
    let height: Int
    let width: Int

    /// Elements per channel plane (height·width).
    var plane: Int { height * width }

    /// The extents of a rank-4 node shape; stops naming the op otherwise.
    init(_ shape: [Int], operation: String) {
        precondition(shape.count == 4 && shape.allSatisfy { $0 > 0 },
                     "\(operation): input shape \(shape) is not a non-empty [batch, channels, height, width]")
        self.init(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3])
    }

    init(batch: Int, channels: Int, height: Int, width: Int) {
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
    }
}

/// A k×k convolution with circular padding (k − 1)/2 and stride 1: input `input`, weight
/// [outChannels, input.channels, k, k] (OIHW), bias [outChannels]; the output has the input's grid.
struct ConvolutionLayout {
    let input: GridShape
    let outChannels: Int
    let kernel: Int
    /// Rows of the column matrix of one sample: input.channels·k².
    var columnRows: Int { input.channels * kernel * kernel }
}

/// GroupNorm of an NCHW tensor: `groups` groups of consecutive channels, each normalized over its
/// channels and grid per sample. The mean and 1/σ of every (sample, group) are saved at `savedOffset`
/// of the value arena for the backward pass.
struct GroupNormLayout {
    let shape: GridShape
    let groups: Int
    let epsilon: Double
    let savedOffset: Int
    /// Channels per group.
    var groupChannels: Int { shape.channels / groups }
}
