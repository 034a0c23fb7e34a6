import Foundation

/// Where a run's reports go: a folder, the files named after the period with the evidence
/// manifest beside them; or the one document on standard output.
public struct ReportDestination: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        case directory(String)
        case standardOutput
    }

    public var place: Place
    public var name: ReportNamePattern
    /// Replace reports of the same name whose bytes differ from the new ones.
    public var force: Bool
    /// Sign the manifest and the checksum list (`--sign-key`); nil: no signature.
    public var signing: Signing?
    /// WeasyPrint for `--format pdf` (`--pdf-renderer`); nil: found on `PATH` when a PDF is asked for.
    public var pdfRenderer: PDFRenderer?

    /// The key that signs, and the `ssh-keygen` that signs with it.
    public struct Signing: Sendable, Equatable {
        public var keygen: SSHKeygen
        /// A private key file, or the public key of a key `ssh-agent` holds.
        public var key: String

        public init(keygen: SSHKeygen, key: String) {
            self.keygen = keygen
            self.key = key
        }
    }

    /// What a run wrote: each file and what happened to it, and the key that signed, if any.
    public struct Written: Sendable {
        public var files: [(WrittenFile, ReportWriter.Outcome)]
        public var signer: SignatureKey?
        /// URLs the PDF renderer was asked to fetch and refused (a custom template's); empty normally.
        public var refusedURLs: [String] = []
        /// Signatures of a manifest or checksum list this unsigned run replaced, removed.
        public var removedSignatures: [String] = []
    }

    /// The checksum list's file name beside reports named `base` (`nxaudit-2026-10.sha256`).
    public static func checksumFileName(base: String) -> String { "\(base).sha256" }

    /// `output` is a directory, or `-` for standard output.
    public init(output: String, name: ReportNamePattern = .standard, force: Bool = false) {
        place = output == "-" ? .standardOutput : .directory(output)
        self.name = name
        self.force = force
    }

    /// Writes the files of `outcome`, their manifest and their checksum list (and, with
    /// `signing`, a signature of each of these two), all or nothing, and says what happened to
    /// each; or writes its one document to standard output and returns no file.
    /// `arguments` is the command line as given, for the manifest.
    public func write(
        _ outcome: ReportPipeline.Outcome, of request: ReportPipeline.Request,
        arguments: [String]
    ) throws -> Written {
        guard case .directory(let directory) = place else {
            // Standard output cannot take bytes back: the document is checked whole before any is written.
            try ReportWriter.writeStandardOutput(outcome.files[0].document.parts())
            return Written(files: [], signer: nil)
        }
        let base = name.base(for: outcome.report.period)
        // Each document is rendered, checked and hashed as it is written to its temporary file;
        // until the files are renamed, a failure drops them all.
        var planned: [ReportWriter.Planned] = []
        var signer: SignatureKey?
        var refusedURLs: [String] = []
        do {
            for file in outcome.files where file.format != .pdf {
                planned.append(
                    try ReportWriter.Planned(staging: file.document, in: directory, name: "\(base).\(file.suffix)"))
            }
            (signer, refusedURLs) = try complete(
                &planned, outcome: outcome, request: request, arguments: arguments, in: directory, base: base)
        } catch {
            for file in planned { file.staged?.discard() }
            throw error
        }
        // From here `writeAll` owns the staged files.
        let files = try ReportWriter.writeAll(planned, to: directory, force: force)
        // An unsigned run that replaced a signed manifest: the old signatures are of other bytes and go.
        var removed: [String] = []
        if signing == nil {
            let signable = [EvidenceManifest.fileName(base: base), Self.checksumFileName(base: base)]
            for (file, outcome) in files where outcome == .written && signable.contains(file.name) {
                if unlink(file.path + ".sig") == 0 { removed.append(file.path + ".sig") }
            }
        }
        return Written(files: files, signer: signer, refusedURLs: refusedURLs, removedSignatures: removed)
    }

    /// Plans what follows the staged reports: the PDF, the manifests, the checksum list and
    /// the signatures. Returns the key that signed and the URLs the PDF renderer refused.
    private func complete(
        _ planned: inout [ReportWriter.Planned], outcome: ReportPipeline.Outcome, request: ReportPipeline.Request,
        arguments: [String], in directory: String, base: String
    ) throws -> (SignatureKey?, [String]) {
        // The manifest holds the reports' digests, so it is planned from them and written last.
        func manifest(of files: [ReportWriter.Planned]) -> String {
            EvidenceManifest(
                report: outcome.report, arguments: arguments, yearPolicy: request.yearPolicy,
                formats: request.formats,
                outputs: files.map {
                    WrittenFile(path: directory + "/" + $0.name, name: $0.name, size: $0.size, sha256: $0.sha256)
                }, failOn: request.failOn, maxMalformed: request.maxMalformed
            ).json()
        }
        var refusedURLs: [String] = []
        if let printable = outcome.files.first(where: { $0.format == .pdf }) {
            // A file cannot hold its own digest: the PDF embeds the manifest of every other output
            // (written beside it too), and the manifest beside it covers the PDF as well.
            let embedded = ReportWriter.Planned(
                name: Self.embeddedManifestName(base: base), parts: [manifest(of: planned)])
            // `ReportFormat.needed(by:)` adds the XML whenever the PDF is asked for.
            guard let xml = planned.first(where: { $0.name == "\(base).xml" }) else {
                preconditionFailure("a PDF is written with its XML report")
            }
            // The HTML report, when written too, is read back rather than rendered a second time.
            let html =
                try planned.first(where: { $0.name == "\(base).html" }).map { try $0.contents() }
                ?? Data(printable.document.text().utf8)
            let rendered = try (pdfRenderer ?? PDFRenderer.find()).render(
                html: String(decoding: html, as: UTF8.self),
                attachments: [
                    PDFRenderer.Attachment(
                        name: xml.name, bytes: try xml.contents(), mimeType: "application/xml",
                        relationship: "Alternative",
                        description: "The report for machines: nxaudit XML report, schema version 2"),
                    PDFRenderer.Attachment(
                        name: embedded.name, bytes: embedded.data, mimeType: "application/json",
                        relationship: "Supplement",
                        description: "Evidence manifest: the SHA-256 of every input, the policy and every other output"),
                ],
                metadata: Self.pdfMetadata(outcome.report))
            refusedURLs = rendered.refusedURLs
            planned.append(embedded)
            planned.append(ReportWriter.Planned(name: "\(base).pdf", bytes: rendered.pdf))
        }
        planned.append(
            ReportWriter.Planned(name: EvidenceManifest.fileName(base: base), parts: [manifest(of: planned)]))
        // coreutils' format, for `sha256sum -c` from the report folder: every report and the manifest.
        let checksums = planned.map { "\($0.sha256)  \($0.name)\n" }.joined()
        planned.append(ReportWriter.Planned(name: Self.checksumFileName(base: base), parts: [checksums]))
        var signer: SignatureKey?
        if let signing {
            for signed in planned.suffix(2) {
                let (armored, key) = try signing.keygen.sign(signed.data, key: signing.key)
                signer = key
                let name = signed.name + ".sig"
                planned.append(
                    ReportWriter.Planned(
                        name: name,
                        parts: [
                            Self.keptSignature(directory + "/" + name, over: signed, by: key, with: signing) ?? armored
                        ]))
            }
        }
        return (signer, refusedURLs)
    }

    /// The name of the manifest the PDF embeds, also written beside it (`nxaudit-2026-10.embedded.manifest.json`).
    public static func embeddedManifestName(base: String) -> String { "\(base).embedded.manifest.json" }

    /// The PDF's document information: title, author (the policy's organisation, else nxaudit),
    /// subject, keywords, creation time and identifier, all from the report.
    static func pdfMetadata(_ report: AuditReport) -> PDFRenderer.Metadata {
        let period = report.period
        return PDFRenderer.Metadata(
            title: "Nexthink audit compliance report \(period.label)",
            author: report.policy.organisation ?? report.tool.name,
            subject: "Compliance report on the Nexthink audit trail for \(period.firstDay) to \(period.lastDay) "
                + "(\(period.timeZone.ianaName)), report \(report.reportID)",
            keywords: [
                "Nexthink", "audit trail", "compliance report", period.label, report.reportID, "PCI DSS 10",
                "ISO/IEC 27001 A.8.15", "NIST SP 800-53 AU", "SOX ITGC",
            ],
            createdSeconds: report.generatedAtSeconds, identifier: report.reportID,
            creator: "\(report.tool.name) \(report.tool.version)")
    }

    /// The signature already beside a file when the file's bytes are unchanged and it is by the same
    /// key: a rerun with a key whose signatures differ each time (ECDSA) leaves it as it is.
    static func keptSignature(
        _ path: String, over file: ReportWriter.Planned, by key: SignatureKey, with signing: Signing
    ) -> String? {
        let target = String(path.dropLast(".sig".count))
        guard let existing = FileManager.default.contents(atPath: target), SHA256.hex(of: existing) == file.sha256,
            let signature = FileManager.default.contents(atPath: path),
            SignatureKey(armored: String(decoding: signature, as: UTF8.self)) == key,
            signing.keygen.isSignature(path, over: existing)
        else { return nil }
        return String(decoding: signature, as: UTF8.self)
    }
}

/// The file name of a period's reports without extension (`--name`): a pattern in which
/// `{period}` (2026-10, 2026-Q3, 2026 or 2026-10-01_2026-10-15), `{from}` and `{to}` are replaced.
public struct ReportNamePattern: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String

    /// `nxaudit-{period}`.
    public static let standard = ReportNamePattern(checked: ReportWriter.defaultBase(period: "{period}"))

    /// Why a pattern cannot name report files.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownToken(String)
        case notAPlainName

        public var description: String {
            switch self {
            case .unknownToken(let token): "\(token) is not a token; use {period}, {from} and {to}."
            case .notAPlainName: "give a plain file name (no '/', not starting with '.'); --output chooses the folder."
            }
        }
    }

    /// Checks `pattern` once, so that every period gives a plain file name.
    public init(_ pattern: String) throws(Failure) {
        // A label of any period stands in for all: each starts with a digit and holds no '/' and no '{'.
        let sample = Self.replacingTokens(in: pattern, period: "2026-10", from: "2026-10-01", to: "2026-10-31")
        if let open = sample.firstIndex(of: "{") {
            throw .unknownToken("\(sample[open...].prefix { $0 != "}" })}")
        }
        guard !sample.isEmpty, !sample.contains("/"), !sample.hasPrefix("."), sample.allSatisfy({ !$0.isNewline })
        else {
            throw .notAPlainName
        }
        self.init(checked: pattern)
    }

    private init(checked pattern: String) { self.pattern = pattern }

    /// The file name without extension for `period`'s reports.
    public func base(for period: ReportPeriod) -> String {
        Self.replacingTokens(
            in: pattern, period: period.label, from: period.firstDay.description, to: period.lastDay.description)
    }

    public var description: String { pattern }

    private static func replacingTokens(in pattern: String, period: String, from: String, to: String) -> String {
        var base = pattern
        for (token, value) in [("{period}", period), ("{from}", from), ("{to}", to)] {
            base = base.replacingOccurrences(of: token, with: value)
        }
        return base
    }
}
