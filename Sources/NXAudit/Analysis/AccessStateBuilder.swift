/// Replays the period's account, role and profile changes into their state at the period's end.
enum AccessStateBuilder {
    /// What a code does to which kind of object.
    enum Effect { case create, update, remove, enable, disable }

    static let effects: [Int: (AccessObject.Kind, Effect)] = [
        20201: (.portalAccount, .create), 20202: (.portalAccount, .remove), 20203: (.portalAccount, .update),
        20206: (.role, .create), 20207: (.role, .update), 20208: (.role, .remove),
        20209: (.profile, .create), 20210: (.profile, .update), 20211: (.profile, .remove),
        10009: (.finderAccount, .create), 10010: (.finderAccount, .remove),
        10011: (.finderAccount, .update), 10012: (.finderAccount, .update),
        51010: (.applianceAccount, .update), 51011: (.applianceAccount, .enable), 51012: (.applianceAccount, .disable),
        51020: (.applianceAccount, .update), 51021: (.applianceAccount, .enable), 51022: (.applianceAccount, .disable),
        51000: (.applianceAccount, .update), 52010: (.applianceAccount, .update),
    ]

    /// Codes that change accounts without naming them (`Updated profile of N users`).
    static let unnamed: Set<Int> = [20204, 20205]

    static func build(_ entries: [RegisterEntry]) -> AccessState {
        var objects: [String: AccessObject] = [:]
        var unnamedChanges: [RegisterEntry] = []
        for entry in entries {
            if unnamed.contains(entry.code) {
                unnamedChanges.append(entry)
                continue
            }
            // Every change of the register lands in the table or in the unnamed list; none is dropped.
            guard let (kind, effect) = effects[entry.code], let name = name(of: entry, kind: kind) else {
                unnamedChanges.append(entry)
                continue
            }
            let key = "\(kind.rawValue)|\(name)"
            var object = objects[key] ?? AccessObject(
                kind: kind, name: name, stateAtEnd: .exists, createdInPeriod: effect == .create, roles: nil, changes: 0,
                changedBy: [], firstChangeSeconds: entry.utcSeconds, lastChangeSeconds: entry.utcSeconds, evidence: [])
            switch effect {
            case .create: object.stateAtEnd = .exists
            case .update: if object.stateAtEnd == .removed { object.stateAtEnd = .exists }
            case .remove: object.stateAtEnd = .removed
            case .enable: object.stateAtEnd = .enabled
            case .disable: object.stateAtEnd = .disabled
            }
            if kind == .profile, effect != .remove, entry.details.hasPrefix("roles: ") {
                object.roles = String(entry.details.dropFirst("roles: ".count))
            }
            object.changes += 1
            if !object.changedBy.contains(entry.actor) { object.changedBy.append(entry.actor) }
            object.lastChangeSeconds = entry.utcSeconds
            object.evidence = [object.evidence.first ?? entry.location, entry.location]
            objects[key] = object
        }
        let sorted = objects.values.map { object -> AccessObject in
            var object = object
            object.changedBy.sort()
            if object.evidence.count == 2 && object.evidence[0] == object.evidence[1] { object.evidence.removeLast() }
            return object
        }.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        return AccessState(objects: sorted, unnamedChanges: unnamedChanges, limitations: limitations(unnamed: unnamedChanges.count))
    }

    /// The object's name: the target read from the text; an Engine's Finder account carries its Engine;
    /// the appliance accounts are fixed.
    static func name(of entry: RegisterEntry, kind: AccessObject.Kind) -> String? {
        switch kind {
        case .applianceAccount:
            switch entry.code {
            case 51000: return "Web Console account"
            case 52010: return "Portal admin account"
            case 51010...51012: return "Portal remote management account"
            default: return "SSH nexthink account"
            }
        case .finderAccount:
            return entry.target.isEmpty ? nil : "\(entry.target) @ \(entry.source)"
        default:
            return entry.target.isEmpty ? nil : entry.target
        }
    }

    static func limitations(unnamed: Int) -> [String] {
        var notes = [
            "The audit trail records changes, not the population: accounts, roles and profiles that existed before the period and were not changed in it do not appear here. For a full access review, compare this list with an export of the Portal's accounts and profiles as of the period end.",
            "An object whose first event in the period is not a creation existed before the period; what it was like then is not in the log.",
            "Which profile an account holds is not logged by name; a profile's roles are known only from its last \"Profile added\" or \"Profile updated\" event.",
            "Only events inside the period are replayed; changes before the period start are not taken into account.",
        ]
        if unnamed > 0 {
            notes.append("\(unnamed) change(s) do not name the accounts they changed (20204 \"Updated profile of N users\", 20205, a code whose object nxaudit cannot tell, or a text it could not read); they are listed below the table.")
        }
        notes.append("Appliance accounts (Web Console, Portal admin, remote management, SSH) are named by role, not by appliance: events of several appliances are merged.")
        return notes
    }
}
