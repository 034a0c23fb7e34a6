import Foundation
import Testing
@testable import NXAudit

/// Every line read is exactly one of: in period, outside, duplicate, or malformed by reason.
@Suite("Line accounting")
struct AccountingTests {
    @Test func everyKindOfDefectIsCountedAndTheNumbersAddUp() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-09-29", "--end", "2026-11-02", "--prefix", "mixed", "--events-per-day", "60",
                "--malformed", "0.03", "--hostile", "--seed", "23", "--truth-from", "2026-10-01", "--truth-to",
                "2026-11-01",
            ])
        let truth = try JSONDecoder().decode(
            EndToEndTests.Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        var lines = try String(contentsOfFile: log, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map { Array($0.utf8) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        let generated = lines.count
        // Defects the generator does not make, each at a known count.
        let injected: [(MalformedReason, [UInt8])] = [
            (.badTimestamp, Array("2026-02-30T10:00:00Z h t: [Portal|SYSTEM|20001|*system] 30 February".utf8)),
            (.badTimestamp, Array("Oct 32 10:00:00 h t: [Portal|SYSTEM|20001|*system] day 32".utf8)),
            (.zoneMismatch, Array("Mon 2026-10-05 10:00:00 EDT h t: [Portal|USER|20206|ana] Role r is added".utf8)),
            (.overlong, [UInt8](repeating: UInt8(ascii: "A"), count: 200_000)),
            (.noTimestamp, [0x00, 0x00, 0xFF, 0x01]),
            (.empty, Array("  \t ".utf8)),
        ]
        var position = 17
        for (_, bytes) in injected {
            lines.insert(bytes, at: min(position, lines.count))
            position += generated / 7
        }
        // CRLF endings on a stretch of good lines change nothing.
        for i in 200..<260 where !lines[i].isEmpty { lines[i] += [0x0D] }
        let defective = dir.path + "/defective.log"
        let bytes: [UInt8] = lines.flatMap { $0 + [UInt8(0x0A)] }
        FileManager.default.createFile(atPath: defective, contents: Data(bytes))

        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
            "--format", "xml", defective, "--output", dir.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        func n(_ key: String) -> Int { Int(coverage[key] ?? "") ?? -1 }
        #expect(n("linesRead") == lines.count)
        #expect(
            n("linesRead") == n("eventsInPeriod") + n("eventsOutsidePeriod") + n("duplicates") + n("linesMalformed"))
        #expect(coverage["balanced"] == "true")
        #expect(n("eventsInPeriod") == truth.events)
        #expect(n("linesMalformed") == truth.malformedTotal + injected.count)
        let reasons = Dictionary(
            uniqueKeysWithValues: try xmlElements("malformed", in: xml).map { ($0["reason"]!, Int($0["count"]!)!) })
        for reason in [MalformedReason.badTimestamp, .zoneMismatch, .overlong] {
            #expect(reasons[reason.rawValue] == injected.count { $0.0 == reason }, "\(reason)")
        }
        let counts = try xmlElements("eventCount", in: xml)
        #expect(
            Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) })
                == truth.codes.filter { $0.value > 0 })
    }
}
