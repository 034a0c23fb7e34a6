import Mustache

/// Escapes text for HTML and XML alike (`& < > " '`), like swift-mustache's HTML
/// escaping but over UTF-8 bytes instead of grapheme clusters, which matters
/// when a register has 100 000 rows.
///
/// The default templates opt in with `{{% CONTENT_TYPE: MARKUP}}` as their first
/// line; a template without it gets swift-mustache's own HTML escaping, which
/// escapes the same characters, so forgetting it costs speed, not safety.
struct MarkupEscaping: MustacheContentType {
    static let name = "MARKUP"

    /// Registers the content type with swift-mustache (idempotent).
    static let registered: Void = MustacheContentTypes.register(MarkupEscaping(), named: name)

    func escapeText(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needs = true
            break
        }
        guard needs else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]             // &amp;
            case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]                   // &lt;
            case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]                   // &gt;
            case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]       // &quot;
            case 0x27: out += [0x26, 0x23, 0x33, 0x39, 0x3B]             // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
