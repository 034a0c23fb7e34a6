/// The object of an event and the rest of its text, read from the vendor's message templates.
///
/// Only documented templates are trusted (20101–20504, Engine 100xx). For
/// remote executions (2100x), whose text is not published, the action name is
/// read from `Remote action NAME executed ...` when the text has that shape, and
/// the whole text is kept otherwise. Anything unrecognised leaves the target
/// empty and keeps the text whole: nothing is guessed.
public struct MessageSubject: Sendable, Equatable {
    public var target: String
    public var details: String

    public static func of(code: Int, text: String) -> MessageSubject {
        let t = text[...]
        switch code {
        case 20101: return between(t, "User ", " logged with session id ", detailsPrefix: "session ")
        case 20102: return between(t, "User ", " logout for session id ", detailsPrefix: "session ")
        case 20103: return between(t, "User ", " failed login attempts - ")
        case 20104: return enclosed(t, "User ", " is locked")
        case 20201: return enclosed(t, "User created ", " is created")
        case 20202: return enclosed(t, "User deleted ", " is removed")
        case 20203: return enclosed(t, "User updated ", " is created")
        case 20204: return enclosed(t, "Updated profile of ", "", detailsOnly: true)
        case 20205: return enclosed(t, "Updated account ownership of ", "", detailsOnly: true)
        case 20206: return enclosed(t, "Role ", " is added")
        case 20207: return enclosed(t, "Role ", " is updated")
        case 20208: return enclosed(t, "Role ", " is removed")
        case 20209: return between(t, "Added profile ", " roles: ", detailsPrefix: "roles: ")
        case 20210: return between(t, "Updated profile ", " roles: ", detailsPrefix: "roles: ")
        case 20211: return enclosed(t, "Removed profile ", "")
        case 20501: return enclosed(t, "Hierarchy ", " is added")
        case 20502: return enclosed(t, "Hierarchy ", " is removed")
        case 20503: return enclosed(t, "Hierarchy ", " is updated")
        case 20504: return enclosed(t, "CSV of entities ", " is updated")
        case 21001, 21002, 21003: return between(t, "Remote action ", " executed ", detailsPrefix: "executed ")
        case 10009...10012, 10017...10019, 10028: return bracketed(t)
        default: return MessageSubject(target: "", details: "")
        }
    }

    /// `prefix TARGET infix DETAILS`
    static func between(_ t: Substring, _ prefix: String, _ infix: String, detailsPrefix: String = "") -> MessageSubject {
        guard t.hasPrefix(prefix), let r = t.dropFirst(prefix.count).firstRange(of: infix) else { return .unknown }
        let target = t[t.index(t.startIndex, offsetBy: prefix.count)..<r.lowerBound]
        return MessageSubject(target: String(target), details: detailsPrefix + String(t[r.upperBound...]))
    }

    /// `prefix TARGET suffix`; with `detailsOnly` the middle is a detail (e.g. `3 users`).
    static func enclosed(_ t: Substring, _ prefix: String, _ suffix: String, detailsOnly: Bool = false) -> MessageSubject {
        guard t.hasPrefix(prefix), t.hasSuffix(suffix), t.count >= prefix.count + suffix.count else { return .unknown }
        let middle = String(t.dropFirst(prefix.count).dropLast(suffix.count))
        return detailsOnly ? MessageSubject(target: "", details: middle) : MessageSubject(target: middle, details: "")
    }

    /// Engine texts: `Finder account creation:[ACCOUNT]`, `Manual tagging:[TYPE|NAME]`.
    static func bracketed(_ t: Substring) -> MessageSubject {
        guard let open = t.firstRange(of: ":["), t.hasSuffix("]") else { return .unknown }
        return MessageSubject(target: String(t[open.upperBound..<t.index(before: t.endIndex)]), details: "")
    }

    static let unknown = MessageSubject(target: "", details: "")
}
