import Foundation
import Testing
@testable import NXAudit
@testable import NXAuditFuzzing

/// The fuzz targets' checks on every committed input: the seeds (Tests/Fuzz/corpus) and
/// every input a fuzzer once crashed on (Tests/Fuzz/regressions). A failing check stops the
/// test process with the check's message, as it stops the fuzzer.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let fuzz = Checkout.root.appendingPathComponent("Tests/Fuzz")

    static func inputs(_ folder: String, _ target: FuzzTarget) -> [String] {
        let dir = fuzz.appendingPathComponent(folder).appendingPathComponent(target.rawValue).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everySeedAndEveryFormerCrashPassesTheChecks(target: FuzzTarget) throws {
        let seeds = Self.inputs("corpus", target)
        #expect(seeds.count >= 5, "the seed corpus of \(target.rawValue) is there")
        for path in seeds + Self.inputs("regressions", target) {
            target.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }

    /// The replay tool of an ordinary build: what a developer runs under a debugger on a crash input.
    @Test func theReplayToolRunsInputsThroughATarget() throws {
        let dir = TemporaryDirectory()
        let input = dir.write("crash", "a,\u{301}b")
        let replay = URL(fileURLWithPath: Checkout.executable).deletingLastPathComponent().appendingPathComponent(
            "nxaudit-fuzz"
        ).path
        let passes = try run(replay, ["markup", input])
        #expect(passes.status == 0, "\(passes.stderr)")
        #expect(passes.stdout.contains("1 inputs through markup, every check held"))
        #expect(try run(replay, ["nothing", input]).status == 64)
    }
}
