/// An inspection as text for a person: the inputs one by one, then what they hold
/// together, the warnings and the suggested command.
extension Inspection {
    public var text: String {
        var out: [String] = []
        func n(_ value: Int) -> String { Charts.number(Double(value)) }
        out.append(
            "nxaudit inspect: \(inputs.count) input(s), \(n(linesRead)) lines, \(n(events)) events (times in "
                + "\(timezone))"
        )
        for input in inputs {
            out.append("")
            let kind = input.compressed ? "gzip" : "plain"
            out.append(
                "\(input.path)  \(n(Int(input.size))) bytes, \(kind), \(n(input.lines)) lines, \(n(input.events)) "
                    + "events"
            )
            if let notAuditLog = input.notAuditLog {
                out.append("  not an audit log: \(notAuditLog)")
                continue
            }
            for shape in input.shapes {
                out.append("  shape    \(shape.name): \(n(shape.lines)) line(s); first at \(shape.example):")
                out.append("             \(shape.exampleLine)")
            }
            if let first = input.firstEvent, let last = input.lastEvent {
                out.append("  time     \(first) to \(last)")
            }
            if !input.offsets.isEmpty || input.linesWithoutZone > 0 {
                var zones: [String] = []
                if !input.offsets.isEmpty { zones.append("offsets \(input.offsets.joined(separator: ", "))") }
                if input.linesWithoutZone > 0 { zones.append("\(n(input.linesWithoutZone)) line(s) without zone") }
                out.append("  zones    " + zones.joined(separator: "; "))
            }
            for source in input.sources {
                let host = source.host.isEmpty ? "" : " on \(source.host)"
                out.append("  source   \(source.source)\(host): \(n(source.events)) event(s)")
            }
            if let year = input.year { out.append("  year     \(year)") }
            var defects: [String] = []
            if input.duplicates > 0 { defects.append("\(n(input.duplicates)) duplicate") }
            if input.malformed > 0 { defects.append("\(n(input.malformed)) malformed") }
            if input.windows1252Lines > 0 { defects.append("\(n(input.windows1252Lines)) read as Windows-1252") }
            if !defects.isEmpty { out.append("  lines    " + defects.joined(separator: ", ")) }
        }
        out.append("")
        let known = codes.reduce(0) { $0 + $1.events }
        out.append("Codes: \(codes.count) known code(s) with \(n(known)) event(s)")
        for code in unknownCodes { out.append("  unknown code \(code.code): \(n(code.events)) event(s)") }
        for group in malformed + [windows1252, duplicates] where group.lines > 0 {
            out.append("\(group.reason): \(n(group.lines)) line(s), \(group.explanation)")
            out.append("  first: " + group.examples.joined(separator: " "))
        }
        out.append("")
        if warnings.isEmpty {
            out.append("No warning.")
        } else {
            out.append("Warnings:")
            for warning in warnings { out.append("  - " + warning) }
        }
        out.append("")
        out.append("Suggested command:")
        out.append("  " + suggestedCommand)
        return out.joined(separator: "\n") + "\n"
    }
}
