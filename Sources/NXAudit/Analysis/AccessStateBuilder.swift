/// Replays the period's account, role and profile changes into their state at the period's end.
enum AccessStateBuilder {
    /// Replays `entries` (the privilege register) with the access roles of `catalog`.
    static func build(_ entries: [RegisterEntry], catalog: CodeCatalog) -> AccessState {
        var objects: [String: AccessObject] = [:]
        var unnamedChanges: [RegisterEntry] = []
        let changes = catalog.accessChanges
        for entry in entries {
            // Every change of the register lands in the table or in the unnamed list; none is dropped.
            guard let change = changes[entry.code], !change.isUnnamed, let name = name(of: entry, change: change) else {
                unnamedChanges.append(entry)
                continue
            }
            let kind = change.object, effect = change.effect
            let key = "\(kind.rawValue)|\(name)"
            var object =
                objects[key]
                ?? AccessObject(
                    kind: kind, name: name, stateAtEnd: .exists, createdInPeriod: effect == .create, roles: nil,
                    changes: 0,
                    changedBy: [], firstChangeSeconds: entry.utcSeconds, lastChangeSeconds: entry.utcSeconds,
                    evidence: [])
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
        return AccessState(
            objects: sorted, unnamedChanges: unnamedChanges,
            limitations: limitations(unnamed: unnamedChanges.count, catalog: catalog))
    }

    /// The object's name: the target read from the text; an Engine's Finder account carries its Engine;
    /// the appliance accounts are fixed.
    static func name(of entry: RegisterEntry, change: AccessChange) -> String? {
        switch change.naming {
        case .fixed(let name): return name
        case .unnamed: return nil
        case .text where entry.target.isEmpty: return nil
        case .text: return change.object == .finderAccount ? "\(entry.target) @ \(entry.source)" : entry.target
        }
    }

    static func limitations(unnamed: Int, catalog: CodeCatalog) -> [String] {
        var notes = [
            "The audit trail records changes, not the population: accounts, roles and profiles that "
                + "existed before the period and were not changed in it do not appear here. For a full access "
                + "review, compare this list with an export of the Portal's accounts and profiles as of the "
                + "period end.",
            "An object whose first event in the period is not a creation existed before the period; what "
                + "it was like then is not in the log.",
            "Which profile an account holds is not logged by name; a profile's roles are known only from "
                + "its last \"Profile added\" or \"Profile updated\" event.",
            "Only events inside the period are replayed; changes before the period start are not taken into account.",
        ]
        if unnamed > 0 {
            // The codes that never name their accounts, each with the text it is quoted by, if any.
            let codes = catalog.unnamedAccessCodes.map { entry in
                guard case .unnamed(let example?) = entry.access?.naming else { return "\(entry.code)" }
                return "\(entry.code) \"\(example)\""
            }
            let listed = (codes + ["a code whose object nxaudit cannot tell", "or a text it could not read"]).joined(
                separator: ", ")
            notes.append(
                "\(unnamed) change(s) do not name the accounts they changed (\(listed)); they are listed "
                    + "below the table."
            )
        }
        notes.append(
            "Appliance accounts (Web Console, Portal admin, remote management, SSH) are named by role, not "
                + "by appliance: events of several appliances are merged."
        )
        return notes
    }
}
