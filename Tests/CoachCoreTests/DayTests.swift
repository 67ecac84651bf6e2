import CoachCore
import Testing

struct DayTests {
    @Test(arguments: ["2026-09-07", "2024-02-29", "0001-01-01", "9999-12-31"])
    func parsesAndPrintsValidDays(_ text: String) throws {
        let day = try #require(Day(text))
        #expect(day.description == text)
        #expect(Day(ordinal: day.ordinal) == day)
    }

    @Test(arguments: ["2026-9-7", "2025-02-29", "2026-13-01", "2026-00-10", "07-09-2026", "2026-09-07T10:00", "", "２０２６-09-07", "2026-0a-07", "-026-09-07", "2026+09-07", "2026-09-7 "])
    func refusesAnythingElse(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test
    func arithmeticAndWeekdays() throws {
        let day = try #require(Day("2026-11-23"))
        #expect(day.weekday == 1, "a Monday")
        #expect(day.adding(days: 7).description == "2026-11-30")
        #expect(day.adding(days: -23).description == "2026-10-31")
        #expect(day.days(to: Day("2027-01-01")!) == 39)
    }

    @Test(arguments: [("2026-11-23", "2026-W48"), ("2021-01-03", "2020-W53"), ("2024-12-30", "2025-W01"), ("2026-01-01", "2026-W01")])
    func isoWeeks(_ day: String, _ week: String) throws {
        #expect(Day(day)!.isoWeek.description == week)
        let parsed = try #require(IsoWeek(week))
        #expect(parsed.monday.isoWeek == parsed)
        #expect(parsed.monday.weekday == 1)
        #expect(parsed.sunday == parsed.monday.adding(days: 6))
    }

    @Test(arguments: ["2026-W54", "2026-W00", "2026W48", "2026-48", "2026-w48", "2026-W4"])
    func refusesBadWeeks(_ text: String) {
        #expect(IsoWeek(text) == nil)
    }
}
