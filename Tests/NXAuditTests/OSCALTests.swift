import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import NXAudit

/// `--format oscal`: OSCAL Assessment Results that say what the XML says, with UUIDs that do not
/// change on a rerun and follow a finding from month to month. (The schema checks with
/// compliance-trestle and NIST's JSON schema are `Scripts/oscal-test.sh`.)
@Suite("OSCAL Assessment Results")
struct OSCALTests {
    typealias Object = [String: Any]

    /// RFC 9562's example of a version-5 UUID: "www.example.com" in the DNS namespace.
    @Test func nameBasedUUIDsAreRFC9562Version5() {
        let dns: [UInt8] = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ]
        #expect(NameBasedUUID.v5("www.example.com", namespace: dns) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(NameBasedUUID.v5("a", namespace: dns) != NameBasedUUID.v5("b", namespace: dns))
    }

    @Test func controlIDsAreNISTsOwnOrFrameworkTokens() {
        #expect(OSCALExport.controlID(framework: "nist-sp-800-53", reference: "AC-2(4)") == "ac-2.4")
        #expect(OSCALExport.controlID(framework: "nist-sp-800-53", reference: "AU-5") == "au-5")
        #expect(OSCALExport.controlID(framework: "pci-dss", reference: "10.2.1.6") == "pci-dss_10.2.1.6")
        #expect(OSCALExport.controlID(framework: "iso-iec-27001", reference: "A.8.15") == "iso-iec-27001_a.8.15")
        #expect(OSCALExport.controlID(framework: "sox-itgc", reference: "APD") == "sox-itgc_apd")
    }

    func json(_ path: String) throws -> Object {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require((object as? Object)?["assessment-results"] as? Object)
    }

    func props(_ object: Object, _ name: String) -> [String] {
        ((object["props"] as? [Object]) ?? []).filter { $0["name"] as? String == name }.compactMap {
            $0["value"] as? String
        }
    }

    /// Every `uuid` value anywhere in the document.
    func uuids(_ value: Any) -> [String] {
        if let object = value as? Object {
            return ((object["uuid"] as? String).map { [$0] } ?? []) + object.values.flatMap(uuids)
        }
        if let array = value as? [Any] { return array.flatMap(uuids) }
        return []
    }

    @Test func theDocumentSaysWhatTheXMLSays() throws {
        let dir = TemporaryDirectory()
        let result = try nxaudit(
            [
                "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026", "--policy",
                "samples/policy.yaml", "--format", "xml,oscal", "samples/logs", "--output", dir.path,
            ], in: Checkout.root.path)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try json(dir.path + "/nxaudit-2026-10.oscal.json")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let root = try #require(try xmlElements("complianceReport", in: xml).first)
        let period = try #require(try xmlElements("period", in: xml).first)

        let metadata = try #require(document["metadata"] as? Object)
        #expect(metadata["oscal-version"] as? String == "1.1.3")
        #expect(metadata["last-modified"] as? String == root["generatedAt"])
        #expect(metadata["version"] as? String == root["reportId"])

        let results = try #require(document["results"] as? [Object])
        #expect(results.count == 1)
        let run = results[0]
        #expect(run["start"] as? String == period["start"] && run["end"] as? String == period["end"])

        // The reviewed controls are the matrix's, one observation each with the same status.
        let matrix = try xmlElements("controlMatrix/controlResult", in: xml)
        let selections = try #require(
            ((run["reviewed-controls"] as? Object)?["control-selections"] as? [Object])?.first)
        #expect((selections["include-controls"] as? [Object])?.count == matrix.count)
        let observations = try #require(run["observations"] as? [Object])
        for row in matrix {
            let observation = observations.first { props($0, "control") == [row["control"]!] }
            #expect(observation.map { props($0, "control-status") } == [row["status"]!], "\(row["control"]!)")
        }

        // One OSCAL finding per finding, with its ID, fingerprint, severity and every evidence line.
        let findings = try #require(run["findings"] as? [Object])
        let xmlFindings = try xmlFindings(in: xml)
        #expect(findings.count == xmlFindings.count)
        let resources = try #require((document["back-matter"] as? Object)?["resources"] as? [Object])
        let resourceIDs = Set(resources.compactMap { $0["uuid"] as? String })
        let observationIDs = Set(observations.compactMap { $0["uuid"] as? String })
        for expected in xmlFindings {
            let finding = try #require(findings.first { props($0, "finding-id") == [expected["id"]!] })
            #expect(props(finding, "fingerprint") == [expected["fingerprint"]!])
            #expect(props(finding, "severity") == [expected["severity"]!])
            #expect(props(finding, "rule") == expected["rules"]!.split(separator: " ").map(String.init))
            let target = try #require(finding["target"] as? Object)
            let state = (target["status"] as? Object)?["state"] as? String
            // The objective's state is the control matrix's, for every finding that targets it.
            let row = try #require(matrix.first { $0["control"] == props(finding, "control").first })
            let failing = ["exceptions", "not-operating", "operating-with-exceptions"].contains(row["status"]!)
            #expect(state == (failing ? "not-satisfied" : "satisfied"), "\(expected["id"]!) on \(row["control"]!)")
            let related = ((finding["related-observations"] as? [Object]) ?? []).compactMap {
                $0["observation-uuid"] as? String
            }
            #expect(!related.isEmpty && related.allSatisfy(observationIDs.contains))
            let evidence = related.compactMap { id in observations.first { $0["uuid"] as? String == id } }
                .flatMap { ($0["relevant-evidence"] as? [Object]) ?? [] }
            let lines = try XMLDocument(data: Data(xml.utf8)).nodes(
                forXPath: "//*[local-name()='finding'][@id='\(expected["id"]!)']/*[local-name()='evidence']")
            let described = Set(evidence.compactMap { $0["description"] as? String })
            let locations = lines.compactMap { $0 as? XMLElement }.map { element in
                let attributes = Dictionary(
                    uniqueKeysWithValues: (element.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") })
                return "\(attributes["file"] ?? "?"):\(attributes["line"] ?? "?")"
            }
            #expect(locations.allSatisfy(described.contains), "\(expected["id"]!): \(locations)")
            for href in evidence.compactMap({ $0["href"] as? String }) {
                #expect(href.hasPrefix("#") && resourceIDs.contains(String(href.dropFirst())))
            }
        }

        // The plan it imports is in the back matter; every input is there with its SHA-256.
        let plan = try #require((document["import-ap"] as? Object)?["href"] as? String)
        #expect(plan.hasPrefix("#") && resourceIDs.contains(String(plan.dropFirst())))
        let hashes = Set(
            resources.flatMap { ($0["rlinks"] as? [Object]) ?? [] }.flatMap { ($0["hashes"] as? [Object]) ?? [] }
                .compactMap { $0["value"] as? String })
        for input in try xmlElements("coverage/inputs/input", in: xml) { #expect(hashes.contains(input["sha256"]!)) }

        let all = uuids(document)
        #expect(Set(all).count == all.count, "every UUID is unique")
        #expect(
            all.allSatisfy {
                $0.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil
            })
    }

    /// A finding keeps its UUID from one month to the next; a rerun gives the same bytes; the
    /// policy's organisation scopes the UUIDs and names the parties.
    @Test func uuidsAreStableAcrossRerunsAndMonths() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: ["--start", "2026-09-01", "--end", "2026-11-01", "--events-per-day", "40", "--seed", "4"])
        let policy = dir.write(
            "policy.yaml", "version: 1\norganisation: Example AG\nprepared_by: IT Security Operations\n")
        func run(_ month: String, _ out: String, policy: String? = nil) throws -> Object {
            let result = try nxaudit(
                ["report", "--month", month, "--timezone", "Europe/Zurich", "--format", "oscal", log]
                    + (policy.map { ["--policy", $0] } ?? []) + ["--output", dir.path + "/" + out])
            #expect(result.status <= 2, "\(result.stderr)")
            return try json(dir.path + "/\(out)/nxaudit-\(month).oscal.json")
        }
        func findings(_ document: Object) -> [String: String] {
            let run = (document["results"] as? [Object])?.first ?? [:]
            var byFingerprint: [String: String] = [:]
            for finding in (run["findings"] as? [Object]) ?? [] where props(finding, "fingerprint").count == 1 {
                byFingerprint[props(finding, "fingerprint")[0]] =
                    byFingerprint[props(finding, "fingerprint")[0]]
                    ?? finding["uuid"] as? String
            }
            return byFingerprint
        }
        let september = findings(try run("2026-09", "a", policy: policy))
        let octoberDocument = try run("2026-10", "a", policy: policy)
        let october = findings(octoberDocument)
        let both = Set(september.keys).intersection(october.keys)
        #expect(!both.isEmpty, "the generated months share findings")
        #expect(both.allSatisfy { september[$0] == october[$0] })

        let first = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/nxaudit-2026-10.oscal.json"))
        _ = try run("2026-10", "b", policy: policy)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/nxaudit-2026-10.oscal.json")) == first)

        let unscoped = findings(try run("2026-10", "c"))
        #expect(Set(unscoped.keys) == Set(october.keys))
        #expect(october.keys.allSatisfy { october[$0] != unscoped[$0] }, "the organisation scopes the UUIDs")
        let parties = ((octoberDocument["metadata"] as? Object)?["parties"] as? [Object]) ?? []
        #expect(parties.compactMap { $0["name"] as? String } == ["Example AG", "IT Security Operations"])

        // With the previous month as baseline, its findings that no longer occur close under their UUIDs.
        _ = try nxaudit([
            "report", "--month", "2026-09", "--timezone", "Europe/Zurich", "--format", "xml", "--policy", policy, log,
            "--output", dir.path + "/s",
        ])
        let withBaseline = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--format", "xml,oscal", "--policy", policy,
            "--baseline", dir.path + "/s/nxaudit-2026-09.xml", log, "--output", dir.path + "/s",
        ])
        #expect(withBaseline.status <= 2, "\(withBaseline.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/s/nxaudit-2026-10.xml", encoding: .utf8)
        let resolvedPrints = Set(try xmlElements("comparison/resolvedFinding", in: xml).map { $0["fingerprint"]! })
        #expect(!resolvedPrints.isEmpty, "the generated months have a finding that does not recur")
        let run = try #require((try json(dir.path + "/s/nxaudit-2026-10.oscal.json")["results"] as? [Object])?.first)
        let closed = ((run["findings"] as? [Object]) ?? []).filter { props($0, "baseline-status") == ["resolved"] }
        #expect(Set(closed.flatMap { props($0, "fingerprint") }) == resolvedPrints)
        #expect(closed.allSatisfy { september[props($0, "fingerprint")[0]] == $0["uuid"] as? String })
    }
}
