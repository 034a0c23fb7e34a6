/// What a correct analyzer must find in the generated log, for the truth window
/// (`--truth-from` … `--truth-to`, local days in `--tz`, half-open).
///
/// A scenario is listed only when every one of its lines was written intact inside the
/// window: not dropped by a silent gap, not spoilt by `--malformed`. Per-code counts
/// count events written intact; corrupted lines are counted apart. The JSON keys
/// (`Truth+JSON.swift`) are the ones the end-to-end tests decode.
struct Truth {
    /// A burst of failed logins for one account.
    struct Burst {
        var account: String
        var failures: Int
        var first: String
    }

    struct Lockout {
        var account: String
        var at: String
    }

    /// A change of code `code` by `actor` (an off-hours privilege change, a history clear).
    struct Change {
        var actor: String
        var code: Int
        var at: String
    }

    /// A user changing its own account.
    struct SelfChange {
        var actor: String
        var at: String
    }

    struct ShortLivedAccount {
        var account: String
        var created: String
    }

    /// The Portal stopped, then started again.
    struct Outage {
        var stopped: String
        var started: String
    }

    /// A `--silent-gap` window: no line at all.
    struct Silence {
        var from: String
        var to: String
    }

    /// Events written intact in the window.
    var events = 0
    /// Those events by the code they mean (a 20205 logged under 20204 counts as 20205).
    /// A code is present once an event of it fell in the window, even if every one was corrupted.
    var codes: [Int: Int] = [:]
    /// Corrupted lines whose event fell in the window.
    var malformed = 0
    /// Corrupted lines in the whole output.
    var malformedTotal = 0
    var corruptedCodes: [Int: Int] = [:]
    /// 20205 events written intact in the window with 20204 in their header.
    var quirk20205As20204 = 0
    var bruteforce: [Burst] = []
    var lockouts: [Lockout] = []
    /// Twelve failures without a lockout: above the PCI DSS 8.3.4 threshold of 10.
    var failuresWithoutLockout: [Burst] = []
    /// Profile changes at night (22:00-04:00).
    var offhoursPrivilege: [Change] = []
    var selfPrivilege: [SelfChange] = []
    /// Accounts created and removed within two hours.
    var shortLivedAccounts: [ShortLivedAccount] = []
    var outages: [Outage] = []
    var silentGaps: [Silence] = []
    /// Metric history cleared (21102, 21103).
    var historyClears: [Change] = []
    /// Remote executions written intact in the window, per `"actor|code"`.
    var remoteExecutions: [String: Int] = [:]
    /// Lines written, corrupted and blank ones included.
    var linesTotal = 0
    /// Lines per file, when the output is a folder.
    var files: [String: Int]?
    /// With `--encoding windows-1252`, the lines in the whole output with a byte of 0x80 or
    /// more (nil, and no key in the file, for UTF-8).
    var windows1252Lines: Int?
}
