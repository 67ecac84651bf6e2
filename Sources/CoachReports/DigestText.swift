import CoachCore
import CoachEngine
import Foundation

/// Digests for people (text, Markdown) and for machines (JSON).
public enum DigestRender {
    /// Why a prompt matters, in words and with its source: the rule's reason, or the engine's
    /// own for a rule that failed. Record ids stay in `coach rules explain`.
    package static func why(_ prompt: Prompt, rules: [String: RuleDefinition], language: Language) -> String {
        let nl = language == .nl
        if prompt.ruleId == "engine" {
            return nl ? "Een regel die vastloopt, meldt niet wat hij zou moeten opmerken; de beheerder van de regel moet dat weten."
                      : "A rule that fails stays silent about what it should notice; whoever maintains it needs to know."
        }
        if let reason = rules[prompt.ruleId]?.reason(in: language) { return reason }
        let title = rules[prompt.ruleId]?.title(in: language) ?? prompt.ruleId
        return nl ? "regel '\(title)'" : "rule '\(title)'"
    }

    /// "[uitgesteld van week 42] " before a prompt of an earlier week that was snoozed into
    /// this one: its text may say "deze week" of the week it was made in.
    package static func backMark(_ prompt: Prompt, in week: IsoWeek, language: Language) -> String {
        guard prompt.week != week.description, let from = IsoWeek(prompt.week) else { return "" }
        return language == .nl ? "[uitgesteld van week \(from.week)] " : "[snoozed from week \(from.week)] "
    }

    /// Why a digest is not complete for a school, and the command that completes it.
    public static func gapLine(_ gap: Engine.WeekStatus, nl: Bool) -> String {
        let command = "coach tick --week \(gap.week)"
        if !gap.closed {
            return nl ? "Let op: week \(gap.week) is voor school \(gap.school) nog niet afgesloten, dus de regels zijn voor deze week nog niet uitgevoerd. Sluit de week af met '\(command)'."
                : "Note: week \(gap.week) is not closed yet for school \(gap.school); the rules have not run for it. '\(command)' closes it."
        }
        return nl ? "Let op: voor school \(gap.school) verwerkten de regels pas \(gap.handled) van de \(gap.events) \(gap.events == 1 ? "gebeurtenis" : "gebeurtenissen") van week \(gap.week); '\(command)' verwerkt de rest."
            : "Note: for school \(gap.school) the rules have handled \(gap.handled) of the \(gap.events) \(gap.events == 1 ? "event" : "events") of week \(gap.week); '\(command)' finishes it."
    }

    /// The digest for people: plain text, or Markdown.
    public static func text(_ digest: Digest, language: Language, markdown: Bool) -> String {
        let nl = language == .nl
        var lines: [String] = []
        let week = DayWords.week(digest.week, language: language)
        let title = digest.reader.map { nl ? "Jouw weekoverzicht, \($0) (coach: \(digest.coach.name)) — \(week)"
                                            : "Your weekly digest, \($0) (coach: \(digest.coach.name)) — \(week)" }
            ?? (nl ? "Weekoverzicht voor " : "Weekly digest for ") + "\(digest.coach.name) — \(week)"
        lines.append(markdown ? "# " + title : title)
        for gap in digest.gaps {
            lines.append("")
            lines.append((markdown ? "> " : "") + gapLine(gap, nl: nl))
        }
        if digest.groups.isEmpty && digest.team.isEmpty {
            lines.append("")
            lines.append(nl ? "Deze week geen gesprekspunten." : "No prompts this week.")
        }
        func add(_ prompts: [Prompt], heading: String, heldBack: Int) {
            lines.append("")
            lines.append(markdown ? "## " + heading : heading)
            for (n, prompt) in prompts.enumerated() {
                let mark = (prompt.focus ? "[focus] " : "") + backMark(prompt, in: digest.week, language: language)
                lines.append(markdown ? "\(n + 1). \(mark)\(prompt.text)" : "  \(n + 1). \(mark)\(prompt.text)")
                let indent = markdown ? "   " : "     "
                lines.append(indent + (nl ? "Waarom: " : "Why: ") + why(prompt, rules: digest.rules, language: language))
                if let evidence = EvidenceWords.describe(prompt.evidence, language: language) {
                    let span = prompt.id.flatMap { digest.spans[$0] }.map { " (" + DayWords.span($0, language: language) + ")" } ?? ""
                    lines.append(indent + (nl ? "Op basis van: " : "Based on: ") + evidence + span)
                }
                lines.append(indent + (nl ? "Volgende stap: " : "Next step: ") + prompt.nextStep)
                lines.append(indent + (nl ? "Meer info: " : "More: ") + "coach rules explain \(prompt.id ?? 0)")
            }
            if heldBack > 0 {
                lines.append((markdown ? "" : "  ") + (nl ? "+ nog \(heldBack) deze week, achtergehouden om het overzicht behapbaar te houden"
                                                        : "+ \(heldBack) more this week, held back to keep the digest manageable"))
            }
        }
        for group in digest.groups {
            add(group.shown, heading: group.teacherId != nil ? group.name : group.classHeading(language),
                heldBack: group.heldBack)
        }
        if !digest.team.isEmpty { add(digest.team, heading: nl ? "Team" : "Team", heldBack: 0) }
        if let figures = digest.figures {
            lines.append("")
            lines.append(markdown ? "## " + (nl ? "Schoolcijfers" : "School figures") : (nl ? "Schoolcijfers" : "School figures"))
            for line in figureLines(figures, language: language) { lines.append((markdown ? "- " : "  ") + line) }
        }
        lines.append("")
        if digest.reader != nil {
            lines.append(nl ? "In totaal: \(digest.shown.count) \(digest.shown.count == 1 ? "gesprekspunt" : "gesprekspunten")."
                            : "In all: \(digest.shown.count) \(digest.shown.count == 1 ? "prompt" : "prompts").")
        } else {
            lines.append(nl ? "In totaal: \(digest.shown.count) getoond, \(digest.heldBack) achtergehouden."
                            : "In all: \(digest.shown.count) shown, \(digest.heldBack) held back.")
        }
        return lines.joined(separator: "\n")
    }

    /// The team's school-level figures in words, with "too few to show" where a figure would
    /// rest on fewer than `smallGroup` teachers, pupils or walks.
    public static func figureLines(_ figures: TeamFigures, language: Language) -> [String] {
        let nl = language == .nl
        let k = figures.smallGroup
        func percent(_ part: Int, _ whole: Int) -> String { "\(Int((Double(part) * 100 / Double(max(1, whole))).rounded())) %" }
        var lines: [String] = []
        if let feedback = figures.feedback, figures.feedbackMoments > 0 {
            let levels: [(FeedbackLevel, String, String)] = [(.task, "taak", "task"), (.process, "proces", "process"),
                                                             (.selfRegulation, "zelfregulatie", "self-regulation"),
                                                             (.person, "persoon", "person")]
            let parts = levels.map { "\(percent(feedback[$0.0] ?? 0, figures.feedbackMoments)) \(nl ? $0.1 : $0.2)" }
            lines.append((nl ? "Feedback deze week per niveau: " : "Feedback this week by level: ") + parts.joined(separator: ", ")
                         + (nl ? " (\(figures.feedbackMoments) feedbackmomenten van \(figures.feedbackTeachers) leerkrachten)"
                               : " (\(figures.feedbackMoments) moments from \(figures.feedbackTeachers) teachers)"))
        } else {
            lines.append((nl ? "Feedback deze week per niveau: niet getoond (minder dan \(k) leerkrachten)"
                             : "Feedback this week by level: not shown (fewer than \(k) teachers)"))
        }
        if let tracks = figures.tracks {
            let parts = (1...3).map { "\(percent(tracks[$0] ?? 0, tracks.values.reduce(0, +))) " + (nl ? "spoor" : "track") + " \($0)" }
            lines.append((nl ? "Spoorindeling nu: " : "Tracks now: ") + parts.joined(separator: ", ")
                         + (nl ? " (\(figures.trackPupils) leerlingen)" : " (\(figures.trackPupils) pupils)"))
        } else {
            lines.append(nl ? "Spoorindeling nu: niet getoond (minder dan \(k) leerlingen)" : "Tracks now: not shown (fewer than \(k) pupils)")
        }
        if let share = figures.walkSeenShare {
            lines.append(nl ? "Leerwandelingen (voorbije 8 weken): \(figures.walks), \(Int((share * 100).rounded())) % van de kijkpunten gezien"
                            : "Learning walks (last 8 weeks): \(figures.walks), \(Int((share * 100).rounded())) % of the items seen")
        } else {
            lines.append(nl ? "Leerwandelingen (voorbije 8 weken): \(figures.walks); wat gezien werd, wordt niet getoond (minder dan \(k) leerwandelingen)"
                            : "Learning walks (last 8 weeks): \(figures.walks); what was seen is not shown (fewer than \(k) walks)")
        }
        return lines
    }

    /// The digest for other tools: every prompt with its reason.
    public static func json(_ digest: Digest) -> String {
        func prompt(_ p: Prompt) -> [String: Any] {
            var object: [String: Any] = ["id": p.id ?? 0, "rule": p.ruleId, "audience": p.audience.rawValue, "key": p.key,
                                         "priority": p.priority, "focus": p.focus, "text": p.text, "nextStep": p.nextStep,
                                         "status": p.status.rawValue, "week": p.week]
            object["snoozedUntil"] = p.snoozedUntil?.description
            object["teacher"] = p.teacherId
            object["class"] = p.classId
            object["reason"] = (try? JSONSerialization.jsonObject(with: Data(p.reason.utf8))) ?? [:]
            if let rule = digest.rules[p.ruleId] {
                object["why"] = rule.why
                object["source"] = rule.source
            }
            return object
        }
        var object: [String: Any] = [
            "coach": digest.coach.id, "week": digest.week.description, "heldBack": digest.heldBack,
            "groups": digest.groups.map { g -> [String: Any] in
                var o: [String: Any] = ["name": g.name, "heldBack": g.heldBack, "prompts": g.shown.map(prompt)]
                o["teacher"] = g.teacherId
                o["class"] = g.classId
                return o
            },
            "team": digest.team.map(prompt),
            "gaps": digest.gaps.map { ["school": $0.school, "closed": $0.closed, "events": $0.events, "handled": $0.handled] },
        ]
        if let figures = digest.figures {
            var f: [String: Any] = ["smallGroup": figures.smallGroup, "walks": figures.walks]
            // A figure over too small a group is absent, not zero, and so are its counts.
            if let feedback = figures.feedback {
                f["feedback"] = Dictionary(uniqueKeysWithValues: feedback.map { ($0.key.rawValue, $0.value) })
                f["feedbackMoments"] = figures.feedbackMoments
                f["feedbackTeachers"] = figures.feedbackTeachers
            }
            if let tracks = figures.tracks {
                f["tracks"] = Dictionary(uniqueKeysWithValues: tracks.map { (String($0.key), $0.value) })
                f["trackPupils"] = figures.trackPupils
            }
            if let share = figures.walkSeenShare { f["walkSeenShare"] = share }
            object["figures"] = f
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Digest.Group {
    /// A class's group as a heading: `Klas 5A`, `Groep 5a` in a Dutch primary school, `Class 5A`.
    func classHeading(_ language: Language) -> String {
        (school ?? School(id: "", name: "")).classHeading(name, language)
    }
}
