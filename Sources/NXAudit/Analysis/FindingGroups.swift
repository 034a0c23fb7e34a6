/// Several rules hitting one incident make one finding.
///
/// Two findings are about one incident when they cite the same first evidence line (a
/// run of failed logins that is a burst and goes past the lockout threshold), or when the
/// stretches of time they are about overlap (a component's stop and the gap without events
/// around it; a gap and the silent day inside it). The finding of the most severe rule
/// leads (among equals, one placed in time, then report order); it takes the others' rules,
/// controls and evidence, and their sentences are kept beside its own.
enum FindingGroups {
    static func group(_ findings: [Finding]) -> [Finding] {
        let ordered = findings.sorted(by: Finding.reportOrder)
        var parent = Array(ordered.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        func join(_ a: Int, _ b: Int) {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var byFirstLine: [EvidenceLocation: Int] = [:]
        for (index, finding) in ordered.enumerated() {
            guard let first = finding.evidence.first else { continue }
            if let other = byFirstLine[first] { join(other, index) } else { byFirstLine[first] = index }
        }
        let spanned = ordered.indices.filter { !ordered[$0].spans.isEmpty }
        for (position, a) in spanned.enumerated() {
            for b in spanned[(position + 1)...]
            where ordered[a].spans.contains(where: { span in ordered[b].spans.contains { $0.overlaps(span) } }) {
                join(a, b)
            }
        }
        var groups: [Int: [Int]] = [:]
        for index in ordered.indices { groups[root(index), default: []].append(index) }
        return groups.keys.sorted().map { root in
            // The most severe leads; among equals, one placed in time (a gap before the silent day in it).
            let members = groups[root]!.map { ordered[$0] }
            let lead = members.indices.min { a, b in
                let (x, y) = (members[a], members[b])
                if x.severity != y.severity { return x.severity > y.severity }
                if (x.utcSeconds == nil) != (y.utcSeconds == nil) { return x.utcSeconds != nil }
                return a < b
            }!
            return merge([members[lead]] + members.enumerated().filter { $0.offset != lead }.map(\.element))
        }
        .sorted(by: Finding.reportOrder)
    }

    /// Each hit its own finding, in report order.
    static func alone(_ findings: [Finding]) -> [Finding] {
        findings.sorted(by: Finding.reportOrder).map { merge([$0]) }
    }

    /// One finding from an incident's findings, the first (most severe) leading.
    static func merge(_ members: [Finding]) -> Finding {
        var lead = members[0]
        lead.rules = [lead.rule]
        guard members.count > 1 else { return lead }
        var listedTotal = lead.evidence.count + lead.moreEvidence
        for other in members.dropFirst() {
            if !lead.rules.contains(other.rule) { lead.rules.append(other.rule) }
            lead.also.append(AlsoSaid(rule: other.rule, summary: other.summary))
            for control in other.controls where !lead.controls.contains(control) { lead.controls.append(control) }
            for location in other.evidence where !lead.evidence.contains(location) { lead.evidence.append(location) }
            lead.spans += other.spans
            lead.interruptsEvidence = lead.interruptsEvidence || other.interruptsEvidence
            listedTotal = max(listedTotal, other.evidence.count + other.moreEvidence)
            lead.firstUTCSeconds = [lead.firstUTCSeconds, other.firstUTCSeconds].compactMap { $0 }.min()
            lead.lastUTCSeconds = [lead.lastUTCSeconds, other.lastUTCSeconds].compactMap { $0 }.max()
        }
        // Events, like lines, overlap between members: the most any member rests on, or the distinct
        // lines listed by the members that rest on events (two components' stops), whichever is more.
        let onEvents = members.filter { $0.eventCount > 0 }
        lead.eventCount = max(
            onEvents.map(\.eventCount).max() ?? 0, Set(onEvents.flatMap(\.evidence)).count)
        // The members' lines overlap (one run of failures seen by two rules): the most any of them
        // stands on, less what the merged list shows.
        lead.moreEvidence = max(0, listedTotal - lead.evidence.count)
        return lead
    }
}
