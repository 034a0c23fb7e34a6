import Foundation

/// A time-zone abbreviation as a log writes it (`CEST`, `EST`, `UTC`): up to eight ASCII
/// letters, held in one integer so a stamp that carries one stays a plain value.
public struct ZoneAbbreviation: Sendable, Hashable, CustomStringConvertible {
    /// The longest abbreviation read.
    public static let maxLength = 8
    private let packed: UInt64

    /// The letters of `bytes` (at most `maxLength`), upper-cased.
    public init(_ bytes: UnsafeRawBufferPointer) {
        var value: UInt64 = 0
        for byte in bytes.prefix(Self.maxLength) {
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
            value = value << 8 | UInt64(upper)
        }
        packed = value
    }

    public init(_ text: String) {
        var copy = text
        self = copy.withUTF8 { ZoneAbbreviation(UnsafeRawBufferPointer($0)) }
    }

    public var description: String {
        var bytes: [UInt8] = []
        var value = packed
        while value != 0 {
            bytes.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Abbreviations that name UTC in every zone.
    static let universal: Set<ZoneAbbreviation> = Set(["UTC", "GMT", "UT", "Z"].map { ZoneAbbreviation($0) })
}

/// The abbreviations an IANA zone uses, with the offsets each stands for, read from the
/// zone's compiled tz database file (TZif, RFC 8536): its local time types and the TZ
/// string at its end. Foundation on Linux does not give them (it answers `GMT+2`).
enum ZoneAbbreviations {
    /// Abbreviation → offsets (seconds east of UTC) for `identifier`; empty when the
    /// zone's file cannot be found or read.
    static func offsets(zone identifier: String) -> [ZoneAbbreviation: Set<Int>] {
        let directories = [ProcessInfo.processInfo.environment["TZDIR"], "/usr/share/zoneinfo", "/usr/lib/zoneinfo"]
        for directory in directories.compactMap({ $0 }) where !identifier.contains("..") {
            if let data = FileManager.default.contents(atPath: directory + "/" + identifier) {
                return read(tzif: [UInt8](data))
            }
        }
        return [:]
    }

    /// The local time types of a TZif file (the 64-bit block when there is one) and its TZ string.
    static func read(tzif b: [UInt8]) -> [ZoneAbbreviation: Set<Int>] {
        var result: [ZoneAbbreviation: Set<Int>] = [:]
        func count(_ at: Int) -> Int? {
            guard at + 4 <= b.count else { return nil }
            return Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
        }
        guard b.count >= 44, b[0..<4].elementsEqual("TZif".utf8) else { return [:] }
        var header = 0
        var timeSize = 4
        if b[4] >= UInt8(ascii: "2") {
            // Skip the 32-bit block to the 64-bit header.
            let c = (0..<6).compactMap { count(20 + 4 * $0) }
            guard c.count == 6 else { return [:] }
            header = 44 + c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]
            timeSize = 8
        }
        let c = (0..<6).compactMap { count(header + 20 + 4 * $0) }
        guard c.count == 6 else { return [:] }
        let (isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt) = (c[0], c[1], c[2], c[3], c[4], c[5])
        let types = header + 44 + timecnt * timeSize + timecnt
        let chars = types + typecnt * 6
        guard chars + charcnt <= b.count else { return [:] }
        for t in 0..<typecnt {
            let at = types + t * 6
            guard let raw = count(at) else { continue }
            let offset = Int(Int32(truncatingIfNeeded: raw))
            let index = chars + Int(b[at + 5])
            guard index < chars + charcnt else { continue }
            var end = index
            while end < chars + charcnt, b[end] != 0 { end += 1 }
            add(Array(b[index..<end]), offset, to: &result)
        }
        if timeSize == 8 {
            let footer = chars + charcnt + leapcnt * 12 + isstdcnt + isutcnt
            if footer < b.count, b[footer] == 0x0A, let close = b[(footer + 1)...].firstIndex(of: 0x0A) {
                for (name, offset) in posixNames(Array(b[(footer + 1)..<close])) { add(name, offset, to: &result) }
            }
        }
        return result
    }

    private static func add(_ name: [UInt8], _ offset: Int, to result: inout [ZoneAbbreviation: Set<Int>]) {
        guard !name.isEmpty, name.count <= ZoneAbbreviation.maxLength else { return }
        let key = name.withUnsafeBytes { ZoneAbbreviation($0) }
        result[key, default: []].insert(offset)
    }

    /// The names and offsets of a POSIX TZ string: `CET-1CEST,M3.5.0,M10.5.0/3` gives CET +1 h
    /// and CEST +2 h (POSIX writes offsets west of UTC; summer time is an hour ahead unless told).
    static func posixNames(_ s: [UInt8]) -> [([UInt8], Int)] {
        var i = 0
        func name() -> [UInt8]? {
            if i < s.count, s[i] == UInt8(ascii: "<") {
                guard let close = s[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                defer { i = close + 1 }
                return Array(s[(i + 1)..<close])
            }
            let start = i
            while i < s.count, (s[i] | 0x20) >= UInt8(ascii: "a"), (s[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
            return i - start >= 3 ? Array(s[start..<i]) : nil
        }
        func offset() -> Int? {
            var sign = 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
            }
            var parts: [Int] = []
            while parts.count < 3 {
                let start = i
                var value = 0
                while i < s.count, s[i] >= 48, s[i] <= 57 {
                    value = value * 10 + Int(s[i] - 48)
                    i += 1
                }
                guard i > start else { break }
                parts.append(value)
                guard i < s.count, s[i] == UInt8(ascii: ":") else { break }
                i += 1
            }
            guard let hours = parts.first else { return nil }
            let west = hours * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
            return -sign * west
        }
        guard let standard = name(), let standardOffset = offset() else { return [] }
        var names = [(standard, standardOffset)]
        if let summer = name() {
            let summerOffset = i < s.count && s[i] != UInt8(ascii: ",") ? offset() : nil
            names.append((summer, summerOffset ?? standardOffset + 3600))
        }
        return names
    }
}
