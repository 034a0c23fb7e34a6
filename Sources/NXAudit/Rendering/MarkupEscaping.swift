import Mustache

/// Escapes text for HTML and XML alike (`& < > " '`), over UTF-8 bytes.
///
/// swift-mustache's own HTML escaping compares grapheme clusters, so a `<` or `"`
/// followed by a combining mark (`<` U+0338, `"` U+0301) passes unescaped: a
/// log line could break the XML or leave an HTML attribute. `TemplateSet` puts
/// `{{% CONTENT_TYPE: MARKUP}}` in front of every template it loads (partials
/// included, since swift-mustache resets the content type for each partial), so
/// no template, default or custom, renders with the unsafe escaper. Working on
/// bytes is also what keeps a 100 000-row register fast.
package struct MarkupEscaping: MustacheContentType {
    static let name = "MARKUP"
    package init() {}

    /// Registers the content type with swift-mustache (idempotent).
    static let registered: Void = MustacheContentTypes.register(MarkupEscaping(), named: name)

    package func escapeText(_ text: String) -> String {
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
            case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
            case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
            case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
            case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
            case 0x27: out += [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
