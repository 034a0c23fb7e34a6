import Foundation
import Testing
@testable import NXAudit

@Suite("Full disk")
struct FullDiskTests {
    /// With --force on a disk that fills up while the new reports are written, the run exits 74 and every
    /// previous file stays as it was, with no temporary file left.
    @Test(.enabled(if: SmallDisk.available, "needs root to mount a small tmpfs"))
    func aFullDiskLeavesThePreviousReportWhole() throws {
        let dir = TemporaryDirectory()
        let disk = dir.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk]).status == 0)
        defer { _ = try? run("/bin/umount", [disk]) }
        let small = dir.write("small.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        let old = try nxaudit(["report", "--month", "2026-10", small, "--output", disk])
        #expect(old.status == 2, "\(old.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: disk).sorted()
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: disk + "/" + $0)) }
        // A month with thousands of rows: its reports do not fit beside the previous ones.
        let (big, _) = try generateLog(
            in: dir,
            arguments: ["--start", "2026-10-01", "--end", "2026-11-01", "--events-per-day", "200", "--seed", "8"])
        let full = try nxaudit(["report", "--month", "2026-10", big, "--output", disk, "--force"])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: disk).sorted() == names, "no new and no temporary file")
        #expect(
            try names.map { try Data(contentsOf: URL(fileURLWithPath: disk + "/" + $0)) } == before,
            "the previous report is whole")
    }
}
