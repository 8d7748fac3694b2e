/// The field pictures' colour maps, 256 entries each, interpolated linearly between published
/// stops: viridis (matplotlib's, perceptually uniform, for values) and ColorBrewer's RdBu reversed
/// (blue below zero, white at zero, red above, for errors).
enum ColorMap {
    struct RGB: Hashable {
        var r: UInt8, g: UInt8, b: UInt8

        /// "#rrggbb".
        var hex: String {
            "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// matplotlib's viridis at 0, 0.1, …, 1.
    static let viridis = interpolate([0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884,
                                      0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725])
    /// ColorBrewer's 9-class RdBu, reversed: −max … 0 … +max.
    static let diverging = interpolate([0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582,
                                        0xD6604D, 0xB2182B])

    /// 256 colours spread evenly over `stops` (0xRRGGBB).
    static func interpolate(_ stops: [Int]) -> [RGB] {
        (0..<256).map { i in
            let position = Double(i) / 255 * Double(stops.count - 1)
            let lower = min(Int(position), stops.count - 2), t = position - Double(lower)
            func channel(_ shift: Int) -> UInt8 {
                let a = Double(stops[lower] >> shift & 0xFF), b = Double(stops[lower + 1] >> shift & 0xFF)
                return UInt8((a + (b - a) * t).rounded())
            }
            return RGB(r: channel(16), g: channel(8), b: channel(0))
        }
    }
}
