/// The abbreviations `journalctl -o short-full` prints for a zone (`CET`, `CEST`, …).
///
/// Foundation on Linux does not know them (it answers `GMT+2`), so the generator holds a
/// table for the zones it supports in that style: each zone's standard offset and
/// abbreviation, and its summer ones. An instant takes the abbreviation of the offset in
/// force; `LogGenCommand` refuses a period in which the zone has any other offset.
struct ZoneAbbreviations {
    let standardOffset: Int
    let standard: [UInt8]
    /// Nil for a zone without summer time.
    let summerOffset: Int?
    let summer: [UInt8]

    private init(standard: String, _ standardOffset: Int, summer: String = "", _ summerOffset: Int? = nil) {
        self.standardOffset = standardOffset
        self.standard = Array(standard.utf8)
        self.summerOffset = summerOffset
        self.summer = Array(summer.utf8)
    }

    private static let central = ZoneAbbreviations(standard: "CET", 3600, summer: "CEST", 7200)
    private static let table: [String: ZoneAbbreviations] = [
        "UTC": ZoneAbbreviations(standard: "UTC", 0),
        "Etc/UTC": ZoneAbbreviations(standard: "UTC", 0),
        "Europe/Zurich": central,
        "Europe/Paris": central,
        "Europe/Berlin": central,
        "Europe/London": ZoneAbbreviations(standard: "GMT", 0, summer: "BST", 3600),
        "America/New_York": ZoneAbbreviations(standard: "EST", -18_000, summer: "EDT", -14_400),
        "America/Los_Angeles": ZoneAbbreviations(standard: "PST", -28_800, summer: "PDT", -25_200),
    ]

    /// The zones the table holds, for messages.
    static let supportedZones = table.keys.sorted()

    /// The abbreviations of the IANA zone `identifier` (as `--tz` names it), if the table holds it.
    init?(zone identifier: String) {
        guard let known = ZoneAbbreviations.table[identifier] else { return nil }
        self = known
    }

    /// The abbreviation under `offsetSeconds`, or nil for an offset that is neither the
    /// zone's standard nor its summer offset.
    func abbreviation(offsetSeconds: Int) -> [UInt8]? {
        if offsetSeconds == standardOffset { return standard }
        if offsetSeconds == summerOffset { return summer }
        return nil
    }
}
