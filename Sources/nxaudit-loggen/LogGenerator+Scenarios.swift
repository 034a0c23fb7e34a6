extension LogGenerator {
    private static let second: Int64 = 1_000_000
    private static let minute: Int64 = 60_000_000
    private static let wrongPassword: [UInt8] = Array("wrong password".utf8)

    /// The injected compliance scenarios of day `index` of the period, each recorded in the
    /// truth when all of its lines were written intact inside the window.
    mutating func makeScenarios(on day: CivilDate, index: Int) {
        let second = LogGenerator.second
        let minute = LogGenerator.minute
        // Privilege changes on every weekday (not a scenario of their own: the access registers count them).
        if day.isWeekday {
            let admin = random.pick(names.admins)
            let at = busyTime(on: day)
            let code = random.pick([20201, 20202, 20206, 20208, 20211])
            emit(Event(code: code, at: at, actor: admin, target: account(from: names.usersAndRoles)))
        }
        // A brute-force burst every 9 days: 6-14 failures 7 s apart, then the lockout.
        if index % 9 == 4 {
            let victim = account(from: names.users)
            var first = time(on: day, hour: random.below(24))
            let failures = random.int(in: 6..<15)
            // Kept within its day, so a truth window (drawn at midnights) holds all of it or none.
            let lockedAt = { (first: Int64) in first + Int64(7 * failures) * second }
            let nextMidnight = zone.midnight(of: day.adding(days: 1))
            if lockedAt(first) >= nextMidnight {
                first -= lockedAt(first) - nextMidnight + second
            }
            var events = (0..<failures).map {
                Event(
                    code: 20103, at: first + Int64(7 * $0) * second, actor: LogGenerator.system,
                    target: victim, extra: LogGenerator.wrongPassword)
            }
            events.append(Event(code: 20104, at: lockedAt(first), actor: victim, target: victim))
            if emitScenario(events) {
                let account = String(decoding: victim, as: UTF8.self)
                truth.bruteforce.append(Truth.Burst(account: account, failures: failures, first: isoText(first)))
                truth.lockouts.append(Truth.Lockout(account: account, at: isoText(lockedAt(first))))
            }
        }
        // Every 15 days, 12 failures 20 s apart and no lockout: above the PCI DSS 8.3.4 threshold of 10.
        if index % 15 == 11 {
            let victim = account(from: names.users)
            let first = time(on: day, hour: random.int(in: 9..<17))
            let events = (0..<12).map {
                Event(
                    code: 20103, at: first + Int64(20 * $0) * second, actor: LogGenerator.system,
                    target: victim, extra: LogGenerator.wrongPassword)
            }
            if emitScenario(events) {
                let burst = Truth.Burst(
                    account: String(decoding: victim, as: UTF8.self), failures: 12, first: isoText(first))
                truth.failuresWithoutLockout.append(burst)
                truth.bruteforce.append(burst)
            }
        }
        // Every 11 days, a profile change at night (22:00-04:00).
        if index % 11 == 6 {
            let admin = random.pick(names.admins)
            let at = time(on: day, hour: random.pick([1, 2, 3, 22, 23]))
            let event = Event(
                code: 20210, at: at, actor: admin, target: Array("Global Admins".utf8),
                extra: Array("Admin, Remote Actions Operator".utf8))
            if emitScenario([event]) {
                truth.offhoursPrivilege.append(
                    Truth.Change(actor: String(decoding: admin, as: UTF8.self), code: 20210, at: isoText(at)))
            }
        }
        // Every 13 days (a weekday), an ordinary user updates its own account.
        if index % 13 == 7, day.isWeekday {
            let user = account(from: names.users)
            let at = busyTime(on: day)
            if emitScenario([Event(code: 20203, at: at, actor: user, target: user)]) {
                truth.selfPrivilege.append(
                    Truth.SelfChange(actor: String(decoding: user, as: UTF8.self), at: isoText(at)))
            }
        }
        // Every 10 days (a weekday), an account created and removed within 2 hours.
        if index % 10 == 2, day.isWeekday {
            let account = "tmp.contractor\(index)"
            let created = time(on: day, hour: random.int(in: 9..<15))
            let removed = created + Int64(random.int(in: 10..<110)) * minute
            let admin = names.admins[0]
            let events = [
                Event(code: 20201, at: created, actor: admin, target: Array(account.utf8)),
                Event(code: 20202, at: removed, actor: admin, target: Array(account.utf8)),
            ]
            if emitScenario(events) {
                truth.shortLivedAccounts.append(Truth.ShortLivedAccount(account: account, created: isoText(created)))
            }
        }
        // Every 8 days (a weekday), a metric's history cleared: data removed.
        if index % 8 == 3, day.isWeekday {
            let at = busyTime(on: day)
            let code = random.pick([21102, 21103])
            let admin = random.pick(names.admins)
            if emitScenario([Event(code: code, at: at, actor: admin, target: random.pick(names.objects))]) {
                truth.historyClears.append(
                    Truth.Change(actor: String(decoding: admin, as: UTF8.self), code: code, at: isoText(at)))
            }
        }
        // A maintenance outage on the first Sunday of the month: the Portal stops at 03:00 and
        // starts again 20-90 minutes later; the Engines disconnect and reconnect.
        if day.weekday == 6, day.day <= 7 {
            let stopped = time(on: day, hour: 3, minute: 0, second: 0)
            let started = stopped + Int64(random.int(in: 20..<90)) * minute
            var events = [
                Event(code: 20004, at: stopped, actor: LogGenerator.system),
                Event(code: 20001, at: started, actor: LogGenerator.system),
                Event(code: 20002, at: started + 40 * second, actor: LogGenerator.system),
            ]
            for engine in engineHosts {
                events.append(Event(code: 20704, at: stopped + 5 * second, actor: LogGenerator.system, target: engine))
                events.append(Event(code: 20703, at: started + 60 * second, actor: LogGenerator.system, target: engine))
            }
            if emitScenario(events) {
                truth.outages.append(Truth.Outage(stopped: isoText(stopped), started: isoText(started)))
            }
        }
    }
}
