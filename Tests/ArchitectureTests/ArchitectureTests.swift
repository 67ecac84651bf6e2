import Foundation
import Testing

/// docs/architecture.md says which module may import which: every `import` of the modules in
/// Sources/, Benchmarks/ and Tests/CoachTestSupport keeps to it, and Package.swift declares exactly those dependencies.
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Module → what it may import, from the table in docs/architecture.md.
    static func table() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var table: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            let module = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let allowed = cells[3] == "—" ? [] : cells[3].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            table[module] = Set(allowed)
        }
        return table
    }

    /// Target → its dependencies (targets and products), from Package.swift.
    static func package() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(
            pattern: #"\.(?:target|executableTarget|systemLibrary)\(\s*name: "(\w+)"(?:,\s*dependencies: \[(.*?)\])?"#,
            options: [.dotMatchesLineSeparators])
        var targets: [String: Set<String>] = [:]
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(match.range(at: 1), in: text)!])
            var dependencies = Set<String>()
            if let range = Range(match.range(at: 2), in: text) {
                // A product's package name (`package: "benchmark"`) is not a dependency of its own.
                let list = String(text[range]).replacingOccurrences(of: #"package: "[^"]*""#, with: "", options: .regularExpression)
                let names = try NSRegularExpression(pattern: #"(?:\.product\(name: "(\w+)"|"(\w+)")"#)
                for m in names.matches(in: list, range: NSRange(list.startIndex..., in: list)) {
                    let r = m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range(at: 2)
                    let dependency = String(list[Range(r, in: list)!])
                    if !dependency.hasSuffix(".swift") && !dependency.hasPrefix("swift-") { dependencies.insert(dependency) }
                }
            }
            targets[name] = dependencies
        }
        return targets
    }

    @Test
    func theTableMatchesPackageSwift() throws {
        let table = try Self.table(), package = try Self.package()
        #expect(!table.isEmpty)
        #expect(Set(table.keys) == Set(package.keys), "every target in the table, and only those")
        for (module, allowed) in table.sorted(by: { $0.key < $1.key }) {
            #expect(package[module] == allowed, "\(module): Package.swift says \(package[module]?.sorted() ?? [])")
        }
    }

    @Test
    func everyImportIsAllowed() throws {
        let table = try Self.table()
        var scanned = Set<String>()
        // The micro benchmarks are a target of this package too (Benchmarks/CoachMicro), and so
        // is what test targets share (Tests/CoachTestSupport); test targets are not in the table.
        for top in ["Sources", "Benchmarks", "Tests"] {
            let sources = Self.root.appendingPathComponent(top)
            for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where table[module] != nil {
                scanned.insert(module)
                let folder = sources.appendingPathComponent(module)
                let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
                for file in files where file.hasSuffix(".swift") {
                    let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                    for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                        let imported = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces)
                        // The toolchain's own modules are always there.
                        if ["Foundation", "Testing", "Dispatch", "Glibc", "Darwin", "Synchronization"].contains(imported) { continue }
                        #expect(table[module]?.contains(imported) == true, "\(module)/\(file) imports \(imported)")
                    }
                }
            }
        }
        // Every module of the table was read (the system library CLua has no Swift files).
        #expect(Set(table.keys).subtracting(scanned).subtracting(["CLua"]).isEmpty,
                "not scanned: \(Set(table.keys).subtracting(scanned).sorted())")
    }

    @Test
    func theCommandLineHoldsNoSQLNoLuaNoHTML() throws {
        let folder = Self.root.appendingPathComponent("Sources/coach")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for banned in ["import CLua", "import GRDB", "SELECT ", "INSERT INTO", "<html", "<svg", "lua_State", "luaL_"] {
                #expect(!text.contains(banned), "Sources/coach/\(file) holds \(banned)")
            }
        }
    }
}
