import Foundation

/// The template of one register row (`html/row`, `xml/row`), rendered for every row.
///
/// Registers hold most of a report: a year has 500 000 rows. swift-mustache
/// spends microseconds per variable (casts, name splitting, reflection), so a row
/// template made only of text and `{{name}}` / `{{{name}}}` tags of the row's own
/// fields is compiled here into a list of pieces and filled directly, escaping
/// exactly as `MarkupEscaping` does. Any other row template (sections, partials,
/// dotted names) is rendered by swift-mustache, row by row: same output, slower.
/// A test renders the default row templates both ways and compares the bytes.
struct RowTemplate: Sendable {
    enum Piece: Sendable, Equatable {
        case text(String)
        case escaped(String)
        case raw(String)
    }

    let name: String
    /// The compiled pieces when the template is flat; nil otherwise.
    let pieces: [Piece]?

    init(name: String, text: String) {
        self.name = name
        self.pieces = Self.compile(text)
    }

    /// Pieces of a template made only of text and simple variable tags, else nil.
    static func compile(_ text: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let tagStart = triple ? afterOpen.index(after: afterOpen.startIndex) : afterOpen.startIndex
            guard let close = afterOpen[tagStart...].range(of: closing) else { return nil }
            var tag = String(afterOpen[tagStart..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            var raw = triple
            if !triple, tag.hasPrefix("&") {
                raw = true
                tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                EntryView.fieldNames.contains(tag)
            else { return nil }
            pieces.append(raw ? .raw(tag) : .escaped(tag))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    /// Appends `row` rendered with the compiled pieces.
    func render(_ row: EntryView, pieces: [Piece], into output: inout String) {
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .escaped(let field): output += MarkupEscaping().escapeText(row.field(field))
            case .raw(let field): output += row.field(field)
            }
        }
    }
}
