import Foundation

/// Tells, from the first bytes of an input that holds no audit line, whether it is
/// something else a collection job saves in place of a log: the JSON answer of a failed
/// Audit Trail API call, or an HTML page (a login, proxy or error page).
enum NonLogSniffer {
    /// How many bytes of an input's first lines the reader keeps for this.
    static let headLength = 4096

    static func classify(_ head: [UInt8]) -> NonLogContent? {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        let body = Array(head[start...])
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "<") {
            let lower = String(decoding: body.prefix(1024), as: UTF8.self).lowercased()
            guard
                lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") || lower.contains("<html")
                    || lower.hasPrefix("<head") || lower.hasPrefix("<body")
            else { return nil }
            return NonLogContent(kind: .htmlPage, detail: title(of: body))
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            var second = 1
            while second < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[second]) { second += 1 }
            // `[Portal|...` is a header without its prefix, not JSON.
            guard second < body.count, first == UInt8(ascii: "{") || [0x7B, 0x22, 0x5D].contains(body[second])
            else { return nil }
            let document = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
            // A long answer is cut at the head's end: still JSON by its start, without a message.
            if document == nil, body.count < headLength { return nil }
            return NonLogContent(kind: .apiErrorResponse, detail: document.map(message(in:)) ?? "")
        }
        return nil
    }

    /// The first message-like string of a JSON answer: a `message`, `error`, `detail`,
    /// `description` or `reason` member, else its first string.
    static func message(in value: Any) -> String {
        let keys = ["message", "error", "errorMessage", "detail", "description", "reason"]
        func find(_ value: Any, preferred: Bool) -> String? {
            switch value {
            case let text as String: return preferred ? nil : text
            case let array as [Any]:
                for element in array { if let found = find(element, preferred: preferred) { return found } }
            case let object as [String: Any]:
                if preferred {
                    for key in keys { if let text = object[key] as? String { return text } }
                }
                for key in object.keys.sorted() {
                    if let found = find(object[key]!, preferred: preferred) { return found }
                }
            default: break
            }
            return nil
        }
        return printable(find(value, preferred: true) ?? find(value, preferred: false) ?? "")
    }

    /// The text of the page's `<title>`, or empty.
    static func title(of page: [UInt8]) -> String {
        let text = String(decoding: page, as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
            let close = text.range(of: ">", range: open.upperBound..<text.endIndex),
            let end = text.range(of: "</title", options: .caseInsensitive, range: close.upperBound..<text.endIndex)
        else { return "" }
        return printable(String(text[close.upperBound..<end.lowerBound]))
    }

    /// Printable text on one line, at most 160 characters: what a log's content may say
    /// reaches a terminal and a report only so.
    static func printable(_ text: String) -> String {
        let collapsed = PrintableText.oneLine(text).split(separator: " ", omittingEmptySubsequences: true)
            .joined(separator: " ")
        return collapsed.count > 160 ? String(collapsed.prefix(159)) + "…" : collapsed
    }
}
