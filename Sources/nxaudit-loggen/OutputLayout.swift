import Foundation

/// Where the generated lines go: one stream (standard output or `--output`), a logrotate
/// set (`--rotate K --output-dir`), or one file per host plus the all-Engines download
/// (`--split-hosts --output-dir`).
///
/// Lines arrive in time order with the index of the host that logged them (0 the Portal
/// appliance, 1… the Engines). Memory stays constant: lines go straight to files, and the
/// rotation set and `all-engines.log` are cut and joined from files at the end.
final class OutputLayout {
    enum Destination {
        case standardOutput
        case file(String)
        /// `count` files the way logrotate leaves them: `audit.log` newest, `audit.log.1`,
        /// then `audit.log.2.gz` … `audit.log.(count-1).gz`, oldest, split by line count.
        case rotated(directory: String, count: Int)
        /// `portal01.log` (Portal and Console), `engine01.log` …, and `all-engines.log`.
        case perHost(directory: String)
    }

    /// What was written.
    struct Summary {
        /// Bytes of the stream: every line once, with its line end, before compression.
        var bytes: Int
        var lines: Int
        /// Lines per file, when the output is a folder.
        var files: [String: Int]?
    }

    private let destination: Destination
    private let hostNames: [String]
    private var sinks: [FileSink] = []
    private var sinkOfHost: [Int]
    private var linesOfSink: [Int]
    private var bytes = 0

    /// Opens the outputs; `hostNames` are by host index (`portal01`, `engine01`, …).
    init(destination: Destination, hostNames: [String]) throws {
        self.destination = destination
        self.hostNames = hostNames
        switch destination {
        case .standardOutput:
            sinks = [FileSink.standardOutput()]
        case .file(let path):
            sinks = [try FileSink(creating: path)]
        case .rotated(let directory, _):
            try OutputLayout.makeDirectory(directory)
            sinks = [try FileSink(creating: OutputLayout.path(directory, OutputLayout.partialName))]
        case .perHost(let directory):
            try OutputLayout.makeDirectory(directory)
            sinks = try hostNames.map { try FileSink(creating: OutputLayout.path(directory, "\($0).log")) }
        }
        if case .perHost = destination {
            sinkOfHost = Array(hostNames.indices)
        } else {
            sinkOfHost = Array(repeating: 0, count: hostNames.count)
        }
        linesOfSink = Array(repeating: 0, count: sinks.count)
    }

    /// Writes one line (without its line end) logged on host `host`.
    @inline(__always)
    func write(_ line: UnsafeRawBufferPointer, host: Int) throws {
        let sink = sinkOfHost[host]
        try sinks[sink].writeLine(line)
        linesOfSink[sink] += 1
        bytes += line.count + 1
    }

    /// Closes the outputs, then cuts the rotation set or joins the all-Engines file.
    func finish() throws -> Summary {
        for sink in sinks {
            try sink.close()
        }
        let lines = linesOfSink.reduce(0, +)
        switch destination {
        case .standardOutput, .file:
            return Summary(bytes: bytes, lines: lines, files: nil)
        case .rotated(let directory, let count):
            return Summary(bytes: bytes, lines: lines, files: try rotate(in: directory, into: count, lines: lines))
        case .perHost(let directory):
            var files: [String: Int] = [:]
            for (index, name) in hostNames.enumerated() {
                files["\(name).log"] = linesOfSink[index]
            }
            let engines = hostNames.dropFirst().map { OutputLayout.path(directory, "\($0).log") }
            try OutputLayout.join(engines, into: OutputLayout.path(directory, OutputLayout.allEnginesName))
            files[OutputLayout.allEnginesName] = linesOfSink.dropFirst().reduce(0, +)
            return Summary(bytes: bytes, lines: lines, files: files)
        }
    }

    /// The stream as written before the rotation set is cut from it; removed afterwards.
    private static let partialName = "audit.log.partial"
    /// As the Audit Trail API's all-Engines call returns them: each Engine's file whole,
    /// one after the other, so the lines are not in time order.
    private static let allEnginesName = "all-engines.log"

    /// The name logrotate gives the file `rank` rotations old.
    private static func rotatedName(rank: Int) -> String {
        switch rank {
        case 0: "audit.log"
        case 1: "audit.log.1"
        default: "audit.log.\(rank).gz"
        }
    }

    /// Cuts the finished stream into `count` files of (nearly) equal line counts, oldest
    /// lines into the highest number, and compresses those logrotate compresses.
    private func rotate(in directory: String, into count: Int, lines: Int) throws -> [String: Int] {
        let partial = OutputLayout.path(directory, OutputLayout.partialName)
        let source = try FileSource(opening: partial)
        var files: [String: Int] = [:]
        var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
        var offset = 0
        for part in 0..<count {
            let rank = count - 1 - part
            let name = OutputLayout.rotatedName(rank: rank)
            let path = OutputLayout.path(directory, name)
            let sink: any ByteSink = rank >= 2 ? try GzipWriter(creating: path) : try FileSink(creating: path)
            let share = (part + 1) * lines / count - part * lines / count
            var remaining = share
            while remaining > 0 {
                if offset == chunk.count {
                    guard let next = try source.read() else {
                        throw LogGenError.readFailed(path: partial, reason: "it ended before its last line")
                    }
                    chunk = next
                    offset = 0
                }
                let base = chunk.baseAddress!
                var end = offset
                while remaining > 0, end < chunk.count,
                    let newline = memchr(base + end, 0x0A, chunk.count - end)
                {
                    end = base.distance(to: UnsafeRawPointer(newline)) + 1
                    remaining -= 1
                }
                if remaining > 0 { end = chunk.count }
                try sink.write(UnsafeRawBufferPointer(rebasing: chunk[offset..<end]))
                offset = end
            }
            try sink.close()
            files[name] = share
        }
        if unlink(partial) != 0 {
            throw LogGenError.writeFailed(path: partial, reason: LogGenError.reason(errno))
        }
        return files
    }

    /// Writes the files at `paths` one after the other into a new file at `path`.
    private static func join(_ paths: [String], into path: String) throws {
        let sink = try FileSink(creating: path)
        for part in paths {
            let source = try FileSource(opening: part)
            while let chunk = try source.read() {
                try sink.write(chunk)
            }
        }
        try sink.close()
    }

    private static func makeDirectory(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LogGenError.cannotCreate(path: directory, reason: (error as NSError).localizedDescription)
        }
    }

    private static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
