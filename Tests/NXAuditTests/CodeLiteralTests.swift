import Foundation
import Testing

/// What an audit code means lives in the catalog (`Sources/NXAudit/Catalog/`): analysis,
/// rules and parsing ask it by role. This suite fails when a code number is written
/// anywhere else in the sources, naming the file and line.
@Suite("Audit-code literals")
struct CodeLiteralTests {
    /// Folders under `Sources/` that may name codes.
    static let allowed = [
        // The catalog: one row per code, with its roles.
        "Sources/NXAudit/Catalog/",
        // The synthetic log generator keeps its own table of codes on purpose, apart from
        // nxaudit's catalog (it does not link NXAudit), so that the truth file and the
        // analysis are two independent readings of the format.
        "Sources/nxaudit-loggen/",
    ]

    /// The code ranges of the three components: Engine, Portal, Web Console.
    static let codeRanges = [10001...10099, 20001...21999, 50000...53999]

    @Test func noAuditCodeIsWrittenOutsideTheCatalog() throws {
        let sources = Checkout.root.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix(".swift") }
            .map { "Sources/\($0)" }
            .filter { path in !Self.allowed.contains { path.hasPrefix($0) } }
            .sorted()
        #expect(files.count > 50, "the scan found the sources")
        var offences: [String] = []
        for path in files {
            let text = try String(contentsOf: Checkout.root.appendingPathComponent(path), encoding: .utf8)
            offences += Self.codeLiterals(in: text).map {
                "\(path):\($0.line): audit code \($0.code); give the code a role in "
                    + "Sources/NXAudit/Catalog and ask the catalog by role"
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    // The scanner itself, on cases it must tell apart.

    @Test(arguments: [
        ("let lockout = 20104", [1]),
        ("let note = \"see 20205 below\"", [1]),
        ("let a = 1\nif code == 5_0001 { }", [2]),
        ("let s = \"\"\"\n  code 10003\n  \"\"\"", [2]),
        ("let u = \"http://x\" ; let c = 21001", [1]),
        ("let s = \"\\(x ? \"a\" : \"b\") // 53090\"", [1]),
        ("let r = #\"a \"quoted\" 20001\"#", [1]),
    ])
    func flagsCodesInCodeAndInStrings(source: String, lines: [Int]) {
        #expect(Self.codeLiterals(in: source).map(\.line) == lines)
    }

    @Test(arguments: [
        "/// The lockout (20104) of the account.",
        "let a = 1 // 20104 is a lockout",
        "/* 20104 /* nested 20103 */ still 20102 */ let a = 1",
        "let year = 10000; let page = 16384; let b = 54000; let c = 22000",
        "let control = \"PCI DSS 10.2.1.5\"",
        "let long = 201040; let hex = 0x20104; let name = v20104",
    ])
    func ignoresCommentsAndOtherNumbers(source: String) {
        #expect(Self.codeLiterals(in: source).isEmpty)
    }

    /// Five-digit numbers in the code ranges outside comments, with their 1-based line.
    static func codeLiterals(in source: String) -> [(line: Int, code: Int)] {
        let code = withoutComments(Array(source.utf8))
        var found: [(line: Int, code: Int)] = []
        var line = 1
        var i = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
                || b == UInt8(ascii: "_")
        }
        while i < code.count {
            let b = code[i]
            if b == UInt8(ascii: "\n") { line += 1 }
            guard isWordByte(b), i == 0 || !isWordByte(code[i - 1]) else { i += 1; continue }
            // One word: a number (underscores allowed, as Swift reads them) or a name.
            var end = i
            while end < code.count, isWordByte(code[end]) { end += 1 }
            let word = code[i..<end].filter { $0 != UInt8(ascii: "_") }
            if word.count == 5, word.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let value = Int(String(decoding: word, as: UTF8.self)),
                codeRanges.contains(where: { $0.contains(value) })
            {
                found.append((line, value))
            }
            i = end
        }
        return found
    }

    /// The source with its comments blanked out (line breaks kept, so lines keep their
    /// numbers) and its strings kept, interpolations and raw strings included.
    static func withoutComments(_ s: [UInt8]) -> [UInt8] {
        enum Context {
            case string(multiline: Bool, hashes: Int)
            case interpolation(depth: Int)
        }
        let quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
        var out = s
        var stack: [Context] = []
        var i = 0
        func at(_ k: Int, _ text: String) -> Bool {
            let t = Array(text.utf8)
            return k + t.count <= s.count && Array(s[k..<(k + t.count)]) == t
        }
        func hashes(from k: Int) -> Int {
            var n = 0
            while k + n < s.count, s[k + n] == hash { n += 1 }
            return n
        }
        func blank(_ k: Int) { if out[k] != UInt8(ascii: "\n") { out[k] = UInt8(ascii: " ") } }
        while i < s.count {
            switch stack.last {
            case .string(let multiline, let n)?:
                if s[i] == UInt8(ascii: "\\"), hashes(from: i + 1) == n {
                    let next = i + 1 + n
                    if next < s.count, s[next] == UInt8(ascii: "(") {
                        stack.append(.interpolation(depth: 0))
                    }
                    i = next + 1
                } else if multiline ? at(i, "\"\"\"") : s[i] == quote {
                    let close = i + (multiline ? 3 : 1)
                    if hashes(from: close) >= n {
                        stack.removeLast()
                        i = close + n
                    } else {
                        i += 1
                    }
                } else {
                    i += 1
                }
            case let context:
                if at(i, "//") {
                    while i < s.count, s[i] != UInt8(ascii: "\n") { blank(i); i += 1 }
                } else if at(i, "/*") {
                    var depth = 0
                    repeat {
                        if at(i, "/*") {
                            depth += 1; blank(i); blank(i + 1); i += 2
                        } else if at(i, "*/") {
                            depth -= 1; blank(i); blank(i + 1); i += 2
                        } else {
                            blank(i); i += 1
                        }
                    } while depth > 0 && i < s.count
                } else if s[i] == hash || s[i] == quote {
                    let n = hashes(from: i)
                    guard i + n < s.count, s[i + n] == quote else { i += max(n, 1); continue }
                    let multiline = at(i + n, "\"\"\"")
                    stack.append(.string(multiline: multiline, hashes: n))
                    i += n + (multiline ? 3 : 1)
                } else if case .interpolation(let depth)? = context,
                    s[i] == UInt8(ascii: "(") || s[i] == UInt8(ascii: ")")
                {
                    stack.removeLast()
                    if s[i] == UInt8(ascii: "(") {
                        stack.append(.interpolation(depth: depth + 1))
                    } else if depth > 0 {
                        stack.append(.interpolation(depth: depth - 1))
                    }
                    i += 1
                } else {
                    i += 1
                }
            }
        }
        return out
    }
}
