// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "coach",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coach", targets: ["coach"]),
        .library(name: "LuaSandbox", targets: ["LuaSandbox"]),
        .library(name: "CoachStore", targets: ["CoachStore", "CoachCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The shared deployment's store (PostgreSQL).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Micro benchmarks (Benchmarks/): `swift package benchmark`.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The system Lua 5.4 (Debian: liblua5.4-dev). Never vendored.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // What Swift cannot do itself: Lua's macros, raising Lua errors, the allocator,
        // the budget hook and the bounded replacements of C library calls.
        .target(
            name: "CLuaShim",
            dependencies: ["CLua"]
        ),
        .target(
            name: "LuaSandbox",
            dependencies: ["CLua", "CLuaShim"]
        ),
        // Records, validation, events: plain Swift values, no storage.
        .target(name: "CoachCore"),
        // The store: SQLite through GRDB (also the working copy of the shared store).
        .target(
            name: "CoachStore",
            dependencies: ["CoachCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // The shared store on PostgreSQL, through postgres-nio: the schema derived from the one
        // list of migrations, working copies written back under each school's lock, each school
        // sealed off by row-level security.
        .target(
            name: "CoachPostgres",
            dependencies: ["CoachCore", "CoachStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Generated schools and weeks of records: for tests, the demo and benchmarks.
        .target(name: "CoachFixtures", dependencies: ["CoachCore", "CoachStore", "CoachEngine"]),
        // Records in: CSV and JSON lines, import mappings, rows to records with FILE:LINE errors.
        .target(name: "CoachImport", dependencies: ["CoachCore", "CoachStore", "CoachPlugins"]),
        // What people read: the digest as text, Markdown, JSON and HTML; suggestions; volume.
        .target(name: "CoachReports", dependencies: ["CoachCore", "CoachStore", "CoachEngine"]),
        // Where a school's store, rules, plugins and configuration are; opens them for any front end.
        .target(name: "CoachSetup", dependencies: ["CoachCore", "CoachStore", "CoachPostgres", "CoachPlugins", "CoachEngine", "CoachFixtures"]),
        // Benchmarks that print ratios against a bare baseline measured in the same run.
        .target(
            name: "CoachBenchmarks",
            dependencies: ["CLua", "CLuaShim", "LuaSandbox", "CoachCore", "CoachStore", "CoachEngine", "CoachFixtures", "CoachImport", "CoachSetup",
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // Plugin folders: kijkwijzers (and later rules, texts, import mappings).
        .target(name: "CoachPlugins", dependencies: ["CoachCore"]),
        // Rules on events: loading, the ctx API, dispatch, prompts, replay, specs, digests.
        .target(
            name: "CoachEngine",
            dependencies: ["CoachCore", "CoachStore", "LuaSandbox", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "coach",
            dependencies: [
                "CoachBenchmarks",
                "LuaSandbox",
                "CoachCore",
                "CoachStore",
                "CoachPlugins",
                "CoachEngine",
                "CoachImport",
                "CoachReports",
                "CoachSetup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The release build carries its Swift runtime and Foundation: a command then starts
            // without the dynamic loader resolving thousands of symbols (about 6 ms of every
            // `coach` run, which a weekly cycle of 80 commands and every digest pay).
            // It allocates through jemalloc (Debian: libjemalloc-dev): Lua's tables, SQLite's
            // pages and Swift's values are mostly small, short-lived blocks, and glibc's malloc
            // was about a tenth of a catch-up (docs/performance-log.md, session 12).
            linkerSettings: [.unsafeFlags(["-ljemalloc", "-static-stdlib", "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections"],
                                          .when(platforms: [.linux], configuration: .release))]
        ),
        // Micro benchmarks: the Lua call, the store and dispatch, each beside its bare baseline.
        .executableTarget(
            name: "CoachMicro",
            dependencies: ["CoachBenchmarks", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CoachMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // What several test targets share: a fresh database on the tests' PostgreSQL server.
        .target(name: "CoachTestSupport", path: "Tests/CoachTestSupport"),
        .testTarget(
            name: "LuaSandboxTests",
            dependencies: ["LuaSandbox", "CLua", "CLuaShim"]
        ),
        .testTarget(name: "CoachCoreTests", dependencies: ["CoachCore"]),
        .testTarget(
            name: "CoachStoreTests",
            dependencies: ["CoachStore", "CoachCore", "CoachPlugins", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "CoachEngineTests",
            dependencies: ["CoachEngine", "CoachStore", "CoachCore", "CoachFixtures", "CoachPlugins", "LuaSandbox",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "CoachPluginsTests", dependencies: ["CoachPlugins", "CoachCore"]),
        .testTarget(name: "CoachImportTests", dependencies: ["CoachImport", "CoachPlugins", "CoachStore", "CoachCore"]),
        .testTarget(name: "CoachReportsTests", dependencies: ["CoachReports", "CoachEngine", "CoachFixtures", "CoachStore", "CoachCore"]),
        .testTarget(name: "CoachSetupTests", dependencies: ["CoachSetup", "CoachStore", "CoachCore", "CoachTestSupport"]),
        .testTarget(name: "CoachBenchmarksTests", dependencies: ["CoachBenchmarks", "CoachCore", "CoachEngine", "CoachSetup", "CoachStore"]),
        .testTarget(name: "CoachPostgresTests",
                    dependencies: ["coach", "CoachPostgres", "CoachStore", "CoachCore", "CoachFixtures", "CoachEngine", "CoachPlugins", "CoachSetup",
                                   "CoachTestSupport"]),
        .testTarget(name: "CoachFixturesTests", dependencies: ["CoachFixtures", "CoachStore", "CoachCore"]),
        // The module table of docs/architecture.md against Package.swift and every import.
        .testTarget(name: "ArchitectureTests"),
        .testTarget(
            name: "CoachCLITests",
            dependencies: ["coach", "CoachStore", "CoachCore", "CoachPostgres", "CoachTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
