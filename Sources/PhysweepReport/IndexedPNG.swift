import Foundation

/// An 8-bit indexed-colour PNG (colour type 3, one palette entry per byte value), written with
/// stored (uncompressed) deflate blocks: small pictures need no compressor, and any PNG reader
/// takes them (PNG spec §11–12; RFC 1950/1951 for the zlib stream).
///
///     let png = IndexedPNG(width: 2, height: 1, pixels: [0, 255], palette: ColorMap.viridis).data
struct IndexedPNG {
    var width: Int, height: Int
    /// `width` × `height` palette indices, row by row from the top.
    var pixels: [UInt8]
    /// 256 colours (r, g, b).
    var palette: [ColorMap.RGB]

    var data: Data {
        precondition(width > 0 && height > 0 && pixels.count == width * height && palette.count == 256)
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]  // bit depth 8, indexed colour, deflate, no filter method, no interlace
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            scanlines.append(0)  // filter type None
            scanlines += pixels[row * width..<(row + 1) * width]
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", header)
        png += chunk("PLTE", palette.flatMap { [$0.r, $0.g, $0.b] })
        png += chunk("IDAT", Self.zlibStored(scanlines))
        png += chunk("IEND", [])
        return Data(png)
    }

    /// A zlib stream of `bytes` in stored deflate blocks of at most 65 535 bytes.
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + 65_535, bytes.count)
            let length = UInt16(end - start)
            out.append(end == bytes.count ? 1 : 0)  // BFINAL on the last block, BTYPE 00 (stored)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        return out + bigEndian(adler32(bytes))
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + typed + bigEndian(Self.crc32(typed))
    }
}

private func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}
