import Foundation

/// A small tmpfs where the test may mount one (root on Linux): a disk that fills up.
enum SmallDisk {
    /// Whether a tmpfs can be mounted here; the disk-full test is skipped (and says so) where not.
    static let available: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("nxaudit-tmpfs-probe-\(getpid())")
            .path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]))?.status == 0 else {
            return false
        }
        _ = try? run("/bin/umount", [probe])
        return true
    }()
}
