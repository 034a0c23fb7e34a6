import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif
@testable import NXAudit

/// Every field of the JSON export has its place in the XML report (schema 2).
///
/// The JSON is the view model encoded; the XML is what a GRC tool imports. Each JSON leaf is named
/// by its path pattern (`findings[].evidence[].line`, array indices as `[]`) and is either *mapped*
/// (`places`: the XML attribute, element text or element presence that holds it, compared value for
/// value, element by element, in order) or *derived* (`derived`: presentation computed from mapped
/// fields, the XML it comes from named and the derivation checked). A leaf that is neither fails the
/// test: a new JSON field needs a place in the XML (or a derivation) before it ships.
@Suite("XML round trip")
struct XMLRoundTripTests {
    static let namespace = "urn:nxaudit:report:2"

    @Test func everyJSONFieldHasItsPlaceInTheXML() throws {
        let reports = try Self.writeReports()
        var exercised = Set<String>()
        for base in reports.bases {
            exercised.formUnion(try Self.check(base))
        }
        // What no run exercised: said, so that a table entry no report reaches is seen.
        let idle = Set(Self.places.keys).union(Self.derived.keys).subtracting(exercised).sorted()
        if !idle.isEmpty { print("XML round trip: not exercised by these reports: " + idle.joined(separator: ", ")) }
        for (pattern, gap) in Self.knownGaps.sorted(by: { $0.key < $1.key }) {
            print("XML round trip: KNOWN GAP, no place in the XML: \(pattern): \(gap)")
        }
    }

    @Test func theXMLIsOfSchemaTwoAndEveryFindingIsIdentified() throws {
        let reports = try Self.writeReports()
        for base in reports.bases {
            let text = try String(contentsOfFile: base + ".xml", encoding: .utf8)
            let document = try XMLDocument(data: Data(text.utf8))
            let root = try #require(document.rootElement())
            #expect(root.localName == "complianceReport" && root.uri == Self.namespace, "\(base).xml")
            #expect(root.attributes?.first { $0.name == "schemaVersion" }?.stringValue == "2")
            let foreign = try document.nodes(forXPath: "//*[namespace-uri()!='\(Self.namespace)']")
            #expect(foreign.isEmpty, "every element is in \(Self.namespace)")
            let findings = try xmlFindings(in: text)
            #expect(!findings.isEmpty)
            for finding in findings {
                for name in ["id", "fingerprint", "events", "moreEvidence"] {
                    #expect(finding[name]?.isEmpty == false, "\(base).xml: a finding without \(name): \(finding)")
                }
                if finding["time"] != nil {
                    #expect(finding["first"] != nil && finding["last"] != nil, "\(base).xml: \(finding)")
                }
            }
            let valid = try nxaudit(["validate", base + ".xml"])
            #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        }
    }

    // MARK: - The reports

    /// October over the samples (the README's command); November with October's XML as its baseline
    /// (a comparison), with an Audit Trail API error response, a Windows-1252 line and an unknown code
    /// beside the logs; and October again from an evidence archive. Each written as XML and JSON;
    /// `bases` are their paths without the extension.
    static func writeReports() throws -> (dir: TemporaryDirectory, bases: [String]) {
        let dir = TemporaryDirectory()
        let out = dir.path + "/reports"
        let common = ["--timezone", "Europe/Zurich", "--policy", "samples/policy.yaml", "--format", "xml,json"]
        let october = try nxaudit(
            ["report", "--month", "2026-10", "--year", "2026"] + common + ["samples/logs", "--output", out],
            in: Checkout.root.path)
        #expect(october.status == 0, "\(october.stderr)")

        let errorResponse = dir.write(
            "engine07.log", "[{\"code\": 500, \"message\": \"Engine engine07 is unknown or unreachable\"}]\n")
        // A line whose bytes are not UTF-8 (read as Windows-1252), and an event of a code nxaudit does not know.
        let latin = Array("2026-11-05T12:03:22Z portal01 nxportal[1]: [Portal|USER|20206|admin] Role caf".utf8)
        let unknown = "2026-11-06T09:00:00Z portal01 nxportal[1]: [Portal|USER|29999|admin] Something new happened\n"
        let windows1252 = dir.write(
            "latin.log", bytes: latin + [0xE9] + Array(" is added\n".utf8) + Array(unknown.utf8))
        let november = try nxaudit(
            ["report", "--month", "2026-11", "--year", "2026"] + common
                + [
                    "--baseline", out + "/nxaudit-2026-10.xml", "samples/logs", errorResponse, windows1252,
                    "--output", out,
                ],
            in: Checkout.root.path)
        #expect(november.status == 2, "\(november.stderr)")  // written; the evidence is insufficient

        let archive = dir.path + "/archive.sqlite"
        let added = try nxaudit(
            ["archive", "add", "--archive", archive, "--timezone", "Europe/Zurich", "--year", "2026", "samples/logs"],
            in: Checkout.root.path)
        #expect(added.status == 0, "\(added.stderr)")
        let archived = try nxaudit(
            ["report", "--month", "2026-10"] + common + ["--archive", archive, "--output", dir.path + "/archived"],
            in: Checkout.root.path)
        #expect(archived.status == 0, "\(archived.stderr)")
        return (dir, [out + "/nxaudit-2026-10", out + "/nxaudit-2026-11", dir.path + "/archived/nxaudit-2026-10"])
    }

    // MARK: - The check

    /// Compares `base.json` with `base.xml`; returns the table entries it used.
    static func check(_ base: String) throws -> Set<String> {
        let name = base.split(separator: "/").suffix(2).joined(separator: "/")  // reports/nxaudit-2026-10
        let report = try JSONDecoder().decode(JSON.self, from: Data(contentsOf: URL(fileURLWithPath: base + ".json")))
        let xml = try XMLReport(String(contentsOfFile: base + ".xml", encoding: .utf8))
        var leaves: [Leaf] = []
        var arrays: [ArrayInstance] = []
        walk(report, path: "", pattern: "", indices: [], owner: report, leaves: &leaves, arrays: &arrays)

        var used = Set<String>()
        var unplaced: [String: (example: String, count: Int)] = [:]
        var problems: [String: [String]] = [:]
        func problem(_ pattern: String, _ text: String) { problems[pattern, default: []].append(text) }

        for leaf in leaves {
            if let place = places[leaf.pattern] {
                used.insert(leaf.pattern)
                let json = leaf.value.text ?? "null"
                let found = try xml.find(place.path, indices: leaf.indices)
                switch (place.reading, found) {
                case (.presence, _):
                    let present = found != nil
                    if json != String(present) {
                        problem(
                            leaf.pattern, "\(leaf.path) is \(json), but \(place.path) is \(present ? "" : "not ")there")
                    }
                case (.value, let text?):
                    if text != (place.tokens[json] ?? json) {
                        problem(leaf.pattern, "\(leaf.path) is \(quoted(json)), \(place.path) is \(quoted(text))")
                    }
                case (.value, nil):
                    if place.absent != json {
                        problem(leaf.pattern, "\(leaf.path) is \(quoted(json)), but \(place.path) is not there")
                    }
                }
            } else if let key = derivedKey(leaf.pattern) {
                used.insert(key)
                if case .field(let holds) = derived[key]!.check, !holds(leaf.value, leaf.owner) {
                    problem(
                        key,
                        "\(leaf.path) = \(quoted(leaf.value.text ?? "\(leaf.value)")) is not derived from "
                            + derived[key]!.from)
                }
            } else if knownGaps[leaf.pattern] == nil {
                unplaced[leaf.pattern] = (
                    unplaced[leaf.pattern]?.example ?? leaf.path, (unplaced[leaf.pattern]?.count ?? 0) + 1
                )
            }
        }
        // Each JSON array has as many XML elements, in order: the leaves above compare them one by one,
        // this catches the elements the XML has more of, and empty arrays.
        let sortedPlaces = places.sorted { $0.key < $1.key }
        for array in arrays {
            let items = array.pattern + "[]"
            if let (key, place) = sortedPlaces.first(where: {
                $0.key == items || $0.key.hasPrefix(items + ".")
            }) {
                used.insert(key)
                let count = try xml.count(place.path, level: array.indices.count, indices: array.indices)
                if (count ?? 0) != array.count {
                    problem(key, "\(array.path) has \(array.count) items, the XML \(count ?? 0) at \(place.path)")
                }
            } else if let key = derivedKey(items) {
                used.insert(key)
            } else if array.count == 0, knownGaps[items] == nil {
                unplaced[items] = (unplaced[items]?.example ?? array.path, (unplaced[items]?.count ?? 0) + 1)
            }
        }
        for key in used.sorted() {
            if case .report(let findProblems) = derived[key]?.check {
                for text in findProblems(report) { problem(key, text) }
            }
        }

        for (pattern, seen) in unplaced.sorted(by: { $0.key < $1.key }) {
            Issue.record(
                """
                \(name).json: \(pattern) (\(seen.count)×, e.g. \(seen.example)) has no place in the XML: \
                map it in `places`, or list it in `derived` with the XML it is derived from and a check; \
                if the XML truly lacks it, that is a schema gap (`knownGaps`)
                """)
        }
        for (pattern, texts) in problems.sorted(by: { $0.key < $1.key }) {
            let shown = texts.prefix(3).joined(separator: "; ")
            Issue.record("\(name): \(pattern): \(shown)\(texts.count > 3 ? "; and \(texts.count - 3) more" : "")")
        }
        return used
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// The `derived` entry for `pattern`: itself, else the longest entry whose subtree holds it.
    static func derivedKey(_ pattern: String) -> String? {
        if derived[pattern] != nil { return pattern }
        return derived.keys.filter { pattern.hasPrefix($0 + ".") || pattern.hasPrefix($0 + "[]") }
            .max { $0.count < $1.count }
    }

    /// One scalar of the JSON: where it is, its pattern, the indices of the arrays on its way (outermost
    /// first), and the object it is a field of (for an array item, the object holding the array).
    struct Leaf {
        var path, pattern: String
        var indices: [Int]
        var value, owner: JSON
    }

    struct ArrayInstance {
        var path, pattern: String
        var indices: [Int]
        var count: Int
    }

    static func walk(
        _ value: JSON, path: String, pattern: String, indices: [Int], owner: JSON, leaves: inout [Leaf],
        arrays: inout [ArrayInstance]
    ) {
        switch value {
        case .object(let fields):
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                let dot = path.isEmpty ? "" : "."
                walk(
                    field, path: path + dot + key, pattern: pattern + dot + key, indices: indices, owner: value,
                    leaves: &leaves, arrays: &arrays)
            }
        case .array(let items):
            arrays.append(ArrayInstance(path: path, pattern: pattern, indices: indices, count: items.count))
            for (index, item) in items.enumerated() {
                walk(
                    item, path: path + "[\(index)]", pattern: pattern + "[]", indices: indices + [index], owner: owner,
                    leaves: &leaves, arrays: &arrays)
            }
        default:
            leaves.append(Leaf(path: path, pattern: pattern, indices: indices, value: value, owner: owner))
        }
    }
}

// MARK: - Where each JSON field lives in the XML

/// A place in the XML report: a path below `complianceReport` of element steps (`finding[]` steps
/// through the elements named `finding` by the JSON's array indices, in order; a step without `[]`
/// takes the first), then `@attribute`, or nothing for the element's text. Elements are matched by
/// local name (`*[local-name()='finding']`): the document is in the namespace `urn:nxaudit:report:2`.
struct XMLPlace: Sendable {
    enum Reading: Sendable {
        /// The attribute's value or the element's text is the JSON value.
        case value
        /// The JSON boolean says whether the attribute or element is there.
        case presence
    }
    var path: String
    var reading: Reading
    /// For an attribute or element the XML leaves out: the JSON value its absence stands for.
    var absent: String?
    /// JSON values the XML writes as other tokens.
    var tokens: [String: String]

    static func at(_ path: String, absent: String? = nil, tokens: [String: String] = [:]) -> XMLPlace {
        XMLPlace(path: path, reading: .value, absent: absent, tokens: tokens)
    }
    static func optional(_ path: String, absent: String = "") -> XMLPlace { .at(path, absent: absent) }
    static func present(_ path: String) -> XMLPlace {
        XMLPlace(path: path, reading: .presence, absent: nil, tokens: [:])
    }
}

extension XMLRoundTripTests {
    /// JSON path pattern → its place in the XML.
    static let places: [String: XMLPlace] = {
        var all: [String: XMLPlace] = [:]
        func add(_ entries: [String: XMLPlace]) {
            for (key, place) in entries {
                precondition(all.updateValue(place, forKey: key) == nil, "\(key) is mapped twice")
            }
        }
        add(headPlaces)
        add(coveragePlaces)
        add(findingPlaces)
        add(controlPlaces)
        add(sectionPlaces)
        add(comparisonPlaces)
        for register in registers {
            add([
                register.json + ".count": .at(register.count),
                register.json + ".rows[].text": .at(register.xml + "/entry[]"),
            ])
            for field in ["time", "code", "action", "family", "source", "actor", "target", "details", "file", "line"] {
                add(["\(register.json).rows[].\(field)": .at("\(register.xml)/entry[]/@\(field)")])
            }
        }
        for citing in [("findings[].controls[]", "findings/finding[]"), ("rules[].controls[]", "rules/rule[]")] {
            for field in ["id", "framework", "frameworkName", "version", "reference"] {
                add(["\(citing.0).\(field)": .at("\(citing.1)/controlRef[]/@\(field)")])
            }
        }
        return all
    }()

    /// The registers (`TableView`): rows as `entry` elements, and where the XML keeps their count.
    static let registers: [(json: String, xml: String, count: String)] = [
        ("privilegeRegister", "privilegeRegister", "privilegeRegister/@count"),
        ("configurationRegister", "configurationRegister", "configurationRegister/@count"),
        ("availability", "availability", "availability/@count"),
        ("unknownCodes", "unknownCodes", "unknownCodes/@count"),
        ("remote.executions", "remoteExecutions", "remoteExecutions/@count"),
        ("authentication.lockouts", "authentication/lockouts", "authentication/@lockouts"),
        ("accessState.unnamedChanges", "accessState/unnamedChanges", "accessState/unnamedChanges/@count"),
    ]

    static let headPlaces: [String: XMLPlace] = [
        "tool.name": .at("@tool"),
        "tool.version": .at("@toolVersion"),
        "generatedAt": .at("@generatedAt"),
        "period.label": .at("period/@label"),
        "period.from": .at("period/@from"),
        "period.to": .at("period/@to"),
        "period.timezone": .at("period/@timezone"),
        "period.start": .at("period/@start"),
        "period.end": .at("period/@end"),
        "period.days": .at("period/@days"),
        "verdict.reportID": .at("@reportId"),
        "verdict.evidenceComplete": .at("verdict/@evidence", tokens: ["true": "complete", "false": "incomplete"]),
        "verdict.exitStatus": .at("verdict/@exitStatus"),
        "verdict.findingsAwaiting": .at("verdict/@findingsAwaiting"),
        "verdict.observations": .at("verdict/@observations"),
        "verdict.classification": .at("verdict/@classification"),
        "verdict.evidenceReasons[]": .at("verdict/reason[]"),
        "verdict.bySeverity[].severity": .at("verdict/awaiting[]/@severity"),
        "verdict.bySeverity[].count": .at("verdict/awaiting[]/@count"),
        "verdict.exitMeaning": .at("verdict/exitMeaning"),
        "verdict.accounting": .at("verdict/accounting"),
        "verdict.examination": .at("verdict/examination"),
        "verdict.negativeAssurance": .optional("verdict/negativeAssurance"),
        "verdict.hasNegativeAssurance": .present("verdict/negativeAssurance"),
        "verdict.policy": .at("verdict/policy"),
        "summary.linesRead": .at("summary/@linesRead"),
        "summary.eventsInPeriod": .at("summary/@eventsInPeriod"),
        "summary.linesMalformed": .at("summary/@linesMalformed"),
        "summary.findings": .at("summary/@findings"),
        "summary.bySeverity[].severity": .at("summary/severityCount[]/@severity"),
        "summary.bySeverity[].count": .at("summary/severityCount[]/@count"),
        "eventCounts[].code": .at("eventCounts/eventCount[]/@code"),
        "eventCounts[].count": .at("eventCounts/eventCount[]/@count"),
        "eventCounts[].known": .at("eventCounts/eventCount[]/@known"),
        "eventCounts[].description": .at("eventCounts/eventCount[]/@description"),
        "eventCounts[].family": .at("eventCounts/eventCount[]/@family"),
        "eventCounts[].component": .optional("eventCounts/eventCount[]/@component"),
    ]

    static let coveragePlaces: [String: XMLPlace] = [
        "coverage.linesRead": .at("coverage/@linesRead"),
        "coverage.eventsInPeriod": .at("coverage/@eventsInPeriod"),
        "coverage.eventsOutsidePeriod": .at("coverage/@eventsOutsidePeriod"),
        "coverage.duplicates": .at("coverage/@duplicates"),
        "coverage.linesMalformed": .at("coverage/@linesMalformed"),
        "coverage.linesNotAuditLog": .optional("coverage/@linesNotAuditLog", absent: "0"),
        "coverage.hasNonLogInputs": .present("coverage/@linesNotAuditLog"),
        "coverage.balanced": .at("coverage/@balanced"),
        "coverage.firstEvent": .optional("coverage/@firstEvent"),
        "coverage.lastEvent": .optional("coverage/@lastEvent"),
        "coverage.hasAnyEvent": .present("coverage/@firstEvent"),
        "coverage.archive.path": .at("coverage/archive/@path"),
        "coverage.archive.head": .at("coverage/archive/@head"),
        "coverage.archive.batches": .at("coverage/archive/@batches"),
        "coverage.archive.rowsRead": .at("coverage/archive/@rowsRead"),
        "coverage.inputs[].path": .at("coverage/inputs/input[]/@path"),
        "coverage.inputs[].sha256": .at("coverage/inputs/input[]/@sha256"),
        "coverage.inputs[].size": .at("coverage/inputs/input[]/@size"),
        "coverage.inputs[].bytesRead": .at("coverage/inputs/input[]/@bytesRead"),
        "coverage.inputs[].compressed": .at("coverage/inputs/input[]/@compressed"),
        "coverage.inputs[].linesRead": .at("coverage/inputs/input[]/@linesRead"),
        "coverage.inputs[].eventsInPeriod": .at("coverage/inputs/input[]/@eventsInPeriod"),
        "coverage.inputs[].eventsOutsidePeriod": .at("coverage/inputs/input[]/@eventsOutsidePeriod"),
        "coverage.inputs[].duplicates": .at("coverage/inputs/input[]/@duplicates"),
        "coverage.inputs[].linesMalformed": .at("coverage/inputs/input[]/@linesMalformed"),
        "coverage.inputs[].yearBasis": .optional("coverage/inputs/input[]/@yearBasis"),
        "coverage.inputs[].years": .optional("coverage/inputs/input[]/@years"),
        "coverage.inputs[].hasYearAssumption": .present("coverage/inputs/input[]/@yearBasis"),
        "coverage.inputs[].contentKind": .optional("coverage/inputs/input[]/@content"),
        "coverage.inputs[].contentDetail": .optional("coverage/inputs/input[]/@contentDetail"),
        "coverage.inputs[].isNotAuditLog": .present("coverage/inputs/input[]/@content"),
        "coverage.inputs[].linesNotAuditLog": .optional("coverage/inputs/input[]/@linesNotAuditLog", absent: "0"),
        "coverage.inputs[].windows1252Lines": .optional("coverage/inputs/input[]/@windows1252Lines", absent: "0"),
        "coverage.inputs[].hasWindows1252": .present("coverage/inputs/input[]/@windows1252Lines"),
        "coverage.duplicateExamples[].file": .at("coverage/duplicateLines/example[]/@file"),
        "coverage.duplicateExamples[].line": .at("coverage/duplicateLines/example[]/@line"),
        "coverage.moreDuplicates": .at("coverage/duplicateLines/@omittedExamples"),
        "coverage.windows1252Lines": .optional("coverage/windows1252Lines/@count", absent: "0"),
        "coverage.moreWindows1252": .optional("coverage/windows1252Lines/@omittedExamples", absent: "0"),
        "coverage.hasWindows1252": .present("coverage/windows1252Lines"),
        "coverage.windows1252Examples[].file": .at("coverage/windows1252Lines/example[]/@file"),
        "coverage.windows1252Examples[].line": .at("coverage/windows1252Lines/example[]/@line"),
        "coverage.malformed[].reason": .at("coverage/malformedLines/malformed[]/@reason"),
        "coverage.malformed[].count": .at("coverage/malformedLines/malformed[]/@count"),
        "coverage.malformed[].more": .at("coverage/malformedLines/malformed[]/@omittedExamples"),
        "coverage.malformed[].examples[].file": .at("coverage/malformedLines/malformed[]/example[]/@file"),
        "coverage.malformed[].examples[].line": .at("coverage/malformedLines/malformed[]/example[]/@line"),
        "coverage.sources[].source": .at("coverage/sources/source[]/@name"),
        "coverage.sources[].host": .at("coverage/sources/source[]/@host"),
        "coverage.sources[].eventsRead": .at("coverage/sources/source[]/@eventsRead"),
        "coverage.sources[].eventsInPeriod": .at("coverage/sources/source[]/@eventsInPeriod"),
        "coverage.sources[].first": .at("coverage/sources/source[]/@first"),
        "coverage.sources[].last": .at("coverage/sources/source[]/@last"),
        "coverage.sources[].gaps[].from": .at("coverage/sources/source[]/gap[]/@from"),
        "coverage.sources[].gaps[].to": .at("coverage/sources/source[]/gap[]/@to"),
        "coverage.sources[].gaps[].hours": .at("coverage/sources/source[]/gap[]/@hours"),
        "coverage.gaps[].from": .at("coverage/gaps/gap[]/@from"),
        "coverage.gaps[].to": .at("coverage/gaps/gap[]/@to"),
        "coverage.gaps[].hours": .at("coverage/gaps/gap[]/@hours"),
        "coverage.gapThresholdHours": .at("coverage/gaps/@thresholdHours"),
        "coverage.days[].date": .at("coverage/days/day[]/@date"),
        "coverage.days[].events": .at("coverage/days/day[]/@events"),
    ]

    static let findingPlaces: [String: XMLPlace] = [
        "findings[].id": .at("findings/finding[]/@id"),
        "findings[].fingerprint": .at("findings/finding[]/@fingerprint"),
        "findings[].rule": .at("findings/finding[]/@rule"),
        "findings[].severity": .at("findings/finding[]/@severity"),
        "findings[].family": .at("findings/finding[]/@family"),
        "findings[].subject": .at("findings/finding[]/@subject"),
        "findings[].time": .optional("findings/finding[]/@time"),
        "findings[].hasTime": .present("findings/finding[]/@time"),
        "findings[].first": .optional("findings/finding[]/@first"),
        "findings[].last": .optional("findings/finding[]/@last"),
        "findings[].hasSpan": .present("findings/finding[]/@first"),
        "findings[].events": .at("findings/finding[]/@events"),
        "findings[].moreEvidence": .at("findings/finding[]/@moreEvidence"),
        "findings[].trend": .optional("findings/finding[]/@baselineStatus"),
        "findings[].hasTrend": .present("findings/finding[]/@baselineStatus"),
        "findings[].summary": .at("findings/finding[]/summary"),
        "findings[].rules[]": .at("findings/finding[]/brokenRule[]/@id"),
        "findings[].also[].rule": .at("findings/finding[]/also[]/@rule"),
        "findings[].also[].summary": .at("findings/finding[]/also[]"),
        "findings[].recommendation": .at("findings/finding[]/recommendation"),
        "findings[].quote": .optional("findings/finding[]/quote"),
        "findings[].hasQuote": .present("findings/finding[]/quote"),
        "findings[].organisationControls[]": .at("findings/finding[]/organisationControl[]/@id"),
        "findings[].evidence[].file": .at("findings/finding[]/evidence[]/@file"),
        "findings[].evidence[].line": .at("findings/finding[]/evidence[]/@line"),
    ]

    static let controlPlaces: [String: XMLPlace] = [
        "controls.rows[].id": .at("controlMatrix/controlResult[]/@control"),
        "controls.rows[].kind": .at("controlMatrix/controlResult[]/@kind"),
        "controls.rows[].statusKey": .at("controlMatrix/controlResult[]/@status"),
        "controls.rows[].population": .at("controlMatrix/controlResult[]/@eventsExamined"),
        "controls.rows[].exceptions": .at("controlMatrix/controlResult[]/@exceptions"),
        "controls.rows[].frameworkKey": .at("controlMatrix/controlResult[]/controlRef/@framework"),
        "controls.rows[].frameworkName": .at("controlMatrix/controlResult[]/controlRef/@frameworkName"),
        "controls.rows[].frameworkVersion": .at("controlMatrix/controlResult[]/controlRef/@version"),
        "controls.rows[].reference": .at("controlMatrix/controlResult[]/controlRef/@reference"),
        "controls.rows[].requirement": .at("controlMatrix/controlResult[]/requirement"),
        "controls.rows[].reasons[]": .at("controlMatrix/controlResult[]/reason[]"),
        "controls.rows[].limitation": .optional("controlMatrix/controlResult[]/limitation"),
        "controls.rows[].hasLimitation": .present("controlMatrix/controlResult[]/limitation"),
        "controls.rows[].ruleIds[]": .at("controlMatrix/controlResult[]/rule[]/@id"),
        "controls.rows[].notRunRuleIds[]": .at("controlMatrix/controlResult[]/notTested[]/@rule"),
        "rules[].id": .at("rules/rule[]/@id"),
        "rules[].severity": .at("rules/rule[]/@severity"),
        "rules[].severityOverridden": .at("rules/rule[]/@severityOverridden"),
        "rules[].family": .at("rules/rule[]/@family"),
        "rules[].evaluated": .at("rules/rule[]/@evaluated"),
        "rules[].findings": .at("rules/rule[]/@findings"),
        "rules[].question": .at("rules/rule[]/question"),
        "rules[].recommendation": .at("rules/rule[]/recommendation"),
        "rules[].organisationControls[]": .at("rules/rule[]/organisationControl[]/@id"),
        "rules[].notEvaluatedBecause": .optional("rules/rule[]/notEvaluated"),
        "policy.usesDefaults": .at("policy/@defaults"),
        "policy.file": .optional("policy/@file"),
        "policy.sha256": .optional("policy/@sha256"),
        "policy.organisation": .optional("policy/@organisation"),
        "policy.preparedBy": .optional("policy/@preparedBy"),
        "policy.settings[].key": .at("policy/setting[]/@key"),
        "policy.settings[].value": .at("policy/setting[]/@value"),
        "policy.settings[].origin": .at("policy/setting[]/@origin"),
    ]

    static let sectionPlaces: [String: XMLPlace] = [
        "accessState.count": .at("accessState/@count"),
        "accessState.objects[].kindKey": .at("accessState/object[]/@kind"),
        "accessState.objects[].name": .at("accessState/object[]/@name"),
        "accessState.objects[].state": .at("accessState/object[]/@state"),
        "accessState.objects[].createdInPeriod": .at("accessState/object[]/@createdInPeriod"),
        "accessState.objects[].changes": .at("accessState/object[]/@changes"),
        "accessState.objects[].firstChange": .at("accessState/object[]/@firstChange"),
        "accessState.objects[].lastChange": .at("accessState/object[]/@lastChange"),
        "accessState.objects[].roles": .optional("accessState/object[]/roles"),
        "accessState.objects[].hasRoles": .present("accessState/object[]/roles"),
        "accessState.objects[].changedByNames[]": .at("accessState/object[]/changedBy[]/@account"),
        "accessState.objects[].evidence[].file": .at("accessState/object[]/evidence[]/@file"),
        "accessState.objects[].evidence[].line": .at("accessState/object[]/evidence[]/@line"),
        "accessState.limitations[]": .at("accessState/limitation[]"),
        "remote.count": .at("remoteExecutions/@count"),
        "remote.byActor[].key": .at("remoteExecutions/byActor/tally[]/@key"),
        "remote.byActor[].count": .at("remoteExecutions/byActor/tally[]/@count"),
        "remote.byAction[].key": .at("remoteExecutions/byAction/tally[]/@key"),
        "remote.byAction[].count": .at("remoteExecutions/byAction/tally[]/@count"),
        "remote.byChannel[].key": .at("remoteExecutions/byChannel/channel[]/@label"),
        "remote.byChannel[].count": .at("remoteExecutions/byChannel/channel[]/@count"),
        "remote.channels[].key": .at("remoteExecutions/byChannel/channel[]/@id"),
        "remote.channels[].label": .at("remoteExecutions/byChannel/channel[]/@label"),
        "remote.channels[].count": .at("remoteExecutions/byChannel/channel[]/@count"),
        "authentication.successfulLogins": .at("authentication/@successfulLogins"),
        "authentication.logouts": .at("authentication/@logouts"),
        "authentication.failures": .at("authentication/@failures"),
        "authentication.lockoutCount": .at("authentication/@lockouts"),
        "authentication.failuresByAccount[].key": .at("authentication/failuresByAccount/tally[]/@key"),
        "authentication.failuresByAccount[].count": .at("authentication/failuresByAccount/tally[]/@count"),
    ]

    static let comparisonPlaces: [String: XMLPlace] = [
        "comparison.file": .at("comparison/@baselineFile"),
        "comparison.sha256": .at("comparison/@baselineSHA256"),
        "comparison.verified": .at("comparison/@verified"),
        "comparison.manifest": .optional("comparison/@manifest"),
        "comparison.label": .at("comparison/@baselinePeriod"),
        "comparison.from": .at("comparison/@baselineFrom"),
        "comparison.to": .at("comparison/@baselineTo"),
        "comparison.eventsThen": .at("comparison/@eventsThen"),
        "comparison.eventsNow": .at("comparison/@eventsNow"),
        "comparison.findingsByRule[].rule": .at("comparison/rule[]/@id"),
        "comparison.findingsByRule[].then": .at("comparison/rule[]/@then"),
        "comparison.findingsByRule[].now": .at("comparison/rule[]/@now"),
        "comparison.controlsChanged[].control": .at("comparison/controlChanged[]/@id"),
        "comparison.controlsChanged[].thenKey": .at("comparison/controlChanged[]/@then"),
        "comparison.controlsChanged[].nowKey": .at("comparison/controlChanged[]/@now"),
        "comparison.newAdministrators[]": .at("comparison/newAdministrator[]/@account"),
        "comparison.accessAdded[].kindKey": .at("comparison/accessAdded[]/@kind"),
        "comparison.accessAdded[].name": .at("comparison/accessAdded[]/@name"),
        "comparison.accessAdded[].firstChange": .at("comparison/accessAdded[]/@firstChange"),
        "comparison.accessRemoved[].kindKey": .at("comparison/accessRemoved[]/@kind"),
        "comparison.accessRemoved[].name": .at("comparison/accessRemoved[]/@name"),
        "comparison.accessRemoved[].lastChange": .at("comparison/accessRemoved[]/@lastChange"),
        "comparison.resolved[].id": .at("comparison/resolvedFinding[]/@id"),
        "comparison.resolved[].fingerprint": .at("comparison/resolvedFinding[]/@fingerprint"),
        "comparison.resolved[].rule": .at("comparison/resolvedFinding[]/@rule"),
        "comparison.resolved[].severity": .at("comparison/resolvedFinding[]/@severity"),
        "comparison.resolved[].subject": .at("comparison/resolvedFinding[]/@subject"),
    ]

    /// JSON fields the XML has no place for: schema gaps, printed by the test, to be given a place.
    static let knownGaps: [String: String] = [:]
}

// MARK: - What is derived from the XML, and the check that it is

/// A JSON field computed for people from fields the XML holds (`from`), and how that is checked.
struct Derived: Sendable {
    enum Check: Sendable {
        /// Holds for each value, given the object it is a field of (for an array item: the object holding the array).
        case field(@Sendable (_ value: JSON, _ owner: JSON) -> Bool)
        /// The problems found in the whole JSON report; run once per report.
        case report(@Sendable (_ report: JSON) -> [String])
    }
    var from: String
    var check: Check

    static func field(_ from: String, _ holds: @escaping @Sendable (JSON, JSON) -> Bool) -> Derived {
        Derived(from: from, check: .field(holds))
    }
    static func report(_ from: String, _ problems: @escaping @Sendable (JSON) -> [String]) -> Derived {
        Derived(from: from, check: .report(problems))
    }
    /// `true` when the owner's `count` is above 0.
    static func positive(_ count: String, _ from: String) -> Derived {
        .field(from) { value, owner in value == .bool(owner[count].intValue > 0) }
    }
    /// `true` when the owner's list `items` is not empty.
    static func nonEmpty(_ items: String, _ from: String) -> Derived {
        .field(from) { value, owner in value == .bool(!owner[items].items.isEmpty) }
    }
    /// The owner's list `items` (or the `key` of each item) joined with `separator`.
    static func joined(_ items: String, key: String? = nil, _ separator: String, _ from: String) -> Derived {
        .field(from) { value, owner in
            value.stringValue
                == owner[items].items.map { item in key.map { item[$0].stringValue } ?? item.stringValue }
                .joined(separator: separator)
        }
    }
    /// `file:line`.
    static let location = Derived.field("@file and @line of the same element") { value, owner in
        value.stringValue == owner["file"].stringValue + ":" + String(owner["line"].intValue)
    }
    /// A register's rows per action, most first.
    static func tally(_ register: String) -> Derived {
        .report("the @action of the register's entry elements, counted") { report in
            let table = report.at(register)
            guard table != .null else { return [] }
            var counts: [String: Int] = [:]
            for row in table["rows"].items { counts[row["action"].stringValue, default: 0] += 1 }
            let tally = table["byAction"].items.map { ($0["key"].stringValue, $0["count"].intValue) }
            let listed = Dictionary(tally, uniquingKeysWith: +)
            let ordered = zip(tally, tally.dropFirst()).allSatisfy { $0.0.1 >= $0.1.1 }
            return listed == counts && tally.count == counts.count && ordered
                ? [] : ["\(register).byAction \(tally) is not its rows per action, most first (\(counts))"]
        }
    }
}

extension XMLRoundTripTests {
    /// JSON path pattern (or a subtree: every leaf below it) → what it is derived from, and its check.
    static let derived: [String: Derived] = {
        var all: [String: Derived] = [:]
        for table in [headDerived, coverageDerived, findingDerived, controlDerived, sectionDerived, comparisonDerived] {
            all.merge(table) { _, _ in preconditionFailure("a derived key is listed twice") }
        }
        for register in registers {
            all[register.json + ".rows[].location"] = .location
            all[register.json + ".byAction"] = .tally(register.json)
        }
        for locations in [
            "coverage.duplicateExamples[]", "coverage.windows1252Examples[]", "coverage.malformed[].examples[]",
            "findings[].evidence[]", "accessState.objects[].evidence[]",
        ] {
            all[locations + ".location"] = .location
        }
        return all
    }()

    static let headDerived: [String: Derived] = [
        "hasFindings": .nonEmpty("findings", "findings/finding"),
        "period.interval": .field("period/@start, period/@end, as [start, end)") { value, period in
            value.stringValue == "[\(period["start"].stringValue), \(period["end"].stringValue))"
        },
        "verdict.headline": .field("verdict/@evidence") { value, verdict in
            value.stringValue == (verdict["evidenceComplete"].boolValue ? "Evidence complete" : "Evidence incomplete")
        },
        "verdict.hasFindingsAwaiting": .positive("findingsAwaiting", "verdict/@findingsAwaiting"),
        "verdict.hasObservations": .positive("observations", "verdict/@observations"),
        "verdict.sources": .report("coverage/sources/source (the same list as coverage.sources)") { report in
            report["verdict"]["sources"] == report["coverage"]["sources"]
                ? [] : ["verdict.sources is not coverage.sources"]
        },
        "summary.familiesWithFindings": .report("findings/finding/@family, each once, as titles") { report in
            let families = Set(
                report["findings"].items.compactMap { FindingFamily(rawValue: $0["family"].stringValue) })
            let titles = families.sorted().map(\.title).joined(separator: ", ")
            let value = report["summary"]["familiesWithFindings"].stringValue
            return value == titles ? [] : ["summary.familiesWithFindings \"\(value)\" is not \"\(titles)\""]
        },
        "signOff": .report("findings/finding (@id, @severity, @rule, @subject, @time), in order, numbered") { report in
            let findings = report["findings"].items
            let rows = report["signOff"].items
            var problems =
                rows.count == findings.count ? [] : ["\(rows.count) sign-off rows, \(findings.count) findings"]
            for (index, (row, finding)) in zip(rows, findings).enumerated() {
                let expected = JSON.object([
                    "number": .int(index + 1), "id": finding["id"], "severity": finding["severity"],
                    "rule": finding["rule"], "subject": finding["subject"], "time": finding["time"],
                    "hasTime": finding["hasTime"], "isObservation": .bool(finding["severity"] == .string("info")),
                ])
                if row != expected { problems.append("signOff[\(index)] is not findings[\(index)]: \(row)") }
            }
            return problems
        },
    ]

    static let coverageDerived: [String: Derived] = [
        "coverage.hasDuplicates": .positive("duplicates", "coverage/@duplicates"),
        "coverage.hasMoreDuplicates": .positive("moreDuplicates", "coverage/duplicateLines/@omittedExamples"),
        "coverage.hasMoreWindows1252": .positive("moreWindows1252", "coverage/windows1252Lines/@omittedExamples"),
        "coverage.hasEvents": .positive("eventsInPeriod", "coverage/@eventsInPeriod"),
        "coverage.hasMalformed": .positive("linesMalformed", "coverage/@linesMalformed"),
        "coverage.hasGaps": .nonEmpty("gaps", "coverage/gaps/gap"),
        "coverage.hasDaysWithoutEvents": .field("coverage/days/day/@events") { value, coverage in
            value == .bool(coverage["days"].items.contains { $0["events"].intValue == 0 })
        },
        "coverage.daysWithoutEvents": .report("coverage/days/day with @events 0") { report in
            let days = report["coverage"]["days"].items.filter { $0["events"].intValue == 0 }
            return report["coverage"]["daysWithoutEvents"] == .array(days)
                ? [] : ["coverage.daysWithoutEvents is not the days with 0 events"]
        },
        "coverage.malformed[].explanation": .field("coverage/malformedLines/malformed/@reason (one text per reason)") {
            value, malformed in
            value.stringValue == MalformedReason(rawValue: malformed["reason"].stringValue)?.explanation
        },
        "coverage.malformed[].hasMore": .positive("more", "coverage/malformedLines/malformed/@omittedExamples"),
        "coverage.sources[].hasGaps": .nonEmpty("gaps", "coverage/sources/source/gap"),
        "coverage.inputs[].yearAssumption": .field("coverage/inputs/input/@yearBasis and @years") { value, input in
            guard let basis = YearAssumption.Basis(rawValue: input["yearBasis"].stringValue) else {
                return value.stringValue.isEmpty
            }
            let years = input["years"].stringValue.split(separator: " ").compactMap { Int($0) }
            return value.stringValue == YearAssumption(basis: basis, years: years).sentence
        },
        "coverage.inputs[].content": .field("coverage/inputs/input/@content and @contentDetail") { value, input in
            guard let kind = NonLogContent.Kind(rawValue: input["contentKind"].stringValue) else {
                return value.stringValue.isEmpty
            }
            return value.stringValue
                == NonLogContent(kind: kind, detail: input["contentDetail"].stringValue).description
        },
    ]

    static let findingDerived: [String: Derived] = [
        "findings[].ruleList": .joined("rules", " ", "findings/finding/brokenRule/@id"),
        "findings[].hasAlso": .nonEmpty("also", "findings/finding/also"),
        "findings[].organisationControlList": .joined(
            "organisationControls", ", ", "findings/finding/organisationControl/@id"),
        "findings[].organisationControlTokens": .joined(
            "organisationControls", " ", "findings/finding/organisationControl/@id"),
        "findings[].hasOrganisationControls": .nonEmpty(
            "organisationControls", "findings/finding/organisationControl"),
        "findings[].hasMoreEvidence": .positive("moreEvidence", "findings/finding/@moreEvidence"),
        "findings[].moreEvidenceNote": .field("findings/finding/@family") { value, finding in
            value.stringValue
                == (finding["family"].stringValue == "coverage"
                    ? "not listed" : "the registers of the XML report and the CSV exports list every event")
        },
        "findings[].familyTitle": .field("findings/finding/@family") { value, finding in
            value.stringValue == FindingFamily(rawValue: finding["family"].stringValue)?.title
        },
        "findings[].isSevere": .field("findings/finding/@severity") { value, finding in
            value == .bool(["high", "critical"].contains(finding["severity"].stringValue))
        },
        "findings[].controlList": .joined("controls", key: "id", ", ", "findings/finding/controlRef/@id"),
        "findings[].hasEvidence": .nonEmpty("evidence", "findings/finding/evidence"),
        "findings[].evidenceRanges": .field("findings/finding/evidence (@file, @line), consecutive lines as ranges") {
            _, finding in
            let locations = finding["evidence"].items.map {
                EvidenceLocation(input: 0, path: $0["file"].stringValue, line: $0["line"].intValue)
            }
            return finding["evidenceRanges"] == .array(EvidenceRanges.text(locations) { $0 }.map { JSON.string($0) })
        },
        "authentication.burstFindings": .report(
            "findings/finding whose @rule is a failed-login rule (\(ReportView.failedLoginRules.sorted()))"
        ) { report in
            let burst = report["findings"].items.filter { ReportView.failedLoginRules.contains($0["rule"].stringValue) }
            return report["authentication"]["burstFindings"] == .array(burst)
                ? [] : ["authentication.burstFindings is not the findings of the failed-login rules"]
        },
        "authentication.hasBurstFindings": .report("findings/finding/@rule") { report in
            let any = report["findings"].items.contains { ReportView.failedLoginRules.contains($0["rule"].stringValue) }
            return report["authentication"]["hasBurstFindings"] == .bool(any)
                ? [] : ["authentication.hasBurstFindings is not whether a failed-login rule found anything"]
        },
    ]

    /// Control status token → the HTML's CSS class (`ReportView.token`).
    static let statusTokens: [String: String] = [
        "operating": "clean", "examined-no-exceptions": "clean", "not-operating": "exceptions",
        "exceptions": "exceptions", "operating-with-exceptions": "exceptions", "supported": "supported",
        "no-events-of-its-types": "noevidence", "no-events-in-population": "noevidence", "not-tested": "noevidence",
        "not-shown": "noevidence",
    ]

    static let controlDerived: [String: Derived] = [
        "controls.rows[].framework": .field("controlResult/controlRef/@frameworkName and @version") { value, row in
            value.stringValue == row["frameworkName"].stringValue + " " + row["frameworkVersion"].stringValue
        },
        "controls.rows[].status": .field("controlResult/@status (the token as people read it)") { value, row in
            value.stringValue == ControlResult.Status(text: row["statusKey"].stringValue)?.rawValue
        },
        "controls.rows[].statusToken": .field("controlResult/@status (a CSS class)") { value, row in
            value.stringValue == statusTokens[row["statusKey"].stringValue]
        },
        "controls.rows[].hasExceptions": .positive("exceptions", "controlResult/@exceptions"),
        "controls.rows[].hasReasons": .nonEmpty("reasons", "controlResult/reason"),
        "controls.rows[].ruleList": .joined("ruleIds", ", ", "controlResult/rule/@id"),
        "controls.rows[].hasRules": .nonEmpty("ruleIds", "controlResult/rule"),
        "controls.rows[].hasNotEvaluated": .nonEmpty("notRunRuleIds", "controlResult/notTested"),
        "controls.rows[].notEvaluated": .report(
            "controlResult/notTested/@rule, and that rule's rules/rule/notEvaluated"
        ) {
            report in
            let reasons = Dictionary(
                report["rules"].items.map { ($0["id"].stringValue, $0["notEvaluatedBecause"].stringValue) },
                uniquingKeysWith: { first, _ in first })
            return report["controls"]["rows"].items.compactMap { row in
                let expected = row["notRunRuleIds"].items.map {
                    JSON.string("\($0.stringValue): \(reasons[$0.stringValue] ?? "")")
                }
                return row["notEvaluated"] == .array(expected)
                    ? nil
                    : "controls.rows \(row["id"].stringValue): notEvaluated is not its notTested rules, with reasons"
            }
        },
        "controls.logging": partition("logging"),
        "controls.behaviour": partition("behaviour"),
        "controls.review": partition("review"),
        "controls.loggingOperating": statusCount("operating"),
        "controls.loggingNotOperating": statusCount("not-operating"),
        "controls.loggingWithExceptions": statusCount("operating-with-exceptions"),
        "controls.behaviourWithExceptions": statusCount("exceptions"),
        "controls.behaviourWithoutExceptions": statusCount("examined-no-exceptions"),
        "controls.hasLoggingNotOperating": statusCount("not-operating", flag: true),
        "controls.hasLoggingWithExceptions": statusCount("operating-with-exceptions", flag: true),
        "controls.hasBehaviourExceptions": statusCount("exceptions", flag: true),
        "controls.exceptionList": .field("controlMatrix/controlResult[@status='exceptions']/@control") {
            value, controls in
            value.stringValue
                == controls["rows"].items.filter { $0["statusKey"].stringValue == "exceptions" }.map {
                    $0["id"].stringValue
                }
                .joined(separator: ", ")
        },
        "rules[].controlList": .joined("controls", key: "id", ", ", "rules/rule/controlRef/@id"),
        "rules[].organisationControlList": .joined(
            "organisationControls", ", ", "rules/rule/organisationControl/@id"),
        "rules[].hasOrganisationControls": .nonEmpty("organisationControls", "rules/rule/organisationControl"),
    ]

    /// The rows of one kind, in order; the three kinds together are every row.
    static func partition(_ kind: String) -> Derived {
        .report("controlMatrix/controlResult[@kind='\(kind)']") { report in
            let controls = report["controls"]
            let rows = controls["rows"].items
            var problems: [String] = []
            if controls[kind] != .array(rows.filter { $0["kind"].stringValue == kind }) {
                problems.append("controls.\(kind) is not the rows of kind \(kind)")
            }
            let union = ["logging", "behaviour", "review"].map { controls[$0].items.count }.reduce(0, +)
            if union != rows.count {
                problems.append("controls.logging + behaviour + review: \(union) of \(rows.count) rows")
            }
            return problems
        }
    }

    /// How many rows have the status `token` (or, as a flag, whether any has).
    static func statusCount(_ token: String, flag: Bool = false) -> Derived {
        .field("controlMatrix/controlResult[@status='\(token)']") { value, controls in
            let count = controls["rows"].items.count { $0["statusKey"].stringValue == token }
            return value == (flag ? .bool(count > 0) : .int(count))
        }
    }

    static let sectionDerived: [String: Derived] = [
        "accessState.created": .field("accessState/object[@createdInPeriod='true']") { value, state in
            value == .int(state["objects"].items.count { $0["createdInPeriod"].boolValue })
        },
        "accessState.existedBefore": .field("accessState/object[@createdInPeriod='false']") { value, state in
            value == .int(state["objects"].items.count { !$0["createdInPeriod"].boolValue })
        },
        "accessState.removed": .field("accessState/object[@state='removed']") { value, state in
            value == .int(state["objects"].items.count { $0["state"].stringValue == "removed" })
        },
        "accessState.objects[].kind": .field("accessState/object/@kind (the token as people read it)") {
            value, object in
            value.stringValue == AccessObject.Kind(text: object["kindKey"].stringValue)?.rawValue
        },
        "accessState.objects[].origin": .field("accessState/object/@createdInPeriod") { value, object in
            value.stringValue
                == (object["createdInPeriod"].boolValue ? "created in period" : "existed before the period")
        },
        "accessState.objects[].changedBy": .joined("changedByNames", ", ", "accessState/object/changedBy/@account"),
        "remote.hasRows": .positive("count", "remoteExecutions/@count"),
        "authentication.hasFailures": .positive("failures", "authentication/@failures"),
    ]

    static let comparisonDerived: [String: Derived] = [
        "comparison.verification": .field("comparison/@verified, @manifest and @baselineSHA256") { value, comparison in
            value.stringValue
                == (comparison["verified"].boolValue
                    ? "verified against \(comparison["manifest"].stringValue)"
                    : "no manifest names it; its SHA-256 is \(comparison["sha256"].stringValue)")
        },
        "comparison.findingsByRule[].change": .field("comparison/rule/@then and @now, as +n, -n or 0") { value, rule in
            let (then, now) = (rule["then"].intValue, rule["now"].intValue)
            return value.stringValue == (now > then ? "+\(now - then)" : now < then ? "-\(then - now)" : "0")
        },
        "comparison.findingsByRule[].changed": .field("comparison/rule/@then and @now") { value, rule in
            value == .bool(rule["then"] != rule["now"])
        },
        "comparison.controlsChanged[].then": .field("comparison/controlChanged/@then (as people read it)") {
            value, change in
            value.stringValue == ControlResult.Status(text: change["thenKey"].stringValue)?.rawValue
                ?? change["thenKey"].stringValue
        },
        "comparison.controlsChanged[].now": .field("comparison/controlChanged/@now (as people read it)") {
            value, change in
            value.stringValue == ControlResult.Status(text: change["nowKey"].stringValue)?.rawValue
        },
        "comparison.hasControlsChanged": .nonEmpty("controlsChanged", "comparison/controlChanged"),
        "comparison.hasNewAdministrators": .nonEmpty("newAdministrators", "comparison/newAdministrator"),
        "comparison.hasAccessAdded": .nonEmpty("accessAdded", "comparison/accessAdded"),
        "comparison.hasAccessRemoved": .nonEmpty("accessRemoved", "comparison/accessRemoved"),
        "comparison.hasResolved": .nonEmpty("resolved", "comparison/resolvedFinding"),
        "comparison.tracksFindings": .report("findings/finding/@baselineStatus, comparison/resolvedFinding") { report in
            let findings = report["findings"].items
            let tracks =
                findings.contains { !$0["trend"].stringValue.isEmpty }
                || !report["comparison"]["resolved"].items.isEmpty
            let all = findings.allSatisfy { $0["trend"].stringValue.isEmpty != tracks }
            return report["comparison"]["tracksFindings"] == .bool(tracks) && all
                ? [] : ["comparison.tracksFindings is not whether findings are new or recurring or any is resolved"]
        },
        "comparison.newFindings": trendCount("new"),
        "comparison.recurringFindings": trendCount("recurring"),
        "comparison.accessAdded[]": sameObject(
            "accessAdded", "accessState/object with its @kind and @name (created in the period, not removed)"
        ) { $0["createdInPeriod"].boolValue && $0["state"].stringValue != "removed" },
        "comparison.accessRemoved[]": sameObject(
            "accessRemoved", "accessState/object with its @kind and @name (state removed)"
        ) { $0["state"].stringValue == "removed" },
    ]

    static func trendCount(_ trend: String) -> Derived {
        .report("findings/finding[@baselineStatus='\(trend)']") { report in
            let count = report["findings"].items.count { $0["trend"].stringValue == trend }
            let key = trend == "new" ? "newFindings" : "recurringFindings"
            return report["comparison"][key] == .int(count) ? [] : ["comparison.\(key) is not \(count)"]
        }
    }

    /// Each object of the comparison's `list` is the access-state object of its kind and name, as it is there.
    static func sameObject(
        _ list: String, _ from: String, _ belongs: @escaping @Sendable (JSON) -> Bool
    ) -> Derived {
        .report(from) { report in
            let objects = report["accessState"]["objects"].items
            return report["comparison"][list].items.compactMap { object in
                let same = objects.first { $0["kindKey"] == object["kindKey"] && $0["name"] == object["name"] }
                return same == object && belongs(object)
                    ? nil
                    : "comparison.\(list): \(object["kindKey"].stringValue) \(object["name"].stringValue) differs"
            }
        }
    }
}

// MARK: - JSON and XML, as the test reads them

/// A JSON value; booleans apart from numbers (JSONSerialization cannot tell them apart on Linux).
enum JSON: Decodable, Equatable, Sendable {
    case bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON]), null

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try single.decode([String: JSON].self))
        }
    }

    subscript(key: String) -> JSON {
        if case .object(let fields) = self { fields[key] ?? .null } else { .null }
    }
    /// The value at a dotted path of object keys (`remote.executions`).
    func at(_ path: String) -> JSON { path.split(separator: ".").reduce(self) { $0[String($1)] } }
    var items: [JSON] {
        if case .array(let items) = self { items } else { [] }
    }
    var stringValue: String {
        if case .string(let text) = self { text } else { "" }
    }
    var intValue: Int {
        if case .int(let number) = self { number } else { 0 }
    }
    var boolValue: Bool { self == .bool(true) }
    /// A scalar as the XML writes it: booleans `true` and `false`, numbers in decimal.
    var text: String? {
        switch self {
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        default: nil
        }
    }
}

/// The XML report, stepped through by local name, each step's elements read once.
final class XMLReport {
    let root: XMLElement
    private var elements: [String: [XMLElement]] = [:]
    private var attributeValues: [String: [String: String]] = [:]

    init(_ text: String) throws {
        let document = try XMLDocument(data: Data(text.utf8))
        guard let root = document.rootElement() else { throw CocoaError(.fileReadCorruptFile) }
        self.root = root
    }

    /// The value at `path` (see `XMLPlace`), its `[]` steps at `indices`: an attribute's value, an
    /// element's text, or nil when the XML has no such attribute or element.
    func find(_ path: String, indices: [Int]) throws -> String? {
        var element = root
        var key = ""
        var level = 0
        for step in path.split(separator: "/") {
            if step.hasPrefix("@") { return attributes(of: element, key: key)[String(step.dropFirst())] }
            let indexed = step.hasSuffix("[]")
            let name = String(indexed ? step.dropLast(2) : step)
            key += "/" + name
            let found = try children(name, of: element, key: key)
            let index = indexed ? indices[level] : 0
            if indexed {
                level += 1
                key += "[\(index)]"
            }
            guard index < found.count else { return nil }
            element = found[index]
        }
        return element.stringValue ?? ""
    }

    /// How many elements the `level`th `[]` step of `path` finds, the steps before it at `indices`;
    /// nil when an element on the way is missing (an optional element: none).
    func count(_ path: String, level: Int, indices: [Int]) throws -> Int? {
        var element = root
        var key = ""
        var seen = 0
        for step in path.split(separator: "/") where !step.hasPrefix("@") {
            let indexed = step.hasSuffix("[]")
            let name = String(indexed ? step.dropLast(2) : step)
            key += "/" + name
            let found = try children(name, of: element, key: key)
            if indexed && seen == level { return found.count }
            let index = indexed ? indices[seen] : 0
            if indexed {
                seen += 1
                key += "[\(index)]"
            }
            guard index < found.count else { return nil }
            element = found[index]
        }
        return nil
    }

    /// The attributes of `element` (at `key`), by name: read from its attribute nodes, as
    /// `attribute(forName:)` does not find them in a namespaced document on Linux.
    private func attributes(of element: XMLElement, key: String) -> [String: String] {
        if let cached = attributeValues[key] { return cached }
        var values: [String: String] = [:]
        for attribute in element.attributes ?? [] { values[attribute.name ?? ""] = attribute.stringValue ?? "" }
        attributeValues[key] = values
        return values
    }

    private func children(_ name: String, of element: XMLElement, key: String) throws -> [XMLElement] {
        if let cached = elements[key] { return cached }
        let found = try element.nodes(forXPath: "*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
        elements[key] = found
        return found
    }
}
