// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "coach",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coach", targets: ["coach"]),
        .library(name: "LuaSandbox", targets: ["LuaSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .executableTarget(
            name: "coach",
            dependencies: [
                "LuaSandbox",
                "CLua",
                "CLuaShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LuaSandboxTests",
            dependencies: ["LuaSandbox", "CLua", "CLuaShim"]
        ),
        .testTarget(
            name: "CoachCLITests",
            dependencies: ["coach"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
