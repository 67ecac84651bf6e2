import CoachCore
import CoachStore
import Foundation
import LuaSandbox

/// A rule ready to run: its definition and its own sandbox.
public final class LoadedRule {
    public let definition: RuleDefinition
    let sandbox: LuaSandbox
    let run: LuaFunctionRef
    let suggest: LuaFunctionRef?
    /// `function(which, a, p)`: runs the rule's file again with new globals and calls its
    /// `run` or `suggest` (`which`) with `a`, this rule's read-only ctx and `p`.
    let invoker: LuaFunctionRef
    let context: CallContext
    /// The source it was loaded from: a worker on another thread loads its own copy.
    var source: [UInt8] = []

    init(definition: RuleDefinition, sandbox: LuaSandbox, run: LuaFunctionRef, suggest: LuaFunctionRef?,
         invoker: LuaFunctionRef, context: CallContext) {
        self.definition = definition
        self.sandbox = sandbox
        self.run = run
        self.suggest = suggest
        self.invoker = invoker
        self.context = context
    }
}

/// Which rules a command compiles.
public enum RuleNeed: Sendable {
    /// Every rule: the command runs them (a tick, a replay, a worker).
    case all
    /// Only their definitions: the command shows what rules said (a digest, an explanation).
    case definitions
    /// Only those with `suggest`: a teacher asking for the next lesson.
    case suggest
}

/// The rules a command loaded.
public struct RuleSet {
    /// The rules compiled, ready to run.
    public var compiled: [LoadedRule]
    /// Every rule that loads, compiled or not, in file order.
    public var definitions: [RuleDefinition]
    /// The rules that did not load.
    public var problems: [RuleProblem]
}

/// Loads rule files. Each rule gets a sandbox of its own: one rule's globals, memory or
/// failures never touch another's.
public enum RuleLoader {
    static let fields: Set<String> = ["id", "title", "description", "seed", "why", "source", "on", "params", "texts", "shadow", "run",
                                      "suggest"]

    /// Loads every `*.lua` directly in each directory (except `*_spec.lua`), then each of
    /// `files` (rules that plugins name). A broken rule is reported and skipped; the others load.
    public static func loadAll(directories: [String], files extraFiles: [String] = [], store: CoachStore,
                               limits: LuaLimits = LuaLimits()) -> (rules: [LoadedRule], problems: [RuleProblem])
    {
        let set = load(directories: directories, files: extraFiles, store: store, limits: limits, catalogue: nil, need: .all)
        return (set.compiled, set.problems)
    }

    /// Loads the rules as ``loadAll(directories:files:store:limits:)`` does, compiling only
    /// those that `need` asks for: the others' definitions come from `catalogue` when it holds
    /// their very source (and are compiled when it does not). Every rule compiled without a
    /// problem is remembered in `catalogue`.
    public static func load(directories: [String], files extraFiles: [String] = [], store: CoachStore,
                            limits: LuaLimits = LuaLimits(), catalogue: RuleCatalogue?, need: RuleNeed) -> RuleSet
    {
        var problems: [RuleProblem] = []
        var files: [String] = []
        for directory in directories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                problems.append(RuleProblem(file: directory, Phrase("is not a readable folder", nl: "is geen leesbare map")))
                continue
            }
            for entry in entries.sorted() where entry.hasSuffix(".lua") && !entry.hasSuffix("_spec.lua") {
                files.append(directory.hasSuffix("/") ? directory + entry : directory + "/" + entry)
            }
        }
        files += extraFiles
        // Each rule has its own Lua state: they are compiled side by side, one per core (every
        // command that runs rules starts by loading all of them).
        let paths = files
        let outcomes = mapSideBySide(paths.count) { index -> Result<Loaded, RuleProblem> in
            let file = paths[index]
            let source: [UInt8]
            do throws(RuleProblem) { source = try read(file) } catch { return .failure(error) }
            if need != .all, let definition = catalogue?.definition(source: source, file: file),
               need == .definitions || !definition.hasSuggest {
                return .success(.described(definition))
            }
            do throws(RuleProblem) {
                let rule = try load(source: source, file: file, store: store, limits: limits)
                if let catalogue, !catalogue.holds(source) {
                    catalogue.remember(rule.definition, source: source)
                }
                return .success(.compiled(rule))
            } catch {
                return .failure(error)
            }
        }
        var loaded: [Loaded] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let rule): loaded.append(rule)
            case .failure(let problem): problems.append(problem)
            }
        }
        // Two rules with one id are refused together, naming both files: neither silently
        // takes the other's place (a school's file claiming a shipped rule's id, say).
        var filesById: [String: [String]] = [:]
        for rule in loaded { filesById[rule.definition.id, default: []].append(rule.definition.file) }
        var set = RuleSet(compiled: [], definitions: [], problems: [])
        for rule in loaded {
            let same = filesById[rule.definition.id] ?? []
            if same.count > 1 {
                if same.first == rule.definition.file {
                    let id = rule.definition.id
                    problems.append(RuleProblem(file: same.joined(separator: ", "), Phrase(
                        "rule id '\(id)' is used by \(same.count) files; neither is loaded (give each rule its own id)",
                        nl: "de regel-id '\(id)' staat in \(same.count) bestanden; geen ervan wordt geladen (geef elke regel een eigen id)")))
                }
                continue
            }
            set.definitions.append(rule.definition)
            if case .compiled(let compiled) = rule { set.compiled.append(compiled) }
        }
        set.problems = problems
        return set
    }

    /// A rule as loaded: compiled, or only its definition.
    private enum Loaded {
        case compiled(LoadedRule)
        case described(RuleDefinition)

        var definition: RuleDefinition {
            switch self {
            case .compiled(let rule): rule.definition
            case .described(let definition): definition
            }
        }
    }

    /// Loads one rule file.
    public static func load(file: String, store: CoachStore, limits: LuaLimits = LuaLimits()) throws(RuleProblem) -> LoadedRule {
        try load(source: read(file), file: file, store: store, limits: limits)
    }

    /// A rule file's bytes.
    static func read(_ file: String) throws(RuleProblem) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RuleProblem(file: file, Phrase("cannot be read", nl: "kan niet gelezen worden"))
        }
        return Array(data)
    }

    /// Loads a rule from source text; `file` names it in messages.
    public static func load(source: [UInt8], file: String, store: CoachStore, limits: LuaLimits = LuaLimits())
        throws(RuleProblem) -> LoadedRule
    {
        let sandbox: LuaSandbox
        do { sandbox = try LuaSandbox(limits: limits) } catch { throw RuleProblem(file: file, message: error.description) }
        var captured: LuaValue?
        // What `rule { … }` refused, in both languages: the error crosses Lua in English.
        var refused: Phrase?
        sandbox.register("rule") { arguments throws(LuaHostError) in
            refused = nil
            func refuse(_ said: Phrase) -> LuaHostError {
                refused = said
                return LuaHostError(said.en)
            }
            guard captured == nil else { throw refuse(Phrase("a rule file defines one rule", nl: "een regelbestand mag maar één regel definiëren")) }
            guard let definition = arguments.first, case .map = definition else {
                throw refuse(Phrase("expects a table: rule { id = \"...\", ... }", nl: "verwacht een tabel: rule { id = \"...\", ... }"))
            }
            if let problem = check(definition) { throw refuse(problem) }
            captured = definition
            return [definition]
        }
        let chunk: LuaFunctionRef
        let ownWork: Int
        do {
            chunk = try sandbox.load(bytes: source, chunkName: file)
            _ = try sandbox.call(chunk)
            ownWork = sandbox.instructionsUsed
        } catch {
            let message = error.kind == .hostFunction ? error.message : "\(error.kind.rawValue): \(error.message)"
            var problem = RuleProblem(file: error.chunk ?? file, line: error.line, message: message)
            if error.kind == .hostFunction, let refused, message.hasSuffix(refused.en) {
                problem.dutch = String(message.dropLast(refused.en.count)) + refused.nl
            }
            throw problem
        }
        guard let table = captured else {
            throw RuleProblem(file: file, Phrase("does not define a rule (call rule { id = ..., on = ..., run = ... })",
                                                 nl: "definieert geen regel (roep rule { id = ..., on = ..., run = ... } aan)"))
        }
        // The file runs again before every call (with new globals): its own work is paid by
        // every call, out of the call's budget.
        if ownWork > limits.instructions / 4 {
            let most = limits.instructions / 4
            throw RuleProblem(file: file, Phrase(
                "the file's own work, outside run, takes about \(ownWork) instructions, which every call pays again; at most \(most) "
                + "(a quarter of a call's budget): do it inside run, or make it smaller",
                nl: "het eigen werk van het bestand, buiten run, kost ongeveer \(ownWork) instructies, bij elke aanroep opnieuw; "
                + "hoogstens \(most) (een kwart van het budget van een aanroep): doe het binnen run, of maak het kleiner"))
        }
        let text = String(decoding: source, as: UTF8.self)
        let definition = try definition(from: table, file: file, source: source)
        for (key, line) in Texts.keysUsed(in: text) {
            for language in definition.texts.keys.sorted() where definition.texts[language]?[key] == nil {
                throw RuleProblem(file: file, line: line, Phrase("ctx.t: no text '\(key)' in texts.\(language)",
                                                                 nl: "ctx.t: geen tekst '\(key)' in texts.\(language)"))
            }
            if definition.texts["nl"] == nil {
                throw RuleProblem(file: file, line: line, Phrase("ctx.t: no text '\(key)': the rule has no texts.nl",
                                                             nl: "ctx.t: geen tekst '\(key)': de regel heeft geen texts.nl"))
            }
        }
        // A school reads its own language: every language a rule writes has every text, with
        // the same placeholders (else an English school gets a Dutch text, or its call fails
        // where a Dutch school's works).
        let languages = definition.texts.keys.sorted()
        if languages.count > 1 {
            for key in Set(definition.texts.values.flatMap(\.keys)).sorted() {
                let present = languages.filter { definition.texts[$0]?[key] != nil }
                if let absent = languages.first(where: { definition.texts[$0]?[key] == nil }) {
                    throw RuleProblem(file: file, Phrase("texts.\(absent): no text '\(key)' (texts.\(present[0]) has one)",
                                                         nl: "texts.\(absent): geen tekst '\(key)' (texts.\(present[0]) heeft er een)"))
                }
                // (What the school calls a class may be said in one language and not another.)
                let names = languages.map { Set(Texts.placeholders(in: definition.texts[$0]![key]!)).subtracting(Texts.builtInPlaceholders) }
                if let other = names.indices.first(where: { names[$0] != names[0] }) {
                    func listed(_ set: Set<String>, _ none: String) -> String {
                        set.isEmpty ? none : set.sorted().map { "{\($0)}" }.joined(separator: ", ")
                    }
                    let (first, second) = (names[0], names[other])
                    throw RuleProblem(file: file, Phrase(
                        "texts: '\(key)' fills \(listed(first, "none")) in \(languages[0]) but \(listed(second, "none")) in \(languages[other])",
                        nl: "texts: '\(key)' gebruikt \(listed(first, "niets")) in \(languages[0]) maar \(listed(second, "niets")) in \(languages[other])"))
                }
            }
        }
        guard case .function(let run) = table["run"] else {
            throw RuleProblem(file: file, Phrase("rule: run must be a function", nl: "rule: run moet een functie zijn"))
        }
        var suggest: LuaFunctionRef?
        if case .function(let f) = table["suggest"] { suggest = f }

        let context = CallContext(store: store)
        context.definition = definition
        sandbox.onPrint = { [weak context] line in
            if let context, context.logs.count < 100 { context.logs.append(line) }
        }
        let ctx = ContextAPI.functions(context, in: sandbox)
        do {
            // Every call runs the rule's file again, with new globals, and calls the `run` or
            // `suggest` of that run: what a rule keeps in a local or a global never reaches the
            // next event or another school (which worker holds this state, and which events
            // came before in its batch, depend on load and on how the records arrived). Only
            // ctx.set_state carries anything over, stored with the school.
            let maker = try sandbox.load("""
                local fns, chunk, fresh, file = ...
                -- A new ctx table for every call: one kept from call to call would be a place to
                -- keep things in (rawset passes __newindex by).
                local ctxmeta = {
                  __index = fns,
                  __newindex = function() error("ctx is read-only", 2) end,
                  __metatable = false,
                }
                local made
                local function capture(t)
                  if made ~= nil then error("a rule file defines one rule", 2) end
                  if type(t) ~= "table" then error("expects a table: rule { id = \\"...\\", ... }", 2) end
                  made = t
                  return t
                end
                return function(which, a, p)
                  made = nil
                  fresh(chunk, capture)
                  chunk()
                  local f = made and rawget(made, which)
                  if type(f) ~= "function" then
                    error(file .. ": did not define its rule's " .. which .. " when run again", 0)
                  end
                  -- No results: what a rule returns is nobody's, and kept it would pin the run.
                  f(a, setmetatable({}, ctxmeta), p)
                end
                """, chunkName: "(engine)")
            guard case .function(let invoker) = try sandbox.call(maker, [ctx, .function(chunk), sandbox.freshGlobalsFunction(), .text(file)]).first else {
                throw RuleProblem(file: file, message: "internal: no invoker")
            }
            let loaded = LoadedRule(definition: definition, sandbox: sandbox, run: run, suggest: suggest, invoker: invoker,
                                    context: context)
            loaded.source = source
            return loaded
        } catch let error as RuleProblem {
            throw error
        } catch {
            throw RuleProblem(file: file, message: String(describing: error))
        }
    }

    /// What is wrong with the table given to `rule`, said so that the author can act on it;
    /// nil when nothing is.
    static func check(_ table: LuaValue) -> Phrase? {
        guard case .map(let fields) = table else { return nil }
        for key in fields.keys {
            guard let name = key.stringValue, Self.fields.contains(name) else {
                let known = Self.fields.sorted().joined(separator: ", ")
                return Phrase("unknown field '\(key)' (known: \(known))", nl: "onbekend veld '\(key)' (de velden: \(known))")
            }
        }
        guard let id = table["id"].stringValue, IssueCollector.isID(id) else {
            return Phrase("id must be 1 to 64 letters, digits, '-', '_', '.' or '/'",
                          nl: "id moet uit 1 tot en met 64 tekens bestaan (letters, cijfers, '-', '_', '.' of '/')")
        }
        guard case .map(let title) = table["title"], title[.text("nl")]?.stringValue != nil else {
            return Phrase("title must be a table with at least nl = \"...\"", nl: "title moet een tabel zijn met minstens nl = \"...\"")
        }
        guard case .array(let events) = table["on"], !events.isEmpty,
              events.allSatisfy({ $0.stringValue?.contains(".") == true })
        else {
            return Phrase("on must list at least one event, like on = { \"placement.changed\", \"week.ended\" }",
                          nl: "on moet minstens één gebeurtenis noemen, zoals on = { \"placement.changed\", \"week.ended\" }")
        }
        // A misspelt event never comes: the rule would load, pass its checks and never run.
        for event in events.compactMap(\.stringValue) where !EventKind.all.contains(EventKind(rawValue: event)) {
            let known = EventKind.all.map(\.rawValue)
            let nearest = Spelling.nearest(event, among: known), all = known.joined(separator: ", ")
            return Phrase("on: '\(Quoted.shortened(event))' is not an event"
                          + (nearest.map { " (did you mean '\($0)'?)" } ?? " (the events: \(all))"),
                          nl: "on: '\(Quoted.shortened(event))' is geen gebeurtenis"
                          + (nearest.map { " (bedoel je '\($0)'?)" } ?? " (de gebeurtenissen: \(all))"))
        }
        switch table["params"] {
        case .nil, .array([]): break
        case .map(let params):
            for (name, value) in params {
                guard name.stringValue != nil else { return Phrase("params: names must be text", nl: "params: namen moeten tekst zijn") }
                switch value {
                case .boolean, .integer, .number, .string: break
                case .array(let items) where items.allSatisfy({ $0.stringValue != nil || $0.integerValue != nil }): break
                default:
                    return Phrase("params.\(name): a default must be a number, text, true/false or a list",
                                  nl: "params.\(name): een standaardwaarde moet een getal, tekst, true/false of een lijst zijn")
                }
            }
        default: return Phrase("params must be a table of defaults", nl: "params moet een tabel met standaardwaarden zijn")
        }
        guard case .function = table["run"] else {
            return Phrase("run must be a function(event, ctx, params)", nl: "run moet een function(event, ctx, params) zijn")
        }
        switch table["suggest"] {
        case .nil, .function: break
        default: return Phrase("suggest must be a function(query, ctx, params)", nl: "suggest moet een function(query, ctx, params) zijn")
        }
        switch table["shadow"] {
        case .nil, .boolean: break
        default: return Phrase("shadow must be true or false", nl: "shadow moet true of false zijn")
        }
        for field in ["why", "source"] {
            switch table[field] {
            case .nil: break
            case .map(let map) where map.allSatisfy({ Language(rawValue: $0.key.stringValue ?? "") != nil && $0.value.stringValue != nil }):
                break
            default:
                return Phrase("\(field) must be a table of texts per language, like { nl = \"...\", en = \"...\" }",
                              nl: "\(field) moet een tabel met een tekst per taal zijn, zoals { nl = \"...\", en = \"...\" }")
            }
        }
        switch table["texts"] {
        case .nil: break
        case .map(let languages):
            for (language, entries) in languages {
                guard let code = language.stringValue, Language(rawValue: code) != nil else {
                    return Phrase("texts: languages are nl and en, got \(language)", nl: "texts: een taal is nl of en, niet \(language)")
                }
                guard case .map(let map) = entries, map.allSatisfy({ $0.key.stringValue != nil && $0.value.stringValue != nil }) else {
                    return Phrase("texts.\(code) must map keys to texts", nl: "texts.\(code) moet sleutels aan teksten koppelen")
                }
            }
        default: return Phrase("texts must be a table { nl = { ... }, en = { ... } }", nl: "texts moet een tabel { nl = { ... }, en = { ... } } zijn")
        }
        return nil
    }

    static func definition(from table: LuaValue, file: String, source: [UInt8]) throws(RuleProblem) -> RuleDefinition {
        var title: [String: String] = [:]
        if case .map(let map) = table["title"] {
            for (k, v) in map { if let k = k.stringValue, let v = v.stringValue { title[k] = v } }
        }
        var events: [EventKind] = []
        if case .array(let items) = table["on"] { events = items.compactMap { $0.stringValue.map(EventKind.init(rawValue:)) } }
        var params: [String: LuaValue] = [:]
        if case .map(let map) = table["params"] { for (k, v) in map { if let k = k.stringValue { params[k] = v } } }
        var texts: [String: [String: String]] = [:]
        if case .map(let languages) = table["texts"] {
            for (language, entries) in languages {
                guard let code = language.stringValue, case .map(let map) = entries else { continue }
                var out: [String: String] = [:]
                for (k, v) in map { if let k = k.stringValue, let v = v.stringValue { out[k] = v } }
                texts[code] = out
            }
        }
        var hasSuggest = false
        if case .function = table["suggest"] { hasSuggest = true }
        func languages(_ field: String) -> [String: String] {
            guard case .map(let map) = table[field] else { return [:] }
            var out: [String: String] = [:]
            for (k, v) in map { if let k = k.stringValue, let v = v.stringValue { out[k] = v } }
            return out
        }
        var definition = RuleDefinition(id: table["id"].stringValue ?? "", title: title, description: table["description"].stringValue,
                              seed: table["seed"].stringValue, events: events, params: params, texts: texts,
                              shadow: table["shadow"] == .boolean(true), hasSuggest: hasSuggest,
                              version: SourceHash.of(source), file: file)
        definition.why = languages("why")
        definition.source = languages("source")
        return definition
    }
}
