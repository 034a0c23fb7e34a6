/// The ways `--malformed` spoils a line, after the ways real audit files break: a line
/// cut inside its header, binary garbage, a header whose separators were rewritten, a
/// blank line. A reader must count each as malformed, never as an event.
enum LineDamage: CaseIterable {
    /// Cut two bytes after the header's first `|`: `… [Portal|US`.
    case truncatedHeader
    /// `garbage \0\1 line without header`: control bytes, no header.
    case garbage
    /// The header's first two `|` replaced by `/`: `[Portal/LOGIN/20101|…`.
    case brokenHeader
    /// An empty line.
    case blank

    private static let garbageText: [UInt8] = Array("garbage \u{0}\u{1} line without header".utf8)

    /// Spoils the line that starts at `start` and runs to the end of `text`.
    func apply(to text: inout LineBuffer, lineStart start: Int) {
        switch self {
        case .truncatedHeader:
            if let bar = text.firstIndex(of: UInt8(ascii: "|"), from: start), bar + 3 < text.count {
                text.truncate(to: bar + 3)
            }
        case .garbage:
            text.truncate(to: start)
            text.append(LineDamage.garbageText)
        case .brokenHeader:
            var from = start
            for _ in 0..<2 {
                guard let bar = text.firstIndex(of: UInt8(ascii: "|"), from: from) else { break }
                text[bar] = UInt8(ascii: "/")
                from = bar + 1
            }
        case .blank:
            text.truncate(to: start)
        }
    }
}
