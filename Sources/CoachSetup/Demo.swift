import CoachCore
import CoachEngine
import CoachFixtures
import CoachPlugins
import CoachStore

extension Workspace {
    /// What `coach demo` made: the term, and how many rules were loaded.
    public struct Demo: Sendable {
        public var term: DemoTerm
        public var rules: Int
    }

    /// Makes the demo school in a fresh database at `database` (an earlier demo there is
    /// replaced), with `weeks` of records made from `seed`, and runs the rules over them.
    public func demo(weeks: Int, seed: Int) throws(WorkspaceError) -> Demo {
        do {
            try DemoTerm.prepare(path: path)
            let store = try open()
            let plugins = loadPlugins()
            guard DemoTerm.instruments.allSatisfy({ id in plugins.instruments.contains { $0.id == id } }) else {
                let folder = pluginsFolder(), needed = DemoTerm.instruments.joined(separator: ", ")
                throw WorkspaceError(Phrase("the demo needs the kijkwijzers in \(folder) (\(needed)); run it from the repository, or give --plugins",
                                            nl: "de demo heeft de kijkwijzers in \(folder) nodig (\(needed)); voer hem uit in de repository, "
                                            + "of geef --plugins"))
            }
            try store.write(plugins.instruments.map(NewRecord.instrument))
            for legend in plugins.legends { try store.saveLegend(id: legend.id, codes: legend.codes.map { ($0.code, $0.meaning) }) }
            let (engine, _) = try engine(store, plugins: plugins)
            return Demo(term: try DemoTerm.run(store: store, engine: engine, weeks: weeks, seed: seed), rules: engine.rules.count)
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw WorkspaceError(String(describing: error))
        }
    }
}
