/// Where a report's evidence came from when it was read from an archive.
public struct ArchiveProvenance: Sendable, Equatable {
    /// The archive file as the command line named it.
    public var path: String
    /// The chain head when the report read it: `archive verify --head` proves the archive still holds it.
    public var head: String
    public var batches: Int
    /// Rows read: the period's, and those within two days of it (read and counted outside the period).
    public var rowsRead: Int
}
