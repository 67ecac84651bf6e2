import CoachCore
import CoachEngine
import CoachStore
import Testing

private typealias F = EngineFixture

/// A pupil who changes class (or comes later) is seen by rules in the class of the event's
/// day: the same prompts whether the move came week by week or with all history at once.
struct ClassHistoryTests {
    /// What a rule sees of s1's pupils and of class k5a's results, as one prompt's text.
    static let looking = ("classes.lua", """
        return rule { id = "classes", title = { nl = "c" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            if ctx.school().id ~= "s1" then return end
            local seen, inB, results, means = {}, {}, {}, {}
            for _, pupil in ipairs(ctx.pupils()) do seen[#seen + 1] = pupil.id .. "@" .. pupil.class end
            for _, pupil in ipairs(ctx.pupils{ class = "k5b" }) do inB[#inB + 1] = pupil.id end
            for _, r in ipairs(ctx.results{ class = "k5a", from = "2026-09-01" }) do results[#results + 1] = r.pupil end
            table.sort(results)
            for id, m in pairs(ctx.mastery{ by = "pupil", class = "k5a", from = "2026-09-01", to = ev.to }) do
              means[#means + 1] = id .. "=" .. m.count
            end
            table.sort(means)
            ctx.prompt{ to = "coach", key = "c", next_step = "-", evidence = { ev.week },
              text = table.concat(seen, " ") .. " | " .. table.concat(inB, " ") .. " | " .. table.concat(results, " ")
                .. " | " .. table.concat(means, " ") }
          end }
        """)

    /// What a rule sees of s1's current placements (the school's, then p2's own history, then
    /// counted per class), as one prompt's text.
    static let placed = ("placed.lua", """
        return rule { id = "placed", title = { nl = "p" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            if ctx.school().id ~= "s1" then return end
            local seen, mine, counted = {}, {}, {}
            for _, s in ipairs(ctx.placements{ current = true }) do seen[#seen + 1] = s.pupil .. "@" .. s.class end
            for _, s in ipairs(ctx.placements{ pupil = "p2", from = "2026-09-01" }) do
              mine[#mine + 1] = s.class .. (s.current and " now" or " until " .. s.to)
            end
            for class, n in pairs(ctx.count{ of = "placements", by = { "class" }, current = true }) do
              counted[#counted + 1] = class .. "=" .. n
            end
            table.sort(seen); table.sort(counted)
            ctx.prompt{ to = "coach", key = "p", next_step = "-", evidence = { ev.week },
              text = table.concat(seen, " ") .. " | " .. table.concat(mine, " ") .. " | " .. table.concat(counted, " ") }
          end }
        """)

    static let w41 = IsoWeek("2026-W41")!, w42 = IsoWeek("2026-W42")!

    /// The fixture with a second class and results of p1 and p2 in weeks 41 and 42.
    static func store() throws -> CoachStore {
        let store = try F.store()
        var records: [NewRecord] = [.schoolClass(SchoolClass(id: "k5b", schoolId: "s1", name: "5B"))]
        for (pupil, day) in [("p1", "2026-10-06"), ("p2", "2026-10-07"), ("p1", "2026-10-13"), ("p2", "2026-10-14")] {
            records.append(.result(LearningResult(pupilId: pupil, goalId: "breuken", date: F.d(day), kind: .exitTicket, mastery: 70)))
        }
        try store.write(records)
        return store
    }

    /// People given again, as an import gives them (an update where one exists).
    static func give(_ store: CoachStore, _ people: [Pupil]) throws {
        let outcome = try store.write(importing: people.map(NewRecord.pupil))
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
    }

    static func texts(_ store: CoachStore, of rule: String = "classes") throws -> [String] {
        try [w41, w42].flatMap { try store.prompts(school: "s1", week: $0) }.filter { $0.ruleId == rule }.map(\.text)
    }

    static func engine(_ store: CoachStore) throws -> Engine { try F.engine(store, extra: [looking, placed]) }

    /// Ticks `store` through `week`, expecting no rule to fail.
    static func tick(_ store: CoachStore, through week: IsoWeek) throws {
        let failures = try engine(store).tick(through: week).flatMap(\.dispatch.failures)
        #expect(failures.isEmpty, "\(failures.map(\.message))")
    }

    @Test
    func aMoveGivenWeekByWeekAndTheSameHistoryGivenAtOnceGiveTheSamePrompts() throws {
        // Week by week: week 41 closed with p2 in 5A, then the people file of week 42 says 5B.
        let weekly = try Self.store()
        try Self.tick(weekly, through: Self.w41)
        try Self.give(weekly, [Pupil(id: "p2", schoolId: "s1", classId: "k5b")])
        try Self.tick(weekly, through: Self.w42)
        let expected = try Self.texts(weekly)
        #expect(expected.count == 2)
        // p2 is in 5A in week 41 (its results are 5A's) and in 5B from week 42 on.
        #expect(expected.first == "p1@k5a p2@k5a p3@k5a p4@k5a |  | p1 p2 | p1=1 p2=1", "\(expected)")
        #expect(expected.last == "p1@k5a p2@k5b p3@k5a p4@k5a | p2 | p1 p1 | p1=2", "\(expected)")

        // All at once: the same move with its day, before any week is run.
        let atOnce = try Self.store()
        try Self.give(atOnce, [Pupil(id: "p2", schoolId: "s1", classId: "k5b", since: F.d("2026-10-12"))])
        try Self.tick(atOnce, through: Self.w42)
        #expect(try Self.texts(atOnce) == expected)

        // Without its day, all at once means 5B from the start: another school year than the
        // one the weeks saw (what the day is for).
        let undated = try Self.store()
        try Self.give(undated, [Pupil(id: "p2", schoolId: "s1", classId: "k5b")])
        try Self.tick(undated, through: Self.w42)
        #expect(try Self.texts(undated).first != expected.first)
    }

    @Test
    func aPupilWhoCameLaterIsNotThereBefore() throws {
        let store = try Self.store()
        try Self.give(store, [Pupil(id: "p5", schoolId: "s1", classId: "k5b", since: F.d("2026-10-12"))])
        try Self.tick(store, through: Self.w42)
        let texts = try Self.texts(store)
        #expect(texts.first?.hasPrefix("p1@k5a p2@k5a p3@k5a p4@k5a |  |") == true, "\(texts)")
        #expect(texts.last?.hasPrefix("p1@k5a p2@k5a p3@k5a p4@k5a p5@k5b | p5 |") == true, "\(texts)")
    }

    @Test
    func aCorrectionOfThePastKeepsTheClassOfNow() throws {
        let store = try Self.store()
        try Self.give(store, [Pupil(id: "p2", schoolId: "s1", classId: "k5b", since: F.d("2026-10-12"))])
        // The school finds p2 left 5A a week earlier: the past changes, 5B stays the class of now.
        try Self.give(store, [Pupil(id: "p2", schoolId: "s1", classId: "k5b", since: F.d("2026-10-05"))])
        #expect(try store.pupils(class: "k5b").map(\.id) == ["p2"])
        #expect(try store.pupils(school: "s1", on: F.d("2026-10-06")).first { $0.id == "p2" }?.classId == "k5b")
        #expect(try store.pupils(school: "s1", on: F.d("2026-10-04")).first { $0.id == "p2" }?.classId == "k5a")
        #expect(try store.export(pupil: "p2").earlierClasses == [EarlierClass(classId: "k5a", until: F.d("2026-10-05"))])
    }

    @Test
    func aMoveEndsThePlacementsOfTheClassLeft() throws {
        // p2 and p3 in track 3 in 5A since August, p4 a week later; p2 moves to 5B in week 42,
        // where no teacher has placed p2 yet.
        func placed() throws -> CoachStore {
            let store = try Self.store()
            try store.write([F.placement("p2", "breuken", track: 3, from: "2026-08-17"),
                             F.placement("p3", "breuken", track: 3, from: "2026-08-17"),
                             F.placement("p4", "breuken", track: 3, from: "2026-08-24")])
            return store
        }
        let weekly = try placed()
        try Self.tick(weekly, through: Self.w41)
        try Self.give(weekly, [Pupil(id: "p2", schoolId: "s1", classId: "k5b")])
        try Self.tick(weekly, through: Self.w42)
        let expected = try Self.texts(weekly, of: "placed")
        #expect(expected == ["p2@k5a p3@k5a p4@k5a | k5a now | k5a=3", "p3@k5a p4@k5a | k5a until 2026-10-12 | k5a=2"], "\(expected)")
        // persistent-track3 lists p2 and p3 in 5A in week 41; in week 42 p3 and p4 (seven
        // weeks now), no longer p2.
        let track3 = try Self.texts(weekly, of: "persistent-track3")
        #expect(track3.count == 2, "\(track3)")
        #expect(track3.first?.contains("p2 (7 weken") == true && track3.first?.contains("p4") == false, "\(track3)")
        #expect(track3.last?.contains("p4 (7 weken") == true && track3.last?.contains("p2") == false, "\(track3)")

        let atOnce = try placed()
        try Self.give(atOnce, [Pupil(id: "p2", schoolId: "s1", classId: "k5b", since: F.d("2026-10-12"))])
        try Self.tick(atOnce, through: Self.w42)
        #expect(try Self.texts(atOnce, of: "placed") == expected)
        #expect(try Self.texts(atOnce, of: "persistent-track3") == track3)

        // Placed in 5B by its teacher, p2 is there: the new placement ends the old one.
        try atOnce.write([.placement(Placement(pupilId: "p2", classId: "k5b", goalId: "breuken", track: 2, from: F.d("2026-10-14"),
                                               decidedBy: "t1", pupilInvolved: false))])
        var q = RecordQuery(classId: "k5b")
        q.currentOn = F.d("2026-10-18")
        #expect(try atOnce.placements(school: "s1", q).map(\.placement.pupilId) == ["p2"])
    }

    @Test
    func aPupilWhoLeftIsSeenUntilTheDayTheyLeftHoweverItArrives() throws {
        // p2 leaves 5A on Monday 12 October: week 41 still has p2, week 42 no longer (nor p2's
        // result of the 14th in the class, nor p2's placement).
        func placed() throws -> CoachStore {
            let store = try Self.store()
            try store.write([F.placement("p2", "breuken", track: 3, from: "2026-08-17"),
                             F.placement("p3", "breuken", track: 3, from: "2026-08-17")])
            return store
        }
        let leaving = Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: F.d("2026-10-12"))
        let weekly = try placed()
        try Self.tick(weekly, through: Self.w41)
        try Self.give(weekly, [leaving])
        try Self.tick(weekly, through: Self.w42)
        let seen = try Self.texts(weekly)
        #expect(seen == ["p1@k5a p2@k5a p3@k5a p4@k5a |  | p1 p2 | p1=1 p2=1", "p1@k5a p3@k5a p4@k5a |  | p1 p1 | p1=2"], "\(seen)")
        let placements = try Self.texts(weekly, of: "placed")
        #expect(placements == ["p2@k5a p3@k5a | k5a now | k5a=2", "p3@k5a | k5a until 2026-10-12 | k5a=1"], "\(placements)")

        let atOnce = try placed()
        try Self.give(atOnce, [leaving])
        try Self.tick(atOnce, through: Self.w42)
        #expect(try Self.texts(atOnce) == seen)
        #expect(try Self.texts(atOnce, of: "placed") == placements)
    }
}
