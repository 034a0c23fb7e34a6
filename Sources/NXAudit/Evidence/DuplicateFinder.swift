/// Finds lines that an earlier input already holds: hand-collected copies and API
/// downloads beside rotated files overlap, and a line must count once.
///
/// The same line twice inside one file is two events (two failed logins in the
/// same second); a later input's copies are duplicates only up to the number of
/// times an earlier input holds that line. Lines are compared by a 128-bit keyed
/// hash (SipHash with this run's random key), so log content cannot be crafted
/// to collide with another line. Empty and over-long lines are left to their
/// own reasons, and so are lines that do not parse: a malformed line is malformed
/// in every input. Memory: about 40 bytes per line of the inputs, so this runs
/// only when there is more than one input.
struct DuplicateFinder {
    let maxLineLength: Int
    let concurrency: Int

    struct LineHash: Hashable {
        var a: Int
        var b: Int
    }

    /// For each source, the sorted line numbers of its lines that are duplicates.
    func duplicates(in sources: [any EvidenceSource]) throws(EvidenceError) -> [[Int]] {
        guard sources.count > 1 else { return sources.map { _ in [] } }
        let hashed = try sources.parallelMap(width: concurrency) { source throws(EvidenceError) in
            try hashes(of: source)
        }
        var seen: [LineHash: Int32] = [:]
        var result: [[Int]] = []
        for (index, lines) in hashed.enumerated() {
            var local: [LineHash: Int32] = [:]
            var duplicates: [Int] = []
            for (hash, line) in lines {
                let count = local[hash, default: 0] + 1
                local[hash] = count
                if count <= seen[hash, default: 0] { duplicates.append(line) }
            }
            if index < hashed.count - 1 {
                for (hash, count) in local where count > seen[hash, default: 0] { seen[hash] = count }
            }
            result.append(duplicates)
        }
        return result
    }

    /// The hash and line number of every line of `source`, read whole, that can be a duplicate.
    func hashes(of source: any EvidenceSource) throws(EvidenceError) -> [(LineHash, Int)] {
        var lines: [(LineHash, Int)] = []
        _ = try source.forEachLine(in: .whole, maxLineLength: maxLineLength, progress: nil) { line in
            if line.overlong { return }
            guard case .parsed = LineParser.parse(line.bytes) else { return }
            var first = Hasher()
            first.combine(0 as UInt8)
            first.combine(bytes: line.bytes)
            var second = Hasher()
            second.combine(1 as UInt8)
            second.combine(bytes: line.bytes)
            lines.append((LineHash(a: first.finalize(), b: second.finalize()), line.number))
        }
        return lines
    }
}
