extension Truth {
    /// The truth file's JSON: snake_case keys, times as ISO 8601 text with the local offset.
    var json: JSONValue {
        func counts(_ table: [Int: Int]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: table.map { (String($0.key), .integer($0.value)) }))
        }
        func bursts(_ list: [Burst]) -> JSONValue {
            .array(
                list.map {
                    .object([
                        "account": .string($0.account), "failures": .integer($0.failures), "first": .string($0.first),
                    ])
                })
        }
        func changes(_ list: [Change]) -> JSONValue {
            .array(list.map { .object(["actor": .string($0.actor), "code": .integer($0.code), "at": .string($0.at)]) })
        }
        var members: [String: JSONValue] = [
            "events": .integer(events),
            "codes": counts(codes),
            "malformed": .integer(malformed),
            "malformed_total": .integer(malformedTotal),
            "corrupted_codes": counts(corruptedCodes),
            "quirk_20205_as_20204": .integer(quirk20205As20204),
            "bruteforce": bursts(bruteforce),
            "lockouts": .array(lockouts.map { .object(["account": .string($0.account), "at": .string($0.at)]) }),
            "failures_without_lockout": bursts(failuresWithoutLockout),
            "offhours_privilege": changes(offhoursPrivilege),
            "self_privilege": .array(
                selfPrivilege.map { .object(["actor": .string($0.actor), "at": .string($0.at)]) }),
            "short_lived_accounts": .array(
                shortLivedAccounts.map {
                    .object(["account": .string($0.account), "created": .string($0.created)])
                }),
            "outages": .array(
                outages.map { .object(["stopped": .string($0.stopped), "started": .string($0.started)]) }),
            "silent_gaps": .array(silentGaps.map { .object(["from": .string($0.from), "to": .string($0.to)]) }),
            "history_clears": changes(historyClears),
            "remote_exec": .object(remoteExecutions.mapValues { .integer($0) }),
            "lines_total": .integer(linesTotal),
        ]
        if let files {
            members["files"] = .object(files.mapValues { .integer($0) })
        }
        if let windows1252Lines {
            members["windows1252_lines"] = .integer(windows1252Lines)
        }
        return .object(members)
    }
}
