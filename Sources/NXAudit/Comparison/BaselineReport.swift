import Foundation

/// What a previous report (its XML) says, as far as the comparison needs it.
public struct BaselineReport: Sendable, Equatable {
    public var path: String
    public var sha256: String
    /// `verified against nxaudit-2026-09.manifest.json`, or why it was not.
    public var verification: String
    /// The manifest that names it with the same SHA-256; nil when none does.
    public var manifest: String?
    /// The schema version it is written in.
    public var schema: ReportSchema
    public var periodLabel, from, to: String
    public var eventsInPeriod: Int
    /// Findings per rule id.
    public var findingsByRule: [String: Int]
    /// Status per control id, as a token (`examined-no-exceptions`; a schema-1 status nxaudit no
    /// longer writes is kept as it was written).
    public var controlStatus: [String: String]
    /// Accounts that made privilege or account changes.
    public var administrators: Set<String>
    /// Access-state objects as `kind|name` → state, the kind as a token (`portal-account|alice`).
    public var accessObjects: [String: String]
    /// Its findings, as their IDs and fingerprints name them (reports written before findings
    /// had fingerprints give none).
    public var findings: [BaselineFinding] = []

    /// A baseline that cannot be used, with what to do.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String)
        case invalid(path: String, reason: String)
        case changedSinceWritten(path: String, manifest: String)
        case manifestUnreadable(path: String, manifest: String)
        case notEarlier(path: String, baselineTo: String, periodFrom: String)

        public var description: String {
            switch self {
            case .unreadable(let path):
                "--baseline \(path): cannot be read; give the XML report of the previous period."
            case .invalid(let path, let reason):
                "--baseline \(path): not an nxaudit XML report (\(reason)); give the .xml file of the previous period."
            case .changedSinceWritten(let path, let manifest):
                "--baseline \(path): its SHA-256 differs from the one in \(manifest); the previous report "
                    + "was changed after it was written, so it is not a baseline to trust."
            case .manifestUnreadable(let path, let manifest):
                "--baseline \(path): the manifest beside it, \(manifest), cannot be read as an nxaudit "
                    + "manifest; restore it, or move the baseline away from it to compare without verification."
            case .notEarlier(let path, let baselineTo, let periodFrom):
                "--baseline \(path): its period ends on \(baselineTo), not before this period starts "
                    + "(\(periodFrom)); give the report of an earlier period."
            }
        }
    }

    /// Reads and checks `path`: a report of either schema version, valid against its schema
    /// (`validator` for the current version, the built-in one for version 1), and equal to its
    /// manifest's digest when one is beside it.
    public static func load(_ path: String, validator: XMLSchemaValidator) throws(Failure) -> BaselineReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let text = String(decoding: data, as: UTF8.self)
        let schema: ReportSchema
        switch ReportSchema.of(text) {
        case .success(let found): schema = found
        case .failure(let why): throw .invalid(path: path, reason: why.description)
        }
        let problems: [XMLDiagnostic]
        if schema == .current {
            problems = validator.validate(text)
        } else {
            do {
                problems = try schema.builtInValidator().validate(text)
            } catch {
                throw .invalid(path: path, reason: "the built-in schema of \(schema) cannot be read: \(error)")
            }
        }
        if let first = problems.first {
            throw .invalid(path: path, reason: "\(schema), line \(first.line): \(first.message)")
        }
        let digest = SHA256.hex(of: data)
        var baseline = BaselineReport(
            path: path, sha256: digest, verification: "", schema: schema, periodLabel: "", from: "", to: "",
            eventsInPeriod: 0, findingsByRule: [:], controlStatus: [:], administrators: [], accessObjects: [:])
        XMLElementWalker.walk(text) { path, a in
            switch path.joined(separator: "/") {
            case "complianceReport/period":
                baseline.periodLabel = a["label"] ?? ""
                baseline.from = a["from"] ?? ""
                baseline.to = a["to"] ?? ""
            case "complianceReport/coverage": baseline.eventsInPeriod = Int(a["eventsInPeriod"] ?? "") ?? 0
            case "complianceReport/rules/rule":
                if let id = a["id"] { baseline.findingsByRule[id] = Int(a["findings"] ?? "") ?? 0 }
            case "complianceReport/findings/finding":
                if let fingerprint = a["fingerprint"] {
                    baseline.findings.append(
                        BaselineFinding(
                            id: a["id"] ?? "", fingerprint: fingerprint, rule: a["rule"] ?? "",
                            severity: a["severity"] ?? "", subject: a["subject"] ?? ""))
                }
            case "complianceReport/controlMatrix/control":  // schema 1
                if let id = a["id"], let status = a["status"] {
                    baseline.controlStatus[id] = ControlResult.Status(text: status)?.key ?? token(status)
                }
            case "complianceReport/controlMatrix/controlResult":  // schema 2
                if let id = a["control"], let status = a["status"] { baseline.controlStatus[id] = status }
            case "complianceReport/privilegeRegister/entry":
                if let actor = a["actor"], !Accounts.isSystem(actor) { baseline.administrators.insert(actor) }
            case "complianceReport/accessState/object":
                if let kind = a["kind"], let name = a["name"] {
                    baseline.accessObjects["\(AccessObject.Kind(text: kind)?.key ?? kind)|\(name)"] = a["state"] ?? ""
                }
            default: break
            }
        }
        (baseline.verification, baseline.manifest) = try verify(path: path, digest: digest, label: baseline.periodLabel)
        return baseline
    }

    /// A schema-1 status nxaudit no longer writes (`no evidence in period`) as a token like the others.
    static func token(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.isEmpty ? "unknown" : words.joined(separator: "-")
    }

    /// Checks the baseline against the manifest beside it that names it, when there is one
    /// (`nxaudit-LABEL.manifest.json` first, then any other `*.manifest.json`, for `--name`).
    static func verify(path: String, digest: String, label: String) throws(Failure) -> (String, String?) {
        let directory = (path as NSString).deletingLastPathComponent
        let file = (path as NSString).lastPathComponent
        let preferred = EvidenceManifest.fileName(base: ReportWriter.defaultBase(period: label))
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? [])
            .filter { $0.hasSuffix(".manifest.json") && $0 != preferred }.sorted()
        for name in [preferred] + others {
            let manifestPath = directory.isEmpty ? name : directory + "/" + name
            guard FileManager.default.fileExists(atPath: manifestPath) else { continue }
            let manifest: EvidenceManifest
            do {
                manifest = try ManifestVerifier.load(manifestPath)
            } catch {
                // The nxaudit manifest of its own period must be readable; other JSON files may be anything.
                if name == preferred { throw .manifestUnreadable(path: path, manifest: manifestPath) }
                continue
            }
            guard let entry = manifest.outputs.first(where: { $0.file == file }) else { continue }
            guard entry.sha256 == digest else { throw .changedSinceWritten(path: path, manifest: manifestPath) }
            return ("verified against \(name)", name)
        }
        return ("no manifest names it; its SHA-256 is \(digest)", nil)
    }
}

/// A finding of the baseline report, as its XML names it.
public struct BaselineFinding: Sendable, Equatable {
    public var id, fingerprint, rule, severity, subject: String
}
