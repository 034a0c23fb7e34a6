import Foundation
import NXAuditFuzzing

#if NXAUDIT_FUZZING
    // Built by Scripts/fuzz.sh with `--sanitize fuzzer --sanitize address -DNXAUDIT_FUZZING`:
    // libFuzzer's own main drives these two functions; NXAUDIT_FUZZ_TARGET names the target.

    nonisolated(unsafe) private var target: FuzzTarget?

    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzerInitialize(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
    ) -> Int32 {
        let name = ProcessInfo.processInfo.environment["NXAUDIT_FUZZ_TARGET"] ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(
                Data("nxaudit-fuzz: set NXAUDIT_FUZZ_TARGET to one of \(names) (it is '\(name)')\n".utf8))
            exit(64)
        }
        target = chosen
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        target!.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

#else

    /// Without the fuzzer: replays inputs through a target, for a debugger or a build
    /// without sanitizers. `nxaudit-fuzz TARGET FILE_OR_DIR...`
    @main
    struct Replay {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                FileHandle.standardError.write(Data("usage: nxaudit-fuzz \(names) FILE_OR_DIR...\n".utf8))
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    FileHandle.standardError.write(Data("nxaudit-fuzz: \(path): no such file or directory\n".utf8))
                    exit(66)
                }
                let files =
                    isDirectory.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                        path + "/" + $0
                    }
                    : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    target.run([UInt8](data))
                    count += 1
                }
            }
            print("nxaudit-fuzz: \(count) inputs through \(target.rawValue), every check held")
        }
    }
#endif
