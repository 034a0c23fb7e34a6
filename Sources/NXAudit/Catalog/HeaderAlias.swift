/// A code the vendor logs under another code's header, told apart by its text.
///
/// The vendor documents 20205 ("Updated account ownership of N users") with 20204 in its
/// header; such a line means 20205. `CodeQuirks` reads every line's code through these.
public struct HeaderAlias: Sendable, Hashable {
    /// The code written in the header.
    public let headerCode: Int
    /// The start of the text that marks the line as the aliased code.
    public let textPrefix: String

    public init(headerCode: Int, textPrefix: String) {
        self.headerCode = headerCode
        self.textPrefix = textPrefix
    }
}
