import Foundation
import Testing
@testable import NXAudit

/// Each rule on fixtures that trigger it and on near misses that must not.
@Suite("Rules")
struct RuleTests {
    /// `count` failed logins of `account`, `step` seconds apart from 2026-10-05T10:00:00Z.
    func failures(_ account: String, _ count: Int, step: Int) -> [String] {
        (0..<count).map { i in
            let t = 36_000 + i * step
            return String(
                format:
                    "2026-10-05T%02d:%02d:%02dZ p x: [Portal|LOGIN|20103|*system] User %@ failed login "
                    + "attempts - wrong password",
                t / 3600, t / 60 % 60, t % 60, account)
        }
    }

    func lockout(_ account: String, at time: String) -> String {
        "2026-10-05T\(time)Z p x: [Portal|LOGIN|20104|\(account)] User \(account) is locked"
    }

    @Test func sixFailuresWithinFiveMinutesAreABurstFiveAreNot() throws {
        #expect(try findings("failed_login_burst", failures("eve", 5, step: 30)).isEmpty)
        let burst = try findings("failed_login_burst", failures("eve", 6, step: 30))
        #expect(burst.count == 1)
        #expect(burst.first?.subject == "eve")
        #expect(burst.first?.summary.contains("no lockout followed") == true)
        #expect(burst.first?.evidence.map(\.line) == [1, 2, 3, 4, 5, 6])
        // Six failures, each within five minutes of the previous, but never six within five minutes.
        #expect(try findings("failed_login_burst", failures("eve", 6, step: 70)).isEmpty)
        // Other accounts' failures do not add up.
        #expect(try findings("failed_login_burst", failures("eve", 3, step: 10) + failures("bob", 3, step: 10)).isEmpty)
    }

    @Test func aBurstSaysWhenALockoutFollowed() throws {
        let burst = try findings("failed_login_burst", failures("eve", 6, step: 7) + [lockout("eve", at: "10:00:50")])
        #expect(burst.first?.summary.contains("the account was locked at 2026-10-05T10:00:50+00:00") == true)
        #expect(burst.first?.evidence.last?.line == 7)
    }

    @Test func failuresAboveTheThresholdWithoutLockout() throws {
        #expect(
            try findings("failures_without_lockout", failures("eve", 10, step: 20)).isEmpty,
            "10 is the threshold itself")
        let eleven = try findings("failures_without_lockout", failures("eve", 11, step: 20))
        #expect(eleven.map(\.subject) == ["eve"])
        #expect(eleven.first?.severity == .high)
        #expect(
            try findings("failures_without_lockout", failures("eve", 11, step: 20) + [lockout("eve", at: "10:03:40")])
                .isEmpty)
        // A lockout of another account does not count.
        #expect(
            try findings("failures_without_lockout", failures("eve", 11, step: 20) + [lockout("bob", at: "10:03:40")])
                .count == 1)
    }

    @Test func anAccountChangingItselfIsSelfModification() throws {
        let lines = [
            "2026-10-05T10:00:00Z p x: [Portal|USER|20203|jules.k] User updated jules.k is created",
            "2026-10-05T10:01:00Z p x: [Portal|USER|20203|admin] User updated jules.k is created",
            "2026-10-05T10:02:00Z p x: [Portal|USER|20206|Auditor] Role Auditor is added",
            "2026-10-05T10:03:00Z e x: [Engine-01|Database|10011|portal] Finder account update:[portal]",
        ]
        let found = try findings("self_modification", lines)
        #expect(found.map(\.subject) == ["jules.k"])
        #expect(found.first?.evidence.map(\.line) == [1])
    }

    @Test(arguments: [
        ("2026-10-05T17:59:59Z", false), ("2026-10-05T18:00:00Z", true), ("2026-10-05T07:59:59Z", true),
        ("2026-10-05T08:00:00Z", false), ("2026-10-10T10:00:00Z", true), ("2026-10-11T12:00:00Z", true),
    ])
    func changesOutsideBusinessHours(stamp: String, outside: Bool) throws {
        // 5 October 2026 is a Monday, the 10th a Saturday, the 11th a Sunday.
        let change = "\(stamp) p x: [Portal|USER|20210|admin] Updated profile Admins roles: Admin"
        #expect(try findings("change_outside_business_hours", [change]).count == (outside ? 1 : 0))
    }

    @Test func remoteExecutionsAndLoginsAtNightAreNotChanges() throws {
        let lines = [
            "2026-10-05T23:00:00Z p x: [Portal|EXECUTION|21001|ana] Remote action Fix VPN executed "
                + "manually on 3 devices",
            "2026-10-05T23:00:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 1",
            "2026-10-05T23:00:00Z p x: [Portal|HIERARCHY|20503|ana] Hierarchy EMEA is updated",
        ]
        #expect(try findings("change_outside_business_hours", lines).map(\.evidence.first?.line) == [3])
    }
}
