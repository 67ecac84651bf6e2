import ArgumentParser
import CoachCore
import CoachEngine
import CoachStore
import CoachReports
import CoachSetup

extension Coach {
    /// `coach tick --week W`: close a week.
    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tick",
            abstract: "Close a week: fire week.ended for every school and run the rules.",
            discussion: """
                Also hands every event not yet dispatched to the rules. Closing the same week again \
                adds nothing. --through closes every week from the last closed one up to the week \
                given, in order (the same prompts as closing them one by one): to catch up after \
                importing history. Each school goes on from its own last closed week: a school \
                added later with older records never reopens another's earlier weeks. On the \
                shared store (PostgreSQL) the tick holds every school and loads one at a time.

                A week that has not begun yet is refused (a typo in the year would close a week \
                years ahead), unless --ahead says it is meant: a simulation or a test on a \
                generated year.

                Without --week or --through it closes the last week that has ended (run on a \
                Monday, last week), so that a weekly job can run 'coach tick' as it is.

                Example:
                  coach tick --week 2026-W44
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Option(help: "The ISO week to close, as YYYY-Www (e.g. 2026-W44; default: the last week that has ended).")
        var week: String?

        @Option(help: "Close every week not closed yet, in order, up to this one (YYYY-Www).")
        var through: String?

        @Flag(help: "Also close a week that has not begun yet: for a simulation, a test or a benchmark on a generated year.")
        var ahead = false

        @Flag(help: "Only close the weeks: on the shared store 'coach worker' runs the rules, on a file the next 'coach tick'; till then every new record waits, also for other weeks.")
        var noDispatch = false

        func validate() throws {
            guard week == nil || through == nil else { throw ValidationError(store.lang == .nl ? "geef --week of --through, niet allebei" : "give --week or --through, not both") }
            if let given = week ?? through { _ = try parseWeek(given) }
        }

        func run() throws {
            // Without a week: the last one that has ended (a weekly job need not name it).
            let week = try (self.week ?? through).map(parseWeek) ?? Coach.SuggestCommand.today().adding(days: -7).isoWeek
            // A week closed before it began has no records yet, and every later tick of the
            // weeks before it runs as a late one: a typo in the year would upset a school's
            // whole cycle. A week under way may be closed (on a Friday, say).
            let today = Coach.SuggestCommand.today()
            if !ahead && week.monday > today {
                let given = self.week == nil ? "--through" : "--week"
                throw fail(store.lang == .nl
                           ? "\(given) \(week) is nog niet begonnen (vandaag is het \(today)); een tikfout in het jaartal? Voor een "
                             + "simulatie of een test met komende weken: --ahead"
                           : "\(given) \(week) has not begun yet (today is \(today)); a typo in the year? For a simulation or a test "
                             + "with weeks still to come: --ahead")
            }
            let db: CoachStore
            // The shared store is ticked school by school (`tickEachSchool`): the command's own
            // copy, read only, holds no school, only what every school shares (the recorded
            // folders, the configuration) to load and check the rules with.
            let shared = store.workspace.isShared
            do {
                db = try store.openExisting(readOnly: shared, touching: shared ? Mentions() : nil)
            } catch {
                // Another writer held on past --wait: say where the week stands all the same.
                // (Quietly: the failure was told once already. Not on the shared store, where it
                // would load every school.)
                if !shared, let reader = try? store.workspace.openExisting(readOnly: true),
                   let (readEngine, _) = try? engine.workspace.engine(reader, need: .definitions) {
                    TickText.gaps((try? readEngine.weekStatus(week)) ?? [], language: store.lang).forEach(complain)
                }
                throw error
            }
            // A week closed without its rules never gets their prompts (closing it again adds
            // nothing): with the rules folder missing, or no rule at all, the week stays open.
            if let missing = engine.workspace.missingRuleFolder(db) {
                throw fail(store.lang == .nl
                           ? "de map met regels \(missing) bestaat niet; de week is niet afgesloten (geef --rules, of voer 'coach init' uit "
                             + "in de map waar de regels staan)"
                           : "the rules folder \(missing) is not there; the week was not closed (give --rules, or run 'coach init' "
                             + "where the rules are)")
            }
            // The plugins' rules and kijkwijzers likewise: a typo in --plugins would close the
            // week without them.
            if let missing = engine.workspace.missingPluginFolder(db) {
                throw fail(store.lang == .nl
                           ? "de map met plugins \(missing) bestaat niet; de week is niet afgesloten (geef --plugins, of voer 'coach init' "
                             + "uit in de map waar de plugins staan)"
                           : "the plugins folder \(missing) is not there; the week was not closed (give --plugins, or run 'coach init' "
                             + "where the plugins are)")
            }
            let (engine, broken) = try engine.engine(db)
            // Not with --no-dispatch either: nothing would ever run the closed week, and every
            // write to its schools would wait for it.
            if engine.rules.isEmpty {
                throw fail(store.lang == .nl
                           ? "er is geen enkele regel geladen uit de mappen met regels en plugins (--rules, --plugins of de mappen die "
                             + "'coach init' heeft vastgelegd); deze tick heeft niets afgesloten"
                           : "no rule loaded from the rules and plugins folders (--rules, --plugins or the folders 'coach init' recorded); "
                             + "this tick closed nothing")
            }
            let reports: [Engine.TickReport]
            do {
                if shared {
                    var each = self.engine.workspace
                    each.database = store.workspace.database
                    each.waitSeconds = store.workspace.waitSeconds
                    reports = try each.tickEachSchool(week, through: through != nil, dispatch: !noDispatch, checked: engine)
                } else {
                    reports = through != nil ? try engine.tick(through: week, dispatch: !noDispatch)
                        : [try engine.tick(week: week, dispatch: !noDispatch)]
                }
            } catch let error as WorkspaceError {
                // (Where the week stands is not told here: it would load every school.)
                throw fail(error.text(store.lang))
            } catch {
                complain((error as? any ReadableError)?.text(store.lang) ?? "\(error)")
                TickText.gaps((try? engine.weekStatus(week)) ?? [], language: store.lang).forEach(complain)
                throw ExitCode(1)
            }
            let lines = TickText.lines(reports,
                                       week: week, broken: broken, language: store.lang, dispatched: !noDispatch,
                                       shared: store.workspace.isShared)
            lines.errors.forEach(complain)
            lines.output.forEach(say)
            if let failure = lines.failure { throw fail(failure) }
        }
    }
}
