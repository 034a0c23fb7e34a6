/// When a source had events, at a resolution: for each stretch of `resolution` seconds
/// (counted from the epoch) holding at least one event, its first and last instant.
///
/// That is all gap finding needs, exactly: two instants in one stretch are less than
/// `resolution` seconds apart, so for any threshold of at least `resolution - 1` seconds,
/// a gap can only lie between the last instant of one occupied stretch and the first of
/// the next. Its size grows with the period's length over the resolution (a year at the
/// default one-day threshold: at most 366 stretches), not with the number of events.
public struct Occupancy: Sendable, Equatable {
    /// One occupied stretch: its index (instant / resolution, rounded down) and the first
    /// and last instant in it.
    public struct Stretch: Sendable, Equatable {
        public var index: Int64
        public var first: Int64
        public var last: Int64
    }

    public let resolution: Int64
    /// Occupied stretches in time order, one per index.
    public private(set) var stretches: [Stretch] = []

    /// The resolution used when none is given: exact for every threshold nxaudit accepts
    /// (whole minutes).
    public static let defaultResolution: Int64 = 60

    public init(resolution: Int64 = Occupancy.defaultResolution) {
        precondition(resolution >= 1, "an occupancy's resolution is at least one second")
        self.resolution = resolution
    }

    /// The occupancy of `instants`, in any order.
    public init(resolution: Int64 = Occupancy.defaultResolution, instants: some Sequence<Int64>) {
        self.init(resolution: resolution)
        for instant in instants { record(instant) }
    }

    /// The greatest resolution at which gaps longer than `threshold` seconds are exact.
    public static func resolution(forThreshold threshold: Int64) -> Int64 { max(1, threshold + 1) }

    public var isEmpty: Bool { stretches.isEmpty }

    /// Notes an event at `seconds`. Events mostly come in time order: then this is a compare
    /// and an update of the last stretch.
    @inline(__always)
    public mutating func record(_ seconds: Int64) {
        let index = Self.floorDivide(seconds, resolution)
        if let last = stretches.last, last.index == index {
            stretches[stretches.count - 1].first = min(last.first, seconds)
            stretches[stretches.count - 1].last = max(last.last, seconds)
        } else if stretches.last.map({ $0.index < index }) ?? true {
            stretches.append(Stretch(index: index, first: seconds, last: seconds))
        } else {
            let position = insertionPoint(of: index)
            if position < stretches.count, stretches[position].index == index {
                stretches[position].first = min(stretches[position].first, seconds)
                stretches[position].last = max(stretches[position].last, seconds)
            } else {
                stretches.insert(Stretch(index: index, first: seconds, last: seconds), at: position)
            }
        }
    }

    /// Adds the stretches of `other` (of the same resolution). Pieces of a log read in order
    /// mostly follow each other: then only the overlapping end is merged.
    public mutating func merge(_ other: Occupancy) {
        precondition(other.resolution == resolution, "occupancies of one resolution merge")
        guard let first = other.stretches.first else { return }
        let start = insertionPoint(of: first.index)
        if start == stretches.count {
            stretches += other.stretches
            return
        }
        var merged: [Stretch] = []
        merged.reserveCapacity(stretches.count - start + other.stretches.count)
        let theirs = other.stretches
        var i = start
        var j = 0
        while i < stretches.count || j < theirs.count {
            if j == theirs.count || (i < stretches.count && stretches[i].index < theirs[j].index) {
                merged.append(stretches[i])
                i += 1
            } else if i == stretches.count || theirs[j].index < stretches[i].index {
                merged.append(theirs[j])
                j += 1
            } else {
                let (a, b) = (stretches[i], theirs[j])
                merged.append(Stretch(index: a.index, first: min(a.first, b.first), last: max(a.last, b.last)))
                i += 1
                j += 1
            }
        }
        stretches.replaceSubrange(start..., with: merged)
    }

    /// Stretches of `period` longer than `threshold` seconds without an event, the period's
    /// start and end counting as edges. The events must lie in the period.
    public func gaps(in period: ReportPeriod, threshold: Int64) -> [Gap] {
        precondition(
            resolution <= Self.resolution(forThreshold: threshold),
            "gaps longer than \(threshold) s need an occupancy of at most \(threshold + 1) s resolution")
        var gaps: [Gap] = []
        var previous = period.startSeconds
        for stretch in stretches {
            if stretch.first - previous > threshold {
                gaps.append(Gap(fromSeconds: previous, toSeconds: stretch.first))
            }
            previous = stretch.last
        }
        if period.endSeconds - previous > threshold {
            gaps.append(Gap(fromSeconds: previous, toSeconds: period.endSeconds))
        }
        return gaps
    }

    /// The first position whose stretch index is not below `index`.
    private func insertionPoint(of index: Int64) -> Int {
        var low = 0
        var high = stretches.count
        while low < high {
            let middle = (low + high) / 2
            if stretches[middle].index < index { low = middle + 1 } else { high = middle }
        }
        return low
    }

    @inline(__always)
    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
