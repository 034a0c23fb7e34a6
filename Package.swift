// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "nxaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nxaudit", targets: ["nxaudit"]),
        .library(name: "NXAudit", targets: ["NXAudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The policy file (YAML): its node tree keeps line and column, so errors can name them.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The evidence archive: SQLite in WAL mode (readers never wait for the daily ingest), migrations.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // libxml2 from the system: XSD validation of every XML report before it is written.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // zlib from the system: rotated `.gz` logs, several concatenated members included.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // libcrypto from the system: SHA-256 of every input and report, for the evidence manifest.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        // libcurl from the system: `nxaudit fetch` over HTTPS (CA files, proxies, timeouts), a few seconds to
        // build where an HTTP client package in Swift takes minutes.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // The pipeline: read evidence → analyze → render. Everything a test wants lives here.
        .target(
            name: "NXAudit",
            dependencies: [
                "CLibXML2",
                "CZlib",
                "CCrypto",
                "CCurl",
                "CFiles",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the ingest's hot loop (binding without copies).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // The default templates and the XSD are compiled in from templates/.
            plugins: ["EmbedTemplates"]
        ),
        .plugin(name: "EmbedTemplates", capability: .buildTool()),
        // Unnamed temporary files (O_TMPFILE), so a killed run leaves no partial report.
        .target(name: "CFiles"),
        // The allocator setting the command line makes for a batch run.
        .target(name: "CMemory"),
        // The command line: parses flags, wires the library, picks the exit code.
        .executableTarget(
            name: "nxaudit",
            dependencies: [
                "NXAudit",
                "CMemory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The synthetic audit-log generator the tests, samples and benchmark use: deterministic by seed, with a truth file.
        .executableTarget(
            name: "nxaudit-loggen",
            dependencies: ["CZlib", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Fuzzing: libFuzzer drives `FuzzTarget` (Scripts/fuzz.sh builds it with the sanitizers);
        // in an ordinary build it replays inputs through a target.
        // The self-checking fuzz targets, apart from the library so that nothing test-only ships;
        // they reach the library's internals through `package` access.
        .target(name: "NXAuditFuzzing", dependencies: ["NXAudit", "CLibXML2"]),
        .executableTarget(
            name: "nxaudit-fuzz",
            dependencies: ["NXAuditFuzzing"]
        ),
        .testTarget(
            name: "NXAuditTests",
            dependencies: [
                "NXAudit", "NXAuditFuzzing", "nxaudit", "nxaudit-loggen",
                // Reading an archive's batch records as a user's SQLite client would.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
