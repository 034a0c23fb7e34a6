/// How the text of one code names its object: the template `MessageSubject` reads the
/// register's target and details from.
///
/// Only templates the vendor documents, and shapes the generator and real logs agree on,
/// are given; a code without one keeps its text whole and its target empty.
public enum SubjectTemplate: Sendable, Hashable {
    /// `prefix TARGET infix DETAILS`, details shown as `detailsPrefix + DETAILS`.
    case between(prefix: String, infix: String, detailsPrefix: String)
    /// `prefix TARGET suffix`
    case enclosed(prefix: String, suffix: String)
    /// `prefix DETAILS`, the rest being a count rather than an object.
    case detailsOnly(prefix: String)
    /// Engine texts: `Finder account creation:[ACCOUNT]`, `Manual tagging:[TYPE|NAME]`.
    case bracketed
}
