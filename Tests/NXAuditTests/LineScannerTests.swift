import Foundation
import Testing
@testable import NXAudit

@Suite("Reading lines")
struct LineScannerTests {
    /// The lines of `bytes` as the scanner hands them out.
    func lines(_ bytes: [UInt8], chunk: Int = 1 << 20, maxLine: Int = 64 * 1024) throws -> [(String, Bool)] {
        let dir = TemporaryDirectory()
        let path = dir.write("input.log", bytes: bytes)
        let input = try EvidenceInput.resolve([path])[0]
        var scanner = LineScanner()
        scanner.chunkSize = chunk
        scanner.maxLineLength = maxLine
        var result: [(String, Bool)] = []
        try scanner.scan(try ByteSource(input: input)) { line, overlong in
            result.append((String(decoding: line, as: UTF8.self), overlong))
        }
        return result
    }

    @Test func crlfAndAMissingFinalNewline() throws {
        let got = try lines(Array("a\r\nb\n\nc".utf8))
        #expect(got.map(\.0) == ["a", "b", "", "c"])
        #expect(got.allSatisfy { !$0.1 })
    }

    @Test func linesAcrossChunkBoundaries() throws {
        let text =
            (0..<500).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }.joined(separator: "\n") + "\n"
        let got = try lines(Array(text.utf8), chunk: 64, maxLine: 32)
        // With a tiny limit, long lines are flagged but still counted once each.
        let expected = text.split(separator: "\n")
        #expect(got.count == 500)
        #expect(got.map(\.1) == expected.map { $0.utf8.count > 32 })
        #expect(got.contains { $0.1 } && got.contains { !$0.1 })
        let small = try lines(Array(text.utf8), chunk: 64, maxLine: 1024)
        #expect(small.map(\.0) == text.split(separator: "\n").map(String.init))
    }

    @Test func aTenMegabyteLineIsOneOverlongLine() throws {
        var bytes = Array("first\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "z"), count: 10 * 1024 * 1024)
        bytes += Array("\nlast\n".utf8)
        let got = try lines(bytes)
        #expect(got.count == 3)
        #expect(got[0] == ("first", false))
        #expect(got[1].1 == true)
        #expect(got[1].0.count <= 256)
        #expect(got[2] == ("last", false))
    }

    @Test func nulBytesAndBytesThatAreNotUTF8AreSurvived() throws {
        let dir = TemporaryDirectory()
        // Bytes that are not UTF-8 in the User field: read as Windows-1252, an event like any other.
        var bytes = Array("2026-10-05T14:03:22Z h t: [Portal|LOGIN|20101|bad".utf8) + [0xFF, 0xFE]
        bytes += Array("user] User x logged with session id 1\n".utf8)
        // And in the free text, with a NUL.
        bytes += Array("2026-10-05T14:03:23Z h t: [Portal|USER|20206|ana] Role caf".utf8) + [0xE9, 0x00]
        bytes += Array(" is added\n\0\0\0\n".utf8)
        let path = dir.write("bytes.log", bytes: bytes)
        let p = try period("2026-10-01", "2026-10-31")
        let evidence = try readEvidence([path], period: p)
        #expect(evidence.accounting.linesRead == 3)
        #expect(evidence.accounting.eventsInPeriod == 2)
        #expect(evidence.accounting.windows1252.count == 2)
        #expect(evidence.accounting.malformed[.noTimestamp]?.count == 1)
        #expect(evidence.events[0].user == "badÿþuser")
        #expect(evidence.events[1].text == "Role café\u{0} is added")
        #expect(MessageSubject.of(code: 20206, text: evidence.events[1].text).target == "café\u{0}")
    }

    @Test func directoriesAreReadOldestRotationFirst() throws {
        let dir = TemporaryDirectory()
        for name in ["audit.log", "audit.log.1", "audit.log.10", "audit.log.2", "notes.txt", ".hidden.log"] {
            dir.write(name, "x\n")
        }
        let names = try EvidenceInput.resolve([dir.path]).map { URL(fileURLWithPath: $0.path).lastPathComponent }
        #expect(names == ["audit.log.10", "audit.log.2", "audit.log.1", "audit.log"])
    }

    @Test func filesOfADirectoryAreReadInTheOrderOfTheirContent() throws {
        let dir = TemporaryDirectory()
        dir.write("api-download.log", "2026-10-20T00:00:00Z h t: [Portal|SYSTEM|20001|*system] x\n")
        dir.write("audit.log.1", "garbage first\nOct 10 00:00:00 h t: [Portal|SYSTEM|20001|*system] x\n")
        dir.write("audit.log", "2026-10-25T00:00:00+02:00 h t: [Portal|SYSTEM|20001|*system] x\n")
        dir.write("notes.log", "no stamp at all\n")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)], ofItemAtPath: dir.path + "/audit.log.1")
        let names = try EvidenceInput.resolve([dir.path]).map { URL(fileURLWithPath: $0.path).lastPathComponent }
        #expect(names == ["audit.log.1", "api-download.log", "audit.log", "notes.log"])
    }

    @Test func missingInputsAndEmptyDirectoriesAreErrorsNamingThePath() throws {
        let dir = TemporaryDirectory()
        #expect(throws: EvidenceError.inputNotFound(path: dir.path + "/nope.log")) {
            try EvidenceInput.resolve([dir.path + "/nope.log"])
        }
        #expect(throws: EvidenceError.directoryHasNoLogs(path: dir.path)) { try EvidenceInput.resolve([dir.path]) }
    }
}

@Suite("Compressed input")
struct GzipInputTests {
    @Test func concatenatedGzipMembersAreReadWhole() throws {
        let dir = TemporaryDirectory()
        let first = dir.write("a", "2026-10-05T14:03:22Z h t: [Portal|SYSTEM|20001|*system] Portal is starting\n")
        let second = dir.write(
            "b", "2026-10-05T14:04:22Z h t: [Portal|SYSTEM|20002|*system] Portal is up and running\n")
        #expect(try run("/bin/gzip", ["-n", first, second]).status == 0)
        let gz = dir.path + "/audit.log.2.gz"
        let joined =
            try Data(contentsOf: URL(fileURLWithPath: first + ".gz"))
            + Data(contentsOf: URL(fileURLWithPath: second + ".gz"))
        try joined.write(to: URL(fileURLWithPath: gz))
        let inputs = try EvidenceInput.resolve([dir.path])
        #expect(inputs.count == 1)
        #expect(inputs[0].isGzip)
        let evidence = try EvidenceReader(period: try period("2026-10-01", "2026-10-31"), yearPolicy: .fixed(2026))
            .read(inputs)
        #expect(evidence.events.map(\.code) == [20001, 20002])
        #expect(evidence.accounting.linesRead == 2)
    }
}
