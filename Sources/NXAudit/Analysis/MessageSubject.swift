import Foundation

/// The object of an event and the rest of its text, read from the vendor's message templates.
///
/// Each code's template is catalog data (`AuditCode.subject`). Only documented templates
/// are trusted (20101–20504, Engine 100xx). For remote executions (2100x), whose text is
/// not published, the action name is read from `Remote action NAME executed ...` when the
/// text has that shape, and the whole text is kept otherwise. Anything unrecognised leaves
/// the target empty and keeps the text whole: nothing is guessed.
public struct MessageSubject: Sendable, Equatable {
    public var target: String
    public var details: String

    /// The subject of a `code` event with `text`, read with the standard catalog's template for the code.
    public static func of(code: Int, text: String) -> MessageSubject {
        of(CodeCatalog.standard.subjects[code], text: text)
    }

    /// The subject of `text` read with `template`; empty when there is none or the text does not fit it.
    static func of(_ template: SubjectTemplate?, text: String) -> MessageSubject {
        guard let template else { return .unknown }
        var text = text
        return text.withUTF8 { bytes in read(template, UnsafeRawBufferPointer(bytes)) } ?? .unknown
    }

    /// Reads `template` from the text's UTF-8 bytes; nil when the text does not have that shape.
    static func read(_ template: SubjectTemplate, _ t: UnsafeRawBufferPointer) -> MessageSubject? {
        func string(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: t[from..<to]), as: UTF8.self)
        }
        switch template {
        case .between(let prefix, let infix, let detailsPrefix):
            guard t.starts(with: prefix.utf8), let r = search(infix, in: t, from: prefix.utf8.count) else { return nil }
            return MessageSubject(
                target: string(prefix.utf8.count, r), details: detailsPrefix + string(r + infix.utf8.count, t.count))
        case .enclosed(let prefix, let suffix):
            let p = prefix.utf8.count, s = suffix.utf8.count
            guard t.count >= p + s, t.starts(with: prefix.utf8),
                UnsafeRawBufferPointer(rebasing: t[(t.count - s)...]).elementsEqual(suffix.utf8)
            else { return nil }
            return MessageSubject(target: string(p, t.count - s), details: "")
        case .detailsOnly(let prefix):
            guard t.starts(with: prefix.utf8) else { return nil }
            return MessageSubject(target: "", details: string(prefix.utf8.count, t.count))
        case .bracketed:
            guard let open = search(":[", in: t, from: 0), t.last == UInt8(ascii: "]") else { return nil }
            return MessageSubject(target: string(open + 2, t.count - 1), details: "")
        }
    }

    /// Offset of the first `needle` in `t` at or after `from`.
    static func search(_ needle: String, in t: UnsafeRawBufferPointer, from: Int) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard let first = n.first, let base = t.baseAddress, let nb = n.baseAddress else { return nil }
            var i = from
            while i + n.count <= t.count {
                guard let hit = memchr(base + i, Int32(first), t.count - n.count - i + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, nb, n.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }

    static let unknown = MessageSubject(target: "", details: "")

    /// The number of devices a remote execution ran on, from a text ending in `on N devices`
    /// (or `device`); nil when the text does not say.
    public static func deviceCount(_ text: String) -> Int? {
        // Read backwards over the UTF-8 bytes: ` on ` DIGITS ` device[s]` at the very end.
        let bytes = text.utf8
        var end = bytes.endIndex
        for suffix in [" devices", " device"] where bytes.count >= suffix.utf8.count {
            let start = bytes.index(bytes.endIndex, offsetBy: -suffix.utf8.count)
            if bytes[start...].elementsEqual(suffix.utf8) {
                end = start
                break
            }
        }
        guard end != bytes.endIndex else { return nil }
        var digitsStart = end
        while digitsStart > bytes.startIndex {
            let previous = bytes.index(before: digitsStart)
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[previous]) else { break }
            digitsStart = previous
        }
        let digits = bytes.distance(from: digitsStart, to: end)
        guard digits > 0, digits <= 9,
            bytes.distance(from: bytes.startIndex, to: digitsStart) >= 4,
            bytes[bytes.index(digitsStart, offsetBy: -4)..<digitsStart].elementsEqual(" on ".utf8)
        else { return nil }
        return bytes[digitsStart..<end].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
