/// Failed logins of one account that follow each other closely: the unit the
/// authentication rules judge.
struct FailureRun: Equatable {
    var account: String
    var failures: [RegisterEntry]
    /// The lockout of the account that followed the run, if any.
    var lockout: RegisterEntry?

    var first: Int64 { failures[0].utcSeconds }
    var last: Int64 { failures[failures.count - 1].utcSeconds }

    /// The most failures inside any window of `seconds`.
    func densest(within seconds: Int64) -> Int {
        var best = 0
        var start = 0
        for end in failures.indices {
            while failures[end].utcSeconds - failures[start].utcSeconds > seconds { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }

    /// Runs per account: failures no more than `window` apart belong to one run; a
    /// lockout of the account within `window` after the run's last failure follows it.
    static func runs(in entries: [RegisterEntry], catalog: CodeCatalog, window: Int64) -> [FailureRun] {
        var byAccount: [String: [RegisterEntry]] = [:]
        var lockouts: [String: [RegisterEntry]] = [:]
        let logins = catalog.logins
        for entry in entries {
            guard let login = logins[entry.code] else { continue }
            switch login.outcome {
            case .failure: byAccount[account(of: entry, login: login), default: []].append(entry)
            case .lockout: lockouts[account(of: entry, login: login), default: []].append(entry)
            case .success, .logout: break
            }
        }
        var runs: [FailureRun] = []
        for account in byAccount.keys.sorted() {
            var current: [RegisterEntry] = []
            func close() {
                guard let last = current.last else { return }
                let lock = lockouts[account]?.first {
                    $0.utcSeconds >= current[0].utcSeconds && $0.utcSeconds <= last.utcSeconds + window
                }
                runs.append(FailureRun(account: account, failures: current, lockout: lock))
                current = []
            }
            for failure in byAccount[account]! {
                if let last = current.last, failure.utcSeconds - last.utcSeconds > window { close() }
                current.append(failure)
            }
            close()
        }
        return runs.sorted { ($0.first, $0.account) < ($1.first, $1.account) }
    }

    /// The account a login event is about: the User field, or the text for codes logged
    /// by `*system` that name the account there (the User field when the text was not read).
    static func account(of entry: RegisterEntry, login: LoginRole) -> String {
        login.account == .text && !entry.target.isEmpty ? entry.target : entry.actor
    }
}
