/// Evidence locations as a reader takes them in: three or more consecutive lines of one
/// file become one range (`audit.log:372–384 (13 lines)`), the rest stay `file:line`.
enum EvidenceRanges {
    static func text(_ locations: [EvidenceLocation], clean: (String) -> String) -> [String] {
        var result: [String] = []
        var index = 0
        while index < locations.count {
            let first = locations[index]
            var end = index
            while end + 1 < locations.count, locations[end + 1].path == first.path,
                locations[end + 1].line == locations[end].line + 1
            {
                end += 1
            }
            let count = end - index + 1
            if count >= 3 {
                result.append(clean("\(first.path):\(first.line)–\(locations[end].line) (\(count) lines)"))
                index = end + 1
            } else {
                result.append(clean(first.description))
                index += 1
            }
        }
        return result
    }
}
