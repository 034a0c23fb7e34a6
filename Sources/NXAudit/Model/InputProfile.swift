/// What one input looks like, line by line: the prefix shapes it holds, the offsets its
/// stamps carry, the span of time it covers and its sources. `nxaudit inspect` shows it.
public struct InputProfile: Sendable, Equatable {
    /// A prefix shape with or without a syslog `<PRI>`.
    public struct ShapeKey: Sendable, Hashable, Comparable {
        public var shape: LineShape
        public var hasPriority: Bool

        public var name: String { (hasPriority ? "<PRI> + " : "") + shape.name }

        public static func < (a: Self, b: Self) -> Bool {
            (a.shape, a.hasPriority ? 1 : 0) < (b.shape, b.hasPriority ? 1 : 0)
        }
    }

    /// How many lines of a shape, and the first of them.
    public struct ShapeTally: Sendable, Equatable {
        public var key: ShapeKey
        public var count = 0
        public var example: EvidenceLocation
        /// The example line's first bytes (at most `exampleLength`), as read.
        public var exampleBytes: [UInt8]
    }

    /// How much of an example line is kept.
    public static let exampleLength = 240

    private var counts = [Int](repeating: 0, count: LineShape.allCases.count * 2)
    private var examples: [Int: (location: EvidenceLocation, bytes: [UInt8])] = [:]
    /// The offsets (seconds east of UTC) that stamps carrying one have; UTC for `Z`.
    public private(set) var offsets: Set<Int> = []
    private var lastOffset: Int?
    /// Lines whose stamps carry no zone (RFC 3164, ISO without offset): read in `--timezone`.
    public private(set) var zonelessLines = 0
    /// The first and last instant of its lines that have one (duplicates of other inputs included).
    public private(set) var firstSeconds: Int64?
    public private(set) var lastSeconds: Int64?
    /// Events read per source (Source field and host).
    public internal(set) var sources: [SourceKey: Int] = [:]

    public init() {}

    public static func == (a: Self, b: Self) -> Bool {
        a.shapes == b.shapes && a.offsets == b.offsets && a.zonelessLines == b.zonelessLines
            && a.firstSeconds == b.firstSeconds && a.lastSeconds == b.lastSeconds && a.sources == b.sources
    }

    /// Counts a parsed line; keeps its first bytes when it is the first of its shape.
    @inline(__always)
    mutating func count(_ parsed: ParsedLine, bytes: UnsafeRawBufferPointer, input: Int, path: String, line: Int) {
        let index = Int(parsed.shape.index) * 2 + (parsed.hasPriority ? 1 : 0)
        counts[index] += 1
        if counts[index] == 1 {
            let location = EvidenceLocation(input: input, path: path, line: line)
            examples[index] = (location, Array(bytes.prefix(Self.exampleLength)))
        }
        switch parsed.stamp {
        case .absolute(_, _, let offset):
            if offset != lastOffset {
                offsets.insert(offset)
                lastOffset = offset
            }
        case .zoneless, .yearless: zonelessLines += 1
        case .abbreviated: break
        }
    }

    /// Widens the span with a line's instant.
    @inline(__always)
    mutating func cover(_ seconds: Int64) {
        if firstSeconds == nil || seconds < firstSeconds! { firstSeconds = seconds }
        if lastSeconds == nil || seconds > lastSeconds! { lastSeconds = seconds }
    }

    /// The shapes found, in a fixed order, with their counts and first lines.
    public var shapes: [ShapeTally] {
        counts.indices.compactMap { index in
            guard counts[index] > 0, let example = examples[index] else { return nil }
            let key = ShapeKey(shape: LineShape.allCases[index / 2], hasPriority: index % 2 == 1)
            return ShapeTally(key: key, count: counts[index], example: example.location, exampleBytes: example.bytes)
        }
    }

    /// Adds the profile of the next piece of the same input.
    mutating func merge(_ other: InputProfile) {
        for index in counts.indices where other.counts[index] > 0 {
            if counts[index] == 0 { examples[index] = other.examples[index] }
            counts[index] += other.counts[index]
        }
        offsets.formUnion(other.offsets)
        zonelessLines += other.zonelessLines
        firstSeconds = [firstSeconds, other.firstSeconds].compactMap { $0 }.min()
        lastSeconds = [lastSeconds, other.lastSeconds].compactMap { $0 }.max()
        for (key, n) in other.sources { sources[key, default: 0] += n }
    }

    /// Renumbers the example lines as lines of the whole input.
    mutating func shiftLines(by offset: Int) {
        for (index, example) in examples { examples[index]!.location = example.location.shifted(by: offset) }
    }
}

extension LineShape {
    /// Position in `allCases`.
    var index: UInt8 {
        switch self {
        case .rfc3164: 0
        case .rfc3339: 1
        case .isoLocal: 2
        case .rfc5424: 3
        case .shortFull: 4
        case .shortUnix: 5
        }
    }
}
