/// Windows-1252, the encoding text takes on Windows shares and tools: the decoding of a
/// line whose bytes are not UTF-8 (see `ParsedLine.isWindows1252`).
public enum Windows1252 {
    /// The characters of bytes 0x80 to 0x9F; bytes the code page leaves undefined
    /// (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay the control characters of the same value,
    /// as the WHATWG Encoding Standard decodes them. 0xA0 to 0xFF are Latin-1.
    static let high: [Unicode.Scalar] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ].map { Unicode.Scalar(UInt32($0))! }

    /// The text of a line's field: UTF-8, or Windows-1252 when the line's bytes are not UTF-8.
    static func text(_ bytes: UnsafeRawBufferPointer, isWindows1252: Bool) -> String {
        isWindows1252 ? decode(bytes) : String(decoding: bytes, as: UTF8.self)
    }

    /// The text of `bytes` read as Windows-1252: every byte is one character, none is lost.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            scalars.append(byte >= 0x80 && byte < 0xA0 ? high[Int(byte - 0x80)] : Unicode.Scalar(byte))
        }
        return String(scalars)
    }
}
