import Foundation

/// The exports for tools and spreadsheets: JSON of the view model, CSV of the findings,
/// each register, the access state and the control matrix.
enum Exports {
    /// The whole view model as JSON: every row of every register (not only those the HTML shows),
    /// keys sorted, so reruns give the same bytes.
    static func json(_ view: ReportView) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers, booleans and arrays only: encoding cannot fail.
        return String(decoding: try! encoder.encode(view), as: UTF8.self) + "\n"
    }

    /// One CSV file per table, named by the suffix after `nxaudit-PERIOD.`.
    static func csvFiles(_ view: ReportView) -> [RenderedFile] {
        let registerHeader = [
            "time", "code", "action", "family", "source", "actor", "target", "details", "text", "file", "line",
        ]
        func register(_ table: TableView) -> [[String]] {
            table.rows.map {
                [
                    $0.time, String($0.code), $0.action, $0.family, $0.source, $0.actor, $0.target, $0.details, $0.text,
                    $0.file, String($0.line),
                ]
            }
        }
        let tables: [(String, [String], [[String]])] = [
            (
                "findings",
                [
                    "id", "fingerprint", "trend", "severity", "rule", "family", "time", "subject", "summary",
                    "controls", "organisation_controls", "evidence", "more_evidence", "quote", "recommendation",
                ],
                view.findings.map {
                    [
                        $0.id, $0.fingerprint, $0.trend, $0.severity, $0.rule, $0.family, $0.time, $0.subject,
                        $0.summary, $0.controlList, $0.organisationControlList,
                        $0.evidence.map(\.location).joined(separator: " "),
                        String($0.moreEvidence), $0.quote, $0.recommendation,
                    ]
                }
            ),
            (
                "controls",
                [
                    "control", "framework", "version", "reference", "kind", "requirement", "population", "exceptions",
                    "status", "reasons", "rules", "not_tested", "limitation",
                ],
                view.controls.rows.map {
                    [
                        $0.id, $0.frameworkName, $0.frameworkVersion, $0.reference, $0.kind, $0.requirement,
                        String($0.population), String($0.exceptions), $0.status, $0.reasons.joined(separator: "; "),
                        $0.ruleList, $0.notEvaluated.joined(separator: "; "), $0.limitation,
                    ]
                }
            ),
            (
                "access-state",
                [
                    "kind", "name", "state_at_end", "origin", "roles", "changes", "changed_by", "first_change",
                    "last_change", "evidence",
                ],
                view.accessState.objects.map {
                    [
                        $0.kind, $0.name, $0.state, $0.origin, $0.roles, String($0.changes), $0.changedBy,
                        $0.firstChange, $0.lastChange, $0.evidence.map(\.location).joined(separator: " "),
                    ]
                }
            ),
            ("privilege-register", registerHeader, register(view.privilegeRegister)),
            ("configuration-register", registerHeader, register(view.configurationRegister)),
            ("remote-executions", registerHeader, register(view.remote.executions)),
            ("lockouts", registerHeader, register(view.authentication.lockouts)),
            ("availability", registerHeader, register(view.availability)),
            ("unknown-codes", registerHeader, register(view.unknownCodes)),
        ]
        return tables.map { name, header, rows in
            RenderedFile(
                suffix: "\(name).csv", format: .csv,
                document: RenderedDocument(parts: [CSV.document(header: header, rows: rows)]))
        }
    }
}

/// RFC 4180 CSV that a spreadsheet cannot mistake for formulas.
package enum CSV {
    /// Header and rows, CRLF line ends, every line ended.
    static func document(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        out.reserveCapacity(rows.count * 160)
        for row in rows { out += line(row) }
        return out
    }

    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell: a text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return) gets a leading `'`; a cell holding a comma, a quote or
    /// a line break is quoted, its quotes doubled. Judged on bytes, not on characters: a
    /// comma followed by a combining mark is one `Character`, but still a comma to a reader.
    package static let formulaStarters: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]  // = + - @ tab CR
    package static let separators: Set<UInt8> = [0x2C, 0x22, 0x0A, 0x0D]  // , " LF CR

    package static func cell(_ text: String) -> String {
        let starter = text.utf8.first.map(formulaStarters.contains) ?? false
        let quoted = text.utf8.contains(where: separators.contains)
        guard starter || quoted else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 4)
        if quoted { out.append(0x22) }
        if starter { out.append(0x27) }
        for byte in text.utf8 {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        if quoted { out.append(0x22) }
        return String(decoding: out, as: UTF8.self)
    }
}
