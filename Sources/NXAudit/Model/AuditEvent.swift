/// Where a piece of evidence stands: an input file and a 1-based line number.
public struct EvidenceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Index of the input in the run's input list (reading order).
    public let input: Int
    /// The input's path as the report names it.
    public let path: String
    /// 1-based line number in the (decompressed) file.
    public let line: Int

    public init(input: Int, path: String, line: Int) {
        self.input = input
        self.path = path
        self.line = line
    }

    /// `logs/audit.log:1234`
    public var description: String { "\(path):\(line)" }

    /// The same place, `offset` lines further down.
    func shifted(by offset: Int) -> EvidenceLocation {
        EvidenceLocation(input: input, path: path, line: line + offset)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.input, lhs.line) < (rhs.input, rhs.line)
    }
}

/// One audit-trail record: a parsed line placed in time.
///
/// Strings are exactly what the log holds (invalid UTF-8 replaced by U+FFFD);
/// escaping for a report happens only when it is rendered.
public struct AuditEvent: Sendable, Equatable {
    /// The instant, UTC seconds since 1970.
    public var utcSeconds: Int64
    /// Fraction of the second, in microseconds, when the stamp had one.
    public var microsecond: Int32
    /// `Portal`, `Console` or the Engine's name.
    public var source: String
    /// The header's category word, as written.
    public var category: String
    /// The code the event means (20205 for a 20205 logged under 20204).
    public var code: Int
    /// The code as written in the header.
    public var headerCode: Int
    /// The header's User field: the acting account or `*system`, `nxengine`, `portal`.
    public var user: String
    /// The free text after the header.
    public var text: String
    /// The line the event was read from.
    public var location: EvidenceLocation

    public init(
        utcSeconds: Int64, microsecond: Int32 = 0, source: String, category: String, code: Int,
        headerCode: Int? = nil, user: String, text: String, location: EvidenceLocation
    ) {
        self.utcSeconds = utcSeconds
        self.microsecond = microsecond
        self.source = source
        self.category = category
        self.code = code
        self.headerCode = headerCode ?? code
        self.user = user
        self.text = text
        self.location = location
    }

    /// Time order, then reading order: total and stable.
    public static func chronological(_ a: AuditEvent, _ b: AuditEvent) -> Bool {
        if a.utcSeconds != b.utcSeconds { return a.utcSeconds < b.utcSeconds }
        if a.microsecond != b.microsecond { return a.microsecond < b.microsecond }
        return a.location < b.location
    }
}

/// Vendor quirks that change what a header's code means.
public enum CodeQuirks {
    /// The code an event means given its header code and text.
    ///
    /// The vendor documents 20205 ("Updated account ownership of N users") with
    /// 20204 in its header; such a line is a 20205. The catalog rows say which codes
    /// are logged under another's header (`AuditCode.alias`).
    public static func effectiveCode(headerCode: Int, text: UnsafeRawBufferPointer) -> Int {
        // Called for every line: a loop over the (few) aliases, the text read only on a header match.
        for (code, alias) in aliases where alias.headerCode == headerCode && text.starts(with: alias.textPrefix.utf8) {
            return code
        }
        return headerCode
    }

    /// The same, for text already decoded.
    public static func effectiveCode(headerCode: Int, text: String) -> Int {
        var text = text
        return text.withUTF8 { effectiveCode(headerCode: headerCode, text: UnsafeRawBufferPointer($0)) }
    }

    private static let aliases = CodeCatalog.standard.aliases
}
