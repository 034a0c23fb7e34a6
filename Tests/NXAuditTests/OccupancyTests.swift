import Testing
@testable import NXAudit

/// Gaps found from occupied stretches are the gaps found by sorting every instant, at every
/// resolution the threshold allows, whatever the order and the pieces the instants come in.
@Suite("Occupancy")
struct OccupancyTests {
    /// Gaps by the definition: every instant sorted, the period's edges added, each step
    /// longer than the threshold.
    static func sortedGaps(_ instants: [Int64], period: ReportPeriod, threshold: Int64) -> [Gap] {
        let edges = [period.startSeconds] + instants.sorted() + [period.endSeconds]
        return zip(edges, edges.dropFirst()).filter { $1 - $0 > threshold }.map {
            Gap(fromSeconds: $0, toSeconds: $1)
        }
    }

    @Test func gapsAreMeasuredAgainstThePeriodEdges() throws {
        let p = try period("2026-10-01", "2026-10-03")
        let day: Int64 = 86_400
        let instants = [p.startSeconds + 3600, p.startSeconds + day + 1800, p.startSeconds + 2 * day + 100]
        let resolution = Occupancy.resolution(forThreshold: day)
        #expect(Occupancy(resolution: resolution, instants: instants).gaps(in: p, threshold: day).isEmpty)
        #expect(
            Occupancy(resolution: resolution, instants: [p.startSeconds + 3600]).gaps(in: p, threshold: day) == [
                Gap(fromSeconds: p.startSeconds + 3600, toSeconds: p.endSeconds)
            ])
        #expect(
            Occupancy(resolution: resolution).gaps(in: p, threshold: day) == [
                Gap(fromSeconds: p.startSeconds, toSeconds: p.endSeconds)
            ])
    }

    /// A step of exactly the threshold is not a gap; one second more is, also when both
    /// instants fall in one stretch or in two stretches next to each other.
    @Test(arguments: [1 as Int64, 7, 3600, 3601])
    func aStepOfTheThresholdIsNotAGap(resolution: Int64) throws {
        let p = try period("2026-10-01", "2026-10-01")
        let threshold: Int64 = 3600
        let start = p.startSeconds + 1000
        let exactly = Occupancy(resolution: resolution, instants: [start, start + threshold, p.endSeconds - 1])
        let over = Occupancy(resolution: resolution, instants: [start, start + threshold + 1, p.endSeconds - 1])
        #expect(exactly.gaps(in: p, threshold: threshold).count == 1)
        #expect(
            over.gaps(in: p, threshold: threshold).contains(Gap(fromSeconds: start, toSeconds: start + threshold + 1)))
    }

    /// Many seeded cases: instants clustered and spread, recorded out of order, split into
    /// pieces merged in any order, at every kind of allowed resolution.
    @Test func gapsEqualThoseOfSortedInstants() throws {
        let p = try period("2026-10-01", "2026-10-31")
        var random = SeededNumbers(seed: 23)
        for round in 0..<400 {
            let threshold = [60, 3599, 3600, 86_400, 1 + Int64(random.next() % 20_000)][round % 5]
            let span = p.endSeconds - p.startSeconds
            let count = Int(random.next() % 300)
            let clustered = round % 2 == 0
            let base = p.startSeconds + Int64(random.next() % UInt64(span))
            let instants = (0..<count).map { _ in
                clustered
                    ? min(p.endSeconds - 1, base + Int64(random.next() % UInt64(threshold * 4)))
                    : p.startSeconds + Int64(random.next() % UInt64(span))
            }
            let resolution = [1, threshold, threshold + 1, 1 + Int64(random.next() % UInt64(threshold + 1))][round % 4]
            let expected = Self.sortedGaps(instants, period: p, threshold: threshold)
            let whole = Occupancy(resolution: resolution, instants: instants)
            #expect(whole.gaps(in: p, threshold: threshold) == expected, "round \(round)")
            // In pieces, merged in reverse: the same stretches.
            var merged = Occupancy(resolution: resolution)
            let cut = count == 0 ? 0 : Int(random.next() % UInt64(count))
            for piece in [instants[cut...], instants[..<cut]] {
                merged.merge(Occupancy(resolution: resolution, instants: piece))
            }
            #expect(merged == whole, "round \(round)")
            #expect(zip(whole.stretches, whole.stretches.dropFirst()).allSatisfy { $0.index < $1.index })
        }
    }

    /// Instants before the epoch fall in the stretch below, not in stretch 0.
    @Test func negativeInstantsRoundDown() {
        let occupancy = Occupancy(resolution: 60, instants: [-1, -60, -61, 0, 59])
        #expect(occupancy.stretches.map(\.index) == [-2, -1, 0])
        #expect(occupancy.stretches.map(\.first) == [-61, -60, 0])
        #expect(occupancy.stretches.map(\.last) == [-61, -1, 59])
    }
}

/// Knuth's MMIX linear congruential generator, upper bits: seeded, so a failing case replays.
struct SeededNumbers {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 16
    }
}
