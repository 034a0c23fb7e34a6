import Foundation
import Testing
@testable import NXAudit

/// The evidence manifest, `nxaudit verify` and `nxaudit validate`.
@Suite("Evidence manifest")
struct ManifestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesTheStandardVectors(text: String, digest: String) {
        #expect(SHA256.hex(of: text) == digest)
    }

    @Test func aFileIsHashedInChunksAndUpToALimit() throws {
        let dir = TemporaryDirectory()
        let big = String(repeating: "a", count: 3 << 20)
        let path = dir.write("big.log", big + "tail")
        #expect(SHA256.file(at: path)?.hex == SHA256.hex(of: big + "tail"))
        #expect(SHA256.file(at: path, limit: Int64(big.utf8.count))?.hex == SHA256.hex(of: big))
        #expect(SHA256.file(at: dir.path + "/none") == nil)
    }

    /// A report run over two inputs, one gzipped; returns the directory, the output folder and the log paths.
    func reportRun() throws -> (dir: TemporaryDirectory, out: String, logs: [String]) {
        let dir = TemporaryDirectory()
        let plain = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let rotated = dir.write("audit.log.1", "2026-10-04T09:00:00Z h t: [Portal|USER|20207|ana] Role R is updated\n")
        #expect(try run("/bin/sh", ["-c", "gzip -n '\(rotated)'"]).status == 0)
        let gz = rotated + ".gz"
        let result = try nxaudit(["report", "--month", "2026-10", gz, plain, "--output", dir.path + "/out"])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        return (dir, dir.path + "/out", [gz, plain])
    }

    @Test func theManifestNamesEveryInputAndReportWithItsDigest() throws {
        let (dir, out, logs) = try reportRun()
        defer { withExtendedLifetime(dir) {} }
        let manifest = try ManifestVerifier.load(out + "/nxaudit-2026-10.manifest.json")
        #expect(manifest.outputs.map(\.file) == ["nxaudit-2026-10.html", "nxaudit-2026-10.xml"])
        for output in manifest.outputs {
            let digest = try #require(SHA256.file(at: out + "/" + output.file))
            #expect(digest.hex == output.sha256 && digest.size == output.size)
        }
        #expect(manifest.inputs.map(\.path) == logs)
        #expect(manifest.inputs.map(\.compressed) == [true, false])
        for input in manifest.inputs {
            #expect(SHA256.file(at: input.path)?.hex == input.sha256, "digest of the file as stored")
        }
        #expect(manifest.parameters.arguments.prefix(3) == ["report", "--month", "2026-10"])
        #expect(manifest.parameters.timezone == "UTC")
        #expect(manifest.accounting.balanced && manifest.accounting.linesRead == 2)
        let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("coverage/inputs/input", in: xml).map { $0["sha256"] } == manifest.inputs.map(\.sha256))
    }

    @Test func verifyPassesUntouchedFilesAndCatchesAOneByteEditToAReportOrAnInput() throws {
        let (dir, out, logs) = try reportRun()
        let clean = try nxaudit(["verify", "--inputs", out], environment: [:], in: dir.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("Every file matches its manifest."))

        // One byte of the HTML report.
        try flipByte(in: out + "/nxaudit-2026-10.html", at: 200)
        let edited = try nxaudit(["verify", out])
        #expect(edited.status == 1)
        #expect(edited.stdout.contains("CHANGED  report \(out)/nxaudit-2026-10.html"))
        try flipByte(in: out + "/nxaudit-2026-10.html", at: 200)
        #expect(try nxaudit(["verify", out]).status == 0, "restored")

        // One byte of an input: found only when inputs are checked.
        try flipByte(in: logs[1], at: 30)
        #expect(try nxaudit(["verify", out]).status == 0)
        let input = try nxaudit(["verify", "--inputs", out])
        #expect(input.status == 1)
        #expect(input.stdout.contains("CHANGED  input  \(logs[1])"))
    }

    @Test func aLogThatOnlyGrewStillVerifiesAMissingReportDoesNot() throws {
        let (dir, out, logs) = try reportRun()
        defer { withExtendedLifetime(dir) {} }
        let handle = try #require(FileHandle(forWritingAtPath: logs[1]))
        handle.seekToEndOfFile()
        handle.write(Data("2026-10-06T09:00:00Z h t: [Portal|USER|20206|ana] Role S is added\n".utf8))
        handle.closeFile()
        let grown = try nxaudit(["verify", "--inputs", out])
        #expect(grown.status == 0, "\(grown.stdout)")
        #expect(grown.stdout.contains("has grown to"))
        try FileManager.default.removeItem(atPath: out + "/nxaudit-2026-10.xml")
        let missing = try nxaudit(["verify", out])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("MISSING  report \(out)/nxaudit-2026-10.xml"))
    }

    @Test func aReportThatCannotBeReadFailsVerification() throws {
        let (dir, out, _) = try reportRun()
        defer { withExtendedLifetime(dir) {} }
        // A directory where the report was: present, but nothing can be read from it.
        try FileManager.default.removeItem(atPath: out + "/nxaudit-2026-10.html")
        try FileManager.default.createDirectory(
            atPath: out + "/nxaudit-2026-10.html", withIntermediateDirectories: false)
        let result = try nxaudit(["verify", out])
        #expect(result.status == 1)
        #expect(result.stdout.contains("UNREADABLE report"))
    }

    @Test func verifyExitCodesForMissingAndMalformedManifests() throws {
        let dir = TemporaryDirectory()
        #expect(try nxaudit(["verify", dir.path + "/none.manifest.json"]).status == 66)
        #expect(try nxaudit(["verify", dir.path]).status == 66, "a directory without manifests")
        let bad = dir.write("x.manifest.json", "{\"manifestVersion\": 1}")
        let malformed = try nxaudit(["verify", bad])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("not an nxaudit evidence manifest"))
    }

    @Test func validateAcceptsAReportAndNamesTheLineOfAnError() throws {
        let (dir, out, _) = try reportRun()
        let report = out + "/nxaudit-2026-10.xml"
        let valid = try nxaudit(["validate", report])
        #expect(valid.status == 0)
        #expect(valid.stdout == "\(report): valid (schema version 2)\n")
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        let broken = dir.write("broken.xml", xml.replacingOccurrences(of: "<findings count=", with: "<finding count="))
        let invalid = try nxaudit(["validate", broken])
        #expect(invalid.status == 1)
        let line = xml.components(separatedBy: "\n").firstIndex { $0.contains("<findings count=") }! + 1
        #expect(invalid.stdout.contains("\(broken):\(line): "), "\(invalid.stdout)")
        #expect(try nxaudit(["validate", dir.path + "/none.xml"]).status == 66)
    }

    func flipByte(in path: String, at offset: UInt64) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { handle.closeFile() }
        handle.seek(toFileOffset: offset)
        let byte = handle.readData(ofLength: 1)[0]
        handle.seek(toFileOffset: offset)
        handle.write(Data([byte ^ 0x01]))
    }
}
