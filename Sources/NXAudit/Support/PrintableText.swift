/// Text from a log made safe for one line of a terminal or a report: control, format and
/// line-separator characters become spaces, so nothing a log holds can move the cursor,
/// reorder text or start a new line.
enum PrintableText {
    static func oneLine(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator: " "
                default: Character(scalar)
                }
            })
    }
}
