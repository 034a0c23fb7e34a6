/// Makes the audit trail of a period, day by day: administration on weekdays in
/// business hours, operations every day, then the injected compliance scenarios
/// (`LogGenerator+Scenarios.swift`). Each day's lines are written in time order, and
/// the truth records what was written.
///
/// Events are made at local wall-clock times in the appliance's zone, as an appliance
/// logs them; durations (a session, a burst of failures) are added to instants, so
/// they stay true across a clock change.
struct LogGenerator {
    /// One event to write.
    struct Event {
        var code: Int
        /// Microseconds since 1970, UTC.
        var at: Int64
        var actor: [UInt8]
        var target: [UInt8] = []
        var number = 0
        var extra: [UInt8] = []
        /// 0 for the Portal appliance (Portal and Console), `n` for the n-th Engine.
        var host = 0
        /// The code in the header when it is not `code`: a 20205 logged as 20204.
        var headerCode: Int?
    }

    /// A remote execution's key in the truth: who ran it through which channel.
    private struct ExecutionKey: Hashable {
        var actor: [UInt8]
        var code: Int
    }

    let settings: GeneratorSettings
    let zone: ZoneOffsets
    /// The events' draws; the prefix and damage draws have their own streams, so the
    /// events of a seed stay the same whatever `--prefix` and `--malformed` say.
    var random: SeededRandom
    private var prefixRandom: SeededRandom
    private var damageRandom: SeededRandom
    /// Whether a drawn account becomes an accented one (`--encoding windows-1252`).
    private var accentRandom: SeededRandom
    let names: NamePool
    /// `engine01` …: the Engines' host names, also the targets of engine connect events.
    let engineHosts: [[UInt8]]
    private let engineSources: [[UInt8]]
    private let prefix: LinePrefix
    private let operationsPerDay: Int
    /// The truth window in instants.
    let window: Range<Int64>
    private let silences: [Range<Int64>]
    private var buffer = DayBuffer()
    private var executions: [ExecutionKey: Int] = [:]
    private var sessionID = 100_000
    /// Lines written with a byte of 0x80 or more, when they are written in Windows-1252.
    private var windows1252Lines = 0
    var truth = Truth()

    init(settings: GeneratorSettings) {
        self.settings = settings
        let zone = ZoneOffsets(zone: settings.zone)
        self.zone = zone
        random = SeededRandom(seed: settings.seed, stream: 0)
        prefixRandom = SeededRandom(seed: settings.seed, stream: 1)
        damageRandom = SeededRandom(seed: settings.seed, stream: 2)
        accentRandom = SeededRandom(seed: settings.seed, stream: 3)
        names = NamePool(random: &random, hostile: settings.hostile, accented: settings.encoding == .windows1252)
        let width = max(2, String(settings.engines).count)
        func numbered(_ stem: String, _ index: Int) -> [UInt8] {
            let digits = String(index)
            return Array((stem + String(repeating: "0", count: width - digits.count) + digits).utf8)
        }
        engineHosts = (1...settings.engines).map { numbered("engine", $0) }
        engineSources = (1...settings.engines).map { numbered("Engine-", $0) }
        prefix = LinePrefix(
            hosts: [Array("portal01".utf8)] + engineHosts, abbreviations: settings.abbreviations,
            writesByteOrderMark: settings.encoding == .utf8)
        operationsPerDay = settings.operationsPerDay
        window = zone.midnight(of: settings.truthFrom)..<zone.midnight(of: settings.truthTo)
        silences = settings.silentGaps.map { $0.window(in: zone) }
        for gap in silences where window.contains(gap.lowerBound) {
            truth.silentGaps.append(Truth.Silence(from: isoText(gap.lowerBound), to: isoText(gap.upperBound)))
        }
    }

    /// The host names by host index, for the output: `portal01`, `engine01`, …
    var hostNames: [String] {
        prefix.hosts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Makes the whole period into `output`; returns the truth (without the output's line counts).
    mutating func generate(into output: OutputLayout) throws -> Truth {
        for index in 0..<settings.days {
            let day = settings.start.adding(days: index)
            makeOperations(on: day)
            makeScenarios(on: day, index: index)
            try buffer.flush(before: zone.midnight(of: day.adding(days: 1)), into: output)
        }
        try buffer.flush(before: .max, into: output)
        for (key, count) in executions {
            truth.remoteExecutions[String(decoding: key.actor, as: UTF8.self) + "|" + String(key.code)] = count
        }
        if settings.encoding == .windows1252 {
            truth.windows1252Lines = windows1252Lines
        }
        return truth
    }

    /// An account drawn from `pool` (the users, or the users and roles). With `--encoding
    /// windows-1252` it is one of the accented accounts as often as if they were in the pool:
    /// the pool draw is made from the events' stream either way and the choice of an accented
    /// account from a stream of its own, so the events are those of the UTF-8 run except
    /// that some accounts are accented ones.
    mutating func account(from pool: [[UInt8]]) -> [UInt8] {
        let drawn = random.pick(pool)
        let accented = names.accentedUsers
        guard !accented.isEmpty else { return drawn }
        let slot = accentRandom.below(pool.count + accented.count)
        return slot < accented.count ? accented[slot] : drawn
    }

    /// Administration (weekdays, a fixed number) and operations (every day, scaled by
    /// `--events-per-day` and `--target-mb`).
    private mutating func makeOperations(on day: CivilDate) {
        if day.isWeekday {
            for _ in 0..<settings.adminPerDay {
                let at = busyTime(on: day)
                let kind = random.unit()
                let admin = random.pick(names.admins)
                if kind < 0.62 {
                    let code = random.pick(EventTemplate.configurationCodes)
                    let target = names.object(using: &random)
                    emit(Event(code: code, at: at, actor: admin, target: target, number: random.int(in: 1..<20)))
                } else if kind < 0.90 {
                    let code = random.pick([20203, 20204, 20205, 20206, 20207, 20209, 20210])
                    let target = account(from: names.usersAndRoles)
                    let number = random.int(in: 1..<30)
                    let roles = random.sample(names.roles, count: 2)
                    var header: Int?
                    if code == 20205, random.unit() < LogGenerator.quirkShare {
                        header = 20204
                    }
                    emit(
                        Event(
                            code: code, at: at, actor: admin, target: target, number: number,
                            extra: roles[0] + Array(", ".utf8) + roles[1], headerCode: header))
                } else {
                    emit(Event(code: random.pick([51000, 51100]), at: at, actor: names.admins[0]))
                }
            }
        }
        for _ in 0..<operationsPerDay {
            let at = busyTime(on: day)
            let kind = random.unit()
            let user = account(from: names.users)
            if kind < 0.45 {
                sessionID += 1
                var session = LineBuffer(capacity: 8)
                session.append(hex: sessionID)
                emit(Event(code: 20101, at: at, actor: user, extra: session.bytes))
                let end = at + Int64(random.int(in: 5..<240)) * 60_000_000
                emit(Event(code: 20102, at: end, actor: user, extra: session.bytes))
            } else if kind < 0.60 {
                emit(Event(code: 20801, at: at, actor: user))
            } else if kind < 0.64 {
                emit(
                    Event(
                        code: 20103, at: at, actor: LogGenerator.system, target: user, extra: random.pick(names.reasons)
                    ))
            } else if kind < 0.80 {
                let code = random.pick([21001, 21001, 21001, 21002, 21003])
                let target = names.object(using: &random)
                if emit(Event(code: code, at: at, actor: user, target: target, number: random.int(in: 1..<50))),
                    window.contains(at)
                {
                    executions[ExecutionKey(actor: user, code: code), default: 0] += 1
                }
            } else if kind < 0.85 {
                let code = random.pick([21101, 21104])
                emit(Event(code: code, at: at, actor: user, target: names.object(using: &random)))
            } else if kind < 0.95 {
                let code = random.pick([10006, 10028])
                let target = names.object(using: &random)
                let number = random.int(in: 50..<900)
                let engine = random.below(settings.engines)
                emit(Event(code: code, at: at, actor: user, target: target, number: number, host: 1 + engine))
            } else {
                emit(Event(code: 50000, at: at, actor: names.admins[0]))
            }
        }
    }

    /// Share of 20205 events written with 20204 in their header (the vendor documents
    /// 20205 that way): a quirk that shows up now and then, not always.
    static let quirkShare = 0.25

    static let system: [UInt8] = Array("*system".utf8)
    private static let portalSource: [UInt8] = Array("Portal".utf8)
    private static let consoleSource: [UInt8] = Array("Console".utf8)

    /// Writes `event`'s line unless a silent gap drops it, spoiling it at the `--malformed`
    /// rate, and counts it in the truth. True when the line was written intact.
    @discardableResult
    mutating func emit(_ event: Event) -> Bool {
        for silence in silences where silence.contains(event.at) {
            return false
        }
        guard let template = EventTemplate.catalog[event.code] else {
            preconditionFailure("the generator has no template for code \(event.code)")
        }
        var damage: LineDamage?
        if settings.malformed > 0, damageRandom.unit() < settings.malformed {
            damage = LineDamage.allCases[damageRandom.below(LineDamage.allCases.count)]
        }
        let style =
            settings.prefix == .mixed
            ? PrefixStyle.mixable[prefixRandom.below(PrefixStyle.mixable.count)] : settings.prefix
        let start = buffer.text.count
        prefix.append(
            to: &buffer.text, style: style, instant: event.at, local: zone.localTime(at: event.at),
            component: template.component, host: event.host, random: &prefixRandom)
        buffer.text.append(UInt8(ascii: "["))
        switch template.component {
        case .portal: buffer.text.append(LogGenerator.portalSource)
        case .console: buffer.text.append(LogGenerator.consoleSource)
        case .engine: buffer.text.append(engineSources[event.host - 1])
        }
        buffer.text.append(UInt8(ascii: "|"))
        buffer.text.append(template.category)
        buffer.text.append(UInt8(ascii: "|"))
        buffer.text.append(decimal: event.headerCode ?? event.code)
        buffer.text.append(UInt8(ascii: "|"))
        buffer.text.append(event.actor)
        buffer.text.append("] ")
        for piece in template.pieces {
            switch piece {
            case .literal(let text): buffer.text.append(text)
            case .actor: buffer.text.append(event.actor)
            case .target: buffer.text.append(event.target)
            case .number: buffer.text.append(decimal: event.number)
            case .extra: buffer.text.append(event.extra)
            }
        }
        damage?.apply(to: &buffer.text, lineStart: start)
        if settings.encoding == .windows1252, Windows1252.encode(&buffer.text, from: start) {
            windows1252Lines += 1
        }
        buffer.endLine(startingAt: start, instant: event.at, host: event.host)

        let inside = window.contains(event.at)
        if damage != nil {
            truth.malformedTotal += 1
            if inside {
                truth.malformed += 1
                truth.codes[event.code, default: 0] += 0  // listed even when every one is spoilt
                truth.corruptedCodes[event.code, default: 0] += 1
            }
            return false
        }
        if inside {
            truth.events += 1
            truth.codes[event.code, default: 0] += 1
            if event.headerCode != nil {
                truth.quirk20205As20204 += 1
            }
        }
        return true
    }

    /// Writes all of a scenario's lines; true when every one was written intact inside the
    /// truth window, the only case in which the truth lists the scenario.
    mutating func emitScenario(_ events: [Event]) -> Bool {
        var complete = true
        for event in events {
            if !emit(event) || !window.contains(event.at) {
                complete = false
            }
        }
        return complete
    }

    /// A random instant on `day` in the given hour, with random parts where none are given.
    mutating func time(on day: CivilDate, hour: Int, minute: Int? = nil, second: Int? = nil) -> Int64 {
        let minute = minute ?? random.below(60)
        let second = second ?? random.below(60)
        let microsecond = random.below(1_000_000)
        let wall = Int64(day.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return zone.instant(wall: wall) * 1_000_000 + Int64(microsecond)
    }

    /// A random instant in business hours, 08:00–18:00.
    mutating func busyTime(on day: CivilDate) -> Int64 {
        time(on: day, hour: random.int(in: 8..<18))
    }

    /// An instant as the truth file writes it.
    func isoText(_ instant: Int64) -> String {
        zone.localTime(at: instant).isoText
    }
}
