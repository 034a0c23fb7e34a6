/// A JSON document, written the way Python's `json.dump(…, indent=1, sort_keys=True)`
/// writes it: keys sorted by code point, one space of indent per level, non-ASCII text
/// escaped as `\uXXXX`. The truth file is thereby byte-for-byte deterministic, and
/// tools that read JSON written by Python read it the same way.
enum JSONValue {
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The document's text, with a final line end.
    var text: String {
        var out = ""
        write(to: &out, depth: 0)
        out += "\n"
        return out
    }

    private func write(to out: inout String, depth: Int) {
        switch self {
        case .integer(let value):
            out += String(value)
        case .string(let value):
            JSONValue.writeString(value, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: depth + 1)
                item.write(to: &out, depth: depth + 1)
            }
            out += "\n" + String(repeating: " ", count: depth) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            let keys = members.keys.sorted {
                $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value }
            }
            for (index, key) in keys.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: depth + 1)
                JSONValue.writeString(key, to: &out)
                out += ": "
                members[key]!.write(to: &out, depth: depth + 1)
            }
            out += "\n" + String(repeating: " ", count: depth) + "}"
        }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value >= 0x20, scalar.value < 0x7F {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x10000 {
                    out += escaped(scalar.value)
                } else {
                    let v = scalar.value - 0x10000
                    out += escaped(0xD800 + (v >> 10)) + escaped(0xDC00 + (v & 0x3FF))
                }
            }
        }
        out += "\""
    }

    private static func escaped(_ unit: UInt32) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
