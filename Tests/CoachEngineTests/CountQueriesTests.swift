import CoachCore
import CoachEngine
import CoachStore
import Foundation
import Testing

/// `ctx.count`, `ctx.mastery` and the feedback filters say what counting the records of
/// `ctx.feedback`, `ctx.placements` and `ctx.results` would say, as of the event's day.
struct CountQueriesTests {
    typealias F = EngineFixture

    /// A week of varied records: two teachers, four pupils, levels, questions, timings, tracks,
    /// scores; and one record after the week, which no count of the week may see.
    static var records: [NewRecord] {
        var out: [NewRecord] = []
        let levels: [FeedbackLevel] = [.task, .person, .process, .person, .selfRegulation]
        let questions: [FeedbackQuestion] = [.feedUp, .feedback, .feedForward]
        for n in 0..<23 {
            out.append(.feedback(FeedbackRecord(
                teacherId: n % 3 == 0 ? "t2" : "t1", classId: "k5a", pupilId: "p\(n % 4 + 1)", goalId: n % 2 == 0 ? "breuken" : "meten",
                date: F.d("2026-10-05").adding(days: n % 5), level: levels[n % levels.count], question: questions[n % questions.count],
                timing: n % 4 == 0 ? .summative : .formative, form: .individual, growthPoints: n % 4,
                codes: n % 3 == 1 ? ["rood"] : n % 7 == 2 ? ["rood", "blauw"] : [])))
        }
        out.append(.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p1", goalId: "breuken", date: F.d("2026-10-20"),
                                            level: .person, question: .feedback, timing: .formative, form: .individual, growthPoints: 1)))
        for (n, score) in [3.0, 9, 10, 4, 7, 8, 1].enumerated() {
            out.append(.result(LearningResult(pupilId: "p\(n % 3 + 1)", goalId: "breuken", date: F.d("2026-10-06"), kind: .exitTicket,
                                              score: score, maximum: 10)))
        }
        out.append(.result(LearningResult(pupilId: "p4", goalId: "meten", date: F.d("2026-10-07"), kind: .observation, mastery: 55)))
        out.append(.result(LearningResult(pupilId: "p1", goalId: "breuken", date: F.d("2026-10-21"), kind: .exitTicket, score: 0,
                                          maximum: 10)))
        out += [F.placement("p1", "breuken", track: 3, from: "2026-09-07"), F.placement("p1", "meten", track: 3, from: "2026-09-07"),
                F.placement("p2", "breuken", track: 2, from: "2026-09-07"), F.placement("p2", "breuken", track: 3, from: "2026-10-06"),
                F.placement("p3", "lezen", track: 1, from: "2026-10-20")]
        return out
    }

    /// The fixture school with a feedback legend (some records carry its codes) and ``records``.
    static func store() throws -> CoachStore {
        let store = try F.store()
        try store.saveLegend(id: "legenda", codes: [("rood", "fout"), ("blauw", "goed")])
        try store.write(records)
        return store
    }

    /// Counts every way and by hand from the records, and says where they differ.
    static let checker = ("checker.lua", """
        local function same(a, b, path, out)
          for k, v in pairs(a) do
            if type(v) == "table" then same(v, b[k] or {}, path .. "." .. tostring(k), out)
            elseif b[k] ~= v then out[#out + 1] = path .. "." .. tostring(k) .. ": " .. tostring(v) .. " ~= " .. tostring(b[k]) end
          end
          for k in pairs(b) do if a[k] == nil then out[#out + 1] = path .. "." .. tostring(k) .. " missing" end end
        end
        local function tally(rows, ...)
          local fields, out = { ... }, {}
          for _, r in ipairs(rows) do
            local at = out
            for i = 1, #fields - 1 do
              local k = r[fields[i]]
              at[k] = at[k] or {}
              at = at[k]
            end
            local k = r[fields[#fields]]
            at[k] = (at[k] or 0) + 1
          end
          return out
        end
        return rule { id = "checker", title = { nl = "c" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            if ctx.school().id ~= "s1" then return end
            local diffs = {}
            local all = {}
            for _, t in ipairs(ctx.teachers()) do
              for _, f in ipairs(ctx.feedback{ teacher = t.id, from = ev.from, to = ev.to }) do all[#all + 1] = f end
            end
            same(ctx.count{ of = "feedback", by = "teacher", from = ev.from, to = ev.to }, tally(all, "teacher"), "teacher", diffs)
            same(ctx.count{ of = "feedback", by = { "teacher", "level" }, from = ev.from, to = ev.to },
                 tally(all, "teacher", "level"), "teacher.level", diffs)
            same(ctx.count{ of = "feedback", by = "growth_points", teacher = "t1", from = ev.from, to = ev.to },
                 tally(ctx.feedback{ teacher = "t1", from = ev.from, to = ev.to }, "growth_points"), "growth", diffs)
            local persons = {}
            for _, f in ipairs(all) do if f.level == "person" and f.timing == "formative" then persons[#persons + 1] = f end end
            local filtered = ctx.feedback{ class = "k5a", level = "person", timing = "formative", from = ev.from, to = ev.to }
            same(tally(filtered, "id"), tally(persons, "id"), "filtered", diffs)
            local coded = {}
            for _, f in ipairs(all) do
              f.coded = #f.codes > 0 and "true" or "false"
              if #f.codes > 0 then coded[#coded + 1] = f end
            end
            same(ctx.count{ of = "feedback", by = { "teacher", "coded" }, from = ev.from, to = ev.to },
                 tally(all, "teacher", "coded"), "teacher.coded", diffs)
            same(ctx.count{ of = "feedback", by = "question", coded = true, from = ev.from, to = ev.to },
                 tally(coded, "question"), "coded.question", diffs)
            same(tally(ctx.feedback{ class = "k5a", coded = true, from = ev.from, to = ev.to }, "id"), tally(coded, "id"), "coded", diffs)
            if #coded == 0 or #coded == #all then diffs[#diffs + 1] = "coded: none or all" end
            same(ctx.count{ of = "placements", by = { "pupil", "track" }, current = true },
                 tally(ctx.placements{ class = "k5a", current = true }, "pupil", "track"), "placements", diffs)

            local sums = {}
            for _, r in ipairs(ctx.results{ class = "k5a", from = ev.from, to = ev.to }) do
              if r.mastery then
                local s = sums[r.pupil] or { count = 0, sum = 0 }
                s.count, s.sum = s.count + 1, s.sum + r.mastery
                sums[r.pupil] = s
              end
            end
            local means = ctx.mastery{ by = "pupil", from = ev.from, to = ev.to }
            for pupil, s in pairs(sums) do
              local m = means[pupil]
              if not m or m.count ~= s.count or math.abs(m.mean - s.sum / s.count) > 1e-9 then diffs[#diffs + 1] = "mastery." .. pupil end
            end
            for pupil in pairs(means) do if not sums[pupil] then diffs[#diffs + 1] = "mastery." .. pupil .. " extra" end end

            local counts = ctx.count{ of = "feedback", by = "teacher", from = ev.from, to = ev.to }
            local pupils = #ctx.pupils()
            local text = #diffs == 0 and ("same " .. counts.t1 .. "/" .. counts.t2 .. " " .. #filtered .. " "
                                          .. string.format("%.1f", means.p1.mean) .. " " .. pupils)
                                     or table.concat(diffs, "; ")
            ctx.prompt{ to = "team", key = "check", text = text, next_step = "-", evidence = { ev.week } }
          end }
        """)

    @Test
    func countsAndMeansSayWhatCountingTheRecordsSays() throws {
        let store = try Self.store()
        let engine = try F.engine(store, extra: [Self.checker])
        let report = try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(report.dispatch.failures.isEmpty, "\(report.dispatch.failures.map(\.message))")
        let text = try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "checker" }?.text
        // 23 moments in the week: t2 has every third (8), t1 the rest (15); the one of 20
        // October is not seen. p1's results: 3, 4 and 1 of 10 (the 0 of 21 October is later).
        // person + formative: n = 1, 3, 6, 11, 13, 18, 21 (n % 5 in {1, 3}, n % 4 != 0).
        #expect(text == "same 15/8 7 26.7 4")
    }

    @Test
    func aWrongCountingQuestionIsAClearError() throws {
        let store = try Self.store()
        let asking = ("asking.lua", """
            return rule { id = "asking", title = { nl = "a" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                if ctx.school().id ~= "s1" then return end
                local errors = {}
                for _, call in ipairs({
                  function() return ctx.count{ of = "feedback", by = "colour" } end,
                  function() return ctx.count{ of = "walks", by = "date" } end,
                  function() return ctx.feedback{ teacher = "t1", level = "loud" } end,
                  function() return ctx.count{ of = "feedback", by = "teacher", teacher = "x1" } end,
                  function() return ctx.mastery{ by = "class" } end,
                  function() return ctx.count{ of = "feedback", by = { "teacher", "teacher" } } end,
                  function() return ctx.count{ of = "placements", by = "pupil", limit = 3 } end,
                }) do
                  local ok, err = pcall(call)
                  errors[#errors + 1] = ok and "no error" or tostring(err):gsub("^.-ctx%.", "ctx.")
                end
                ctx.prompt{ to = "team", key = "e", text = table.concat(errors, " | "), next_step = "-", evidence = { ev.week } }
              end }
            """)
        let engine = try F.engine(store, extra: [asking])
        try engine.tick(week: IsoWeek("2026-W41")!)
        let text = try #require(try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "asking" }?.text)
        let parts = text.components(separatedBy: " | ")
        #expect(parts.count == 7)
        #expect(parts[0].contains("ctx.count: 'by' of feedback must be one of class, coded, date, form, goal, growth_points, level, pupil, question, teacher, timing, got 'colour'"))
        #expect(parts[1].contains("option 'of' must be feedback or placements, got 'walks'"))
        #expect(parts[2].contains("option 'level' must be one of task, process, selfRegulation, person, got 'loud'"))
        #expect(parts[3].contains("teacher 'x1' is not in this school"))
        #expect(parts[4].contains("ctx.mastery: 'by' must be one of goal, kind, pupil, got 'class'"))
        #expect(parts[5].contains("ctx.count: a field is named twice in 'by'"))
        #expect(parts[6].contains("unknown option 'limit'"))
        #expect(parts.allSatisfy { $0.components(separatedBy: "ctx.").count <= 2 }, "each names its function once: \(parts)")
    }

    /// A school with more current placements than one query may return gets the same prompts
    /// from static-groups and persistent-track3: they ask class by class instead.
    @Test
    func aSchoolTooLargeForOneAnswerIsAskedClassByClass() throws {
        func prompts(maxRows: Int) throws -> [String] {
            let store = try F.store()
            var records: [NewRecord] = [.schoolClass(SchoolClass(id: "k5b", schoolId: "s1", name: "5B"))]
            for n in 1...4 { records.append(.pupil(Pupil(id: "q\(n)", schoolId: "s1", classId: "k5b"))) }
            for n in 1...4 {
                records.append(F.placement("p\(n)", "breuken", track: n == 4 ? 2 : 3, from: "2026-09-07"))
                records.append(.placement(Placement(pupilId: "q\(n)", classId: "k5b", goalId: "meten", track: 3, from: F.d("2026-09-07"),
                                                    decidedBy: "t2", pupilInvolved: false)))
            }
            try store.write(records)
            var configuration = EngineConfiguration()
            configuration.maxQueryRows = maxRows
            let staticGroups = try String(contentsOfFile: F.rulesFolder + "/static-groups.lua", encoding: .utf8)
            let engine = try F.engine(store, extra: [("static-groups.lua", staticGroups)], configuration: configuration)
            let report = try engine.tick(week: IsoWeek("2026-W44")!)
            #expect(report.dispatch.failures.isEmpty, "\(report.dispatch.failures.map(\.message))")
            return try store.prompts(school: "s1", week: "2026-W44").map { "\($0.ruleId) \($0.classId ?? "") \($0.text) \($0.evidence)" }
        }
        let whole = try prompts(maxRows: 50_000)
        // 8 current placements in the school, 4 per class: one answer for the school is too many.
        let byClass = try prompts(maxRows: 5)
        #expect(whole.filter { $0.hasPrefix("persistent-track3 ") }.count == 2, "\(whole)")
        #expect(whole.filter { $0.hasPrefix("static-groups ") }.count == 2, "\(whole)")
        #expect(byClass == whole)
    }
}
