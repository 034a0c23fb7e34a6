import Foundation

/// The report as an OSCAL Assessment Results document (JSON, OSCAL 1.1.3), for GRC tools.
///
/// One result per report: the period as its start and end, the control matrix's controls as
/// the reviewed controls, one observation per control (its status, population and exceptions)
/// and one per finding (its evidence lines, pointing at the inputs listed in the back matter
/// with their SHA-256), and one OSCAL finding per finding, targeting the objective of the first
/// control it cites. UUIDs are name-based (`NameBasedUUID`): from the report ID for what
/// belongs to one report, from the fingerprint (and the policy's organisation) for a finding,
/// so a rerun gives the same bytes and a finding keeps its UUID from month to month.
/// docs/oscal.md describes every field.
enum OSCALExport {
    static let oscalVersion = "1.1.3"
    /// The namespace of the properties nxaudit defines (a name, not a location).
    static let propertyNamespace = "https://nxaudit.invalid/ns/oscal"
    /// The namespace of nxaudit's name-based UUIDs.
    static let uuidNamespace = NameBasedUUID.bytes("urn:nxaudit:oscal", namespace: NameBasedUUID.urlNamespace)

    static func uuid(_ name: String) -> String { NameBasedUUID.v5(name, namespace: uuidNamespace) }

    /// The document, keys sorted, so reruns give the same bytes.
    static func json(_ view: ReportView) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings and arrays of them only: encoding cannot fail.
        return String(decoding: try! encoder.encode(document(view)), as: UTF8.self) + "\n"
    }

    /// The OSCAL control ID of a control nxaudit cites: NIST SP 800-53's own (`au-5`, `ac-2.4`, as
    /// NIST's OSCAL catalog names them), otherwise the framework's token and its reference
    /// (`pci-dss_10.2.1.6`, `iso-iec-27001_a.8.15`, `sox-itgc_apd`).
    static func controlID(framework: String, reference: String) -> String {
        let lower = reference.lowercased()
        if framework == ControlReference.Framework.nist80053.key {
            // AC-2(4) → ac-2.4
            return lower.replacingOccurrences(of: "(", with: ".").replacingOccurrences(of: ")", with: "")
        }
        let token = lower.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "-" }
        return "\(framework.isEmpty ? "nxaudit" : framework)_\(String(token))"
    }

    static func document(_ view: ReportView) -> Document {
        let reportID = view.verdict.reportID
        func scoped(_ name: String) -> String { uuid("\(reportID)/\(name)") }

        // Back matter: the plan (rules and policy) and every input with its digest.
        let planUUID = scoped("plan")
        var resources = [plan(view, uuid: planUUID)]
        var inputResource: [String: String] = [:]
        for input in view.coverage.inputs {
            let id = scoped("input/\(input.path)")
            inputResource[input.path] = id
            resources.append(
                Resource(
                    uuid: id, title: input.path,
                    description: "Input read for the report: \(input.linesRead) lines, "
                        + "\(input.eventsInPeriod) events in the period.",
                    props: nil,
                    rlinks: [
                        RLink(
                            href: href(input.path), mediaType: input.compressed ? "application/gzip" : "text/plain",
                            hashes: [Hash(algorithm: "SHA-256", value: input.sha256)])
                    ]))
        }
        if let archive = view.coverage.archive {
            let id = scoped("archive")
            for file in Set(view.findings.flatMap { $0.evidence.map(\.file) }) where inputResource[file] == nil {
                inputResource[file] = id
            }
            resources.append(
                Resource(
                    uuid: id, title: archive.path,
                    description: "The evidence archive the report read: \(archive.rowsRead) rows, chain head "
                        + "\(archive.head) (nxaudit archive verify --head checks it still holds it).",
                    props: props([("archive-head", archive.head)]), rlinks: [RLink(href: href(archive.path))]))
        }

        var observations: [Observation] = []
        var controlObservation: [String: String] = [:]
        // One state per control objective, the control matrix's: a finding (an info one too) that
        // targets a control with exceptions says not-satisfied, like every other finding on it.
        var satisfied: [String: Bool] = [:]
        for row in view.controls.rows {
            satisfied[row.id] = !["exceptions", "not-operating", "operating-with-exceptions"].contains(row.statusKey)
        }
        func status(of control: String?) -> TargetStatus {
            let met = control.flatMap { satisfied[$0] } ?? false
            return TargetStatus(state: met ? "satisfied" : "not-satisfied", reason: met ? "pass" : "fail")
        }
        var reviewed: [ControlID] = []
        for row in view.controls.rows {
            let control = controlID(framework: row.frameworkKey, reference: row.reference)
            reviewed.append(ControlID(controlID: control))
            let id = scoped("control/\(row.id)")
            controlObservation[row.id] = id
            let untested = ["not-shown", "not-tested"].contains(row.statusKey)
            observations.append(
                Observation(
                    uuid: id, title: "\(row.id): \(row.status)",
                    description: "\(row.requirement) \(row.population) event(s) of its population in the period, "
                        + "all examined; \(row.exceptions) exception(s)."
                        + row.reasons.map { " \($0)" }.joined()
                        + (row.hasLimitation ? " Limitation: \(row.limitation)" : ""),
                    props: props(
                        [
                            ("control", row.id), ("control-kind", row.kind), ("control-status", row.statusKey),
                            ("framework", row.frameworkKey), ("framework-version", row.frameworkVersion),
                            ("reference", row.reference), ("events-examined", String(row.population)),
                            ("exceptions", String(row.exceptions)),
                        ] + row.ruleIds.map { ("rule", $0) }),
                    methods: [untested ? "UNKNOWN" : "TEST"], types: ["control-objective"],
                    collected: view.generatedAt, relevantEvidence: nil))
        }

        var findings: [Finding] = []
        var occurrences: [String: Int] = [:]
        let organisation = view.policy.organisation ?? ""
        for finding in view.findings {
            let observationID = scoped("finding/\(finding.id)")
            var evidence = finding.evidence.map { line in
                RelevantEvidence(href: inputResource[line.file].map { "#\($0)" }, description: line.location)
            }
            if finding.moreEvidence > 0 {
                evidence.append(
                    RelevantEvidence(
                        href: nil,
                        description: "\(finding.moreEvidence) more line(s): \(finding.moreEvidenceNote)."))
            }
            observations.append(
                Observation(
                    uuid: observationID, title: "\(finding.id): evidence",
                    description: ([finding.summary] + finding.also.map(\.summary)).joined(separator: " ")
                        + (finding.quote.isEmpty ? "" : " Key event: \(finding.quote)"),
                    props: props([("events", String(finding.events)), ("more-evidence", String(finding.moreEvidence))]),
                    methods: ["TEST"], types: ["finding"], collected: view.generatedAt,
                    relevantEvidence: evidence.isEmpty ? nil : evidence))
            // The same fingerprint twice in one period (an account locked twice): the second gets its own UUID.
            let seen = occurrences[finding.fingerprint, default: 0] + 1
            occurrences[finding.fingerprint] = seen
            let identity =
                "finding/\(organisation)/\(finding.fingerprint)" + (seen > 1 ? "/\(seen)" : "")
            let target = finding.controls.first
            let targetControl = target.map { controlID(framework: $0.framework, reference: $0.reference) }
            findings.append(
                Finding(
                    uuid: uuid(identity), title: "\(finding.id) \(finding.rule): \(finding.subject)",
                    description: finding.summary,
                    props: props(
                        [
                            ("finding-id", finding.id), ("fingerprint", finding.fingerprint),
                            ("severity", finding.severity), ("family", finding.family), ("subject", finding.subject),
                            ("events", String(finding.events)), ("first", finding.first), ("last", finding.last),
                            ("baseline-status", finding.trend),
                        ] + finding.rules.map { ("rule", $0) } + finding.controls.map { ("control", $0.id) }
                            + finding.organisationControls.map { ("organisation-control", $0) }),
                    target: Target(
                        type: "objective-id", targetID: (targetControl ?? "nxaudit_\(finding.rule)") + "_obj",
                        title: target.map { "\($0.id) (\($0.frameworkName) \($0.version))" },
                        props: target.flatMap {
                            props([
                                ("framework", $0.framework), ("framework-version", $0.version),
                                ("reference", $0.reference),
                            ])
                        },
                        status: status(of: target?.id)),
                    relatedObservations: ([observationID]
                        + (target.flatMap { controlObservation[$0.id] }.map { [$0] }
                            ?? []))
                        .map(RelatedObservation.init),
                    remarks: finding.recommendation))
        }
        // The baseline's findings that no longer occur, under the UUID they had: a tool closes them.
        for resolved in view.comparison?.resolved ?? [] {
            let target = view.rules.first { $0.id == resolved.rule }?.controls.first
            findings.append(
                Finding(
                    uuid: uuid("finding/\(organisation)/\(resolved.fingerprint)"),
                    title: "\(resolved.id) \(resolved.rule): \(resolved.subject) (resolved)",
                    description: "Finding \(resolved.id) of the baseline report (\(view.comparison?.label ?? "")) "
                        + "does not occur in this period.",
                    props: props([
                        ("finding-id", resolved.id), ("fingerprint", resolved.fingerprint),
                        ("severity", resolved.severity), ("subject", resolved.subject),
                        ("baseline-status", "resolved"), ("rule", resolved.rule),
                    ]),
                    target: Target(
                        type: "objective-id",
                        targetID: (target.map { controlID(framework: $0.framework, reference: $0.reference) }
                            ?? "nxaudit_\(resolved.rule)") + "_obj",
                        title: target.map { "\($0.id) (\($0.frameworkName) \($0.version))" }, props: nil,
                        status: status(of: target?.id)),
                    relatedObservations: target.flatMap { controlObservation[$0.id] }.map { [RelatedObservation($0)] },
                    remarks: nil))
        }

        var parties: [Party] = []
        var responsible: [ResponsibleParty] = []
        var roles: [Role] = []
        if let name = view.policy.organisation {
            let id = uuid("party/organization/\(name)")
            parties.append(Party(uuid: id, type: "organization", name: name))
            roles.append(Role(id: "prepared-for", title: "Prepared For"))
            responsible.append(ResponsibleParty(roleID: "prepared-for", partyUUIDs: [id]))
        }
        if let name = view.policy.preparedBy {
            let id = uuid("party/person/\(organisation)/\(name)")
            parties.append(Party(uuid: id, type: "person", name: name))
            roles.append(Role(id: "prepared-by", title: "Prepared By"))
            responsible.append(ResponsibleParty(roleID: "prepared-by", partyUUIDs: [id]))
        }

        let verdict = view.verdict
        let result = Result(
            uuid: scoped("result"), title: "Audit trail review \(view.period.label) (\(view.period.timezone))",
            description: "\(verdict.headline). \(verdict.examination) \(verdict.accounting)"
                + verdict.evidenceReasons.map { " \($0)" }.joined(),
            start: view.period.start, end: view.period.end,
            props: props([
                ("report-id", reportID), ("evidence", verdict.evidenceComplete ? "complete" : "incomplete"),
                ("exit-status", String(verdict.exitStatus)), ("findings-awaiting", String(verdict.findingsAwaiting)),
                ("observations", String(verdict.observations)), ("lines-read", String(view.coverage.linesRead)),
                ("events-in-period", String(view.coverage.eventsInPeriod)),
            ]),
            reviewedControls: ReviewedControls(controlSelections: [ControlSelection(includeControls: reviewed)]),
            observations: observations.isEmpty ? nil : observations, findings: findings.isEmpty ? nil : findings,
            remarks: verdict.hasNegativeAssurance ? verdict.negativeAssurance : nil)

        return Document(
            assessmentResults: AssessmentResults(
                uuid: scoped("assessment-results"),
                metadata: Metadata(
                    title: "nxaudit compliance report \(view.period.label): Nexthink audit trail",
                    lastModified: view.generatedAt, version: reportID, oscalVersion: oscalVersion,
                    props: props([
                        ("report-id", reportID), ("tool", "\(view.tool.name) \(view.tool.version)"),
                        ("classification", verdict.classification),
                    ]),
                    roles: roles.isEmpty ? nil : roles, parties: parties.isEmpty ? nil : parties,
                    responsibleParties: responsible.isEmpty ? nil : responsible),
                importAP: ImportAP(href: "#\(planUUID)"), results: [result],
                backMatter: BackMatter(resources: resources)))
    }

    /// The assessment plan the results import: nxaudit's rules under the report's policy.
    static func plan(_ view: ReportView, uuid: String) -> Resource {
        let ran = view.rules.filter(\.evaluated)
        let policy =
            view.policy.usesDefaults
            ? "the documented default policy"
            : "the policy \(view.policy.file) (SHA-256 \(view.policy.sha256))"
        return Resource(
            uuid: uuid, title: "nxaudit assessment plan: \(ran.count) automated rules under \(policy)",
            description: "Every event of the period [\(view.period.start), \(view.period.end)) in "
                + "\(view.period.timezone) is examined by \(view.tool.name) \(view.tool.version)'s rules, no "
                + "sampling: " + view.rules.map { "\($0.id) (\($0.question))" }.joined(separator: "; ") + ".",
            props: props(view.rules.map { ("rule", $0.id) }),
            rlinks: view.policy.usesDefaults
                ? nil
                : [RLink(href: href(view.policy.file), hashes: [Hash(algorithm: "SHA-256", value: view.policy.sha256)])]
        )
    }

    /// nxaudit's properties, without the empty ones (OSCAL refuses empty values), trimmed.
    static func props(_ pairs: [(String, String)]) -> [Prop]? {
        let kept = pairs.compactMap { name, value -> Prop? in
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : Prop(name: name, ns: propertyNamespace, value: trimmed)
        }
        return kept.isEmpty ? nil : kept
    }

    /// A path as a URI reference (spaces and the like percent-encoded).
    static func href(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    // MARK: The OSCAL model, as far as nxaudit writes it (keys as OSCAL's JSON names them).

    struct Document: Encodable {
        var assessmentResults: AssessmentResults
        enum CodingKeys: String, CodingKey { case assessmentResults = "assessment-results" }
    }

    struct AssessmentResults: Encodable {
        var uuid: String
        var metadata: Metadata
        var importAP: ImportAP
        var results: [Result]
        var backMatter: BackMatter
        enum CodingKeys: String, CodingKey {
            case uuid, metadata, results
            case importAP = "import-ap", backMatter = "back-matter"
        }
    }

    struct Metadata: Encodable {
        var title, lastModified, version, oscalVersion: String
        var props: [Prop]?
        var roles: [Role]?
        var parties: [Party]?
        var responsibleParties: [ResponsibleParty]?
        enum CodingKeys: String, CodingKey {
            case title, version, props, roles, parties
            case lastModified = "last-modified", oscalVersion = "oscal-version"
            case responsibleParties = "responsible-parties"
        }
    }

    struct Prop: Encodable { var name, ns, value: String }
    struct Role: Encodable { var id, title: String }
    struct Party: Encodable { var uuid, type, name: String }

    struct ResponsibleParty: Encodable {
        var roleID: String
        var partyUUIDs: [String]
        enum CodingKeys: String, CodingKey { case roleID = "role-id", partyUUIDs = "party-uuids" }
    }

    struct ImportAP: Encodable { var href: String }

    struct Result: Encodable {
        var uuid, title, description, start, end: String
        var props: [Prop]?
        var reviewedControls: ReviewedControls
        var observations: [Observation]?
        var findings: [Finding]?
        var remarks: String?
        enum CodingKeys: String, CodingKey {
            case uuid, title, description, start, end, props, observations, findings, remarks
            case reviewedControls = "reviewed-controls"
        }
    }

    struct ReviewedControls: Encodable {
        var controlSelections: [ControlSelection]
        enum CodingKeys: String, CodingKey { case controlSelections = "control-selections" }
    }

    struct ControlSelection: Encodable {
        var includeControls: [ControlID]
        enum CodingKeys: String, CodingKey { case includeControls = "include-controls" }
    }

    struct ControlID: Encodable {
        var controlID: String
        enum CodingKeys: String, CodingKey { case controlID = "control-id" }
    }

    struct Observation: Encodable {
        var uuid, title, description: String
        var props: [Prop]?
        var methods: [String]
        var types: [String]?
        var collected: String
        var relevantEvidence: [RelevantEvidence]?
        enum CodingKeys: String, CodingKey {
            case uuid, title, description, props, methods, types, collected
            case relevantEvidence = "relevant-evidence"
        }
    }

    struct RelevantEvidence: Encodable {
        var href: String?
        var description: String
    }

    struct Finding: Encodable {
        var uuid, title, description: String
        var props: [Prop]?
        var target: Target
        var relatedObservations: [RelatedObservation]?
        var remarks: String?
        enum CodingKeys: String, CodingKey {
            case uuid, title, description, props, target, remarks
            case relatedObservations = "related-observations"
        }
    }

    struct Target: Encodable {
        var type, targetID: String
        var title: String?
        var props: [Prop]?
        var status: TargetStatus
        enum CodingKeys: String, CodingKey {
            case type, title, props, status
            case targetID = "target-id"
        }
    }

    struct TargetStatus: Encodable { var state, reason: String }

    struct RelatedObservation: Encodable {
        var observationUUID: String
        enum CodingKeys: String, CodingKey { case observationUUID = "observation-uuid" }
        init(_ uuid: String) { observationUUID = uuid }
    }

    struct BackMatter: Encodable { var resources: [Resource] }

    struct Resource: Encodable {
        var uuid: String
        var title: String?
        var description: String?
        var props: [Prop]?
        var rlinks: [RLink]?
    }

    struct RLink: Encodable {
        var href: String
        var mediaType: String?
        var hashes: [Hash]?
        enum CodingKeys: String, CodingKey { case href, hashes, mediaType = "media-type" }
        init(href: String, mediaType: String? = nil, hashes: [Hash]? = nil) {
            (self.href, self.mediaType, self.hashes) = (href, mediaType, hashes)
        }
    }

    struct Hash: Encodable { var algorithm, value: String }
}
