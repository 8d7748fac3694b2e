/// GroupNorm forward: per sample and group (a contiguous block of its channels' planes) the mean μ
/// and the biased variance σ² (two passes), x̂ = (x − μ)/√(σ² + ε), y = γ_c·x̂ + β_c; saves (μ, 1/√(σ² + ε))
/// per (sample, group) in `saved`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func groupNormForward<T: TensorScalar>(_ layout: GroupNormLayout, x: UnsafePointer<T>, scale: UnsafePointer<T>,
                                       shift: UnsafePointer<T>, out: UnsafeMutablePointer<T>,
                                       saved: UnsafeMutablePointer<T>) {
    let shape = layout.shape, plane = shape.plane, perGroup = layout.groupChannels
    let count = T(perGroup * plane), epsilon = T(layout.epsilon)
    for n in 0..<shape.batch {
        for group in 0..<layout.groups {
            let start = (n * shape.channels + group * perGroup) * plane
            let block = x + start
            var sum: T = 0
            for i in 0..<(perGroup * plane) { sum += block[i] }
            let mean = sum / count
            var squares: T = 0
            for i in 0..<(perGroup * plane) { squares += (block[i] - mean) * (block[i] - mean) }
            let inverse = 1 / (squares / count + epsilon).squareRoot()
            saved[2 * (n * layout.groups + group)] = mean
            saved[2 * (n * layout.groups + group) + 1] = inverse
            for c in 0..<perGroup {
                let channel = group * perGroup + c, gamma = scale[channel], beta = shift[channel]
                let source = block + c * plane, target = out + start + c * plane
                for i in 0..<plane { target[i] = gamma * ((source[i] - mean) * inverse) + beta }
            }
        }
    }
}

/// GroupNorm backward, each gradient only when asked (nil) and added when `accumulate…`:
/// dβ_c = Σ g, dγ_c = Σ g·x̂ (over samples and grid); with ĝ = γ_c·g,
/// dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/√(σ² + ε), the means over the group.
@_specialize(where T == Float)
@_specialize(where T == Double)
func groupNormBackward<T: TensorScalar>(_ layout: GroupNormLayout, x: UnsafePointer<T>, scale: UnsafePointer<T>,
                                        g: UnsafePointer<T>, saved: UnsafePointer<T>,
                                        gx: UnsafeMutablePointer<T>?, accumulateX: Bool,
                                        gScale: UnsafeMutablePointer<T>?, accumulateScale: Bool,
                                        gShift: UnsafeMutablePointer<T>?, accumulateShift: Bool) {
    let shape = layout.shape, plane = shape.plane, perGroup = layout.groupChannels
    let count = T(perGroup * plane)
    if let gScale, !accumulateScale { gScale.update(repeating: 0, count: shape.channels) }
    if let gShift, !accumulateShift { gShift.update(repeating: 0, count: shape.channels) }
    for n in 0..<shape.batch {
        for group in 0..<layout.groups {
            let mean = saved[2 * (n * layout.groups + group)], inverse = saved[2 * (n * layout.groups + group) + 1]
            let start = (n * shape.channels + group * perGroup) * plane
            var sumG: T = 0, sumGX: T = 0
            for c in 0..<perGroup {
                let channel = group * perGroup + c, gamma = scale[channel]
                let source = x + start + c * plane, gradient = g + start + c * plane
                var channelG: T = 0, channelGX: T = 0
                for i in 0..<plane {
                    let normalized = (source[i] - mean) * inverse
                    channelG += gradient[i]
                    channelGX += gradient[i] * normalized
                }
                gShift?[channel] += channelG
                gScale?[channel] += channelGX
                sumG += gamma * channelG
                sumGX += gamma * channelGX
            }
            guard let gx else { continue }
            let meanG = sumG / count, meanGX = sumGX / count
            for c in 0..<perGroup {
                let gamma = scale[group * perGroup + c]
                let source = x + start + c * plane, gradient = g + start + c * plane, target = gx + start + c * plane
                for i in 0..<plane {
                    let value = (gamma * gradient[i] - meanG - (source[i] - mean) * inverse * meanGX) * inverse
                    if accumulateX { target[i] += value } else { target[i] = value }
                }
            }
        }
    }
}
