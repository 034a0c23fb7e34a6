import ArgumentParser

/// The encoding the lines are written in (`--encoding`).
enum TextEncoding: String, CaseIterable, ExpressibleByArgument {
    /// The generator's own encoding: lines are written as they are made.
    case utf8 = "utf-8"
    /// As a Windows collector or an export with the system code page writes them: each line
    /// recoded by `Windows1252.encode`.
    case windows1252 = "windows-1252"
}

/// Windows-1252 (Microsoft's "ANSI" code page for Western Europe): ASCII, Latin-1's
/// letters at 0xA0–0xFF, and typographic characters at 0x80–0x9F where Latin-1 has
/// control characters.
enum Windows1252 {
    /// Rewrites the UTF-8 text from `start` to the end of `text` in Windows-1252: each
    /// character it has becomes its byte, any other (and any byte that is not UTF-8)
    /// becomes `?`, as a lossy conversion writes it. True when a byte of 0x80 or more is
    /// left in the line.
    static func encode(_ text: inout LineBuffer, from start: Int) -> Bool {
        guard let first = text.firstIndex(from: start, where: { $0 >= 0x80 }) else { return false }
        var iterator = text.bytes[first...].makeIterator()
        var decoder = UTF8()
        var encoded: [UInt8] = []
        var high = false
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let byte = Windows1252.byte(for: scalar)
                high = high || byte >= 0x80
                encoded.append(byte)
            case .error:
                encoded.append(UInt8(ascii: "?"))
            case .emptyInput:
                break decoding
            }
        }
        text.truncate(to: first)
        text.append(encoded)
        return high
    }

    /// The byte of `scalar` in Windows-1252, or `?` when it has none.
    static func byte(for scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0..<0x80, 0xA0...0xFF: UInt8(scalar.value)
        default: typographic[scalar.value] ?? UInt8(ascii: "?")
        }
    }

    /// 0x80–0x9F, by the character each byte stands for (Unicode's `CP1252.TXT`); 0x81, 0x8D,
    /// 0x8F, 0x90 and 0x9D stand for none, so the C1 controls U+0080–U+009F have no byte.
    private static let typographic: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E,
        0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97,
        0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}
