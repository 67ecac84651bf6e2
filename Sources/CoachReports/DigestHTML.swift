import CoachCore
import CoachEngine
import CoachStore

/// The digest as one self-contained HTML page: no scripts, no external files, charts as inline
/// SVG. Per teacher the mix of feedback levels over the last weeks, per class the tracks over
/// time, and the scores of the period's focus section.
public struct DigestHTML {
    let digest: Digest
    let store: CoachStore
    let language: Language
    let weeks = 6

    public init(digest: Digest, store: CoachStore, language: Language) {
        self.digest = digest
        self.store = store
        self.language = language
    }

    var nl: Bool { language == .nl }

    static let levelColours: [(FeedbackLevel, String)] = [
        (.task, "#4e79a7"), (.process, "#59a14f"), (.selfRegulation, "#f28e2b"), (.person, "#e15759"),
    ]
    static let trackColours = ["#59a14f", "#edc948", "#e15759"]

    func levelName(_ level: FeedbackLevel) -> String {
        switch level {
        case .task: return nl ? "taak" : "task"
        case .process: return nl ? "proces" : "process"
        case .selfRegulation: return nl ? "zelfregulatie" : "self-regulation"
        case .person: return nl ? "persoon" : "person"
        }
    }

    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The weeks shown, oldest first, ending with the digest's week.
    var shownWeeks: [IsoWeek] {
        (0..<weeks).reversed().map { digest.week.monday.adding(days: -7 * $0).isoWeek }
    }

    /// The page: one self-contained HTML document with inline SVG charts.
    public func render() throws -> String {
        var body = ""
        let heading = digest.reader.map { nl ? "Jouw weekoverzicht, \($0) (coach: \(digest.coach.name))" : "Your weekly digest, \($0) (coach: \(digest.coach.name))" }
            ?? (nl ? "Weekoverzicht voor " : "Weekly digest for ") + digest.coach.name
        body += "<h1>\(Self.escape(heading))</h1>\n"
        for gap in digest.gaps { body += "<p class=\"gap\">\(Self.escape(DigestRender.gapLine(gap, nl: nl)))</p>\n" }
        body += "<p class=\"week\">\(DayWords.week(digest.week, language: language)) · " + (digest.reader != nil ? "\(digest.shown.count) " + (nl ? (digest.shown.count == 1 ? "gesprekspunt" : "gesprekspunten")
                                                                              : (digest.shown.count == 1 ? "prompt" : "prompts"))
                                                      : nl ? "\(digest.shown.count) getoond, \(digest.heldBack) achtergehouden"
                                                          : "\(digest.shown.count) shown, \(digest.heldBack) held back") + "</p>\n"
        let focus = try focusInfo()
        for group in digest.groups {
            body += "<section>\n<h2>\(Self.escape(group.teacherId != nil ? group.name : group.classHeading(language)))</h2>\n"
            body += "<ol>\n"
            for prompt in group.shown { body += promptItem(prompt) }
            body += "</ol>\n"
            if group.heldBack > 0 {
                body += "<p class=\"held\">+ " + (nl ? "nog \(group.heldBack) deze week, achtergehouden om het overzicht behapbaar te houden"
                                                      : "\(group.heldBack) more this week, held back to keep the digest manageable") + "</p>\n"
            }
            body += "<div class=\"charts\">\n"
            if let teacher = group.teacherId {
                body += try feedbackChart(teacher: teacher)
                for classId in try store.classTeachers(teacher: teacher).map(\.classId) { body += try trackChart(classId: classId) }
                if let focus { body += try focusChart(teacher: teacher, focus: focus) }
            } else if let classId = group.classId {
                body += try trackChart(classId: classId)
            }
            body += "</div>\n</section>\n"
        }
        if !digest.team.isEmpty {
            body += "<section>\n<h2>Team</h2>\n<ol>\n" + digest.team.map(promptItem).joined() + "</ol>\n</section>\n"
        }
        if let figures = digest.figures {
            body += "<section>\n<h2>" + (nl ? "Schoolcijfers" : "School figures") + "</h2>\n<ul>\n"
            body += DigestRender.figureLines(figures, language: language).map { "<li>\(Self.escape($0))</li>\n" }.joined()
            body += "</ul>\n</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(digest.coach.name)) — \(DayWords.week(digest.week, language: language))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
            h1 { font-size: 1.5rem; margin-bottom: 0; } .week { color: #666; margin-top: .25rem; }
            .gap { background: #fff3cd; border-left: 4px solid #e0a800; padding: .5rem .75rem; }
            section { border-top: 1px solid #ddd; padding-top: .5rem; margin-top: 1.5rem; }
            h2 { font-size: 1.2rem; } li { margin-bottom: .6rem; } .next, .why { color: #555; font-size: .9rem; }
            .focus { background: #fff3c4; border-radius: .3rem; padding: 0 .3rem; font-size: .8rem; }
            .back { background: #eceff4; border-radius: .3rem; padding: 0 .3rem; font-size: .8rem; }
            .held { color: #888; font-style: italic; } .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
            figure { margin: 0; } figcaption { font-size: .8rem; color: #555; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>
            """
    }

    func promptItem(_ prompt: Prompt) -> String {
        let back = DigestRender.backMark(prompt, in: digest.week, language: language)
        let mark = (prompt.focus ? "<span class=\"focus\">focus</span> " : "")
            // A label like the focus one: brackets are the plain text's way of marking it.
            + (back.isEmpty ? "" : "<span class=\"back\">" + Self.escape(String(back.dropFirst().dropLast(2))) + "</span> ")
        return "<li>\(mark)\(Self.escape(prompt.text))<br><span class=\"why\">" + (nl ? "Waarom: " : "Why: ")
            + Self.escape(DigestRender.why(prompt, rules: digest.rules, language: language))
            + (EvidenceWords.describe(prompt.evidence, language: language).map {
                "<br>" + (nl ? "Op basis van: " : "Based on: ") + Self.escape($0)
                    + (prompt.id.flatMap { digest.spans[$0] }.map { " (" + Self.escape(DayWords.span($0, language: language)) + ")" } ?? "")
            } ?? "") + "</span><br><span class=\"next\">"
            + (nl ? "Volgende stap: " : "Next step: ") + Self.escape(prompt.nextStep)
            + "</span><br><span class=\"why\">" + (nl ? "Meer info: " : "More: ") + "coach rules explain \(prompt.id ?? 0)</span></li>\n"
    }

    /// Stacked bars: feedback moments per week by level.
    func feedbackChart(teacher: String) throws -> String {
        let from = shownWeeks.first!.monday, to = digest.week.sunday
        let feedback = try store.feedback(teacher: teacher, from: from, to: to)
        var counts: [[FeedbackLevel: Int]] = Array(repeating: [:], count: weeks)
        for f in feedback {
            if let index = shownWeeks.firstIndex(of: f.date.isoWeek) { counts[index][f.level, default: 0] += 1 }
        }
        let most = max(1, counts.map { $0.values.reduce(0, +) }.max() ?? 1)
        var svg = ""
        for (i, week) in counts.enumerated() {
            var y = 100.0
            for (level, colour) in Self.levelColours {
                let h = Double(week[level] ?? 0) / Double(most) * 90
                if h > 0 {
                    y -= h
                    svg += "<rect x=\"\(10 + i * 30)\" y=\"\(f(y))\" width=\"22\" height=\"\(f(h))\" fill=\"\(colour)\"><title>\(shownWeeks[i]) \(levelName(level)): \(week[level] ?? 0)</title></rect>"
                }
            }
            svg += "<text x=\"\(21 + i * 30)\" y=\"114\" font-size=\"8\" text-anchor=\"middle\">W\(shownWeeks[i].week)</text>"
        }
        let legend = Self.levelColours.enumerated().map { n, pair in
            "<rect x=\"\(200)\" y=\"\(10 + n * 14)\" width=\"10\" height=\"10\" fill=\"\(pair.1)\"/><text x=\"214\" y=\"\(19 + n * 14)\" font-size=\"9\">\(levelName(pair.0))</text>"
        }.joined()
        return figure(nl ? "Feedbackniveaus per week" : "Feedback levels per week", width: 290, svg + legend)
    }

    /// Stacked bars: pupils per track at the end of each week.
    func trackChart(classId: String) throws -> String {
        guard let schoolClass = try store.schoolClass(classId) else { return "" }
        let placements = try store.placements(school: schoolClass.schoolId, RecordQuery(classId: classId, limit: 100_000)).map(\.placement)
        var svg = ""
        var totals: [[Int]] = []
        for week in shownWeeks {
            let day = week.sunday
            var tracks = [0, 0, 0]
            for p in placements where p.from <= day && (p.to.map { $0 > day } ?? true) { tracks[p.track - 1] += 1 }
            totals.append(tracks)
        }
        let most = max(1, totals.map { $0.reduce(0, +) }.max() ?? 1)
        let heading = (try store.school(schoolClass.schoolId) ?? School(id: "", name: "")).classHeading(schoolClass.name, language)
        let caption = (nl ? "Sporen in " : "Tracks in ") + heading.prefix(1).lowercased() + heading.dropFirst()
        // Shares of a handful of pupils would show one pupil's track (placements are per goal:
        // count the pupils).
        let lastDay = shownWeeks.last?.sunday ?? digest.week.sunday
        let pupilsNow = Set(placements.filter { $0.from <= lastDay && ($0.to.map { $0 > lastDay } ?? true) }.map(\.pupilId)).count
        if pupilsNow < digest.smallGroup {
            return figure(caption, width: 290, "<text x=\"10\" y=\"50\" font-size=\"10\">"
                          + (nl ? "te weinig leerlingen om te tonen" : "too few pupils to show") + "</text>")
        }
        for (i, tracks) in totals.enumerated() {
            var y = 100.0
            for t in 0..<3 where tracks[t] > 0 {
                let h = Double(tracks[t]) / Double(most) * 90
                y -= h
                svg += "<rect x=\"\(10 + i * 30)\" y=\"\(f(y))\" width=\"22\" height=\"\(f(h))\" fill=\"\(Self.trackColours[t])\"><title>\(shownWeeks[i]) \(nl ? "spoor" : "track") \(t + 1): \(tracks[t])</title></rect>"
            }
            svg += "<text x=\"\(21 + i * 30)\" y=\"114\" font-size=\"8\" text-anchor=\"middle\">W\(shownWeeks[i].week)</text>"
        }
        let legend = (0..<3).map { t in
            "<rect x=\"200\" y=\"\(10 + t * 14)\" width=\"10\" height=\"10\" fill=\"\(Self.trackColours[t])\"/><text x=\"214\" y=\"\(19 + t * 14)\" font-size=\"9\">" + (nl ? "spoor" : "track") + " \(t + 1)</text>"
        }.joined()
        return figure(caption, width: 290, svg + legend)
    }

    struct FocusInfo {
        var period: Period
        var section: InstrumentSection
        var instrumentId: String
        var scale: Scale
    }

    func focusInfo() throws -> FocusInfo? {
        let schools = Set(digest.shown.map(\.schoolId))
        for school in schools.sorted() {
            guard let period = try store.period(school: school, on: digest.week.sunday), let focus = period.focus,
                  let instrument = try store.instruments(id: focus.instrumentId).last,
                  let section = instrument.section(focus.section) else { continue }
            return FocusInfo(period: period, section: section, instrumentId: focus.instrumentId, scale: instrument.scale)
        }
        return nil
    }

    /// Horizontal bars: the teacher's average score per focus item this period (on a ✓/✗
    /// kijkwijzer: the share of observations the item was there).
    func focusChart(teacher: String, focus: FocusInfo) throws -> String {
        let observations = try store.observations(teacher: teacher, from: focus.period.start, to: digest.week.sunday)
            // A self-reflection the teacher kept to themselves is not the coach's to chart.
            .filter { $0.instrumentId == focus.instrumentId && $0.reachesCoach }
        var svg = ""
        for (n, item) in focus.section.items.enumerated() {
            let scores = observations.flatMap(\.scores).filter { $0.item == item.key }.map(\.value)
            let y = 8 + n * 18
            svg += "<text x=\"0\" y=\"\(y + 10)\" font-size=\"9\">\(item.key)</text>"
            if scores.isEmpty {
                svg += "<text x=\"30\" y=\"\(y + 10)\" font-size=\"8\" fill=\"#999\">" + (nl ? "niet geobserveerd" : "not observed") + "</text>"
            } else {
                let average = Double(scores.reduce(0, +)) / Double(scores.count)
                let frequency = focus.scale == .frequency
                let width = frequency ? average / 5 * 200 : average * 200
                // One neutral colour: red and green on one teacher's items would read as a verdict
                // (coaching is not appraisal); the number answers "Doe je dit al?", it is no grade.
                svg += "<rect x=\"30\" y=\"\(y)\" width=\"\(f(width))\" height=\"12\" fill=\"#4e79a7\"><title>\(Self.escape(item.text))</title></rect>"
                // "gem. 2,5": a bare 2.5 beside item 2.5 could be read as the item.
                let label: String
                if frequency {
                    label = (nl ? "gem. " : "mean ") + (nl ? f(average).replacingOccurrences(of: ".", with: ",") : f(average))
                } else {
                    let seen = scores.filter { $0 > 0 }.count
                    label = nl ? "\(seen) van \(scores.count)" : "\(seen) of \(scores.count)"
                }
                svg += "<text x=\"\(f(34 + width))\" y=\"\(y + 10)\" font-size=\"8\">\(label)</text>"
            }
        }
        let scale = focus.scale == .frequency
            ? (nl ? "’: ‘Doe je dit al?’, gemiddeld van 1 (zelden) tot 5 (altijd)" : "’: ‘Do you do this yet?’, on average from 1 (rarely) to 5 (always)")
            : focus.scale == .presence
                ? (nl ? "’: in hoeveel observaties het kijkpunt aanwezig was" : "’: in how many observations the item was present")
                : (nl ? "’: in hoeveel observaties het kijkpunt gezien werd" : "’: in how many observations the item was seen")
        return figure("Focus ‘" + focus.section.title + scale,
                      width: 290, svg, height: 16 + focus.section.items.count * 18)
    }

    func figure(_ caption: String, width: Int, _ content: String, height: Int = 120) -> String {
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(Self.escape(caption))\">\(content)</svg><figcaption>\(Self.escape(caption))</figcaption></figure>\n"
    }

    func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
