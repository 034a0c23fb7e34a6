import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
@testable import NXAudit

/// Paths of the checkout the tests run in.
enum Checkout {
    /// The package root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("templates").path

    /// The `nxaudit` executable SwiftPM built beside the test bundle.
    static var executable: String { builtProduct("nxaudit") }
    /// The project's synthetic log generator, `nxaudit-loggen`, built beside the test bundle.
    static var generator: String { builtProduct("nxaudit-loggen") }

    static func builtProduct(_ name: String) -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/" + name).path
    }
}

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("nxaudit-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }
}

/// The result of running a process to its end.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` and waits for it.
func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    stdoutFile: String? = nil, in directory: String? = nil
) throws -> ProcessResult {
    let process = Process()
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let errPipe = Pipe()
    process.standardError = errPipe
    let outPipe = Pipe()
    if let stdoutFile {
        FileManager.default.createFile(atPath: stdoutFile, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
    } else {
        process.standardOutput = outPipe
    }
    try process.run()
    // Read before waiting so a full pipe cannot block the child.
    let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
    let outData = stdoutFile == nil ? outPipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the real `nxaudit` executable.
func nxaudit(
    _ arguments: [String], environment: [String: String] = ["SOURCE_DATE_EPOCH": "1793491200"],
    in directory: String? = nil
) throws -> ProcessResult {
    try run(Checkout.executable, arguments, environment: environment, in: directory)
}

/// Generates a log with `nxaudit-loggen`; returns the log and truth paths.
func generateLog(
    in directory: TemporaryDirectory, name: String = "audit.log", arguments: [String]
) throws -> (log: String, truth: String) {
    let log = directory.path + "/" + name
    let truth = directory.path + "/" + name + ".truth.json"
    let result = try run(Checkout.generator, arguments + ["--truth", truth, "--output", log])
    guard result.status == 0 else { throw GeneratorFailed(message: result.stderr) }
    return (log, truth)
}

struct GeneratorFailed: Error { var message: String }

/// A report period for tests.
func period(_ from: String, _ to: String, _ zone: String = "UTC") throws -> ReportPeriod {
    try ReportPeriod(
        firstDay: CivilDate(iso: from)!, lastDay: CivilDate(iso: to)!, timeZone: TimeZone(identifier: zone)!)
}

/// Minimal reading of the attributes of XML elements named `name` (the XML is nxaudit's own, validated).
func xmlElements(_ name: String, in xml: String) throws -> [[String: String]] {
    let document = try XMLDocument(data: Data(xml.utf8))
    // By local name: the same paths read reports of schema 2 (namespaced) and schema 1 (not).
    let path = "//" + name.split(separator: "/").map { "*[local-name()='\($0)']" }.joined(separator: "/")
    return try document.nodes(forXPath: path).compactMap { node in
        guard let element = node as? XMLElement else { return nil }
        var attributes: [String: String] = [:]
        for attribute in element.attributes ?? [] { attributes[attribute.name ?? ""] = attribute.stringValue ?? "" }
        return attributes
    }
}

/// The findings of an XML report: each one's attributes, and `rules`, the rules it breaks
/// (its `brokenRule` elements), space-separated.
func xmlFindings(in xml: String) throws -> [[String: String]] {
    let document = try XMLDocument(data: Data(xml.utf8))
    return try document.nodes(forXPath: "//*[local-name()='finding']").compactMap { node in
        guard let element = node as? XMLElement else { return nil }
        var attributes: [String: String] = [:]
        for attribute in element.attributes ?? [] { attributes[attribute.name ?? ""] = attribute.stringValue ?? "" }
        attributes["rules"] = try element.nodes(forXPath: "*[local-name()='brokenRule']/@id")
            .compactMap(\.stringValue).joined(separator: " ")
        return attributes
    }
}

/// The evidence of log files for `period`, their years taken as `yearPolicy` (2026 unless told).
func readEvidence(
    _ paths: [String], period: ReportPeriod, yearPolicy: YearPolicy = .fixed(2026),
    retains: @escaping @Sendable (Int) -> Bool = { _ in true }
) throws -> Evidence {
    try EvidenceReader(period: period, yearPolicy: yearPolicy, retains: retains).read(EvidenceInput.resolve(paths))
}

/// The report model for log lines (UTC stamps; October 2026 in UTC), analysed under `policy`.
/// Each rule's hits stay apart unless `grouped` (as the report groups hits on one incident).
func analyze(_ lines: [String], policy: AnalysisPolicy = .defaults, grouped: Bool = false) throws -> AuditReport {
    try analyze(lines.joined(separator: "\n") + "\n", policy: policy, grouped: grouped)
}

/// The report model for a log's text (UTC stamps; the days `from` to `to` in UTC), analysed under `policy`.
func analyze(
    _ log: String, _ from: String = "2026-10-01", _ to: String = "2026-10-31",
    policy: AnalysisPolicy = .defaults, grouped: Bool = false
) throws -> AuditReport {
    let dir = TemporaryDirectory()
    let path = dir.write("audit.log", log)
    let p = try period(from, to)
    var analyzer = Analyzer(policy: policy)
    analyzer.groupsIncidents = grouped
    let evidence = try readEvidence([path], period: p, retains: analyzer.retains)
    return analyzer.analyze(evidence, period: p, tool: ToolInfo(version: "test"), generatedAtSeconds: 0)
}

/// The findings of `rule` for log lines (UTC stamps; October 2026 in UTC), under `policy`.
func findings(_ rule: String, _ lines: [String], policy: AnalysisPolicy = .defaults) throws -> [Finding] {
    try analyze(lines, policy: policy).findings.filter { $0.rule == rule }
}

/// Runs `executable` with its output discarded; its exit status and its peak resident
/// memory in KB (`ru_maxrss`).
///
/// A small Python process forks and waits for it: Linux carries the peak of the memory a
/// process replaces at `exec` into its own, so a child started straight from the (large)
/// test process would report the test process's peak.
func peakMemory(
    _ executable: String, _ arguments: [String], environment: [String: String] = ["SOURCE_DATE_EPOCH": "1793491200"]
) throws -> (status: Int32, peakKB: Int) {
    let script = """
        import os, sys
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.execv(sys.argv[1], sys.argv[1:])
        _, status, usage = os.wait4(pid, 0)
        print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
        """
    let result = try run("/usr/bin/env", ["python3", "-c", script, executable] + arguments, environment: environment)
    let fields = result.stdout.split(separator: " ").compactMap {
        Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard result.status == 0, fields.count == 2 else {
        throw GeneratorFailed(message: "cannot measure \(executable): \(result.stderr)")
    }
    return (Int32(fields[0]), fields[1])
}
