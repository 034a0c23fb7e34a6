import Foundation
import Testing
@testable import NXAudit

/// A log held in memory, as a download from the Audit Trail API would be: the
/// smallest new source, to show that one type plugs into the reader.
private struct MemorySource: EvidenceSource {
    let input: EvidenceInput
    let bytes: [UInt8]

    init(named name: String, bytes: [UInt8], modificationSeconds: Int64) {
        input = EvidenceInput(
            path: name, fileSystemPath: "", size: Int64(bytes.count),
            modificationSeconds: modificationSeconds, isGzip: false)
        self.bytes = bytes
    }

    func pieces(of size: Int64) -> [SourcePiece] { [.whole] }

    func forEachLine(
        in piece: SourcePiece, maxLineLength: Int, progress: ReadProgress?, _ body: (SourceLine) -> Void
    ) throws(EvidenceError) -> Int {
        try FileSource.lines(of: ByteSource(bytes: bytes, path: input.path), maxLineLength: maxLineLength, body)
    }

    func digest() -> String {
        let hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.hex()
    }
}

@Suite("Evidence sources")
struct EvidenceSourceTests {
    /// A log in memory and the same log in a file: the same evidence, line for line,
    /// and the same record for the report and the manifest.
    @Test func aSourceInMemoryIsReadAndAccountedForLikeAFile() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-06", "--prefix", "mixed", "--events-per-day", "60",
                "--malformed", "0.02",
            ])
        let file = try EvidenceInput.resolve([log])[0]
        let memory = MemorySource(
            named: file.path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: log))),
            modificationSeconds: file.modificationSeconds)
        let reader = EvidenceReader(
            period: try period("2026-10-01", "2026-10-31", "Europe/Zurich"), yearPolicy: .modificationTime)

        let fromFile = try reader.read([file])
        let fromMemory = try reader.read([memory as any EvidenceSource])
        #expect(fromMemory.accounting == fromFile.accounting)
        #expect(fromMemory.accounting.linesMalformed > 0 && fromMemory.accounting.balances)
        #expect(fromMemory.events == fromFile.events)
        #expect(fromMemory.census.codeCounts == fromFile.census.codeCounts)
        // The record the report and the manifest show; only where the bytes live differs.
        var record = try #require(fromFile.inputs.first)
        record.input = memory.input
        #expect(fromMemory.inputs == [record])
    }

    /// A source beside a file that holds the same lines: its copies are duplicates, as a second file's are.
    @Test func aSourceThatRepeatsAFileCountsItsCopiesAsDuplicates() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-04", "--prefix", "mixed", "--events-per-day", "40",
            ])
        let file = try EvidenceInput.resolve([log])[0]
        let copy = MemorySource(
            named: "api://audit-trail", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: log))),
            modificationSeconds: file.modificationSeconds)
        let reader = EvidenceReader(period: try period("2026-10-01", "2026-10-31"), yearPolicy: .fixed(2026))

        let alone = try reader.read([file])
        let both = try reader.read([FileSource(file), copy])
        #expect(both.events == alone.events)
        #expect(both.accounting.duplicates.count == alone.accounting.linesRead - alone.accounting.linesMalformed)
        #expect(both.accounting.balances)
        #expect(both.inputs.map(\.input.path) == [file.path, "api://audit-trail"])
    }
}
