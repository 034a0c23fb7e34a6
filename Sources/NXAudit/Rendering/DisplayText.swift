/// Makes log-derived text safe to place in any report, whatever it holds.
///
/// Escaping of `<`, `&` and quotes is the template engine's job; this removes what
/// no escaping can fix: characters XML 1.0 forbids (C0 controls other than tab,
/// U+FFFE, U+FFFF) and C1 controls become visible symbols or U+FFFD, and
/// bidirectional controls, which could make a name read backwards, are shown as
/// `[U+202E]` instead of being obeyed.
public enum DisplayText {
    public static func clean(_ text: String) -> String {
        // Fast path: most text needs nothing.
        if !text.unicodeScalars.contains(where: needsReplacement) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x09: out.append(scalar)
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + v)!)  // ␀ ␁ ... ␟
            case 0x7F: out.append("\u{2421}")  // ␡
            case 0x80...0x9F, 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "[U+\(String(v, radix: 16, uppercase: true))]".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    @inline(__always)
    static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x09 }
        if v < 0x7F { return false }
        return v <= 0x9F || v == 0xFFFE || v == 0xFFFF || v == 0x200E || v == 0x200F || v == 0x061C
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
