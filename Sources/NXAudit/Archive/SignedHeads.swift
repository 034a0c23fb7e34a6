import Foundation

/// Signed chain heads kept beside an evidence archive (`ARCHIVE.heads/`), so that someone
/// who can write the archive and recomputes its whole chain is still caught: the head signed
/// for a batch no longer matches what the archive holds for it, and a new signature needs
/// the signing key.
///
/// `archive add --sign-key KEY` writes `batch-NNNNNN.head` (a small text record: archive
/// file name, batch, head, time) and its `ssh-keygen -Y sign -n nxaudit` signature
/// `batch-NNNNNN.head.sig`; `archive verify --allowed-signers FILE` checks every one.
public enum SignedHeads {
    /// A signed record: which batch had which head, and when it was signed.
    public struct Record: Sendable, Equatable {
        public var archive: String
        public var batch: Int64
        public var head: String
        public var signedAt: String

        static let magic = "nxaudit archive head 1"

        public var text: String {
            "\(Self.magic)\narchive: \(archive)\nbatch: \(batch)\nhead: \(head)\nsigned: \(signedAt)\n"
        }

        init(archive: String, batch: Int64, head: String, signedAt: String) {
            (self.archive, self.batch, self.head, self.signedAt) = (archive, batch, head, signedAt)
        }

        /// The record of `text`, or nil when it is not one.
        init?(text: String) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.first == Self.magic else { return nil }
            var fields: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard let archive = fields["archive"], let batch = fields["batch"].flatMap(Int64.init),
                let head = fields["head"], head.wholeMatch(of: /[0-9a-f]{64}/) != nil, let signed = fields["signed"]
            else { return nil }
            self.init(archive: archive, batch: batch, head: head, signedAt: signed)
        }
    }

    /// The folder of signed heads of the archive at `archivePath`.
    public static func directory(forArchive archivePath: String) -> String { archivePath + ".heads" }

    static func fileName(batch: Int64) -> String {
        "batch-" + String(repeating: "0", count: max(0, 6 - String(batch).count)) + "\(batch).head"
    }

    /// Signs `head` of `batch` and writes the record and its signature beside the archive.
    public static func sign(
        batch: Int64, head: String, archivePath: String, nowSeconds: Int64, signing: ReportDestination.Signing
    ) throws -> (path: String, key: SignatureKey) {
        let record = Record(
            archive: (archivePath as NSString).lastPathComponent, batch: batch, head: head,
            signedAt: ZoneClock(zone: TimeZone(identifier: "UTC")!).format(utcSeconds: nowSeconds))
        let (armored, key) = try signing.keygen.sign(Data(record.text.utf8), key: signing.key)
        let directory = directory(forArchive: archivePath)
        let name = fileName(batch: batch)
        _ = try ReportWriter.writeAll(
            [
                ReportWriter.Planned(name: name, parts: [record.text]),
                ReportWriter.Planned(name: name + ".sig", parts: [armored]),
            ], to: directory, force: true)
        return (directory + "/" + name, key)
    }

    /// What checking the signed heads found: a line per record, and the worst status.
    public struct Check: Sendable {
        public var lines: [String] = []
        /// The signature statuses (3, 4, 5) or 1 for a signed head the archive no longer holds; nil: all good.
        public var status: ExitStatus?

        mutating func fail(_ status: ExitStatus, _ line: String) {
            lines.append(line)
            self.status = ExitStatus.worse(self.status, status)
        }
    }

    /// Checks every signed head beside the archive against `allowedSigners` and against the
    /// heads the archive holds now (`verification.batchHeads`). With `requireSignature`, the
    /// archive's current head must be among the signed ones.
    public static func check(
        archivePath: String, verification: ArchiveVerification, keygen: SSHKeygen, allowedSigners: String,
        requireSignature: Bool
    ) throws(SignatureError) -> Check {
        var check = Check()
        let directory = directory(forArchive: archivePath)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".head") }.sorted()
        var signedHeads = Set<String>()
        for name in names {
            let path = directory + "/" + name
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            let record = Record(text: String(decoding: bytes, as: UTF8.self))
            let result = try keygen.check(
                signature: path + ".sig", over: bytes, allowedSigners: allowedSigners,
                signedAtSeconds: record.flatMap { SSHKeygen.seconds(of: $0.signedAt) })
            switch result {
            case .missing:
                let line = "\(path): no signature beside it (\(name).sig)"
                if requireSignature { check.fail(.signatureMissing, line) } else { check.lines.append(line) }
                continue
            case .notAllowed(let key, let reason):
                check.fail(.signatureNotAllowed, "\(path): signed by the \(key), which is not allowed (\(reason))")
                continue
            case .otherBytes(_, let reason):
                check.fail(
                    .signatureMismatch, "\(path): its signature is not over its bytes: it was edited (\(reason))")
                continue
            case .valid(let principal, _):
                guard let record else {
                    check.fail(.checkFailed, "\(path): signed by \(principal) but not a head record")
                    continue
                }
                guard let now = verification.batchHeads[record.batch] else {
                    check.fail(
                        .checkFailed,
                        "\(path): batch \(record.batch), signed by \(principal) at \(record.signedAt), is no longer "
                            + "in the archive: it was rebuilt or replaced")
                    continue
                }
                guard now == record.head else {
                    check.fail(
                        .checkFailed,
                        "\(path): batch \(record.batch) had head \(record.head) when \(principal) signed it at "
                            + "\(record.signedAt); the archive now holds \(now): its chain was recomputed")
                    continue
                }
                signedHeads.insert(record.head)
                check.lines.append("batch \(record.batch): head signed by \(principal) at \(record.signedAt) holds")
            }
        }
        if requireSignature, !signedHeads.contains(verification.head) {
            check.fail(
                .signatureMissing,
                "the archive's current head \(verification.head) has no signed head record (add with --sign-key)")
        }
        return check
    }
}
