/// One audit code as the generator writes it: the component that logs it, its category
/// word and its text.
///
/// Only the header layout and the texts of 20001–20504, 100xx and 50000–51103 are
/// documented by the vendor; the category words and texts of the other codes are
/// plausible stand-ins, so a parser must not depend on them. The generator keeps this
/// table of its own, apart from nxaudit's code catalog, so that comparing nxaudit's
/// analysis with the truth file tests two independent readings of the format.
struct EventTemplate {
    /// The part of the appliance that logs an event, which decides the Source field and the host.
    enum Component {
        case portal
        case console
        case engine
    }

    /// A piece of the text: literal bytes, or a value the event fills in.
    enum Piece {
        case literal([UInt8])
        case actor
        case target
        case number
        case extra
    }

    let code: Int
    let component: Component
    let category: [UInt8]
    let pieces: [Piece]

    /// `text` uses `{a}` for the actor, `{t}` the target, `{n}` a number and `{x}` an extra value.
    init(_ code: Int, _ component: Component, _ category: String, _ text: String) {
        self.code = code
        self.component = component
        self.category = Array(category.utf8)
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.first {
            if byte == UInt8(ascii: "{"), bytes.count >= 3, bytes[bytes.startIndex + 2] == UInt8(ascii: "}") {
                let piece: Piece? =
                    switch bytes[bytes.startIndex + 1] {
                    case UInt8(ascii: "a"): .actor
                    case UInt8(ascii: "t"): .target
                    case UInt8(ascii: "n"): .number
                    case UInt8(ascii: "x"): .extra
                    default: nil
                    }
                if let piece {
                    if !literal.isEmpty { pieces.append(.literal(literal)) }
                    literal = []
                    pieces.append(piece)
                    bytes = bytes.dropFirst(3)
                    continue
                }
            }
            literal.append(byte)
            bytes = bytes.dropFirst()
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// Every code the generator writes, by code.
    static let catalog: [Int: EventTemplate] = Dictionary(
        uniqueKeysWithValues: [
            EventTemplate(20001, .portal, "SYSTEM", "Portal is starting"),
            EventTemplate(20002, .portal, "SYSTEM", "Portal is up and running"),
            EventTemplate(20004, .portal, "SYSTEM", "Portal is stopped"),
            EventTemplate(20101, .portal, "LOGIN", "User {a} logged with session id {x}"),
            EventTemplate(20102, .portal, "LOGIN", "User {a} logout for session id {x}"),
            EventTemplate(20103, .portal, "LOGIN", "User {t} failed login attempts - {x}"),
            EventTemplate(20104, .portal, "LOGIN", "User {t} is locked"),
            EventTemplate(20201, .portal, "USER", "User created {t} is created"),
            EventTemplate(20202, .portal, "USER", "User deleted {t} is removed"),
            EventTemplate(20203, .portal, "USER", "User updated {t} is created"),
            EventTemplate(20204, .portal, "USER", "Updated profile of {n} users"),
            EventTemplate(20205, .portal, "USER", "Updated account ownership of {n} users"),
            EventTemplate(20206, .portal, "USER", "Role {t} is added"),
            EventTemplate(20207, .portal, "USER", "Role {t} is updated"),
            EventTemplate(20208, .portal, "USER", "Role {t} is removed"),
            EventTemplate(20209, .portal, "USER", "Added profile {t} roles: {x}"),
            EventTemplate(20210, .portal, "USER", "Updated profile {t} roles: {x}"),
            EventTemplate(20211, .portal, "USER", "Removed profile {t}"),
            EventTemplate(20501, .portal, "HIERARCHY", "Hierarchy {t} is added"),
            EventTemplate(20502, .portal, "HIERARCHY", "Hierarchy {t} is removed"),
            EventTemplate(20503, .portal, "HIERARCHY", "Hierarchy {t} is updated"),
            EventTemplate(20504, .portal, "HIERARCHY", "CSV of entities {t} is updated"),
            EventTemplate(20505, .portal, "HIERARCHY", "Collector assignment rules updated ({n} rules)"),
            EventTemplate(20701, .portal, "ENGINE", "Engine {t} is added"),
            EventTemplate(20702, .portal, "ENGINE", "Engine {t} is removed"),
            EventTemplate(20703, .portal, "ENGINE", "Engine {t} is connected"),
            EventTemplate(20704, .portal, "ENGINE", "Engine {t} is disconnected"),
            EventTemplate(20801, .portal, "FINDER", "Finder user {a} logged in"),
            EventTemplate(20803, .portal, "FINDER", "Finder user {t} failed login - {x}"),
            EventTemplate(20804, .portal, "LIBRARY", "Library pack import requested: {t}"),
            EventTemplate(20901, .portal, "REMOTE_ACTION", "Remote action {t} is updated"),
            EventTemplate(20902, .portal, "REMOTE_ACTION", "Remote action {t} is created"),
            EventTemplate(20903, .portal, "REMOTE_ACTION", "Remote action {t} is deleted"),
            EventTemplate(20911, .portal, "METRIC", "Metric {t} is updated"),
            EventTemplate(20912, .portal, "METRIC", "Metric {t} is created"),
            EventTemplate(20913, .portal, "METRIC", "Metric {t} is deleted"),
            EventTemplate(20921, .portal, "SERVICE", "Service {t} is updated"),
            EventTemplate(20922, .portal, "SERVICE", "Service {t} is created"),
            EventTemplate(20923, .portal, "SERVICE", "Service {t} is deleted"),
            EventTemplate(20931, .portal, "CAMPAIGN", "Campaign {t} is updated"),
            EventTemplate(20932, .portal, "CAMPAIGN", "Campaign {t} is created"),
            EventTemplate(20933, .portal, "CAMPAIGN", "Campaign {t} is deleted"),
            EventTemplate(20941, .portal, "CATEGORY", "Category {t} is updated"),
            EventTemplate(20942, .portal, "CATEGORY", "Category {t} is created"),
            EventTemplate(20943, .portal, "CATEGORY", "Category {t} is deleted"),
            EventTemplate(21001, .portal, "EXECUTION", "Remote action {t} executed manually on {n} devices"),
            EventTemplate(21002, .portal, "EXECUTION", "Remote action {t} executed through the API on {n} devices"),
            EventTemplate(21003, .portal, "EXECUTION", "Remote action {t} executed through the API v2 on {n} devices"),
            EventTemplate(21101, .portal, "METRIC", "Metric {t} compute triggered"),
            EventTemplate(21102, .portal, "METRIC", "Metric {t} history clear triggered by query"),
            EventTemplate(21103, .portal, "METRIC", "Metric {t} clear triggered"),
            EventTemplate(21104, .portal, "METRIC", "Metric {t} compute triggered by query"),
            EventTemplate(21201, .portal, "MODULE", "Module {t} is published"),
            EventTemplate(21202, .portal, "MODULE", "Module {t} is deleted"),
            EventTemplate(21203, .portal, "MODULE", "Module {t} is replaced"),
            EventTemplate(21301, .portal, "SOFTWARE_METERING", "Software metering metric {t} is updated"),
            EventTemplate(21302, .portal, "SOFTWARE_METERING", "Software metering metric {t} is deleted"),
            EventTemplate(21303, .portal, "SOFTWARE_METERING", "Software metering metric {t} is enabled"),
            EventTemplate(21304, .portal, "SOFTWARE_METERING", "Software metering metric {t} is disabled"),
            EventTemplate(21401, .portal, "SOFTWARE_METERING", "Software metering module {t} is updated"),
            EventTemplate(21402, .portal, "SOFTWARE_METERING", "Software metering module {t} is created"),
            EventTemplate(21501, .portal, "DASHBOARD", "Dashboard {t} is deleted"),
            EventTemplate(10001, .engine, "General", "Engine is up and running"),
            EventTemplate(10003, .engine, "MAIN", "Engine gracefuly stopped"),
            EventTemplate(10006, .engine, "Communication", "Finder user logged in:[{n}]"),
            EventTemplate(10009, .engine, "Database", "Finder account creation:[{t}]"),
            EventTemplate(10028, .engine, "DBMGR", "Manual tagging:[device|{t}]"),
            EventTemplate(50000, .console, "Login", "Login successful"),
            EventTemplate(50001, .console, "Login", "Login failed"),
            EventTemplate(51000, .console, "Appliance", "Console password updated"),
            EventTemplate(51100, .console, "Appliance", "Appliance hostname updated"),
        ].map { ($0.code, $0) })

    /// The configuration codes of ordinary administration. Engine connects and metric
    /// computes are operations, and history clears are injected apart, so they are not here.
    static let configurationCodes: [Int] = [
        20501, 20502, 20503, 20504, 20505, 20701, 20702, 20804, 20901, 20902, 20903,
        20911, 20912, 20913, 20921, 20922, 20923, 20931, 20932, 20933, 20941, 20942,
        20943, 21201, 21202, 21203, 21301, 21302, 21303, 21304, 21401, 21402, 21501,
    ]
}
