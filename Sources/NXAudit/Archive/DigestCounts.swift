/// Counts per line digest: an open-addressing table keyed by the digest itself.
///
/// A digest is already uniformly distributed, so its first word is the slot:
/// no hashing per lookup (a `Dictionary` spent a fifth of an ingest in SipHash).
struct DigestCounts {
    private struct Entry {
        var high: UInt64
        var low: UInt64
        /// 0: the slot is free.
        var count: Int32
    }

    private var entries: [Entry]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = Array(repeating: Entry(high: 0, low: 0, count: 0), count: size)
        mask = size - 1
    }

    var isEmpty: Bool { count == 0 }

    /// How many copies are counted; 0 for a digest never seen.
    subscript(digest: LineDigest) -> Int32 {
        var slot = Int(truncatingIfNeeded: digest.high) & mask
        while true {
            let entry = entries[slot]
            if entry.count == 0 { return 0 }
            if entry.high == digest.high, entry.low == digest.low { return entry.count }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `amount` to the digest's count and returns the new count.
    @discardableResult
    mutating func add(_ digest: LineDigest, _ amount: Int32 = 1) -> Int32 {
        if (count + 1) * 2 > entries.count { grow() }
        var slot = Int(truncatingIfNeeded: digest.high) & mask
        while true {
            if entries[slot].count == 0 {
                entries[slot] = Entry(high: digest.high, low: digest.low, count: amount)
                count += 1
                return amount
            }
            if entries[slot].high == digest.high, entries[slot].low == digest.low {
                entries[slot].count += amount
                return entries[slot].count
            }
            slot = (slot + 1) & mask
        }
    }

    /// Raises the digest's count to `value` if it is lower.
    mutating func raise(_ digest: LineDigest, to value: Int32) {
        let current = self[digest]
        if value > current { add(digest, value - current) }
    }

    /// Every counted digest with its count, in no particular order.
    func forEachDigest(_ body: (LineDigest, Int32) -> Void) {
        for entry in entries where entry.count != 0 { body(LineDigest(high: entry.high, low: entry.low), entry.count) }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(high: 0, low: 0, count: 0), count: old.count * 2)
        mask = entries.count - 1
        count = 0
        for entry in old where entry.count != 0 { add(LineDigest(high: entry.high, low: entry.low), entry.count) }
    }
}
