import ArgumentParser
import CoachCore
import CoachEngine
import Foundation

extension Coach {
    /// `coach digest --coach ID --week W`: the coach's weekly prompts.
    struct DigestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "A coach's weekly prompts, per teacher, within the attention budget.",
            discussion: """
                At most --per-teacher prompts per teacher (focus-section prompts first, then by
                priority); the rest are counted as held back. Shadow prompts never appear.
                --stats prints, per week, the prompts stored, shown and held back, per teacher
                and per rule, instead of a digest (no --coach or --week needed).

                Example:
                  coach digest --coach c-els --week 2026-W44 --format md
                  coach digest --stats --school s-linde
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Option(help: "The coach's id.")
        var coach: String?

        @Option(help: "The ISO week, as YYYY-Www.")
        var week: String?

        @Flag(help: "Prompt volume per week (stored, shown, held back, per teacher, per rule) instead of a digest.")
        var stats = false

        @Option(help: "With --stats: only this school.")
        var school: String?

        @Option(help: "Prompts shown per teacher (default: the configuration's, else 2).")
        var perTeacher: Int?

        @Option(help: "Output: text, md, json or html (one self-contained page with charts).")
        var format: OutputFormat = .text

        func validate() throws {
            if stats { return }
            guard let week else { throw ValidationError("give --week (like 2026-W44), or --stats") }
            guard coach != nil else { throw ValidationError("give --coach (the coach's id), or --stats") }
            _ = try parseWeek(week)
            if let perTeacher, perTeacher < 1 { throw ValidationError("--per-teacher must be at least 1, got \(perTeacher)") }
        }

        func run() throws {
            let db = try store.openExisting()
            var configuration = try engine.configuration()
            if let perTeacher { configuration.promptsPerTeacher = perTeacher }
            let (engine, _) = try engine.engine(db, configuration: configuration)
            if stats { return try printStats(engine) }
            let digest = try guarded { try engine.digest(coach: coach ?? "", week: try parseWeek(week ?? "")) }
            switch format {
            case .json: say(DigestRender.json(digest))
            case .html: say(try guarded { try DigestHTML(digest: digest, store: db, language: store.lang).render() })
            case .md: say(DigestRender.text(digest, language: store.lang, markdown: true))
            default: say(DigestRender.text(digest, language: store.lang, markdown: false))
            }
        }

        private func printStats(_ engine: Engine) throws {
            let volume = try guarded { try engine.promptVolume(school: school) }
            let nl = store.lang == .nl
            say(nl ? "week\tprompts\tper leerkracht\tgetoond\tachtergehouden\tper regel"
                   : "week\tprompts\tper teacher\tshown\theld back\tper rule")
            for v in volume {
                let rules = v.perRule.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                say("\(v.week)\t\(v.stored)\t\(String(format: "%.1f", v.perTeacher))\t\(v.shown)\t\(v.heldBack)\t\(rules)")
            }
            let stored = volume.reduce(0) { $0 + $1.stored }
            let shown = volume.reduce(0) { $0 + $1.shown }
            let average = volume.isEmpty ? 0 : volume.reduce(0) { $0 + $1.perTeacher } / Double(volume.count)
            say(nl ? "samen: \(stored) prompts in \(volume.count) \(volume.count == 1 ? "week" : "weken"), gemiddeld \(String(format: "%.1f", average)) per leerkracht per week, \(shown) getoond, \(stored - shown) achtergehouden"
                   : "total: \(stored) prompts in \(volume.count) \(volume.count == 1 ? "week" : "weeks"), on average \(String(format: "%.1f", average)) per teacher per week, \(shown) shown, \(stored - shown) held back")
        }
    }
}

/// Digests for people (text, Markdown) and for machines (JSON).
enum DigestRender {
    static func why(_ prompt: Prompt, nl: Bool) -> String {
        let reason = (try? JSONSerialization.jsonObject(with: Data(prompt.reason.utf8))) as? [String: Any] ?? [:]
        let evidence = reason["evidence"] as? [String] ?? []
        let rule = nl ? "regel \(prompt.ruleId)" : "rule \(prompt.ruleId)"
        guard !evidence.isEmpty else { return rule }
        return rule + ", " + (nl ? "op basis van " : "based on ") + evidence.prefix(4).joined(separator: ", ")
            + (evidence.count > 4 ? (nl ? " en \(evidence.count - 4) meer" : " and \(evidence.count - 4) more") : "")
    }

    static func text(_ digest: Digest, language: Language, markdown: Bool) -> String {
        let nl = language == .nl
        var lines: [String] = []
        let title = (nl ? "Weekoverzicht voor " : "Weekly digest for ") + "\(digest.coach.name) — \(digest.week)"
        lines.append(markdown ? "# " + title : title)
        if digest.groups.isEmpty && digest.team.isEmpty {
            lines.append("")
            lines.append(nl ? "Geen prompts deze week." : "No prompts this week.")
        }
        func add(_ prompts: [Prompt], heading: String, heldBack: Int) {
            lines.append("")
            lines.append(markdown ? "## " + heading : heading)
            for (n, prompt) in prompts.enumerated() {
                let mark = prompt.focus ? (nl ? "[focus] " : "[focus] ") : ""
                lines.append(markdown ? "\(n + 1). \(mark)\(prompt.text)" : "  \(n + 1). \(mark)\(prompt.text)")
                let indent = markdown ? "   " : "     "
                lines.append(indent + (nl ? "Volgende stap: " : "Next step: ") + prompt.nextStep)
                lines.append(indent + (nl ? "Waarom: " : "Why: ") + why(prompt, nl: nl) + " (prompt \(prompt.id ?? 0))")
            }
            if heldBack > 0 {
                lines.append((markdown ? "" : "  ") + (nl ? "+ \(heldBack) meer deze week, achtergehouden om niet te overladen"
                                                        : "+ \(heldBack) more this week, held back so as not to overload"))
            }
        }
        for group in digest.groups {
            add(group.shown, heading: group.teacherId != nil ? group.name : (nl ? "Klas " : "Class ") + group.name,
                heldBack: group.heldBack)
        }
        if !digest.team.isEmpty { add(digest.team, heading: nl ? "Team" : "Team", heldBack: 0) }
        lines.append("")
        lines.append(nl ? "Samen: \(digest.shown.count) getoond, \(digest.heldBack) achtergehouden."
                        : "In all: \(digest.shown.count) shown, \(digest.heldBack) held back.")
        return lines.joined(separator: "\n")
    }

    static func json(_ digest: Digest) -> String {
        func prompt(_ p: Prompt) -> [String: Any] {
            var object: [String: Any] = ["id": p.id ?? 0, "rule": p.ruleId, "audience": p.audience.rawValue, "key": p.key,
                                         "priority": p.priority, "focus": p.focus, "text": p.text, "nextStep": p.nextStep,
                                         "status": p.status.rawValue]
            object["teacher"] = p.teacherId
            object["class"] = p.classId
            object["reason"] = (try? JSONSerialization.jsonObject(with: Data(p.reason.utf8))) ?? [:]
            return object
        }
        let object: [String: Any] = [
            "coach": digest.coach.id, "week": digest.week.description, "heldBack": digest.heldBack,
            "groups": digest.groups.map { g -> [String: Any] in
                var o: [String: Any] = ["name": g.name, "heldBack": g.heldBack, "prompts": g.shown.map(prompt)]
                o["teacher"] = g.teacherId
                o["class"] = g.classId
                return o
            },
            "team": digest.team.map(prompt),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
