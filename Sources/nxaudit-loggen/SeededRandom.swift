/// A seeded pseudo-random generator: xoshiro256**, its state filled by SplitMix64.
///
/// The same `--seed` must give the same bytes on every platform and Swift version, so
/// the generator owns its algorithm and its bounded draws rather than using Foundation's
/// randomness or the standard library's `random(in:)`, whose method is not promised to
/// stay the same. `stream` separates independent sequences drawn from one seed: the
/// events do not change when only `--prefix mixed` or `--malformed` draw more numbers.
struct SeededRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound`; Lemire's multiply-and-shift with rejection, so no modulo bias.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "a random draw needs a positive bound")
        let limit = UInt64(bound)
        var product = limit.multipliedFullWidth(by: next())
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = limit.multipliedFullWidth(by: next())
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range` (Python's `randrange(lower, upper)`).
    mutating func int(in range: Range<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// A uniform fraction in `0..<1` with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ items: [Element]) -> Element {
        items[below(items.count)]
    }

    /// `count` distinct elements in random order (a partial Fisher-Yates shuffle).
    mutating func sample<Element>(_ items: [Element], count: Int) -> [Element] {
        var pool = items
        for i in 0..<count {
            pool.swapAt(i, i + below(pool.count - i))
        }
        return Array(pool.prefix(count))
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64: spreads one 64-bit seed over xoshiro's 256 bits of state, as its authors advise.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
