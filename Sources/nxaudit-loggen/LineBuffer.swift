/// Bytes of log lines under construction.
///
/// Hundreds of megabytes of lines are made per run, so text is appended as bytes and
/// numbers are written digit by digit: no `String` is built per line, no formatter is asked.
struct LineBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    /// The text as a `String`, for the few values the truth file shows.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    subscript(index: Int) -> UInt8 {
        get { bytes[index] }
        set { bytes[index] = newValue }
    }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ slice: ArraySlice<UInt8>) {
        bytes.append(contentsOf: slice)
    }

    /// `value` in decimal, without padding (negative values get a minus sign).
    mutating func append(decimal value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            append(decimal: -value)
            return
        }
        var width = 1
        var rest = value / 10
        while rest > 0 {
            width += 1
            rest /= 10
        }
        append(zeroPadded: value, width: width)
    }

    /// The last `width` decimal digits of a non-negative `value`, zero-padded on the left.
    mutating func append(zeroPadded value: Int, width: Int) {
        let start = bytes.count
        for _ in 0..<width { bytes.append(0x30) }
        var rest = value
        var index = start + width - 1
        while rest > 0, index >= start {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// A non-negative `value` right-aligned in `width` columns with spaces (the syslog day, `Oct  5`).
    mutating func append(spacePadded value: Int, width: Int) {
        let start = bytes.count
        append(decimal: value)
        let written = bytes.count - start
        if written < width {
            bytes.insert(contentsOf: repeatElement(UInt8(ascii: " "), count: width - written), at: start)
        }
    }

    /// A non-negative `value` in lowercase hexadecimal, as Python's `f"{n:x}"`.
    mutating func append(hex value: Int) {
        var digits = 1
        var rest = value >> 4
        while rest > 0 {
            digits += 1
            rest >>= 4
        }
        let start = bytes.count
        for _ in 0..<digits { bytes.append(0x30) }
        rest = value
        for index in stride(from: start + digits - 1, through: start, by: -1) {
            let nibble = UInt8(rest & 0xF)
            bytes[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            rest >>= 4
        }
    }

    /// Drops everything from `count` on.
    mutating func truncate(to count: Int) {
        bytes.removeSubrange(count...)
    }

    /// The first index of `byte` at or after `start`.
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        bytes[start...].firstIndex(of: byte)
    }

    /// The first index at or after `start` of a byte that satisfies `predicate`.
    func firstIndex(from start: Int, where predicate: (UInt8) -> Bool) -> Int? {
        bytes[start...].firstIndex(where: predicate)
    }

    mutating func removeAll(keepingCapacity: Bool) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Runs `body` over the stored bytes without copying them.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes(body)
    }
}
